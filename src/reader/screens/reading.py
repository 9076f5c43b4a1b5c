"""The reading screen: sidebar, the German and English panes with one sentence cursor, status line.

Domain work (loading, translating, recognising) runs in thread workers, and results come back as
messages from `reader.screens.messages`. `on_worker_state_changed` is the one place that reports failures.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.widgets import Footer, Header
from textual.worker import Worker, WorkerState

from reader.articles.model import Article
from reader.articles.sanitize import sanitize
from reader.enrich.library import cached_first, import_paths
from reader.errors import UserError
from reader.screens import document
from reader.screens.actions import SentenceActions
from reader.screens.messages import LibraryLoaded
from reader.store import marks as marks_store
from reader.store import reading
from reader.translation.types import FAILED, PENDING, Translated
from reader.widgets.entities import EntityPanel
from reader.widgets.pane import SentencePane
from reader.widgets.sidebar import ArticleEntry, ArticleList
from reader.widgets.status import StatusLine

if TYPE_CHECKING:
    pass

NARROW = 100  # below this many columns the panes stack
BATCH = 500  # at most this many articles per LibraryLoaded message
FLUSH = 0.1  # seconds between LibraryLoaded messages while importing


class ReadingScreen(SentenceActions):
    """Where the reading happens."""

    BINDINGS = [
        Binding("j,down", "move(1)", "Next sentence", id="next_sentence"),
        Binding("k,up", "move(-1)", "Previous sentence", id="previous_sentence"),
        Binding("J", "paragraph(1)", "Next paragraph", id="next_paragraph", show=False),
        Binding("K", "paragraph(-1)", "Previous paragraph", id="previous_paragraph", show=False),
        Binding("pagedown", "page(1)", "Page down", id="page_down", show=False),
        Binding("pageup", "page(-1)", "Page up", id="page_up", show=False),
        Binding("g,home", "edge(0)", "First sentence", id="first_sentence", show=False),
        Binding("G,end", "edge(1)", "Last sentence", id="last_sentence", show=False),
        Binding("n", "article(1)", "Next article", id="next_article"),
        Binding("p", "article(-1)", "Previous article", id="previous_article"),
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("t", "translate", "Translate", id="translate"),
        Binding("c", "compare", "Compare engines", id="compare", show=False),
        Binding("e", "entities", "Entities", id="entities"),
        Binding("right_square_bracket", "entity(1)", "Next entity", id="next_entity", show=False),
        Binding("left_square_bracket", "entity(-1)", "Previous entity", id="previous_entity", show=False),
        Binding("m", "mark", "Mark sentence", id="mark", show=False),
        Binding("a", "note", "Note on sentence", id="note", show=False),
        Binding("x", "export", "Export", id="export"),
        Binding("y", "copy('de')", "Copy German sentence", id="copy_german", show=False),
        Binding("Y", "copy('en')", "Copy English sentence", id="copy_english", show=False),
        Binding("s", "sidebar", "Toggle sidebar", id="sidebar", show=False),
    ]

    cursor: reactive[int] = reactive(0)

    def __init__(self, paths: list[Path]) -> None:
        super().__init__()
        self.paths = paths
        self.articles: dict[str, Article] = {}
        self.order: list[str] = []
        self.positions: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield ArticleList(id="sidebar")
            with Horizontal(id="panes"):
                yield SentencePane(id="de").data_bind(ReadingScreen.cursor)
                yield SentencePane(id="en").data_bind(ReadingScreen.cursor)
            yield EntityPanel(id="entity-panel")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.set_class(self.app.no_color, "-no-color")
        self.query_one("#de", SentencePane).border_title = "Deutsch"
        self.query_one("#en", SentencePane).border_title = "English"
        self.query_one("#de").focus()
        for notice in self.reader.store.notices:
            self.say(notice, severity="warning", timeout=10)
        # A parse already in the store is a few milliseconds away: show it in the very first frame.
        # Anything else (a new file, a large folder) waits for the import worker.
        first = cached_first(self.reader.store, self.paths)
        if first is not None:
            self.articles[first.id] = first
            self.order.append(first.id)
            self.positions = reading.positions(self.reader.store)
            self.open_article(first.id)
        self.load_library()

    def say(self, message: str, *, severity: SeverityLevel = "information", timeout: float = 5) -> None:
        """A notification. Messages carry file names and error text, so they are plain text, never markup."""
        self.notify(sanitize(message), severity=severity, timeout=timeout, markup=False)

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    # -- loading -----------------------------------------------------------------------------------
    @work(thread=True, exit_on_error=False, exclusive=True, group="library", description="Loading articles")
    def load_library(self) -> None:
        store = self.reader.store
        positions = reading.positions(store)
        batch: list[Article] = []
        notices: list[str] = []
        sent = 0.0  # the first article goes out at once, the rest every FLUSH seconds or BATCH articles
        for item in import_paths(store, self.paths):
            if isinstance(item, str):
                notices.append(item)
            else:
                batch.append(item)
            if batch and (len(batch) >= BATCH or time.monotonic() - sent > FLUSH):
                self.post_message(LibraryLoaded(batch, notices, positions, False))
                batch, notices = [], []
                sent = time.monotonic()
        self.post_message(LibraryLoaded(batch, notices, positions, True))

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        self.positions = {**message.positions, **self.positions}  # positions set since then win
        for notice in message.notices:
            self.say(notice, severity="warning", timeout=8)
        for article in message.articles:
            if article.id not in self.articles:
                self.order.append(article.id)
            self.articles[article.id] = article
        self.query_one(ArticleList).set_entries(
            [ArticleEntry(i, self.articles[i].title, i not in self.positions) for i in self.order]
        )
        if self.article is None and self.order:
            self.open_article(self.order[0])
        if message.done and not self.order:
            self.query_one(StatusLine).problem = "No articles to show: every file was skipped."

    # -- opening an article ------------------------------------------------------------------------
    def open_article(self, article_id: str) -> None:
        if self.article is not None:
            self.save_position(self.article.id, self.cursor)
        article = self.articles[article_id]
        self.article = article
        self.title = article.title
        self.sub_title = article.id
        self.marks = {}
        start = min(self.positions.get(article_id, 0), max(0, len(article.units) - 1))
        self.positions[article_id] = start
        self.set_reactive(ReadingScreen.cursor, start)
        if article_id not in self.english:
            self.english[article_id] = [Translated(None, PENDING)] * len(article.units)
        self.query_one(ArticleList).set_current(article_id)
        self.refresh_panes(new_article=True)
        self.save_position(article_id, start)
        self.query_one(StatusLine).problem = ""
        self.fetch_marks(article_id)
        self.fetch_english(article, auto=self.reader.settings.translation.auto)
        self.fetch_entities(article)

    def refresh_panes(self, *, new_article: bool = False) -> None:
        article = self.article
        if article is None:
            return
        de_ents = self.german_entities.get(article.id)
        en_ents = self.english_entities.get(article.id)
        de = self.query_one("#de", SentencePane)
        en = self.query_one("#en", SentencePane)
        de.cursor = en.cursor = self.cursor
        german = document.german_blocks(article, de_ents, self.marks)
        english = document.english_blocks(article, self.english[article.id], en_ents, self.marks)
        if new_article:
            de.show(german)
            en.show(english)
        else:
            de.update_sentences(german)
            en.update_sentences(english)
        self._update_english_title()
        status = self.query_one(StatusLine)
        status.counts = document.label_counts(de_ents) if de_ents is not None else {}
        self.query_one(EntityPanel).set_rows(document.entity_rows(de_ents or []))

    def _update_english_title(self) -> None:
        article = self.article
        if article is None:
            return
        units = self.english[article.id]
        sources = {t.source for t in units if t.ok}
        known = sum(t.ok for t in units)
        failed = sum(t.source == FAILED for t in units)
        label = "English"
        if sources:
            label += " · " + ", ".join(sorted(sources))
        if known < len(units):
            label += f" · {known}/{len(units)}"
        if failed:
            label += f" · {failed} failed"
        pane = self.query_one("#en", SentencePane)
        pane.border_title = Content(label)
        title = self.english_title.get(article.id)
        pane.border_subtitle = Content(title.text) if title and title.text else None

    # -- workers -----------------------------------------------------------------------------------
    @work(thread=True, exit_on_error=False, group="save", description="Saving reading position")
    def save_position(self, article_id: str, position: int) -> None:
        reading.save_position(self.reader.store, article_id, position)

    @work(thread=True, exit_on_error=False, exclusive=True, group="marks", description="Reading marks")
    def fetch_marks(self, article_id: str) -> None:
        found = marks_store.marks_for(self.reader.store, article_id)
        self.app.call_from_thread(self._marks_ready, article_id, found)

    def _marks_ready(self, article_id: str, found: dict[int, marks_store.Mark]) -> None:
        if self.article is not None and self.article.id == article_id and found != self.marks:
            self.marks = found
            self.refresh_panes()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place where a worker's failure becomes something the user sees."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        what = event.worker.description or event.worker.name
        if isinstance(error, UserError):
            message = f"{what}: {error}"
        else:
            message = f"{what} failed: {type(error).__name__}: {error}"
            self.log.error(message)
        self.query_one(StatusLine).problem = message
        self.query_one(StatusLine).entities = ""
        self.say(message, severity="error", timeout=10)

    # -- navigation --------------------------------------------------------------------------------
    def _set_cursor(self, unit: int) -> None:
        if self.article is None or not self.article.units:
            return
        self.cursor = max(0, min(unit, len(self.article.units) - 1))
        self.positions[self.article.id] = self.cursor

    def action_move(self, step: int) -> None:
        self._set_cursor(self.cursor + step)

    def action_paragraph(self, step: int) -> None:
        if self.article is None:
            return
        units = self.article.units
        block = units[self.cursor].block
        if step > 0:
            nxt = next((u.index for u in units[self.cursor :] if u.block > block), len(units) - 1)
        else:
            first = next(u.index for u in units if u.block == block)
            target = block if first < self.cursor else block - 1
            nxt = next((u.index for u in units if u.block >= target), 0)
        self._set_cursor(nxt)

    def action_page(self, step: int) -> None:
        view = self.query_one("#de", SentencePane).units_in_view()
        if view is None:
            return
        height = self.query_one("#de", SentencePane).scrollable_content_region.height
        first, last = view
        if step > 0:
            self._set_cursor(last + 1 if last > self.cursor else self.cursor + 1)
        else:
            self._set_cursor(
                max(0, first - max(1, (last - first))) if first < self.cursor else first - height
            )

    def action_edge(self, end: int) -> None:
        if self.article is not None:
            self._set_cursor(len(self.article.units) - 1 if end else 0)

    def action_article(self, step: int) -> None:
        shown = self.query_one(ArticleList).shown_ids or self.order
        if not shown or self.article is None:
            return
        i = shown.index(self.article.id) if self.article.id in shown else -1
        self.open_article(shown[(i + step) % len(shown)])

    def action_filter(self) -> None:
        if self.query_one(ArticleList).display is False:
            self.action_sidebar()
        self.query_one(ArticleList).start_filter()

    def action_sidebar(self) -> None:
        sidebar = self.query_one(ArticleList)
        sidebar.display = not sidebar.display

    @on(ArticleList.Chosen)
    def _chosen(self, message: ArticleList.Chosen) -> None:
        if self.article is None or message.article_id != self.article.id:
            self.open_article(message.article_id)

    @on(SentencePane.Clicked)
    def _clicked(self, message: SentencePane.Clicked) -> None:
        self._set_cursor(message.unit)

    def action_entities(self) -> None:
        panel = self.query_one(EntityPanel)
        panel.set_shown(not panel.has_class("-shown"))
        if panel.has_class("-shown"):
            panel.focus()

    def _mentions(self, text: str | None = None) -> list[int]:
        if self.article is None:
            return []
        ents = self.german_entities.get(self.article.id) or []
        return [i for i, sentence in enumerate(ents) if any(text is None or e.text == text for e in sentence)]

    def action_entity(self, step: int, text: str | None = None) -> None:
        """Step to the next (or previous) sentence with an entity, or with the given entity."""
        hits = self._mentions(text)
        if not hits:
            self.say("No entities in this article yet.", timeout=3)
            return
        if step > 0:
            target = next((i for i in hits if i > self.cursor), hits[0])
        else:
            target = next((i for i in reversed(hits) if i < self.cursor), hits[-1])
        self._set_cursor(target)

    @on(EntityPanel.Chosen)
    def _entity_chosen(self, message: EntityPanel.Chosen) -> None:
        self.action_entity(1, message.text)

    def watch_cursor(self, cursor: int) -> None:
        unit_count = len(self.article.units) if self.article else 0
        self.query_one("#de", SentencePane).border_subtitle = (
            f"{cursor + 1}/{unit_count}" if unit_count else ""
        )

    # -- actions on the current sentence -----------------------------------------------------------

    def on_unmount(self) -> None:
        if self.article is not None:
            reading.save_position(self.reader.store, self.article.id, self.cursor)
