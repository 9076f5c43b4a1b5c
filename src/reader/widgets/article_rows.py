"""The article list's rows: three lines per article, drawn through the line API (only the rows on screen).

Each entry is its title, wrapped at word boundaries on two lines (the second cut with … when the title is
longer), then a line with its date, where it came from (a feed's name, a site, a file) and, once its words
are counted, how many are new to the reader. The open article has a bar beside it; the list's cursor a
background, brighter while the list has focus. With nothing to show, the rows say why.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from reader.widgets.styles import component_style

ROW_HEIGHT = 3
STAR = "★"
UNREAD = "●"
CURRENT = "▌"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    """One article in the list. `date` (a timestamp) orders it; `feed` is what a feed filter matches;
    `source` is what the list says it came from; `new_words` and `known` (0 to 1) are None until its
    words are counted."""

    id: str
    title: str
    unread: bool
    feed: str = ""
    date: float = 0.0
    starred: bool = False
    source: str = ""
    new_words: int | None = None
    known: float | None = None


def when(timestamp: float, now: float | None = None) -> str:
    """A short date: the time today, the day this year, else the day and the year."""
    if not timestamp:
        return ""
    moment, today = time.localtime(timestamp), time.localtime(now)
    if moment[:3] == today[:3]:
        return time.strftime("%H:%M", moment)
    day = f"{moment.tm_mday} {MONTHS[moment.tm_mon - 1]}"
    return day if moment.tm_year == today.tm_year else f"{day} {moment.tm_year}"


def title_lines(title: str, width: int) -> tuple[str, str]:
    """The title on at most two lines of `width` cells, broken at word boundaries; the second is cut
    with … (at a word boundary where one is near) when the title needs more."""
    title = " ".join(title.split())
    lines = [line.plain.rstrip() for line in Content(title).wrap(max(1, width))] or [""]
    if len(lines) <= 2:
        return lines[0], lines[1] if len(lines) > 1 else ""
    second = lines[1]
    room = max(1, width - 1)
    cut = second[:room]
    space = cut.rfind(" ")
    if len(second) + 1 > width and space > room // 2:
        cut = cut[:space]
    return lines[0], cut.rstrip(" ,;:–-") + "…"


class ArticleRows(ScrollView, can_focus=True, inherit_bindings=False):
    """The list's rows. Posts `ArticleRows.Chosen` with the index of the row picked."""

    BINDINGS = [
        Binding("up", "step(-1)", "Up", show=False, id="list_up"),
        Binding("down", "step(1)", "Down", show=False, id="list_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list_page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="list_page_down"),
        Binding("home", "jump(0)", "First", show=False, id="list_first"),
        Binding("end", "jump(-1)", "Last", show=False, id="list_last"),
        Binding("enter", "choose", "Open", show=False, id="list_open"),
    ]
    COMPONENT_CLASSES = {"rows--highlight", "rows--current", "rows--unread", "rows--meta", "rows--star"}
    DEFAULT_CSS = """
    ArticleRows { height: 1fr; overflow-x: hidden; scrollbar-size-vertical: 1; }
    ArticleRows > .rows--highlight {
        background: $block-cursor-blurred-background; color: $block-cursor-blurred-foreground;
    }
    ArticleRows:focus > .rows--highlight {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    ArticleRows > .rows--current { text-style: bold; color: $text-accent; }
    ArticleRows > .rows--unread { color: $accent; }
    ArticleRows > .rows--meta { color: $text-muted; }
    ArticleRows > .rows--star { color: $warning; }
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
        self.empty = ""  # what to say when there are no rows
        self._lines: dict[tuple[str, int], tuple[str, str]] = {}  # (id, width) -> title lines

    def set_rows(
        self, rows: list[ArticleEntry], current: str | None, read: set[str], empty: str = ""
    ) -> None:
        """Show `rows`; an entry whose id is in `read` has been opened since it was listed."""
        self.rows = rows
        self.current = current
        self.read = read
        self.empty = empty
        self.virtual_size = Size(self.size.width, len(rows) * ROW_HEIGHT)
        index = next((i for i, r in enumerate(rows) if r.id == current), 0)
        self.highlighted = min(index, max(0, len(rows) - 1))
        self.call_after_refresh(self.show_highlighted)  # once the new height is laid out
        self.refresh()

    def show_highlighted(self) -> None:
        """Scroll the highlighted row into view."""
        if self.rows:
            region = Region(0, self.highlighted * ROW_HEIGHT, 1, ROW_HEIGHT)
            self.scroll_to_region(region, animate=False, immediate=True)

    def _entry_lines(self, entry: ArticleEntry, width: int) -> tuple[Content, Content, Content]:
        unread = entry.unread and entry.id not in self.read
        if entry.id == self.current:
            marker = Content.styled(CURRENT, component_style(self, "rows--current"))
        elif unread:
            marker = Content.styled(UNREAD, component_style(self, "rows--unread"))
        elif entry.starred:
            marker = Content.styled(STAR, component_style(self, "rows--star"))
        else:
            marker = Content(" ")
        room = max(1, width - 2)
        key = (entry.id, room)
        lines = self._lines.get(key)
        if lines is None:
            if len(self._lines) > 4096:  # bounded: wrapping a title again is cheap
                self._lines.clear()
            lines = self._lines[key] = title_lines(entry.title, room)
        first, second = (Content(line) for line in lines)
        if entry.id == self.current:
            style = component_style(self, "rows--current")
            first, second = first.stylize(style), second.stylize(style)
        meta = self._meta(entry, room, star=entry.starred and marker.plain != STAR)
        if not lines[1]:  # a short title: its date and source right under it
            second, meta = meta, Content("")
        gap = Content(" ")
        return (
            Content.assemble(marker, gap, first),
            Content.assemble(" ", gap, second),
            Content.assemble("  ", meta),
        )

    def _meta(self, entry: ArticleEntry, room: int, *, star: bool) -> Content:
        """Date · source on the left, the new words on the right (when counted)."""
        muted = component_style(self, "rows--meta")
        right = (
            Content.styled(f"{entry.new_words} new", muted) if entry.new_words is not None else Content("")
        )
        space = room - right.cell_length - (1 if right.cell_length else 0) - (2 if star else 0)
        date, source = when(entry.date), entry.source
        both = " · ".join(part for part in (date, source) if part)
        # Where both do not fit, the source goes first: a date alone says less than where it came from.
        text = both if len(both) <= space or not source else source
        left = Content(text).truncate(max(0, space), ellipsis=True).stylize_before(muted)
        if star:
            left = Content.assemble(Content.styled(f"{STAR} ", component_style(self, "rows--star")), left)
        pad = " " * max(0, room - left.cell_length - right.cell_length)
        return Content.assemble(left, pad, right)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line_no = y + self.scroll_offset.y
        index, part = divmod(line_no, ROW_HEIGHT)
        visual = self.visual_style  # cached by Textual (`rich_style` walks every ancestor each time)
        if not self.rows:  # why there is nothing to show, wrapped
            lines = Content(self.empty).wrap(max(1, width - 1)) if self.empty else []
            content = Content.assemble(" ", lines[line_no]) if line_no < len(lines) else Content("")
            content = content.stylize_before(component_style(self, "rows--meta"))
        elif not 0 <= index < len(self.rows):
            return Strip.blank(width, visual.rich_style)
        else:
            content = self._entry_lines(self.rows[index], width)[part]
            if index == self.highlighted:
                content = content.stylize_before(self._highlight())
                content = content.extend_right(max(0, width - content.cell_length))
        strip = Strip([*list(content.render_segments(visual)), Segment("")]).apply_style(visual.rich_style)
        return strip.crop_extend(0, width, visual.rich_style)

    def _highlight(self) -> Style:
        """The cursor row's style, its translucent background laid over the list's own: Textual's partial
        style lays it over black, which a 256-colour terminal shows as black (no highlight at all)."""
        style = component_style(self, "rows--highlight")
        styles = self.get_component_styles("rows--highlight")
        if styles.has_rule("background") and styles.background.a < 1:
            style = style + Style(background=self.visual_style.background + styles.background)
        return style

    def watch_highlighted(self, old: int, new: int) -> None:
        self.show_highlighted()
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
        self.call_after_refresh(self.show_highlighted)
