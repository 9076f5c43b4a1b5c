"""Words you know, in the reading screen: a status for the word under the word cursor (by its lemma),
the new and learning words marked in the German pane, the article's new words and known share in the
status line, finishing an article, undo, and the review and progress screens. A part of the reading
screen (see `reader.screens.parts`).

The statuses of the open article's words are part of its `ArticleState` (`state.with_statuses`): a key
changes them at once (`state.with_word_status`) and the store follows in a worker, whose reply brings
the exact statuses and figures back. The marks show once the reader knows or learns a word of the
article opened first (a new profile reads plain text until its first status key); `N` shows or hides
them. A public session keeps nobody's words: its keys are refused with one notice, and nothing of this
runs there.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.css.query import NoMatches
from textual.worker import Worker

from reader.screens import state as st
from reader.screens.library_view import Library
from reader.screens.parts import Host, Part
from reader.screens.state import ArticleState
from reader.screens.undo import Undo
from reader.screens.word_status import status_name
from reader.wording import count_of

if TYPE_CHECKING:  # the workers, their replies and the domain's types load after the first frame
    from reader.screens.messages import Counted, Status, StatusesChanged, WordStatuses
    from reader.store.word_counts import Figures

READ_ONLY = "A public session keeps no one's words: statuses, finishing, review and progress are off here."
NO_WORD = "No word under the cursor: this sentence has no words."
DUE_EVERY = 300.0  # seconds between looks at the words due for review


def figures_text(figures: Figures | None) -> str:
    """The status line's account of an article: "87 new · 62 % known" (never 100 % with a word to learn)."""
    if figures is None or not figures.tokens:
        return ""
    share = 100 if figures.new_words == 0 else min(99, int(figures.known * 100))
    return f"{figures.new_words} new · {share} % known"


def due_text(due: int) -> str:
    return f"{due} to review" if due else ""


def _level(n: int) -> Binding:
    return Binding(
        str(n),
        f"mark('learning', {n})",
        f"Word: learning, level {n}",
        id=f"word_learning_{n}",
        show=False,
        tooltip=f"Put the word under the word cursor (every form of it) in learning, at level {n}",
    )


class Learning(Part):
    NAME = "learning"
    BINDINGS = [
        *(_level(n) for n in range(1, 5)),
        Binding("w", "mark('known')", "Word: known", id="word_known", show=False),
        Binding(
            "I",
            "mark('ignored')",
            "Word: ignore",
            id="word_ignored",
            show=False,
            tooltip="Ignore the word (a name, a number, a foreign word): counted as known, never reviewed",
        ),
        Binding("0", "mark('new')", "Word: new again", id="word_new", show=False),
        Binding(
            "N",
            "toggle_marks",
            "Show / hide new words",
            id="new_words",
            show=False,
            tooltip="Underline the new words and colour the words in learning by level",
        ),
        Binding(
            "D",
            "finish",
            "Finish the article",
            id="finish_article",
            show=False,
            tooltip="Mark every word of the article that is still new known; D again undoes it",
        ),
        Binding("r", "review", "Review words", id="review", show=False, tooltip="Review the words due"),
        Binding("P", "progress", "Progress", id="progress", show=False, tooltip="Your figures per day"),
    ]

    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.shown: bool | None = None  # the marks in the pane; None until the first statuses decide
        self.chosen = False  # the reader has shown or hidden the marks (N): no default overrides it
        self.loaded = ""  # the article whose statuses are loaded (or loading)
        self.finished: Callable[[], None] | None = None  # the undo of the last finish, while it is last
        self.counting = False  # the library's words are being counted
        self.counted = False  # they have been, at least once

    @property
    def read_only(self) -> bool:
        return self.services.store.read_only

    def refused(self) -> bool:
        """In a public session: say so (the one notice) and do nothing."""
        if self.read_only:
            self.say(READ_ONLY, timeout=5)
        return self.read_only

    # -- hooks -------------------------------------------------------------------------------------
    def start(self) -> None:
        if self.read_only:
            return
        self.set_interval(DUE_EVERY, self._look_again)
        if self.host.state is None:  # else once the open article's words are known (see on_word_statuses)
            self._count_library()

    def opened(self, state: ArticleState) -> None:
        self.loaded = ""  # statuses may have changed in another article since: read them again
        if state.german_entities is not None:
            self.load(state)
        if self.counted:  # articles may have been added since the library was last counted
            self._count_library()

    def on_mount(self) -> None:
        state = self.host.state  # entities that arrived before the part was mounted
        if state is not None and state.german_entities is not None and self.loaded != state.id:
            self.load(state)

    def follow(self, old: ArticleState | None, new: ArticleState) -> None:
        entities = new.german_entities
        if entities is not None and self.is_mounted:
            fresh = self.loaded != new.id
            changed = old is not None and old.article is new.article and old.german_entities != entities
            if fresh or changed:
                self.load(new)
        if old is None or old.article is not new.article or old.figures is not new.figures:
            self._status(known=figures_text(new.figures))

    def load(self, state: ArticleState) -> None:
        """Read the status of every word of the article (counting it first if need be), and the due count."""
        if self.read_only or state.german_entities is None:
            return
        from reader.screens import learning_workers

        self.loaded = state.id
        self.run(
            learning_workers.statuses,
            state.article,
            state.german_entities,
            True,
            group="word-statuses",
            description="Reading the words you know",
        )

    def _look_again(self) -> None:
        """Every few minutes: the words due now, and the words of articles added since (a refresh)."""
        state = self.host.state
        if state is not None:
            self.load(state)
        if self.counted:
            self._count_library()

    def on_word_statuses(self, message: WordStatuses) -> None:
        self.host.update(lambda s: st.with_statuses(s, message.statuses, message.figures), message.article_id)
        if self.shown is None:  # the first article decides: marks for a reader who knows some of it
            from reader.store.words import NEW

            self._show(any(m.status != NEW for unit in message.statuses for m in unit))
        if message.due is not None:
            self._status(review=due_text(message.due))
        if not self.counting and not self.counted:
            self._count_library()  # the open article's words first, then the library's

    def _show(self, shown: bool) -> None:
        self.shown = shown
        with contextlib.suppress(NoMatches):  # a late reply as the app quits: the pane is gone
            self.host.de.word_marks = shown

    def _status(self, **fields: str) -> None:
        """Set fields of the status line (not as the app quits, when its widgets are gone)."""
        with contextlib.suppress(NoMatches):
            status = self.host.status
            for name, text in fields.items():
                setattr(status, name, text)

    # -- counting the library ----------------------------------------------------------------------
    def _count_library(self) -> None:
        if self.counting or self.read_only:
            return
        from reader.screens import learning_workers

        self.counting = True
        self.run(learning_workers.count_library, group="count", description="Counting the library's words")

    def on_status(self, message: Status) -> None:
        self._status(counting=message.text)

    def on_counted(self, message: Counted) -> None:
        self.counting, self.counted = False, True
        self._status(counting="")
        if message.articles:
            self.host.part(Library).refresh_figures()  # the list's "N new" for the articles just counted

    def failed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "count":
            self.counting, self.counted = False, True
            self._status(counting="")

    # -- statuses ----------------------------------------------------------------------------------
    def action_mark(self, status: str, level: int = 1) -> None:
        """Give the word under the word cursor (every form of it) a status."""
        state = self.host.state
        if self.refused() or state is None:
            return
        span = state.word_span()
        if span is None:
            self.say(NO_WORD, timeout=3)
            return
        from reader.screens.learning_workers import set_status
        from reader.screens.words import WordTools

        self.host.part(WordTools).show_cursor()  # the word being marked is the one the cursor shows
        mark = state.word_status()
        if mark is not None:  # shown at once; the store's answer follows
            self.host.update(lambda s: st.with_word_status(s, mark.key, status, level))
        if not self.chosen and not self.shown:
            self._show(True)  # the first status a reader gives turns the marks on
        self.run(
            set_status,
            state.id,
            span[2],
            status,
            level,
            group="word-status-set",
            description="Marking the word",
            exclusive=False,
        )

    def on_statuses_changed(self, message: StatusesChanged) -> None:
        applied = message.applied
        if message.kind == "undo":
            pass  # the screen's undo has said what it took back
        elif message.kind == "finish":
            n = len(applied)
            if n:
                self._remember(message, f"marked {count_of(n, 'new word')} known")
                self.say(f"Marked {count_of(n, 'new word')} known. D again (or z) undoes it.", timeout=6)
            else:
                self.say("No new words left in this article.", timeout=3)
        else:
            name = status_name(message.status, message.level)
            word = (
                message.word
                if message.word.casefold() == message.lemma.casefold()
                else (f"{message.word} ({message.lemma})")
            )
            if applied:
                self._remember(message, f"{word}: {name}")
                self.say(f"{word}: {name}.", timeout=2)
            else:
                self.say(f"{word} is {name} already.", timeout=2)
        if applied:
            self.host.part(Library).refresh_figures()  # every article with these words has new figures
        state = self.host.state
        if state is not None:
            self.load(state)

    def _remember(self, message: StatusesChanged, what: str) -> None:
        """`z` (the screen's one undo) takes the change back."""
        article_id, applied = message.article_id, message.applied

        def undo() -> None:
            from reader.screens.learning_workers import undo as undo_statuses

            self.finished = None
            self.run(
                undo_statuses,
                article_id,
                applied,
                group="word-status-set",
                description="Undoing",
                exclusive=False,
            )

        self.host.part(Undo).push(what, undo)
        self.finished = undo if message.kind == "finish" else None

    def action_finish(self) -> None:
        """Mark every word of the article that is still new known; again (right after), undo that."""
        state = self.host.state
        if self.refused() or state is None:
            return
        undo = self.host.part(Undo)
        if self.finished is not None and undo.done and undo.done[-1].undo is self.finished:
            undo.action_undo()  # D right after D: take the finish back
            return
        if state.german_entities is None:
            self.say("The article's names are still being recognised: finish it in a moment.", timeout=3)
            return
        from reader.screens.learning_workers import finish

        self.run(
            finish,
            state.article,
            state.german_entities,
            group="word-status-set",
            description="Finishing the article",
            exclusive=False,
        )

    def action_toggle_marks(self) -> None:
        if self.refused():
            return
        self.chosen = True
        self._show(not self.shown)
        if self.shown:
            self.say("New words are underlined; words in learning are coloured by level.", timeout=3)
        else:
            self.say("New words are not marked (N marks them again).", timeout=3)

    # -- review and progress -----------------------------------------------------------------------
    def action_review(self) -> None:
        if self.refused():
            return
        from reader.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.services), lambda _: self._reviewed())

    def _reviewed(self) -> None:
        """Back from review: words may have become known, so the due count and the figures change."""
        self._look_again()
        self.host.part(Library).refresh_figures()

    def action_progress(self) -> None:
        if self.refused():
            return
        from reader.screens.progress import ProgressScreen

        self.app.push_screen(ProgressScreen(self.services))
