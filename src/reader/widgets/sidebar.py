"""The article list: title, id, an unread dot and a starred glyph, with a filter box and a feed filter.

The list draws only the rows on screen (the line API), so 10,000 articles cost no more than ten.
Entries hold ids, titles and flags only. `add_entries` inserts in date order (newest first) without
re-sorting the whole list, so an import can feed it batch by batch.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace

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
from textual.widgets import Input, Static

from reader.widgets.styles import component_style

ROW_HEIGHT = 2


STAR = "★"


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    """One row. `date` (a timestamp) orders `add_entries`; `feed` is what `set_feed` filters on."""

    id: str
    title: str
    unread: bool
    feed: str = ""
    date: float = 0.0
    starred: bool = False


@dataclass(frozen=True, slots=True)
class FeedCount:
    feed: str
    total: int
    unread: int


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
    COMPONENT_CLASSES = {"rows--highlight", "rows--current", "rows--unread", "rows--id", "rows--star"}
    DEFAULT_CSS = """
    ArticleRows { height: 1fr; overflow-x: hidden; scrollbar-size-vertical: 1; }
    ArticleRows > .rows--highlight { background: $foreground 12%; }
    ArticleRows:focus > .rows--highlight { background: $accent 40%; }
    ArticleRows > .rows--current { text-style: bold; color: $text-accent; }
    ArticleRows > .rows--unread { color: $accent; }
    ArticleRows > .rows--id { color: $text-muted; }
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
        if entry.unread and entry.id not in self.read:
            marker = Content.styled("● ", component_style(self, "rows--unread"))
        elif entry.starred:
            marker = Content.styled(f"{STAR} ", component_style(self, "rows--star"))
        else:
            marker = Content("  ")
        ident = Content.styled(entry.id, component_style(self, "rows--id"))
        if entry.starred and entry.unread and entry.id not in self.read:  # both: the star goes by the id
            ident = Content.assemble(Content.styled(f"{STAR} ", component_style(self, "rows--star")), ident)
        room = max(1, width - 2)
        title = entry.title
        first, rest = title[:room], title[room:]
        if rest and " " in first:  # break at a space, as wrapping would
            cut = first.rstrip().rfind(" ")
            if cut > room // 2:
                first, rest = title[:cut], title[cut + 1 :]
        room2 = max(1, width - 2 - ident.cell_length - 1)
        if len(rest) > room2:
            rest = rest[: max(0, room2 - 1)] + "…"
        pad = " " * max(1, width - 2 - len(rest) - ident.cell_length)
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
        visual = self.visual_style  # cached by Textual (`rich_style` walks every ancestor each time)
        if not 0 <= index < len(self.rows):
            return Strip.blank(width, visual.rich_style)
        content = self._lines(self.rows[index], width)[part]
        if index == self.highlighted:
            content = content.stylize_before(component_style(self, "rows--highlight"))
            content = content.extend_right(max(0, width - content.cell_length))
        strip = Strip([*list(content.render_segments(visual)), Segment("")]).apply_style(visual.rich_style)
        return strip.crop_extend(0, width, visual.rich_style)

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


class FeedLabel(Static):
    """The feed shown, over the list; mounted the first time one is (its styles parsed only then)."""

    SCOPED_CSS = False  # the rules name the list around it
    DEFAULT_CSS = """
    FeedLabel { display: none; height: 1; color: $text-accent; text-style: bold; }
    ArticleList.-feed > FeedLabel { display: block; }
    """


class FilterBox(Input):
    """The filter box over the list; mounted the first time the reader filters (Input's many styles are
    parsed, and applied, only then)."""

    SCOPED_CSS = False  # the rules name the list around it
    DEFAULT_CSS = """
    FilterBox { display: none; border: tall $accent; }
    ArticleList.-filtering > FilterBox { display: block; }
    """


class ArticleList(Vertical):
    """The sidebar. It posts `ArticleList.Chosen` when the user picks an article."""

    DEFAULT_CSS = """
    ArticleList { width: 32; border-right: vkey $foreground 20%; }
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
        self._order: list[tuple[float, int]] = []  # (-date, sequence) per entry: ascending = newest first
        self._sequence = 0
        self._feed: str | None = None
        self._feed_titles: dict[str, str] = {}
        self._filter: FilterBox | None = None
        self._feed_label: FeedLabel | None = None

    def compose(self) -> ComposeResult:
        # The filter box and the feed's name are mounted when first needed: fewer widgets to style at
        # start-up, and Input's styles are not even parsed until then.
        yield ArticleRows(id="articles")

    @property
    def shown_ids(self) -> list[str]:
        return [e.id for e in self._shown]

    @property
    def feed(self) -> str | None:
        return self._feed

    def set_entries(self, entries: list[ArticleEntry]) -> None:
        """Show `entries` in the order given (sorted already, or in the order the caller wants)."""
        self._entries = list(entries)
        self._keys = [self._key(e) for e in entries]  # casefolded once, not per key
        self._sequence = len(entries)
        self._order = [(-e.date, n) for n, e in enumerate(entries)]
        self._refilter()

    @staticmethod
    def _key(entry: ArticleEntry) -> str:
        return f"{entry.title}\n{entry.id}".casefold()

    def add_entries(self, entries: list[ArticleEntry]) -> None:
        """Insert entries where their date puts them (newest first); the rest of the list is not re-sorted.

        Meant for a list built with `add_entries` (or `set_entries` of entries sorted newest first).
        """
        for entry in entries:
            self._sequence += 1
            key = (-entry.date, self._sequence)  # the same date: in the order they came
            at = bisect_left(self._order, key)
            self._order.insert(at, key)
            self._entries.insert(at, entry)
            self._keys.insert(at, self._key(entry))
        self._refilter()

    def _replace(self, article_id: str, **changes: object) -> None:
        for i, entry in enumerate(self._entries):
            if entry.id == article_id:
                self._entries[i] = replace(entry, **changes)  # type: ignore[arg-type]
                return

    def set_unread(self, article_ids: list[str], unread: bool) -> None:
        """Show articles as unread or read (after the store was told)."""
        wanted = set(article_ids)
        for i, entry in enumerate(self._entries):
            if entry.id in wanted:
                self._entries[i] = replace(entry, unread=unread)
        if unread:
            self._read -= wanted
        else:
            self._read |= wanted
        self._refilter()

    def mark_all_read(self, feed: str | None = None) -> None:
        """Show every article (or one feed's) as read."""
        self.set_unread([e.id for e in self._entries if feed is None or e.feed == feed], unread=False)

    def set_starred(self, article_id: str, starred: bool) -> None:
        self._replace(article_id, starred=starred)
        self._refilter()

    def feed_counts(self) -> list[FeedCount]:
        """Per feed, in order of appearance: how many articles and how many unread."""
        totals: dict[str, list[int]] = {}
        for entry in self._entries:
            counts = totals.setdefault(entry.feed, [0, 0])
            counts[0] += 1
            counts[1] += entry.unread and entry.id not in self._read
        return [FeedCount(feed, total, unread) for feed, (total, unread) in totals.items()]

    def set_feed_titles(self, titles: dict[str, str]) -> None:
        self._feed_titles = dict(titles)
        self._refilter()

    def set_feed(self, feed: str | None) -> None:
        """Show one feed's articles ('' for those added by hand), or every article for None."""
        self._feed = feed
        if feed is not None and self._feed_label is None:
            self._feed_label = FeedLabel("", id="feed", markup=False)
            self.mount(self._feed_label, before=self.query_one(ArticleRows))
        self.set_class(feed is not None, "-feed")
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
        needle = self._filter.value.casefold().strip() if self._filter is not None else ""
        feed = self._feed
        if needle or feed is not None:
            self._shown = [
                e
                for e, key in zip(self._entries, self._keys, strict=True)
                if (not needle or needle in key) and (feed is None or e.feed == feed)
            ]
        else:
            self._shown = self._entries
        if feed is not None and self._feed_label is not None:
            unread = sum(1 for e in self._shown if e.unread and e.id not in self._read)
            name = self._feed_titles.get(feed) or feed or "added by hand"
            self._feed_label.update(Content(f"{name} · {unread} unread"))
        self.query_one(ArticleRows).set_rows(self._shown, self._current, self._read)

    async def start_filter(self) -> None:
        self.add_class("-filtering")  # first: the box is shown, so focusable, once it is mounted
        if self._filter is None:
            self._filter = FilterBox(placeholder="filter titles…", id="filter")
            await self.mount(self._filter, before=self.query_one(ArticleRows))
        self._filter.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self._filter:
            self._refilter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input is not self._filter:
            return
        rows = self.query_one(ArticleRows)
        rows.focus()
        if self._shown:
            self.post_message(self.Chosen(self._shown[rows.highlighted].id))

    def key_escape(self) -> None:
        if self.has_class("-filtering") and self._filter is not None:
            self._filter.value = ""
            self.remove_class("-filtering")
            self._refilter()
            self.query_one(ArticleRows).focus()

    @on(ArticleRows.Chosen)
    def _chosen(self, event: ArticleRows.Chosen) -> None:
        event.stop()
        if 0 <= event.index < len(self._shown):
            self.post_message(self.Chosen(self._shown[event.index].id))
