"""The reading screen's feeds: the feed list (`F`: one feed's articles alone, a feed renamed or
unsubscribed), refreshing them (`R`, and every `[feeds] refresh_every` minutes while the app is open),
with new articles joining the list as they arrive. A part of the reading screen (see
`reader.screens.parts`); the list itself is `reader.screens.library_view`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.worker import Worker, WorkerState

from reader.screens import workers
from reader.screens.library_view import Library
from reader.screens.parts import Part

if TYPE_CHECKING:  # the replies' classes load with the workers, the feed list when first shown
    from reader.screens.feed_list import FeedAction, FeedRow
    from reader.screens.messages import Arrived, FeedChanged, Refreshed, Status


class Feeds(Part):
    NAME = "feeds"
    BINDINGS = [
        Binding(
            "F",
            "feeds",
            "Feeds",
            id="feeds",
            show=False,
            tooltip="The feeds with their unread articles: show one alone, rename or unsubscribe it",
        ),
        Binding("R", "refresh", "Refresh feeds", id="refresh", show=False),
    ]

    def start(self) -> None:
        minutes = self.services.settings.feeds.refresh_every
        if minutes and not self.services.store.read_only:
            self.set_interval(minutes * 60, self._timed_refresh, name="refresh feeds")

    @property
    def library(self) -> Library:
        return self.host.part(Library)

    # -- the feed list -----------------------------------------------------------------------------
    def rows(self) -> list[FeedRow]:
        """Every article, each feed (subscribed, or with articles in the list), those added by hand."""
        from reader.screens.feed_list import ALL, BY_HAND, FeedRow

        counts = {c.feed: c for c in self.host.sidebar.feed_counts()}
        names = self.library.feeds
        total = sum(c.total for c in counts.values())
        rows = [FeedRow(ALL, "All articles", total, sum(c.unread for c in counts.values()))]
        for url in [*names, *(f for f in counts if f and f not in names)]:
            count = counts.get(url)
            name = names.get(url) or next((e.source for e in self.host.sidebar.entries if e.feed == url), url)
            rows.append(
                FeedRow(url, name, count.total if count else 0, count.unread if count else 0, url in names)
            )
        if BY_HAND in counts:
            hand = counts[BY_HAND]
            rows.append(FeedRow(BY_HAND, "Added by hand (files and pages)", hand.total, hand.unread))
        return rows

    def action_feeds(self) -> None:
        from reader.screens.feed_list import FeedListScreen

        screen = FeedListScreen(self.rows(), self.host.sidebar.feed, self.services.store.read_only)
        self.app.push_screen(screen, self._chosen)

    def _chosen(self, action: FeedAction | None) -> None:
        if action is None:
            return
        row = action.row
        if action.kind == "open":
            self.host.sidebar.set_feed(row.url)
            if row.url is None:
                self.say(f"All articles ({row.unread} unread).", timeout=3)
            else:
                self.say(f"{row.name}: {row.unread} unread of {row.total}. F: the feeds.", timeout=4)
        elif self.refused() or row.url is None:
            return
        elif action.kind == "rename":
            self.run(
                workers.rename_feed, row.url, action.name, group="feeds", description="Renaming the feed"
            )
        elif action.kind == "unsubscribe":
            self.run(workers.unsubscribe, row.url, group="feeds", description="Unsubscribing")

    def on_feed_changed(self, message: FeedChanged) -> None:
        self.library.set_feed_names(message.feeds)
        if message.name is not None:
            self.say(f"Renamed: {message.name}.", timeout=4)
            return
        kept = sum(1 for e in self.host.sidebar.entries if e.feed == message.url)
        stay = f"; its {kept} articles stay in the list (D removes one)" if kept else ""
        self.say(f"Unsubscribed{stay}.", timeout=6)

    # -- refreshing --------------------------------------------------------------------------------
    def _refreshing(self) -> bool:
        return any(
            w.group == "refresh" and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
            for w in self.app.workers
        )

    def action_refresh(self) -> None:
        if self.refused():
            return
        if self._refreshing():
            self.say("The feeds are being refreshed already.", timeout=3)
            return
        self.host.status.activity = "Refreshing feeds…"
        self.run(workers.refresh, group="refresh", description="Refreshing feeds")

    def _timed_refresh(self) -> None:
        if not self._refreshing():  # the timer never cuts a refresh short
            self.host.status.activity = "Refreshing feeds…"
            self.run(workers.refresh, True, group="refresh", description="Refreshing feeds")

    def on_status(self, message: Status) -> None:
        self.host.status.activity = message.text

    def failed(self, event: Worker.StateChanged) -> None:
        self.host.status.activity = ""

    def on_arrived(self, message: Arrived) -> None:
        self.library.add(message.summaries)

    def on_refreshed(self, message: Refreshed) -> None:
        self.host.status.activity = ""
        if not message.counts:
            if not message.timed:
                self.say(
                    "No feeds subscribed: add one with `reader add --feed NAME|URL` (see the README).",
                    timeout=6,
                )
            return
        if message.feeds is not None:
            self.library.set_feed_names(message.feeds)
        self.library.add(message.summaries)
        if message.timed and not (message.counts.get("added") or message.failures):
            return  # a timed refresh with nothing new says nothing
        summary = ", ".join(f"{n} {kind}" for kind, n in message.counts.items())
        self.say(f"Refreshed: {summary}.", severity="warning" if message.failures else "information")
        for failure in message.failures[:3]:
            self.say(failure, severity="warning", timeout=8)
