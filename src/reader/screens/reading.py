"""The reading screen: sidebar, the German and English panes with one sentence cursor, status line.

The open article is one value, `state` (an `ArticleState`); workers reply with messages, handlers make
a new state with the pure functions of `reader.screens.state`, and `watch_state` is the one place that
draws it. Worker bodies live in `reader.screens.workers`; failures go through `report_failure`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from textual import events, getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Header
from textual.worker import Worker, WorkerState

from reader.articles.model import Article
from reader.screens import document, workers
from reader.screens import state as st
from reader.screens.feedback import report_failure, say
from reader.screens.library_view import LibraryView
from reader.screens.messages import (
    ArticleOpened,
    EnglishArrived,
    EntitiesArrived,
    Exported,
    Glossed,
    IndexProgress,
    IndexReady,
    Known,
    LibraryListed,
    LookedUp,
    MarkSaved,
    Refreshed,
    SavedSpans,
    Status,
    WordSaved,
)
from reader.screens.sentence_tools import SentenceTools
from reader.screens.state import ArticleState
from reader.screens.translating import Translating
from reader.screens.words import WordTools
from reader.services import Services
from reader.store import library, reading
from reader.widgets.entities import EntityPanel, entity_rows
from reader.widgets.lookup import WordPanel
from reader.widgets.pane import SentencePane
from reader.widgets.sidebar import ArticleList
from reader.widgets.status import StatusLine

NARROW = 100  # below this many columns the panes stack
SAVE_DELAY = 0.5  # seconds the cursor rests before its position is saved


class ReadingScreen(Screen[None]):
    """Where the reading happens."""

    # The footer shows the bindings with show=True in this order, and the essentials come first so that
    # they survive at 80 columns; every binding is in help (?) and the palette (ctrl+p).
    BINDINGS = [
        Binding("question_mark", "app.help", "Help", id="help"),
        Binding("q", "app.quit", "Quit", id="quit"),
        Binding("ctrl+c", "app.quit", "Quit", id="quit_ctrl_c", show=False),  # as in most terminal programs
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("e", "entities", "Entities", id="entities"),
        Binding("t", "translate", "Translate", id="translate"),
        Binding("x", "export", "Export", id="export"),
        Binding("escape", "close_panel", "Close the panel", id="close_panel", show=False),
        Binding("j,down", "move(1)", "Next sentence", id="next_sentence", show=False),
        Binding("k,up", "move(-1)", "Previous sentence", id="previous_sentence", show=False),
        Binding("J", "paragraph(1)", "Next paragraph", id="next_paragraph", show=False),
        Binding("K", "paragraph(-1)", "Previous paragraph", id="previous_paragraph", show=False),
        Binding("pagedown", "page(1)", "Page down", id="page_down", show=False),
        Binding("pageup", "page(-1)", "Page up", id="page_up", show=False),
        Binding("g,home", "edge(0)", "First sentence", id="first_sentence", show=False),
        Binding("G,end", "edge(1)", "Last sentence", id="last_sentence", show=False),
        Binding("n", "article(1)", "Next article", id="next_article"),
        Binding("p", "article(-1)", "Previous article", id="previous_article"),
        Binding("c", "compare", "Compare engines", id="compare", show=False),
        Binding("right_square_bracket", "entity(1)", "Next entity", id="next_entity", show=False),
        Binding("left_square_bracket", "entity(-1)", "Previous entity", id="previous_entity", show=False),
        Binding("m", "mark", "Mark sentence", id="mark", show=False),
        Binding("a", "note", "Note on sentence", id="note", show=False),
        Binding("y", "copy('de')", "Copy German sentence", id="copy_german", show=False),
        Binding("Y", "copy('en')", "Copy English sentence", id="copy_english", show=False),
        Binding("s", "sidebar", "Toggle sidebar", id="sidebar", show=False),
        Binding("h", "word(-1)", "Previous word", id="previous_word", show=False),
        Binding("l", "word(1)", "Next word", id="next_word", show=False),
        Binding("d", "lookup", "Look up the word", id="lookup", show=False),
        Binding("i", "gloss", "Gloss the sentence", id="gloss", show=False),
        Binding("v", "save_word", "Save the word", id="save_word", show=False),
        Binding("u", "toggle_read", "Mark read / unread", id="toggle_read", show=False),
        Binding("U", "all_read", "Mark all read", id="mark_all_read", show=False),
        Binding("asterisk", "star", "Star / unstar", id="star", show=False),
        Binding("F", "next_feed", "Next feed", id="next_feed", show=False),
        Binding("R", "refresh", "Refresh feeds", id="refresh", show=False),
        Binding("f,ctrl+f", "search", "Search", id="search", show=False),
    ]

    state: reactive[ArticleState | None] = reactive(None, init=False)

    de = getters.query_one("#de", SentencePane)
    en = getters.query_one("#en", SentencePane)
    sidebar = getters.query_one(ArticleList)
    status = getters.query_one(StatusLine)
    panel = getters.query_one(EntityPanel)

    def __init__(self, services: Services, paths: list[Path]) -> None:
        super().__init__()
        self.services = services
        self.paths = paths
        self.positions: dict[str, int] = {}
        self.recent = st.Recent()
        self._save_timer: Timer | None = None
        self._pane: SentencePane | None = None  # the reading pane that last had focus
        self.started = False  # the workers start after the first frame; tests wait for this
        self.words = WordTools(self)
        self.library = LibraryView(self, partial(say, self))
        self.translating = Translating(self, partial(say, self))
        self.tools = SentenceTools(self, partial(say, self))
        self._notices_said = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield ArticleList(id="sidebar")
            with Horizontal(id="panes"):
                yield SentencePane(id="de")
                yield SentencePane(id="en")
            yield EntityPanel(id="entity-panel")
        yield WordPanel(id="word-panel")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.set_class(self.app.no_color, "-no-color")
        self.de.border_title = "Deutsch"
        self.en.border_title = "English"
        self.de.focus()
        self._say_store_notices()
        # A parse already in the store is a few milliseconds away: show it in the very first frame,
        # and start the workers once that frame is drawn, so they do not compete with it.
        store = self.services.store
        first = self.library.last_read()
        if first is None and self.paths:
            from reader.library.importing import cached_first

            first = cached_first(store, self.paths)
        if first is not None:
            self.positions = reading.positions(store)
            self.show_article(first, start_workers=False)
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        self.started = True
        if self.state is not None:
            self._opened(self.state.id)
            self._enrich(self.state.article)
        self._run(workers.load_library, self.paths, group="library", description="Loading articles")
        from reader.screens.indexing import BackgroundIndexing

        self.mount(BackgroundIndexing(self.services))  # the search and entity indexes, kept up to date

    def _run(
        self, fn: Callable[..., None], *args: Any, group: str, description: str, exclusive: bool = True
    ) -> None:
        """Start a worker body from `reader.screens.workers` on a thread."""
        self.run_worker(
            partial(fn, self.services, self.post_message, *args),
            thread=True,
            exit_on_error=False,
            exclusive=exclusive,
            group=group,
            description=description,
        )

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    # -- focus: always somewhere visible, back on the reading pane when a panel or modal closes ------
    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, SentencePane):
            self._pane = event.widget
        elif not _shown(event.widget):  # a hidden widget must never hold the keys
            self.call_after_refresh(self._focus_pane)

    def on_screen_resume(self) -> None:
        """A modal (help, note, palette, comparison) closed: give focus back, if it is not where it was."""
        self.call_after_refresh(self._check_focus)

    def _check_focus(self) -> None:
        if self.focused is None or not _shown(self.focused):
            self._focus_pane()

    def _focus_pane(self) -> None:
        (self._pane or self.de).focus()

    def action_close_panel(self) -> None:
        if self.words.close():
            self._focus_pane()
        elif self.panel.has_class("-shown"):
            self.action_entities()

    def _say_store_notices(self) -> None:
        """Say what the store has to say (damage found and repaired) that was not said yet."""
        notices = self.services.store.notices
        for notice in notices[self._notices_said :]:
            say(self, notice, severity="warning", timeout=10)
        self._notices_said = len(notices)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state in (WorkerState.SUCCESS, WorkerState.ERROR):
            self._say_store_notices()  # damage may be found by any query, in any worker
        message = report_failure(self, event)
        if message is not None:
            self.status.problem = message
            self.status.entities = ""
            if event.worker.group == "index":
                self.words.index_failed()

    # -- drawing -----------------------------------------------------------------------------------
    def watch_state(self, old: ArticleState | None, new: ArticleState | None) -> None:
        """The one place that draws the open article: only what changed between `old` and `new`."""
        if new is None:
            return
        self.recent.put(new)
        fresh = old is None or old.article is not new.article
        marks = fresh or old is None or old.marks is not new.marks
        self.de.cursor = self.en.cursor = new.cursor
        saved = old is None or old.saved is not new.saved
        if fresh or marks or saved or old is None or old.german_entities is not new.german_entities:
            blocks = document.german_blocks(new.article, new.german_entities, new.marks, new.saved)
            self.de.show(blocks) if fresh else self.de.update_sentences(blocks)
            self.status.counts = document.label_counts(new.german_entities) if new.german_entities else {}
            self.panel.set_rows(entity_rows(new.groups.groups) if new.groups else [])
        if (
            fresh
            or marks
            or old is None
            or old.english is not new.english
            or (old.english_entities is not new.english_entities)
        ):
            blocks = document.english_blocks(new.article, new.english.units, new.english_entities, new.marks)
            self.en.show(blocks) if fresh else self.en.update_sentences(blocks)
            self.en.border_title = Content(new.english_label())
            title = new.english.title.text
            self.en.border_subtitle = Content(title) if title else None
        if fresh or old is None or old.progress != new.progress:
            self.translating.show_progress(new)
        if fresh or old is None or old.cursor != new.cursor:
            where = f" · {new.cursor + 1}/{new.unit_count}" if new.unit_count else ""
            self.de.border_title = f"Deutsch{where}"  # the panes have a top border only
        if fresh or marks or old is None or old.cursor != new.cursor:
            mark = new.mark()
            self.status.note = mark.note if mark else ""
            self.positions[new.id] = new.cursor
            if not fresh:
                self._save_soon()
        self.words.follow(old, new)

    # -- loading and opening -----------------------------------------------------------------------
    def on_library_listed(self, message: LibraryListed) -> None:
        self.library.listed(message)

    def open_article(self, article_id: str, cursor: int | None = None) -> None:
        """Open an article of the library: at once if it is at hand, else read (and split) in a worker."""
        cached = self.recent.get(article_id)
        if cached is not None:
            self.show_article(cached.article, cursor)
            return
        stored = library.stored_article(self.services.store, article_id)
        if stored is not None and stored[1]:
            self.show_article(stored[0], cursor)
        elif stored is not None:
            self._run(
                workers.open_stored, article_id, cursor, group="open", description="Opening the article"
            )
        else:
            say(self, f"{article_id}: not in the library any more.", severity="warning")

    def on_article_opened(self, message: ArticleOpened) -> None:
        self.show_article(message.article, message.cursor)

    def show_article(
        self, article: Article, cursor: int | None = None, *, start_workers: bool = True
    ) -> None:
        if self.state is not None:
            self._save_now()
        cursor = self.positions.get(article.id, 0) if cursor is None else cursor
        cached = self.recent.get(article.id)
        if cached is not None and cached.article.blocks == article.blocks:
            new = st.with_cursor(cached, cursor)
        else:
            new = st.opened(article, cursor)
        self.title = article.title
        self.sub_title = article.id
        self.sidebar.set_current(article.id)
        self.status.problem = ""
        self.state = new
        self.positions[article.id] = new.cursor
        if start_workers:  # else after the first frame, which no worker should compete with
            self._opened(article.id)
            self._enrich(article)

    def _opened(self, article_id: str) -> None:
        """Remember that the reader is here: the position, and the article as read."""
        self._save_now()
        self.library.opened(article_id)

    def _enrich(self, article: Article) -> None:
        self._run(workers.known, article, group="known", description="Reading what is known")
        self.words.load_saved(article)  # saved words may have come from another article since

    def _current(self, article_id: str) -> ArticleState | None:
        """The state if `article_id` is open (late replies about another article are dropped)."""
        state = self.state
        return state if state is not None and state.id == article_id else None

    def on_known(self, message: Known) -> None:
        state = self._current(message.article_id)
        if state is None:
            return
        state = st.with_marks(st.with_english(state, message.updates, message.progress), message.marks)
        self.state = self.translating.after_known(state)

    def on_english_arrived(self, message: EnglishArrived) -> None:
        state = self._current(message.article_id)
        if state is None:
            self.recent_update(message.article_id, lambda s: st.with_english(s, message.updates))
            return
        self.state = state = st.with_english(state, message.updates, message.progress)
        self.translating.arrived(state)
        self._project(state)

    def _project(self, state: ArticleState) -> None:
        """Find the German entities again in the English the state holds now."""
        if state.german_entities is None or state.groups is None:
            return
        german = [list(s) for s in state.german_entities]
        self._run(
            workers.project,
            state.article,
            german,
            state.groups,
            state.english,
            group="project",
            description="Matching entities in English",
        )

    def recent_update(self, article_id: str, update: Callable[[ArticleState], ArticleState]) -> None:
        """Keep a reply about an article no longer open, so going back shows it."""
        cached = self.recent.get(article_id)
        if cached is not None:
            self.recent.put(update(cached))

    def on_entities_arrived(self, message: EntitiesArrived) -> None:
        state = self._current(message.article_id)
        if state is None:
            return
        self.status.entities = ""
        self.state = state = st.with_entities(state, message.german, message.english, message.groups)
        if message.english_from is not state.english and state.english.sources:
            self._project(state)  # English arrived while the entities were being found

    def on_mark_saved(self, message: MarkSaved) -> None:
        state = self._current(message.article_id)
        if state is not None:
            self.state = st.with_mark(state, message.mark)

    def on_status(self, message: Status) -> None:
        self.status.entities = message.text

    def on_exported(self, message: Exported) -> None:
        self.tools.exported(message)

    # -- reading position --------------------------------------------------------------------------
    def _save_soon(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self._save_now)

    def _save_now(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.state is not None:
            self._run(
                workers.save_position,
                self.state.id,
                self.state.cursor,
                group="save",
                description="Saving reading position",
                exclusive=False,
            )

    def on_unmount(self) -> None:
        if self.state is not None:
            reading.save_position(self.services.store, self.state.id, self.state.cursor)

    # -- navigation --------------------------------------------------------------------------------
    def _set_cursor(self, unit: int) -> None:
        if self.state is not None and self.state.unit_count:
            self.state = st.with_cursor(self.state, unit)

    def action_move(self, step: int) -> None:
        if self.state is not None:
            self._set_cursor(self.state.cursor + step)

    def action_paragraph(self, step: int) -> None:
        if self.state is None:
            return
        units, cursor = self.state.article.units, self.state.cursor
        block = units[cursor].block
        if step > 0:
            nxt = next((u.index for u in units[cursor:] if u.block > block), len(units) - 1)
        else:
            first = next(u.index for u in units if u.block == block)
            target = block if first < cursor else block - 1
            nxt = next((u.index for u in units if u.block >= target), 0)
        self._set_cursor(nxt)

    def action_page(self, step: int) -> None:
        view = self.de.units_in_view()
        if view is None or self.state is None:
            return
        height = self.de.scrollable_content_region.height
        first, last = view
        cursor = self.state.cursor
        if step > 0:
            self._set_cursor(last + 1 if last > cursor else cursor + 1)
        else:
            self._set_cursor(max(0, first - max(1, (last - first))) if first < cursor else first - height)

    def action_edge(self, end: int) -> None:
        if self.state is not None:
            self._set_cursor(self.state.unit_count - 1 if end else 0)

    def action_article(self, step: int) -> None:
        shown = self.sidebar.shown_ids
        if not shown or self.state is None:
            return
        i = shown.index(self.state.id) if self.state.id in shown else -1
        target = i + step
        if not 0 <= target < len(shown):
            only = len(shown) == 1
            where = "the only" if only else ("the last" if step > 0 else "the first")
            say(self, f"This is {where} article in the list.", timeout=3)
            return
        self.open_article(shown[target])

    def action_filter(self) -> None:
        if self.sidebar.display is False:
            self.action_sidebar()
        self.sidebar.start_filter()

    def action_sidebar(self) -> None:
        self.sidebar.display = not self.sidebar.display

    @on(ArticleList.Chosen)
    def _chosen(self, message: ArticleList.Chosen) -> None:
        if self.state is None or message.article_id != self.state.id:
            self.open_article(message.article_id)

    @on(SentencePane.Clicked)
    def _clicked(self, message: SentencePane.Clicked) -> None:
        self._set_cursor(message.unit)

    def action_search(self, query: str = "") -> None:
        """The search screen; the entity panel opens it with `search.entity_query(name)`."""

        from reader.screens.search import SearchScreen

        def chosen(choice: tuple[str, int | None] | None) -> None:
            if choice is not None:
                self.open_article(choice[0], cursor=choice[1])

        self.app.push_screen(SearchScreen(self.services, query), chosen)

    def action_entities(self) -> None:
        shown = not self.panel.has_class("-shown")
        self.panel.set_shown(shown)
        self.set_class(shown, "-panel")  # on a narrow screen the panel takes the sidebar's place
        if shown:
            self.panel.focus()
        else:
            self._focus_pane()

    def action_entity(self, step: int, text: str | None = None) -> None:
        """Step to the next (or previous) sentence with an entity, or with the given entity."""
        hits = self.state.mentions(text) if self.state is not None else []
        if not hits or self.state is None:
            say(self, "No entities in this article yet.", timeout=3)
            return
        cursor = self.state.cursor
        if step > 0:
            target = next((i for i in hits if i > cursor), hits[0])
        else:
            target = next((i for i in reversed(hits) if i < cursor), hits[-1])
        self._set_cursor(target)

    @on(EntityPanel.Everywhere)
    def _entity_everywhere(self, message: EntityPanel.Everywhere) -> None:
        from reader.screens.search import entity_query

        self.action_search(entity_query(message.text))

    @on(EntityPanel.Closed)
    def _entities_closed(self) -> None:
        self.action_close_panel()

    @on(EntityPanel.Chosen)
    def _entity_chosen(self, message: EntityPanel.Chosen) -> None:
        self.action_entity(1, message.text)

    # -- actions on the sentence or the article ----------------------------------------------------
    def action_translate(self) -> None:
        """Translate what is missing, or retry what failed, with the configured engine."""
        self.translating.retry()

    def action_copy(self, language: str) -> None:
        self.tools.copy(language)

    def action_mark(self) -> None:
        self.tools.mark()

    def action_note(self) -> None:
        self.tools.note()

    def action_compare(self) -> None:
        self.tools.compare()

    def action_export(self) -> None:
        self.tools.export()

    # -- words and lookup: the work is in reader.screens.words ------------------------------------
    def action_word(self, step: int) -> None:
        self.words.step(step)

    def action_lookup(self) -> None:
        self.words.lookup()

    def action_gloss(self) -> None:
        self.words.gloss()

    def action_save_word(self) -> None:
        self.words.save()

    def on_index_progress(self, message: IndexProgress) -> None:
        self.words.on_index_progress(message)

    def on_index_ready(self, message: IndexReady) -> None:
        self.words.on_index_ready(message)

    def on_looked_up(self, message: LookedUp) -> None:
        self.words.on_looked_up(message)

    def on_glossed(self, message: Glossed) -> None:
        self.words.on_glossed(message)

    def on_word_saved(self, message: WordSaved) -> None:
        self.words.on_word_saved(message)

    def on_saved_spans(self, message: SavedSpans) -> None:
        self.words.on_saved_spans(message)

    # -- the library: the work is in reader.screens.library_view --------------------------------------
    def action_toggle_read(self) -> None:
        self.library.toggle_read()

    def action_all_read(self) -> None:
        self.library.all_read()

    def action_star(self) -> None:
        self.library.star()

    def action_next_feed(self) -> None:
        self.library.next_feed()

    def action_refresh(self) -> None:
        self.library.refresh()

    def on_refreshed(self, message: Refreshed) -> None:
        self.library.refreshed(message)


def _shown(widget: Widget) -> bool:
    """Whether a widget and every container around it are displayed."""
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))
