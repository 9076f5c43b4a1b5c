"""The reading screen's library: the list of articles, which one opens first, read and starred flags,
one feed at a time, and refreshing the feeds.

`LibraryView` belongs to one `ReadingScreen`, whose actions and message handlers call it. It holds
only light summaries (ids, titles, flags); an article's body is read from the store when it opens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from reader.articles.model import Article
from reader.screens import workers
from reader.screens.messages import LibraryListed, Refreshed
from reader.screens.state import ArticleState
from reader.services import Services
from reader.store import library, reading
from reader.store.library import ArticleSummary
from reader.widgets.sidebar import ArticleEntry, ArticleList
from reader.widgets.status import StatusLine


class Host(Protocol):
    """What LibraryView needs of the reading screen (a Protocol, so the two modules import one way)."""

    state: ArticleState | None
    services: Services
    paths: list[Path]
    positions: dict[str, int]

    @property
    def sidebar(self) -> ArticleList: ...
    @property
    def status(self) -> StatusLine: ...
    def open_article(self, article_id: str, cursor: int | None = None) -> None: ...
    def _run(
        self, fn: Callable[..., None], *args: Any, group: str, description: str, exclusive: bool = ...
    ) -> None: ...


def _entries(summaries: list[ArticleSummary]) -> list[ArticleEntry]:
    return [ArticleEntry(s.id, s.title, not s.read, s.feed, s.date, s.starred) for s in summaries]


def within(path: Path, roots: list[Path]) -> bool:
    """Whether `path` is one of `roots` or lies under one of them."""
    try:
        resolved = path.resolve()
        return any(resolved == r or r in resolved.parents for r in (root.resolve() for root in roots))
    except OSError:
        return False


class LibraryView:
    def __init__(self, screen: Host, say: Callable[..., None]) -> None:
        self.screen = screen
        self.say = say
        self.summaries: dict[str, ArticleSummary] = {}  # ids, titles and flags; no bodies
        self.asked: list[str] = []  # the articles `reader PATH…` asked for, as they were added

    def last_read(self) -> Article | None:
        """The article read last, already split, if it is one asked for: `reader DIR` goes back to it."""
        store = self.screen.services.store
        last = reading.last_read(store)
        stored = library.stored_article(store, last) if last else None
        if stored is None or not stored[1]:
            return None
        article = stored[0]
        paths = self.screen.paths
        return article if not paths or within(Path(article.source), paths) else None

    def listed(self, message: LibraryListed) -> None:
        screen = self.screen
        screen.positions.update({k: v for k, v in message.positions.items() if k not in screen.positions})
        for notice in message.notices:
            self.say(notice, severity="warning", timeout=8)
        self.summaries.update((s.id, s) for s in message.summaries)
        if message.replace:
            screen.sidebar.set_entries(_entries(message.summaries))
        elif message.summaries:
            screen.sidebar.add_entries(_entries(message.summaries))  # inserted in place, never re-sorted
        self.asked += message.asked
        if screen.state is None:
            self.open_first()
        if message.done and not self.summaries:
            screen.status.problem = "No articles to show: every file was skipped."

    def open_first(self) -> None:
        """The article read last among those asked for (or in the library), else the first asked for,
        else the newest."""
        paths = self.screen.paths
        if paths and not self.asked:
            return
        among = set(self.asked) if paths else set(self.summaries)
        last = reading.last_read(self.screen.services.store, among) if among else None
        target = last or (self.asked[0] if self.asked else next(iter(self.summaries), None))
        if target is not None:
            self.screen.open_article(target)

    def opened(self, article_id: str) -> None:
        """An article the reader opened is read."""
        summary = self.summaries.get(article_id)
        if summary is not None and summary.read:
            return
        if summary is not None:
            self.summaries[article_id] = replace(summary, read=True)
        self._run(workers.mark_read, [article_id], True, description="Marking read")

    def _run(self, fn: Callable[..., None], *args: Any, description: str) -> None:
        self.screen._run(fn, *args, group="library-flags", description=description, exclusive=False)

    def toggle_read(self) -> None:
        state = self.screen.state
        if state is None:
            return
        summary = self.summaries.get(state.id)
        read = not (summary.read if summary is not None else True)
        if summary is not None:
            self.summaries[summary.id] = replace(summary, read=read)
        self.screen.sidebar.set_unread([state.id], unread=not read)
        self._run(workers.mark_read, [state.id], read, description="Marking")
        self.say("Marked read." if read else "Marked unread: it keeps its dot in the list.", timeout=3)

    def all_read(self) -> None:
        feed = self.screen.sidebar.feed
        self.screen.sidebar.mark_all_read(feed)
        self.summaries = {
            i: replace(s, read=True) if feed is None or s.feed == feed else s
            for i, s in self.summaries.items()
        }
        self._run(workers.mark_all_read, feed, description="Marking all read")
        self.say(f"Marked every article{' of this feed' if feed is not None else ''} read.", timeout=3)

    def star(self) -> None:
        state = self.screen.state
        if state is None:
            return
        summary = self.summaries.get(state.id)
        starred = not (summary.starred if summary is not None else False)
        if summary is not None:
            self.summaries[summary.id] = replace(summary, starred=starred)
        self.screen.sidebar.set_starred(state.id, starred)
        self._run(workers.star, state.id, starred, description="Starring")
        self.say("Starred." if starred else "Star removed.", timeout=3)

    def next_feed(self) -> None:
        """Show the next feed's articles only, then all of them again."""
        sidebar = self.screen.sidebar
        counts = sidebar.feed_counts()
        feeds = [c.feed for c in counts]
        if len(feeds) < 2:
            self.say("Every article is from one source: subscribe with `reader add --feed`.", timeout=4)
            return
        current = sidebar.feed
        at = feeds.index(current) + 1 if current in feeds else 0
        feed = feeds[at] if at < len(feeds) else None
        sidebar.set_feed(feed)
        if feed is None:
            self.say("All articles.", timeout=3)
        else:
            unread = next(c.unread for c in counts if c.feed == feed)
            self.say(f"Feed: {feed or 'added by hand'} ({unread} unread). F: next feed.", timeout=4)

    def refresh(self) -> None:
        self.screen.status.entities = "Refreshing feeds…"
        self.screen._run(workers.refresh, group="refresh", description="Refreshing feeds")

    def refreshed(self, message: Refreshed) -> None:
        self.screen.status.entities = ""
        if not message.counts:
            self.say(
                "No feeds subscribed: add one with `reader add --feed NAME|URL` (see the README).", timeout=6
            )
            return
        self.summaries.update((s.id, s) for s in message.summaries)
        self.screen.sidebar.add_entries(_entries(message.summaries))
        summary = ", ".join(f"{n} {kind}" for kind, n in message.counts.items())
        self.say(f"Refreshed: {summary}.", severity="warning" if message.failures else "information")
        for failure in message.failures[:3]:
            self.say(failure, severity="warning", timeout=8)
