"""Review: the words due come back one at a time, each in a sentence from the library, on the FSRS
schedule (`reader.words.review`). A modal screen, opened from the reading screen with `r`.

A card shows the German sentence with its word marked; `space` shows the answer (the lemma, its
dictionary entries and the sentence's English) and the four ratings, Again, Hard, Good and Easy (`1`–`4`
or `a` `h` `g` `e`), which the footer lists once they apply. It returns how many words were reviewed.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static
from textual.worker import Worker

from reader.screens.feedback import report_failure
from reader.screens.parts import run_body
from reader.services import Services
from reader.store.words import KNOWN

if TYPE_CHECKING:
    from reader.lookup.service import LookupResult
    from reader.screens.messages import ReviewCard
    from reader.words.review import Rated, ReviewItem

MAX_ENTRIES = 4  # dictionary entries on a card: the best first; the lookup panel has them all
EMPTY = (
    "Nothing to review now.\n\n"
    "Words come here when you put them in learning (1–4 on a word of the reading screen: h and l move "
    "the word cursor) or save them (v). Each comes back when Anki's schedule (FSRS) says it is due."
)

PROMPT = "What does it mean here? {key} shows the answer."


def when(seconds: float) -> str:
    """A wait as a reader says it: "in 10 minutes", "in 3 days"."""
    minutes = max(1, round(seconds / 60))
    if minutes < 60:
        return f"in {minutes} minute{'s' * (minutes != 1)}"
    hours = round(minutes / 60)
    if hours < 36:
        return f"in {hours} hour{'s' * (hours != 1)}"
    days = round(hours / 24)
    return f"in {days} days"


def sentence_content(item: ReviewItem, spans: tuple[tuple[int, int], ...]) -> Content:
    """The German sentence with the word under review marked (every form of it the sentence holds)."""
    if not item.sentence:
        no_sentence = Content.styled("  (no sentence in the library holds it)", "dim")
        return Content.assemble(Content.styled(item.word, "bold reverse"), no_sentence)
    content = Content(item.sentence)
    for start, end in spans:
        content = content.stylize("bold reverse", start, end)
    return content


def answer_content(item: ReviewItem, lookup: LookupResult | None) -> Content:
    """What `space` shows: the lemma, its part of speech, its best entries, the sentence's English."""
    head = [Content.styled(item.lemma, "bold $text-accent")]
    if lookup is not None and lookup.pos:
        head += [Content.styled("  · ", "dim"), Content.styled(lookup.pos, "italic")]
    head.append(Content.styled(f"  · learning, level {item.level}", "dim"))
    lines = [Content.assemble(*head)]
    entries = lookup.entries[:MAX_ENTRIES] if lookup is not None else ()
    for entry in entries:
        lines.append(Content.assemble("  ", Content.styled(entry.de, "bold"), "  —  ", entry.en))
    if not entries:
        lines.append(Content.styled("  no dictionary entry", "dim"))
    lines.append(Content(""))
    if item.english:
        lines.append(Content.styled(item.english, "italic"))
    else:
        lines.append(Content.styled("(no English known for this sentence yet)", "dim"))
    return Content("\n").join(lines)


def rated_content(rated: Rated, word: str, now: float) -> Content:
    """What the last rating did: when the word comes back, or that it is known now."""
    if rated.status == KNOWN:
        text = f"{word}: known now (stable for {rated.stability:.0f} days); it leaves review."
    else:
        text = f"{word}: back {when(rated.due - now)} (learning, level {rated.level})."
    return Content.styled(text, "dim")


class ReviewScreen(ModalScreen[int]):
    """One card at a time; dismissed with how many words were rated."""

    BINDINGS = [
        Binding("space,enter", "reveal", "Show the answer", id="review_show"),
        Binding("1,a", "rate('again')", "Again", id="review_again"),
        Binding("2,h", "rate('hard')", "Hard", id="review_hard"),
        Binding("3,g", "rate('good')", "Good", id="review_good"),
        Binding("4,e", "rate('easy')", "Easy", id="review_easy"),
        Binding("escape,q", "close", "Close", id="review_close"),
    ]
    DEFAULT_CSS = """
    ReviewScreen { align: center middle; }
    ReviewScreen > VerticalScroll {
        width: 90; max-width: 100%; height: auto; max-height: 1fr;
        border: thick $accent; border-title-color: $text-accent; background: $surface; padding: 0 1;
    }
    ReviewScreen Static { width: 100%; height: auto; }
    ReviewScreen #review-sentence { margin: 1 0; }
    ReviewScreen #review-answer { margin-bottom: 1; }
    ReviewScreen #review-prompt { color: $text-muted; margin-bottom: 1; }
    ReviewScreen .-hidden { display: none; }
    ReviewScreen #review-last { color: $text-muted; }
    """

    box = getters.query_one("#review-box", VerticalScroll)
    sentence = getters.query_one("#review-sentence", Static)
    prompt = getters.query_one("#review-prompt", Static)
    answer = getters.query_one("#review-answer", Static)
    last = getters.query_one("#review-last", Static)

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.card: ReviewCard | None = None
        self.revealed = False
        self.busy = True  # a card (or a rating) is on its way: the keys wait for it
        self.reviewed = 0

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="review-box") as box:
            box.border_title = "Review"
            yield Static(Content.styled("finding the words due…", "dim"), id="review-sentence")
            yield Static(id="review-prompt", classes="-hidden")
            yield Static(id="review-answer", classes="-hidden")
            yield Static(id="review-last")
        yield Footer()

    def on_mount(self) -> None:
        self._next()

    def _next(self, rate: tuple[str, str] | None = None) -> None:
        from reader.screens.learning_workers import review_card

        self.busy = True
        self.refresh_bindings()
        run_body(
            self, self.services, review_card, rate, group="review", description="Review", exclusive=False
        )

    def on_review_card(self, message: ReviewCard) -> None:
        before = self.card.item if self.card is not None else None
        self.card, self.revealed, self.busy = message, False, False
        if message.rated is not None:
            word = before.lemma if before is not None else message.rated.key
            self.last.update(rated_content(message.rated, word, time.time()))
        item = message.item
        self.answer.add_class("-hidden")
        self.prompt.set_class(item is None, "-hidden")
        if item is None:
            self.box.border_title = "Review · nothing due"
            upcoming = (
                f"\n\nThe next word is due {when(message.next_due - time.time())}."
                if message.next_due
                else ""
            )
            self.sentence.update(Content(EMPTY + upcoming))
        else:
            self.box.border_title = f"Review · {message.due} due"
            self.sentence.update(sentence_content(item, message.spans))
            self.answer.update(answer_content(item, message.lookup))
            self.prompt.update(Content(PROMPT.format(key=self._key("review_show"))))
        self.refresh_bindings()

    def _key(self, ident: str) -> str:
        """The key that runs a binding of this screen now (the keymap may have changed it)."""
        from reader.screens.commands import keys_now

        return (keys_now(self)).get(ident, ["?"])[0]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer shows what applies now: `space` before the answer, the ratings after it."""
        item = self.card.item if self.card is not None else None
        if action == "reveal":
            return item is not None and not self.revealed and not self.busy
        if action == "rate":
            return item is not None and self.revealed and not self.busy
        return True

    def action_reveal(self) -> None:
        self.revealed = True
        self.prompt.add_class("-hidden")
        self.answer.remove_class("-hidden")
        self.refresh_bindings()

    def action_rate(self, rating: str) -> None:
        item = self.card.item if self.card is not None else None
        if item is None or self.busy:
            return
        self.reviewed += 1
        self._next((item.key, rating))

    def action_close(self) -> None:
        self.dismiss(self.reviewed)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if report_failure(self, event) is not None:
            self.busy = False
            self.refresh_bindings()
