"""The sidebar: the article list (`reader.widgets.article_rows`) with a filter box, one feed at a time,
and an order: newest first, or a view the screen defines (the articles you can read, the fewest new words
first).

The rows draw only what is on screen (the line API), so 10,000 articles cost no more than ten. Entries
hold ids, titles, flags and figures only. `add_entries` inserts in date order (newest first) without
re-sorting the whole list, so an import can feed it batch by batch.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from reader.widgets.article_rows import ArticleEntry, ArticleRows


@dataclass(frozen=True, slots=True)
class FeedCount:
    feed: str
    total: int
    unread: int


@dataclass(frozen=True, slots=True)
class Order:
    """A way to show the list: which entries (`keep`), in which order (`key`; None: newest first), and
    what to say when no entry is left (`empty`)."""

    name: str
    keep: Callable[[ArticleEntry], bool] | None = None
    key: Callable[[ArticleEntry], Any] | None = None
    empty: str = ""


NEWEST = Order("newest first")


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
        self._order_keys: list[tuple[float, int]] = []  # (-date, sequence) per entry: ascending = newest
        self._sequence = 0
        self._feed: str | None = None
        self._feed_titles: dict[str, str] = {}
        self._order = NEWEST
        self._filter: FilterBox | None = None
        self._feed_label: FeedLabel | None = None

    def compose(self) -> ComposeResult:
        # The filter box and the feed's name are mounted when first needed: fewer widgets to style at
        # start-up, and Input's styles are not even parsed until then.
        yield ArticleRows(id="articles")

    @property
    def rows(self) -> ArticleRows:
        return self.query_one(ArticleRows)

    @property
    def shown_ids(self) -> list[str]:
        return [e.id for e in self._shown]

    @property
    def feed(self) -> str | None:
        return self._feed

    @property
    def order(self) -> Order:
        return self._order

    @property
    def entries(self) -> list[ArticleEntry]:
        """Every entry, whatever is shown, newest first."""
        return list(self._entries)

    def set_entries(self, entries: list[ArticleEntry]) -> None:
        """Show `entries` in the order given (sorted already, or in the order the caller wants)."""
        self._entries = list(entries)
        self._keys = [self._key(e) for e in entries]  # casefolded once, not per key
        self._sequence = len(entries)
        self._order_keys = [(-e.date, n) for n, e in enumerate(entries)]
        self._refilter()

    @staticmethod
    def _key(entry: ArticleEntry) -> str:
        return f"{entry.title}\n{entry.source}\n{entry.id}".casefold()

    def add_entries(self, entries: list[ArticleEntry]) -> None:
        """Insert entries where their date puts them (newest first); the rest of the list is not re-sorted.

        Meant for a list built with `add_entries` (or `set_entries` of entries sorted newest first).
        """
        for entry in entries:
            self._sequence += 1
            key = (-entry.date, self._sequence)  # the same date: in the order they came
            at = bisect_left(self._order_keys, key)
            self._order_keys.insert(at, key)
            self._entries.insert(at, entry)
            self._keys.insert(at, self._key(entry))
        self._refilter()

    def remove_entries(self, article_ids: Iterable[str]) -> None:
        """Take articles out of the list (they left the library)."""
        gone = set(article_ids)
        kept = [i for i, e in enumerate(self._entries) if e.id not in gone]
        self._entries = [self._entries[i] for i in kept]
        self._keys = [self._keys[i] for i in kept]
        self._order_keys = [self._order_keys[i] for i in kept]
        self._refilter()

    def _change(self, changes: Mapping[str, dict[str, Any]]) -> None:
        """Change some entries' fields, by id."""
        for i, entry in enumerate(self._entries):
            change = changes.get(entry.id)
            if change:
                self._entries[i] = replace(entry, **change)
        self._refilter()

    def set_unread(self, article_ids: list[str], unread: bool) -> None:
        """Show articles as unread or read (after the store was told)."""
        wanted = set(article_ids)
        if unread:
            self._read -= wanted
        else:
            self._read |= wanted
        self._change({i: {"unread": unread} for i in wanted})

    def mark_all_read(self, feed: str | None = None) -> None:
        """Show every article (or one feed's) as read."""
        self.set_unread([e.id for e in self._entries if feed is None or e.feed == feed], unread=False)

    def unread_ids(self, feed: str | None = None) -> list[str]:
        """The articles shown as unread (of one feed, or all)."""
        return [
            e.id
            for e in self._entries
            if e.unread and e.id not in self._read and (feed is None or e.feed == feed)
        ]

    def set_starred(self, article_id: str, starred: bool) -> None:
        self._change({article_id: {"starred": starred}})

    def set_figures(self, figures: Mapping[str, tuple[int, float]]) -> None:
        """Each counted article's new words and known share; an article absent is shown as not counted."""
        changes: dict[str, dict[str, Any]] = {}
        for entry in self._entries:
            new, known = figures.get(entry.id, (None, None))
            if (entry.new_words, entry.known) != (new, known):
                changes[entry.id] = {"new_words": new, "known": known}
        if changes:
            self._change(changes)

    def set_sources(self, sources: Mapping[str, str]) -> None:
        """What the list says each article came from, by id (a feed renamed)."""
        self._change({i: {"source": source} for i, source in sources.items()})
        self._keys = [self._key(e) for e in self._entries]

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
            self.mount(self._feed_label, before=self.rows)
        self.set_class(feed is not None, "-feed")
        self._refilter()

    def set_order(self, order: Order) -> None:
        """Show the entries `order` keeps, in its order."""
        self._order = order
        self._refilter()
        self.rows.highlighted = 0  # a new order is read from its top

    def set_current(self, article_id: str) -> None:
        """Highlight the open article and clear its unread marker."""
        self._current = article_id
        self._read.add(article_id)
        rows = self.rows
        rows.current = article_id
        index = next((i for i, e in enumerate(self._shown) if e.id == article_id), None)
        if index is not None:
            rows.highlighted = index
        rows.refresh()

    def _refilter(self) -> None:
        needle = self._filter.value.casefold().strip() if self._filter is not None else ""
        feed, keep = self._feed, self._order.keep
        if needle or feed is not None or keep is not None:
            self._shown = [
                e
                for e, key in zip(self._entries, self._keys, strict=True)
                if (not needle or needle in key)
                and (feed is None or e.feed == feed)
                and (keep is None or keep(e))
            ]
        else:
            self._shown = self._entries
        if self._order.key is not None:
            self._shown = sorted(self._shown, key=self._order.key)  # stable: newest first among equals
        if feed is not None and self._feed_label is not None:
            unread = sum(1 for e in self._shown if e.unread and e.id not in self._read)
            name = self._feed_titles.get(feed) or feed or "added by hand"
            self._feed_label.update(Content(f"{name} · {unread} unread"))
        self.rows.set_rows(self._shown, self._current, self._read, self._empty(needle))

    def _empty(self, needle: str) -> str:
        """Why the list shows nothing (when it has entries to show)."""
        if self._shown or not self._entries:
            return ""
        if needle:
            return f"Nothing matches “{needle}”. Escape clears the filter."
        if self._order.keep is not None:
            return self._order.empty
        return "No articles from this feed." if self._feed is not None else ""

    @property
    def filtering(self) -> bool:
        """Whether the filter box has the keys."""
        return self._filter is not None and self._filter.has_focus

    def type_in_filter(self, text: str) -> None:
        if self._filter is not None:
            self._filter.insert_text_at_cursor(text)

    async def start_filter(self) -> None:
        self.add_class("-filtering")
        if self._filter is None:
            self._filter = FilterBox(placeholder="filter titles and sources…", id="filter")
            await self.mount(self._filter, before=self.rows)
        # Shown and focused now, not after the next refresh: the keys typed right after `/` are the
        # filter's, not the reading screen's.
        self._filter.display = True
        self.screen.set_focus(self._filter)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self._filter:
            self._refilter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input is not self._filter:
            return
        rows = self.rows
        rows.focus()
        if self._shown:
            self.post_message(self.Chosen(self._shown[rows.highlighted].id))

    def key_escape(self) -> None:
        if self.has_class("-filtering") and self._filter is not None:
            self._filter.value = ""
            self._filter.display = False
            self.remove_class("-filtering")
            self._refilter()
            self.rows.focus()

    @on(ArticleRows.Chosen)
    def _chosen(self, event: ArticleRows.Chosen) -> None:
        event.stop()
        if 0 <= event.index < len(self._shown):
            self.post_message(self.Chosen(self._shown[event.index].id))
