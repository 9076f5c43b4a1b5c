"""The search screen: the library's German and English text as you type, or (`@Name`) the articles
that mention an entity. It returns (article id, sentence number or None) with `dismiss`.

The search runs in an exclusive thread worker that waits a moment first (the debounce), so each key
press throws the stale search away; results come back as a `Found` message. Result text is
untrusted: it is sanitised and shown as `Content`, with the matches stylised by offset.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

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
from reader.screens.feedback import report_failure
from reader.services import Services
from reader.store.search import SearchHit

ENTITY = "@"  # a query starting with this lists the articles mentioning an entity
DEBOUNCE = 0.15  # seconds a query must rest before it is searched
PROGRESS_EVERY = 0.25  # seconds between progress notes while the entities are indexed
SNIPPET = 160  # characters of a long sentence shown around its first match
LIMIT = 50
HINT = (
    "Type to search every article, German and English (Fussball finds Fußball; Bundes* is a prefix). "
    "@Name lists the articles that mention a person, place or organisation."
)
LANGUAGES = {"de": "DE", "en": "EN"}

Choice = tuple[str, int | None]  # (article id, sentence number; None: where the reader left off)


def entity_query(name: str) -> str:
    """The query that lists the articles mentioning `name` (the entity panel opens the screen with it)."""
    return ENTITY + " ".join(name.split())


@dataclass(frozen=True, slots=True)
class Result:
    """One line of results: an article, where to open it, and what to show."""

    article: str
    sentence: int | None
    title: str
    text: str
    lang: str  # "de", "en", or "" for an entity result
    matches: tuple[tuple[int, int], ...] = ()


@dataclass
class Found(Message):
    """The results for `query`, or why there are none."""

    query: str
    results: list[Result]
    note: str = ""
    partial: str = ""  # what is still being done: more (or more precise) results follow


@dataclass
class Searching(Message):
    """How a slow search is getting on (the first @ search indexes the entities of new articles)."""

    query: str
    text: str


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


def prompt(result: Result, width: int = 76) -> Content:
    """The language, the title on one line and where the match is; then the sentence, highlighted."""
    if result.lang and result.sentence is None and result.text == result.title:
        where = "title"
    else:
        where = "" if result.sentence is None else f"sentence {result.sentence + 1}"
    tag = Content.styled(LANGUAGES.get(result.lang, "@"), "bold $accent")
    room = max(10, width - 3 - (len(where) + 3 if where else 0))
    title = Content.styled(_plain(result.title), "bold").truncate(room, ellipsis=True)
    head = Content.assemble(tag, " ", title, Content.styled(f" · {where}" if where else "", "dim"))
    if not result.lang:  # an entity result: the text says who, and how often
        return Content("\n").join([head, Content.styled(_plain(result.text), "$text-muted")])
    return Content("\n").join([head, highlighted(result.text, result.matches)])


def search_text(services: Services, query: str, post: Callable[[Message], object]) -> Found:
    """Matching sentences. Hits in articles never opened are posted at once by paragraph, then
    again by sentence once those articles are split (SoMaJo: ~20 ms an article, once)."""
    from reader.library.search import search_library
    from reader.store import search as index

    def found(hits: list[SearchHit], partial: str = "") -> Found:
        results = [Result(h.article, h.sentence, h.title, h.text, h.lang, h.matches) for h in hits]
        return Found(query, results, "" if results else f"Nothing matches {_plain(query)!r}.", partial)

    hits = index.search(services.store, query, limit=LIMIT)
    if not index.has_unsplit(hits):
        return found(hits)
    post(found(hits, partial="finding their sentences…"))
    return found(search_library(services.store, query, limit=LIMIT))


def _mentioning(services: Services, query: str, name: str, partial: str = "") -> Found:
    from reader.store.entity_index import articles_mentioning, first_mentions

    results: list[Result] = []
    for group in articles_mentioning(services.store, name, limit=LIMIT):
        first = first_mentions(services.store, [a for a, _, _ in group.articles], group.names)
        names = ", ".join(group.names[:3])
        for article, title, mentions in group.articles:
            times = "1 mention" if mentions == 1 else f"{mentions} mentions"
            results.append(
                Result(article, first.get(article), title, f"{names} ({group.label}) · {times}", "")
            )
    note = "" if results or partial else f"No article mentions {_plain(name)!r}."
    return Found(query, results[:LIMIT], note, partial)


def search_entity(
    services: Services, query: str, stop: Callable[[], bool], post: Callable[[Message], object]
) -> Found:
    """The articles mentioning the name after `@`. Articles whose entities are not indexed yet (added
    since) are indexed first, with progress, after the answer from those already indexed."""
    from reader.library.indexing import index_entities
    from reader.store.entity_index import pending

    name = query.strip().removeprefix(ENTITY).strip()
    if not name:
        return Found(query, [], "Type a name after @, e.g. @Berlin.")
    recognizer = services.recognizer()
    todo = len(pending(services.store, f"{recognizer.name}:{recognizer.version}", 100_000))
    if not todo:
        return _mentioning(services, query, name)
    post(_mentioning(services, query, name, partial=f"indexing {todo} new articles…"))
    shown = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal shown
        if time.monotonic() - shown > PROGRESS_EVERY:
            shown = time.monotonic()
            post(Searching(query, f"Indexing the entities of {total} new articles (once): {done}/{total}…"))

    # the embedded recogniser reads ~100k tokens/s: a few seconds for a thousand new articles
    index_entities(services.store, recognizer, should_stop=stop, progress=progress, limit=todo)
    return _mentioning(services, query, name)


class SearchInput(Input):
    """The query box, whose Enter (open the result) the footer shows; Input's own is hidden there."""

    BINDINGS = [Binding("enter", "submit", "Open the result", id="search_open")]


class SearchScreen(ModalScreen[Choice | None]):
    """Search as you type; Enter or a click opens the result, Escape closes."""

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
    results = getters.query_one("#search-results", OptionList)
    note = getters.query_one("#search-note", Static)

    def __init__(self, services: Services, query: str = "") -> None:
        super().__init__()
        self.services = services
        self.initial = query
        self.found: list[Result] = []
        self._width = 0  # the width the results were laid out for
        self._shown = ""  # the query whose results are shown

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Search"
            yield SearchInput(
                value=self.initial,
                placeholder="words, Bundes* for a prefix, or @Name for an entity",
                max_length=200,
                id="search-input",
            )
            yield Static(Content(HINT), id="search-note")
            results = OptionList(id="search-results")
            results.can_focus = False  # the keys stay in the input; up/down move the list from there
            yield results
        yield Footer()

    def on_mount(self) -> None:
        self.query_input.focus()
        self.run_worker(
            self._index, thread=True, exit_on_error=False, group="search-index", description="Indexing"
        )
        if self.initial.strip():
            self._search(self.initial)

    def _index(self) -> None:
        """Articles and translations stored since the last search join the index (once each)."""
        from reader.enrich.english import pair_of
        from reader.store.library import index_missing
        from reader.store.search import index_english

        settings = self.services.settings
        index_missing(self.services.store)
        index_english(self.services.store, settings.translation.engine, pair_of(settings))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._search(event.value)

    def _search(self, query: str) -> None:
        if not query.strip():
            self.workers.cancel_group(self, "search")  # a search in flight is stale now
            self._show(Found(query, [], HINT))
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
        if query.lstrip().startswith(ENTITY):
            found = search_entity(self.services, query, lambda: worker.is_cancelled, self.post_unless_stale)
        else:
            found = search_text(self.services, query, self.post_unless_stale)
        self.post_unless_stale(found)

    def post_unless_stale(self, message: Message) -> None:
        """Post from the search worker, unless a newer search has superseded it."""
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    def on_found(self, message: Found) -> None:
        if message.query != self.query_input.value:  # typed on since: a newer search is coming
            return
        self._show(message)

    def on_searching(self, message: Searching) -> None:
        if message.query == self.query_input.value:
            self.note.update(Content.styled(message.text, "dim"))

    def _show(self, found: Found) -> None:
        # the same query again (its results by sentence): the reader's place in the list stays
        keep = self.results.highlighted if found.query == self._shown else None
        self._shown = found.query
        self.found = found.results
        self._lay_out(keep or 0)
        if found.results:
            count = len(found.results)
            more = " (the first ones)" if count >= LIMIT else ""
            what = "1 result" if count == 1 else f"{count} results{more}"
            then = found.partial or "↑↓ choose, enter opens"
            self.note.update(Content.styled(f"{what}; {then}", "dim"))
        else:
            self.note.update(Content(found.note or "Searching…"))

    def _lay_out(self, highlighted: int = 0) -> None:
        self._width = width = self.results.scrollable_content_region.width or 76
        options: list[Option | None] = []
        for result in self.found:
            options += [Option(prompt(result, width)), None]  # None: a rule between results
        self.results.set_options(options[:-1])
        if self.found:
            self.results.highlighted = min(highlighted, len(self.found) - 1)

    def on_resize(self) -> None:
        # titles are cut to one line for a width: lay them out again for the new one
        self.call_after_refresh(self._relayout)

    def _relayout(self) -> None:
        if self.found and self.results.scrollable_content_region.width != self._width:
            self._lay_out(self.results.highlighted or 0)

    def action_step(self, action: str) -> None:
        getattr(self.results, f"action_{action}")()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.results.highlighted is not None:
            self._choose(self.results.highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def _choose(self, index: int) -> None:
        if 0 <= index < len(self.found):
            result = self.found[index]
            self.dismiss((result.article, result.sentence))

    def action_close(self) -> None:
        self.dismiss(None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        message = report_failure(self, event)
        if message is not None:
            self.note.update(Content.styled(message, "$text-error"))
