"""The reading screen: sidebar, the German and English panes with one sentence cursor, status line.

The open article is one value, `state` (an `ArticleState`): the screen and its parts change it with
`update` and the pure functions of `reader.screens.state`, and `watch_state` is the one place that
draws it. The screen owns the article's opening, the cursor, focus and the entity panel; everything
else is a part (`PARTS`), plugged in through `reader.screens.parts`.
Worker bodies live in `reader.screens.workers`; failures go through `report_failure`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from reader.articles.model import Article
from reader.screens import document, workers
from reader.screens import state as st
from reader.screens.enriching import Enriching
from reader.screens.feedback import report_failure, say
from reader.screens.feeds_view import Feeds
from reader.screens.heading import Heading
from reader.screens.learning import Learning
from reader.screens.library_entries import first_article
from reader.screens.library_view import Library
from reader.screens.parts import Change, P, Part, part_bindings, run_body
from reader.screens.position import ReadingPosition
from reader.screens.sentence_tools import SentenceTools
from reader.screens.state import ArticleState
from reader.screens.undo import Undo
from reader.screens.words import WordTools
from reader.services import Services
from reader.store import library
from reader.store.profiles import shown_as
from reader.widgets.pane import SentencePane
from reader.widgets.sidebar import ArticleList
from reader.widgets.status import StatusLine
from reader.widgets.title import TitleLine

if TYPE_CHECKING:  # the replies load with the workers; the entity panel is mounted when first shown
    from reader.screens.messages import ArticleOpened
    from reader.widgets.entities import EntityPanel, EntityRow

NARROW = 100  # below this many columns the panes stack
TINY = 60  # below this many columns the list is hidden until asked for, and then takes the screen
SEARCH_HELP = "Search every article's text, or @Name for the articles mentioning an entity"


class ReadingScreen(Screen[None]):
    """Where the reading happens."""

    # The parts, in the order their keys follow the screen's own in the footer, help and palette.
    PARTS: ClassVar[tuple[type[Part], ...]] = (
        ReadingPosition, Enriching, SentenceTools, Library, Feeds, Undo, Heading, WordTools, Learning
    )  # fmt: skip

    # The footer shows the bindings with show=True in this order, and the essentials come first so that
    # they survive at 80 columns; every binding is in help (?) and the palette (ctrl+p).
    BINDINGS = [
        Binding("question_mark", "app.help", "Help", id="help"),
        Binding("q", "app.quit", "Quit", id="quit"),
        Binding("ctrl+c", "app.quit", "Quit", id="quit_ctrl_c", show=False),  # as in most terminal programs
        Binding("e", "entities", "Entities", id="entities", tooltip="Show or hide the article's entities"),
        Binding("escape", "close_panel", "Close the panel", id="close_panel", show=False),
        Binding("j,down", "move(1)", "Next sentence", id="next_sentence", show=False),
        Binding("k,up", "move(-1)", "Previous sentence", id="previous_sentence", show=False),
        Binding("J", "paragraph(1)", "Next paragraph", id="next_paragraph", show=False),
        Binding("K", "paragraph(-1)", "Previous paragraph", id="previous_paragraph", show=False),
        Binding("pagedown", "page(1)", "Page down", id="page_down", show=False),
        Binding("pageup", "page(-1)", "Page up", id="page_up", show=False),
        Binding("g,home", "edge(0)", "First sentence", id="first_sentence", show=False),
        Binding("G,end", "edge(1)", "Last sentence", id="last_sentence", show=False),
        Binding("right_square_bracket", "entity(1)", "Next entity", id="next_entity", show=False),
        Binding("left_square_bracket", "entity(-1)", "Previous entity", id="previous_entity", show=False),
        Binding("f,ctrl+f", "search", "Search", id="search", show=False, tooltip=SEARCH_HELP),
        *part_bindings(PARTS),
    ]

    state: reactive[ArticleState | None] = reactive(None, init=False)

    de = getters.query_one("#de", SentencePane)
    en = getters.query_one("#en", SentencePane)
    sidebar = getters.query_one(ArticleList)
    status = getters.query_one(StatusLine)
    title_line = getters.query_one(TitleLine)

    def __init__(self, services: Services, paths: list[Path]) -> None:
        super().__init__()
        self.services = services
        self.paths = paths
        self.recent = st.Recent()
        self._pane: SentencePane | None = None  # the reading pane that last had focus
        self.started = False  # the workers start after the first frame; tests wait for this
        self.parts = {part.NAME: part(self) for part in self.PARTS}
        self.panel: EntityPanel | None = None  # mounted the first time it is shown, as the parts' panels
        self._notices_said = 0

    def part(self, kind: type[P]) -> P:
        """The screen's part of this kind."""
        part = self.parts[kind.NAME]
        assert isinstance(part, kind)
        return part

    def compose(self) -> ComposeResult:
        yield TitleLine(id="title")
        with Horizontal(id="body"):
            yield ArticleList(id="sidebar")
            with Horizontal(id="panes"):
                yield SentencePane(id="de")
                yield SentencePane(id="en")
        store = self.services.store
        yield StatusLine(id="status", who=shown_as(store.profile, store.read_only))
        yield Footer()

    def on_mount(self) -> None:
        self.set_class(self.app.no_color, "-no-color")
        self.de.border_title = "Deutsch"
        self.en.border_title = "English"
        self.de.focus()
        self._say_store_notices()
        # A parse already in the store is a few milliseconds away: show it in the very first frame,
        # and start the workers once that frame is drawn, so they do not compete with it.
        first = first_article(self.services.store, self.paths)
        if first is not None:
            self.part(ReadingPosition).load()
            self.show_article(first, start_workers=False)
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        self.started = True
        self.mount_all(self.parts.values())  # they draw nothing: the first frame does without them
        if self.state is not None:
            self._opened(self.state)
        for part in self.parts.values():
            part.start()
        from reader.screens.indexing import BackgroundIndexing

        self.mount(BackgroundIndexing(self.services))  # the search and entity indexes, kept up to date

    async def action_part(self, name: str, action: str) -> None:
        """Run a part's action: the parts' keys are the screen's (see `part_bindings`)."""
        await self.app.run_action(action, self.parts[name])

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")
        self.set_class(self.size.width < TINY, "-tiny")

    # -- focus: always somewhere visible, back on the reading pane when a panel or modal closes ------
    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, SentencePane):
            self._pane = event.widget
        elif not _shown(event.widget):  # a hidden widget must never hold the keys
            self.call_after_refresh(self.focus_pane)

    def on_screen_resume(self) -> None:
        """A modal (help, note, palette, comparison) closed: give focus back, if it is not where it was."""
        self.call_after_refresh(self._check_focus)

    def _check_focus(self) -> None:
        if self.focused is None or not _shown(self.focused):
            self.focus_pane()

    def focus_pane(self) -> None:
        """Focus the reading pane that had it last."""
        (self._pane or self.de).focus()

    async def action_close_panel(self) -> None:
        if any([part.close() for part in self.parts.values()]):
            self.focus_pane()
        elif self.panel is not None and self.panel.has_class("-shown"):
            await self.action_entities()

    def add_panel(self, panel: Widget) -> AwaitMount:
        """Mount a part's panel under the panes (the first time it is shown: fewer widgets at start)."""
        return self.mount(panel, before=self.status)

    def _say_store_notices(self) -> None:
        """Say what the store has to say (damage found and repaired) that was not said yet."""
        notices = self.services.store.notices
        for notice in notices[self._notices_said :]:
            say(self, notice, severity="warning", timeout=10)
        self._notices_said = len(notices)

    def worker_changed(self, event: Worker.StateChanged) -> str | None:
        """Report a worker's failure in a notice and the status line; the message, or None."""
        if event.state in (WorkerState.SUCCESS, WorkerState.ERROR):
            self._say_store_notices()  # damage may be found by any query, in any worker
        message = report_failure(self, event)
        if message is not None:
            self.status.problem = message
        return message

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.worker_changed(event)

    # -- the state, and drawing it -----------------------------------------------------------------
    def update(self, change: Change, article_id: str | None = None) -> ArticleState | None:
        """Change the open article's state with a pure function of `reader.screens.state`; the new state.

        With `article_id`, a reply about an article that is no longer open changes the state kept for
        going back to it instead, and None is returned.
        """
        state = self.state
        if state is not None and (article_id is None or state.id == article_id):
            self.state = state = change(state)
            return state
        cached = self.recent.get(article_id) if article_id is not None else None
        if cached is not None:
            self.recent.put(change(cached))
        return None

    def watch_state(self, old: ArticleState | None, new: ArticleState | None) -> None:
        """The one place that draws the open article: only what changed between `old` and `new`."""
        if new is None:
            return
        self.recent.put(new)
        if not (self.is_attached and self.display):  # a late reply as the app quits: nothing to draw on
            return
        fresh = old is None or old.article is not new.article
        marks = fresh or old is None or old.marks is not new.marks
        self.de.cursor = self.en.cursor = new.cursor
        saved = old is None or old.saved is not new.saved or old.statuses is not new.statuses
        if fresh or marks or saved or old is None or old.german_entities is not new.german_entities:
            blocks = document.german_blocks(
                new.article, new.german_entities, new.marks, new.saved, new.statuses
            )
            self.de.show(blocks) if fresh else self.de.update_sentences(blocks)
            self.status.counts = document.label_counts(new.german_entities) if new.german_entities else {}
            if self.panel is not None:
                self.panel.set_rows(_entity_rows(new))
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
        if fresh or old is None or old.cursor != new.cursor:
            where = f" · {new.cursor + 1}/{new.unit_count}" if new.unit_count else ""
            self.de.border_title = f"Deutsch{where}"  # the panes have a top border only
        if fresh or marks or old is None or old.cursor != new.cursor:
            mark = new.mark()
            self.status.note = mark.note if mark else ""
        for part in self.parts.values():
            part.follow(old, new)

    # -- opening -----------------------------------------------------------------------------------
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
            body = workers.open_stored
            run_body(self, self.services, body, article_id, cursor, group="open", description="Opening")
        else:
            say(self, f"{article_id}: not in the library any more.", severity="warning")

    def on_article_opened(self, message: ArticleOpened) -> None:
        self.show_article(message.article, message.cursor)

    def show_article(
        self, article: Article, cursor: int | None = None, *, start_workers: bool = True
    ) -> None:
        cursor = self.part(ReadingPosition).of(article.id) if cursor is None else cursor
        cached = self.recent.get(article.id)
        if cached is not None and cached.article.blocks == article.blocks:
            new = st.with_cursor(cached, cursor)
        else:
            new = st.opened(article, cursor)
        self.title = article.title
        self.sidebar.set_current(article.id)
        self.status.problem = ""
        self.state = new
        if start_workers:  # else after the first frame, which no worker should compete with
            self._opened(new)

    def _opened(self, state: ArticleState) -> None:
        """The reader is here: let every part start what the article needs."""
        for part in self.parts.values():
            part.opened(state)

    # -- navigation --------------------------------------------------------------------------------
    def _set_cursor(self, unit: int) -> None:
        if self.state is not None and self.state.unit_count:
            self.state = st.with_cursor(self.state, unit)

    def action_move(self, step: int) -> None:
        if self.state is not None:
            self._set_cursor(self.state.cursor + step)

    def action_paragraph(self, step: int) -> None:
        if self.state is not None:
            self._set_cursor(st.paragraph_start(self.state, step))

    def action_page(self, step: int) -> None:
        view = self.de.units_in_view()
        if view is not None and self.state is not None:
            height = self.de.scrollable_content_region.height
            self._set_cursor(st.page_target(self.state.cursor, view, height, step))

    def action_edge(self, end: int) -> None:
        if self.state is not None:
            self._set_cursor(self.state.unit_count - 1 if end else 0)

    @on(ArticleList.Chosen)
    def _chosen(self, message: ArticleList.Chosen) -> None:
        self.part(Library).chosen(message.article_id)  # the list's message reaches its part only here

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

    # -- the entity panel --------------------------------------------------------------------------
    async def action_entities(self) -> None:
        if self.panel is None:
            from reader.widgets.entities import EntityPanel

            self.panel = EntityPanel(id="entity-panel")
            if self.state is not None:
                self.panel.set_rows(_entity_rows(self.state))
            await self.query_one("#body").mount(self.panel)
        shown = not self.panel.has_class("-shown")
        self.panel.set_shown(shown)
        self.set_class(shown, "-panel")  # on a narrow screen the panel takes the sidebar's place
        if shown:
            self.panel.focus()
        else:
            self.focus_pane()

    def action_entity(self, step: int, text: str | None = None) -> None:
        """Step to the next (or previous) sentence with an entity, or with the given entity."""
        hits = self.state.mentions(text) if self.state is not None else []
        if not hits or self.state is None:
            say(self, "No entities in this article yet.", timeout=3)
            return
        cursor = self.state.cursor
        ahead = [i for i in hits if i > cursor] if step > 0 else [i for i in reversed(hits) if i < cursor]
        if not ahead:  # past the last (or the first) one: round again, and say so
            ahead, ends = (hits, ("after", "first")) if step > 0 else (hits[::-1], ("before", "last"))
            what = text or "an entity"
            say(self, f"None {ends[0]} this one: back to the {ends[1]} sentence with {what}.", timeout=3)
        self._set_cursor(ahead[0])

    def on_entity_panel_everywhere(self, message: EntityPanel.Everywhere) -> None:
        from reader.screens.search import entity_query

        self.action_search(entity_query(message.text))

    async def on_entity_panel_closed(self) -> None:
        await self.action_close_panel()

    def on_entity_panel_chosen(self, message: EntityPanel.Chosen) -> None:
        self.action_entity(1, message.text)


def _entity_rows(state: ArticleState) -> list[EntityRow]:
    from reader.widgets.entities import entity_rows

    return entity_rows(state.groups.groups) if state.groups else []


def _shown(widget: Widget) -> bool:
    """Whether a widget and every container around it are displayed."""
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))
