"""The article list: title, id and an unread marker, with a filter box.

The list draws only the rows on screen (the line API), so 10,000 articles cost no more than ten.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input

from reader.widgets.styles import component_style

ROW_HEIGHT = 2


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    id: str
    title: str
    unread: bool


class ArticleRows(ScrollView, can_focus=True, inherit_bindings=False):
    """Two lines per article: the title (wrapped, then cut with …) and its id."""

    BINDINGS = [
        Binding("up", "step(-1)", "Up", show=False, id="list_up"),
        Binding("down", "step(1)", "Down", show=False, id="list_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list_page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="list_page_down"),
        Binding("home", "jump(0)", "First", show=False, id="list_first"),
        Binding("end", "jump(-1)", "Last", show=False, id="list_last"),
        Binding("enter", "choose", "Open", show=False, id="list_open"),
    ]
    COMPONENT_CLASSES = {"rows--highlight", "rows--current", "rows--unread", "rows--id"}
    DEFAULT_CSS = """
    ArticleRows { height: 1fr; overflow-x: hidden; scrollbar-size-vertical: 1; }
    ArticleRows > .rows--highlight { background: $foreground 12%; }
    ArticleRows:focus > .rows--highlight { background: $accent 40%; }
    ArticleRows > .rows--current { text-style: bold; color: $text-accent; }
    ArticleRows > .rows--unread { color: $accent; }
    ArticleRows > .rows--id { color: $text-muted; }
    """

    highlighted: reactive[int] = reactive(0)

    class Chosen(Message):
        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ArticleEntry] = []
        self.current: str | None = None
        self.read: set[str] = set()

    def set_rows(self, rows: list[ArticleEntry], current: str | None, read: set[str]) -> None:
        """Show `rows`; an entry whose id is in `read` has been opened since it was listed."""
        self.rows = rows
        self.current = current
        self.read = read
        self.virtual_size = Size(self.size.width, len(rows) * ROW_HEIGHT)
        index = next((i for i, r in enumerate(rows) if r.id == current), 0)
        self.highlighted = min(index, max(0, len(rows) - 1))
        self.refresh()

    def _lines(self, entry: ArticleEntry, width: int) -> tuple[Content, Content]:
        marker = (
            Content.styled("● ", component_style(self, "rows--unread"))
            if entry.unread and entry.id not in self.read
            else Content("  ")
        )
        ident = Content.styled(entry.id, component_style(self, "rows--id"))
        room = max(1, width - 2)
        title = entry.title
        first, rest = title[:room], title[room:]
        if rest and " " in first:  # break at a space, as wrapping would
            cut = first.rstrip().rfind(" ")
            if cut > room // 2:
                first, rest = title[:cut], title[cut + 1 :]
        room2 = max(1, width - 2 - len(entry.id) - 1)
        if len(rest) > room2:
            rest = rest[: max(0, room2 - 1)] + "…"
        pad = " " * max(1, width - 2 - len(rest) - len(entry.id))
        line1 = Content.assemble(marker, Content(first))
        line2 = Content.assemble(Content("  "), Content(rest), pad, ident)
        if entry.id == self.current:
            style = component_style(self, "rows--current")
            line1, line2 = line1.stylize(style), line2.stylize(style)
        return line1, line2

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line_no = y + self.scroll_offset.y
        index, part = divmod(line_no, ROW_HEIGHT)
        if not 0 <= index < len(self.rows):
            return Strip.blank(width, self.rich_style)
        content = self._lines(self.rows[index], width)[part]
        if index == self.highlighted:
            content = content.stylize_before(component_style(self, "rows--highlight"))
            content = content.extend_right(max(0, width - content.cell_length))
        strip = Strip([*list(content.render_segments(self.visual_style)), Segment("")]).apply_style(
            self.rich_style
        )
        return strip.crop_extend(0, width, self.rich_style)

    def watch_highlighted(self, old: int, new: int) -> None:
        self.scroll_to_region(Region(0, new * ROW_HEIGHT, 1, ROW_HEIGHT), animate=False, immediate=True)
        self.refresh()

    def action_step(self, step: int) -> None:
        if self.rows:
            self.highlighted = max(0, min(len(self.rows) - 1, self.highlighted + step))

    def action_page(self, step: int) -> None:
        self.action_step(step * max(1, self.scrollable_content_region.height // ROW_HEIGHT))

    def action_jump(self, where: int) -> None:
        if self.rows:
            self.highlighted = 0 if where == 0 else len(self.rows) - 1

    def action_choose(self) -> None:
        if self.rows:
            self.post_message(self.Chosen(self.highlighted))

    def on_click(self, event: events.Click) -> None:
        index = (event.y + self.scroll_offset.y) // ROW_HEIGHT
        if 0 <= index < len(self.rows):
            self.highlighted = index
            self.post_message(self.Chosen(index))

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows) * ROW_HEIGHT)


class ArticleList(Vertical):
    """The sidebar. It posts `ArticleList.Chosen` when the user picks an article."""

    DEFAULT_CSS = """
    ArticleList { width: 32; border-right: vkey $foreground 20%; }
    ArticleList > Input { display: none; border: tall $accent; }
    ArticleList.-filtering > Input { display: block; }
    """

    class Chosen(Message):
        def __init__(self, article_id: str) -> None:
            self.article_id = article_id
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: list[ArticleEntry] = []
        self._keys: list[str] = []
        self._shown: list[ArticleEntry] = []
        self._read: set[str] = set()
        self._current: str | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter titles…", id="filter")
        yield ArticleRows(id="articles")

    @property
    def shown_ids(self) -> list[str]:
        return [e.id for e in self._shown]

    def set_entries(self, entries: list[ArticleEntry]) -> None:
        self._entries = entries
        self._keys = [f"{e.title}\n{e.id}".casefold() for e in entries]  # casefolded once, not per key
        self._refilter()

    def set_current(self, article_id: str) -> None:
        """Highlight the open article and clear its unread marker."""
        self._current = article_id
        self._read.add(article_id)
        rows = self.query_one(ArticleRows)
        rows.current = article_id
        index = next((i for i, e in enumerate(self._shown) if e.id == article_id), None)
        if index is not None:
            rows.highlighted = index
        rows.refresh()

    def _refilter(self) -> None:
        needle = self.query_one(Input).value.casefold().strip() if self.is_mounted else ""
        if needle:
            self._shown = [e for e, key in zip(self._entries, self._keys, strict=True) if needle in key]
        else:
            self._shown = self._entries
        self.query_one(ArticleRows).set_rows(self._shown, self._current, self._read)

    def start_filter(self) -> None:
        self.add_class("-filtering")
        self.query_one(Input).focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._refilter()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        rows = self.query_one(ArticleRows)
        rows.focus()
        if self._shown:
            self.post_message(self.Chosen(self._shown[rows.highlighted].id))

    def key_escape(self) -> None:
        if self.has_class("-filtering"):
            self.query_one(Input).value = ""
            self.remove_class("-filtering")
            self._refilter()
            self.query_one(ArticleRows).focus()

    @on(ArticleRows.Chosen)
    def _chosen(self, event: ArticleRows.Chosen) -> None:
        event.stop()
        if 0 <= event.index < len(self._shown):
            self.post_message(self.Chosen(self._shown[event.index].id))
