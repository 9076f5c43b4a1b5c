"""The search screen: the library's German and English text as you type, or (`@Name`) the articles
that mention an entity. It returns (article id, sentence number or None) with `dismiss`.

The search runs in an exclusive thread worker that waits a moment first (the debounce), so each key
press throws the stale search away; the first page of results comes back as a `Found` message and
more pages as `More`, when the reader scrolls near the end. Result text is untrusted: it is sanitised
and shown as `Content`, with the matches stylised by offset. Nothing is indexed or split here: a
query answers from the index as far as it is built, and says so; a paragraph of an article never
opened is split when it is chosen (as opening it would), to open at the sentence.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, get_current_worker

from reader.articles.sanitize import sanitize
from reader.library.passages import Passage, SearchHit
from reader.screens.feedback import report_failure
from reader.services import Services
from reader.store import Store
from reader.wording import count_of

ENTITY = "@"  # a query starting with this lists the articles mentioning an entity
DEBOUNCE = 0.15  # seconds a query must rest before it is searched
SNIPPET = 160  # characters of a long sentence shown around its first match
PAGE = 30  # results read at a time
AHEAD = 8  # when the highlight comes this close to the end, the next page is read
HINT = (
    "Type to search every article, German and English: a word finds its forms and compounds (Kind finds "
    'Kindern and Enkelkind); "quotes" for the exact form; Bundes* is a prefix. '
    "@Name lists the articles that mention a person, place or organisation."
)
LANGUAGES = {"de": "DE", "en": "EN"}

Choice = tuple[str, int | None]  # (article id, sentence number; None: where the reader left off)


def entity_query(name: str) -> str:
    """The query that lists the articles mentioning `name` (the entity panel opens the screen with it)."""
    return ENTITY + " ".join(name.split())


class Answer(Protocol):
    """What a search found, ranked: text results (`reader.library.search.Results`) or entity results
    (`reader.library.names.EntityResults`)."""

    @property
    def exact(self) -> bool: ...

    def __len__(self) -> int: ...

    def note(self) -> str: ...

    def page(self, store: Store, start: int, count: int) -> list[SearchHit]: ...


@dataclass
class Found(Message):
    """The first page of results for `query`, and everything found (for the pages after)."""

    query: str
    hits: list[SearchHit]
    answer: Answer | None
    note: str = ""


@dataclass
class More(Message):
    """The next page of results for `query`, from `start`."""

    query: str
    start: int
    hits: list[SearchHit]


@dataclass
class Located(Message):
    """Where a chosen paragraph's match is, now that its article is split."""

    article: str
    sentence: int | None


def _plain(text: str) -> str:
    return sanitize(text).replace("\n", " ")


def highlighted(text: str, matches: tuple[tuple[int, int], ...], width: int = SNIPPET) -> Content:
    """`text` as literal Content with the matches highlighted; a long text is cut around the first one.

    Each piece is sanitised on its own, so removing control characters cannot shift a highlight.
    """
    spans = sorted((max(0, s), min(len(text), e)) for s, e in matches if s < e)
    start = 0
    if len(text) > width and spans:
        start = max(0, min(spans[0][0] - width // 4, len(text) - width))
    end = min(len(text), start + width)
    pieces: list[Content] = [Content("…")] if start else []
    at = start
    for s, e in spans:
        s, e = max(s, at), min(e, end)
        if s >= e:
            continue
        pieces += [Content(_plain(text[at:s])), Content.styled(_plain(text[s:e]), "bold reverse")]
        at = e
    pieces.append(Content(_plain(text[at:end]) + ("…" if end < len(text) else "")))
    return Content.assemble(*pieces)


def prompt(hit: SearchHit, width: int = 76) -> Content:
    """The language, the title on one line, where the match is and how it matched; then the sentence,
    highlighted."""
    passage = hit.first
    where = passage.where()
    if hit.via and hit.via != "form":
        where += f" · {hit.via}"
    tag = Content.styled(LANGUAGES.get(passage.lang, "@"), "bold $accent")
    room = max(10, width - 3 - len(where) - 3)
    title = Content.styled(_plain(hit.title), "bold").truncate(room, ellipsis=True)
    head = Content.assemble(tag, " ", title, Content.styled(f" · {where}", "dim"))
    if not passage.lang:  # an entity result: the text says who, and how often
        return Content("\n").join([head, Content.styled(_plain(passage.text), "$text-muted")])
    return Content("\n").join([head, highlighted(passage.text, passage.matches)])


def answer_for(services: Services, query: str) -> Answer:
    """Everything `query` finds, ranked: the index as it is (nothing is indexed here)."""
    if query.lstrip().startswith(ENTITY):
        from reader.library.names import find_entity

        return find_entity(services.store, query.strip().removeprefix(ENTITY).strip())
    from reader.library.search import find

    return find(services.store, query)


class ResultList(OptionList):
    """The results; it says when it is scrolled near its end (by wheel or scrollbar), so more are read."""

    class NearEnd(Message):
        pass

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if new_value > old_value and new_value >= self.max_scroll_y - self.size.height:
            self.post_message(self.NearEnd())


class SearchInput(Input):
    """The query box, whose Enter (open the result) the footer shows; Input's own is hidden there."""

    BINDINGS = [Binding("enter", "submit", "Open the result", id="search_open")]


class SearchScreen(ModalScreen[Choice | None]):
    """Search as you type; the results page in as you scroll; Enter or a click opens one, Escape closes."""

    BINDINGS = [
        Binding("escape", "close", "Close search", id="close_search"),
        Binding("down", "step('cursor_down')", "Next result", id="search_down", show=False),
        Binding("up", "step('cursor_up')", "Previous result", id="search_up", show=False),
        Binding("pagedown", "step('page_down')", "Results page down", id="search_page_down", show=False),
        Binding("pageup", "step('page_up')", "Results page up", id="search_page_up", show=False),
    ]
    DEFAULT_CSS = """
    SearchScreen { align: center middle; }
    SearchScreen > Vertical { width: 100; max-width: 100%; height: 90%; border: thick $accent;
        background: $surface; padding: 0 1; }
    SearchScreen #search-note { color: $text-muted; height: auto; max-height: 3; }
    /* a stable gutter: options are measured at one width (a scrollbar appearing later crops them) */
    SearchScreen OptionList { height: 1fr; border: none; padding: 0; scrollbar-gutter: stable; }
    SearchScreen OptionList > .option-list--option { padding: 0; }
    """

    query_input = getters.query_one("#search-input", Input)
    results = getters.query_one("#search-results", ResultList)
    note = getters.query_one("#search-note", Static)

    def __init__(self, services: Services, query: str = "") -> None:
        super().__init__()
        self.services = services
        self.initial = query
        self.found: list[SearchHit] = []
        self.answer: Answer | None = None
        self._width = 0  # the width the results were laid out for
        self._shown = ""  # the query whose results are shown
        self._reading = False  # a page is being read
        self._exhausted = False  # every result has been read
        self._note = ""

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Search"
            yield SearchInput(
                value=self.initial,
                placeholder='words, "exact", Bundes* for a prefix, or @Name for an entity',
                max_length=200,
                id="search-input",
            )
            yield Static(Content(HINT), id="search-note")
            results = ResultList(id="search-results")
            results.can_focus = False  # the keys stay in the input; up/down move the list from there
            yield results
        yield Footer()

    def on_mount(self) -> None:
        self.query_input.focus()
        if self.initial.strip():
            self._search(self.initial)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._search(event.value)

    def _search(self, query: str) -> None:
        if not query.strip():
            self.workers.cancel_group(self, "search")  # a search in flight is stale now
            self._show(Found(query, [], None, HINT))
            return
        self.note.update(Content.styled("Searching…", "dim"))
        self.run_worker(
            lambda: self._run_search(query),
            thread=True,
            exit_on_error=False,
            exclusive=True,
            group="search",
            description="Searching",
        )

    def _run_search(self, query: str) -> None:
        worker = get_current_worker()
        waited = 0.0
        while waited < DEBOUNCE:  # a key pressed meanwhile cancels this worker: no query is run
            if worker.is_cancelled:
                return
            time.sleep(0.03)
            waited += 0.03
        if query.lstrip().startswith(ENTITY) and not query.strip().removeprefix(ENTITY).strip():
            self.post_message(Found(query, [], None, "Type a name after @, e.g. @Berlin."))
            return
        answer = answer_for(self.services, query)
        hits = answer.page(self.services.store, 0, PAGE)
        if not worker.is_cancelled:
            self.post_message(Found(query, hits, answer, answer.note()))

    def on_found(self, message: Found) -> None:
        if message.query != self.query_input.value:  # typed on since: a newer search is coming
            return
        self._show(message)

    def _show(self, found: Found) -> None:
        self._shown = found.query
        self._exhausted = False
        self.answer = found.answer
        self.found = list(found.hits)
        self._note = found.note
        self._lay_out(0)
        self._say()

    def _say(self) -> None:
        answer = self.answer
        if not self.found or answer is None:
            self.note.update(Content(self._note or "Searching…"))
            return
        count = len(answer)
        what = f"{'about ' if not answer.exact and count != 1 else ''}{count_of(count, 'result')}"
        if len(self.found) < count and not self._exhausted:
            what += f", best first ({len(self.found):,} shown; more as you scroll)"
        else:
            what += ", best first" if count > 1 else ""
        text = f"{what}; ↑↓ choose, enter opens"
        self.note.update(Content.styled(text + (f" · {self._note}" if self._note else ""), "dim"))

    def _lay_out(self, highlighted: int = 0) -> None:
        self._width = width = self.results.scrollable_content_region.width or 76
        options: list[Option | None] = []
        for hit in self.found:
            options += [Option(prompt(hit, width)), None]  # None: a rule between results
        self.results.set_options(options[:-1])
        if self.found:
            self.results.highlighted = min(highlighted, len(self.found) - 1)

    # -- more results as the reader goes down the list -------------------------------------------
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._more_if_near(event.option_index)

    def on_result_list_near_end(self, event: ResultList.NearEnd) -> None:
        event.stop()
        self._more_if_near(len(self.found))

    def _more_if_near(self, index: int) -> None:
        answer = self.answer
        if answer is None or self._reading or self._exhausted or len(self.found) >= len(answer):
            return
        if index >= len(self.found) - AHEAD:
            self._reading = True
            query, start = self._shown, len(self.found)
            self.run_worker(
                lambda: self._read_page(answer, query, start),
                thread=True,
                exit_on_error=False,
                group="search-more",
                description="Reading more results",
            )

    def _read_page(self, answer: Answer, query: str, start: int) -> None:
        self.post_message(More(query, start, answer.page(self.services.store, start, PAGE)))

    def on_more(self, message: More) -> None:
        self._reading = False
        if message.query != self._shown or message.start != len(self.found):
            return
        if not message.hits:
            self._exhausted = True  # the count was an estimate: there is no more
            self._say()
            return
        self.found += message.hits
        width = self._width
        options: list[Option | None] = []
        for hit in message.hits:
            options += [None, Option(prompt(hit, width))]
        self.results.add_options(options)
        self._say()

    def on_resize(self) -> None:
        # titles are cut to one line for a width: lay them out again for the new one
        self.call_after_refresh(self._relayout)

    def _relayout(self) -> None:
        if self.found and self.results.scrollable_content_region.width != self._width:
            self._lay_out(self.results.highlighted or 0)

    def action_step(self, action: str) -> None:
        getattr(self.results, f"action_{action}")()

    # -- choosing ---------------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.results.highlighted is not None:
            self._choose(self.results.highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def _choose(self, index: int) -> None:
        if not 0 <= index < len(self.found):
            return
        hit = self.found[index]
        passage = hit.first
        if passage.sentence is not None or passage.block < 0:
            self.dismiss((hit.article, passage.sentence))
            return
        self.note.update(Content.styled("Opening…", "dim"))
        self.run_worker(
            lambda: self._locate(hit.article, passage),
            thread=True,
            exit_on_error=False,
            exclusive=True,
            group="locate",
            description="Opening the article",
        )

    def _locate(self, article_id: str, passage: Passage) -> None:
        """Split an article never opened (as opening does) and find the sentence of the match."""
        from reader.library.passages import unit_at
        from reader.store.library import open_article

        article = open_article(self.services.store, article_id)
        sentence = unit_at(article, passage.block, passage.offset) if article is not None else None
        self.post_message(Located(article_id, sentence))

    def on_located(self, message: Located) -> None:
        self.dismiss((message.article, message.sentence))

    def action_close(self) -> None:
        self.dismiss(None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        message = report_failure(self, event)
        if message is not None:
            self.note.update(Content.styled(message, "$text-error"))
