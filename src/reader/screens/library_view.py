"""The reading screen's library: the list of articles, which one opens first, stepping through the list,
read and starred flags, one feed at a time, and refreshing the feeds. A part of the reading screen (see
`reader.screens.parts`).

It holds only light summaries (ids, titles, flags); an article's body is read from the store when it
opens.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.worker import Worker

from reader.articles.model import Article
from reader.screens import workers
from reader.screens.parts import Body, Host, Part
from reader.screens.position import ReadingPosition
from reader.screens.state import ArticleState
from reader.store import Store, library, reading
from reader.store.library import ArticleSummary
from reader.widgets.sidebar import ArticleEntry

if TYPE_CHECKING:  # the replies' classes load with the workers, after the first frame
    from reader.screens.messages import LibraryListed, Refreshed, Status


def _entries(summaries: list[ArticleSummary]) -> list[ArticleEntry]:
    return [ArticleEntry(s.id, s.title, not s.read, s.feed, s.date, s.starred) for s in summaries]


def within(path: Path, roots: list[Path]) -> bool:
    """Whether `path` is one of `roots` or lies under one of them."""
    try:
        resolved = path.resolve()
        return any(resolved == r or r in resolved.parents for r in (root.resolve() for root in roots))
    except OSError:
        return False


def first_article(store: Store, paths: list[Path]) -> Article | None:
    """The article to show in the first frame, if it is at hand (split already): the one read last, if
    it is one asked for (`reader DIR` goes back to it), else the first file asked for."""
    last = reading.last_read(store)
    stored = library.stored_article(store, last) if last else None
    if stored is not None and stored[1]:
        article = stored[0]
        if not paths or within(Path(article.source), paths):
            return article
    if paths:
        from reader.library.importing import cached_first

        return cached_first(store, paths)
    return None


class Library(Part):
    NAME = "library"
    BINDINGS = [
        Binding("n", "article(1)", "Next article", id="next_article"),
        Binding("p", "article(-1)", "Previous article", id="previous_article"),
        Binding("u", "toggle_read", "Mark read / unread", id="toggle_read", show=False),
        Binding("U", "all_read", "Mark all read", id="mark_all_read", show=False),
        Binding("asterisk", "star", "Star / unstar", id="star", show=False),
        Binding("F", "next_feed", "Next feed", id="next_feed", show=False),
        Binding("R", "refresh", "Refresh feeds", id="refresh", show=False),
    ]

    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.summaries: dict[str, ArticleSummary] = {}  # ids, titles and flags; no bodies
        self.asked: list[str] = []  # the articles `reader PATH…` asked for, as they were added

    def start(self) -> None:
        self.run(workers.load_library, self.host.paths, group="library", description="Loading articles")

    def on_library_listed(self, message: LibraryListed) -> None:
        host = self.host
        host.part(ReadingPosition).remember(message.positions)
        for notice in message.notices:
            self.say(notice, severity="warning", timeout=8)
        self.summaries.update((s.id, s) for s in message.summaries)
        if message.replace:
            host.sidebar.set_entries(_entries(message.summaries))
        elif message.summaries:
            host.sidebar.add_entries(_entries(message.summaries))  # inserted in place, never re-sorted
        self.asked += message.asked
        if host.state is None:
            self.open_first()
        if message.done and not self.summaries:
            host.status.problem = "No articles to show: every file was skipped."

    def open_first(self) -> None:
        """The article read last among those asked for (or in the library), else the first asked for,
        else the newest."""
        paths = self.host.paths
        if paths and not self.asked:
            return
        among = set(self.asked) if paths else set(self.summaries)
        last = reading.last_read(self.services.store, among) if among else None
        target = last or (self.asked[0] if self.asked else next(iter(self.summaries), None))
        if target is not None:
            self.host.open_article(target)

    def opened(self, state: ArticleState) -> None:
        """An article the reader opened is read."""
        article_id = state.id
        summary = self.summaries.get(article_id)
        if summary is not None and summary.read:
            return
        if summary is not None:
            self.summaries[article_id] = replace(summary, read=True)
        self._flag(workers.mark_read, [article_id], True, description="Marking read")

    def _flag(self, body: Body, *args: object, description: str) -> None:
        self.run(body, *args, group="library-flags", description=description, exclusive=False)

    def action_article(self, step: int) -> None:
        """Open the next (or previous) article of the list."""
        shown = self.host.sidebar.shown_ids
        state = self.host.state
        if not shown or state is None:
            return
        i = shown.index(state.id) if state.id in shown else -1
        target = i + step
        if not 0 <= target < len(shown):
            only = len(shown) == 1
            where = "the only" if only else ("the last" if step > 0 else "the first")
            self.say(f"This is {where} article in the list.", timeout=3)
            return
        self.host.open_article(shown[target])

    def action_toggle_read(self) -> None:
        state = self.host.state
        if state is None:
            return
        summary = self.summaries.get(state.id)
        read = not (summary.read if summary is not None else True)
        if summary is not None:
            self.summaries[summary.id] = replace(summary, read=read)
        self.host.sidebar.set_unread([state.id], unread=not read)
        self._flag(workers.mark_read, [state.id], read, description="Marking")
        self.say("Marked read." if read else "Marked unread: it keeps its dot in the list.", timeout=3)

    def action_all_read(self) -> None:
        feed = self.host.sidebar.feed
        self.host.sidebar.mark_all_read(feed)
        self.summaries = {
            i: replace(s, read=True) if feed is None or s.feed == feed else s
            for i, s in self.summaries.items()
        }
        self._flag(workers.mark_all_read, feed, description="Marking all read")
        self.say(f"Marked every article{' of this feed' if feed is not None else ''} read.", timeout=3)

    def action_star(self) -> None:
        state = self.host.state
        if state is None:
            return
        summary = self.summaries.get(state.id)
        starred = not (summary.starred if summary is not None else False)
        if summary is not None:
            self.summaries[summary.id] = replace(summary, starred=starred)
        self.host.sidebar.set_starred(state.id, starred)
        self._flag(workers.star, state.id, starred, description="Starring")
        self.say("Starred." if starred else "Star removed.", timeout=3)

    def action_next_feed(self) -> None:
        """Show the next feed's articles only, then all of them again."""
        sidebar = self.host.sidebar
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

    def action_refresh(self) -> None:
        self.host.status.activity = "Refreshing feeds…"
        self.run(workers.refresh, group="refresh", description="Refreshing feeds")

    def on_status(self, message: Status) -> None:
        self.host.status.activity = message.text

    def failed(self, event: Worker.StateChanged) -> None:
        self.host.status.activity = ""

    def on_refreshed(self, message: Refreshed) -> None:
        self.host.status.activity = ""
        if not message.counts:
            self.say(
                "No feeds subscribed: add one with `reader add --feed NAME|URL` (see the README).", timeout=6
            )
            return
        self.summaries.update((s.id, s) for s in message.summaries)
        self.host.sidebar.add_entries(_entries(message.summaries))
        summary = ", ".join(f"{n} {kind}" for kind, n in message.counts.items())
        self.say(f"Refreshed: {summary}.", severity="warning" if message.failures else "information")
        for failure in message.failures[:3]:
            self.say(failure, severity="warning", timeout=8)
