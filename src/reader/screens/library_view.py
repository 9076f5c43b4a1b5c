"""The reading screen's library: the list of articles, which one opens first, stepping through the list,
its order (newest first, the articles you can read, the fewest new words), read and starred flags (with
undo), removing an article (with undo) and opening its original page. A part of the reading screen (see
`reader.screens.parts`); the feeds are `reader.screens.feeds_view`.

It holds only light summaries (ids, titles, flags); an article's body is read from the store when it
opens. What the list says an article came from is never an id or a hash: a feed's name, a site, a file.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import Binding

from reader.screens import workers
from reader.screens.library_entries import WEB, browser_here, entries, orders, source_name
from reader.screens.parts import Body, Host, Part
from reader.screens.position import ReadingPosition
from reader.screens.state import ArticleState
from reader.screens.undo import Undo
from reader.store import reading
from reader.store.library import ArticleSummary
from reader.wording import count_of

if TYPE_CHECKING:  # the replies' classes load with the workers, after the first frame
    from reader.screens.messages import FiguresFound, LibraryListed, MarkedRead, Removed, Restored
    from reader.store.removal import RemovedArticle


class Library(Part):
    NAME = "library"
    BINDINGS = [
        # A priority binding: the app waits for the box to open before it hands on the keys typed after `/`
        # (a terminal delivers "/lang" in one read; without it "a" would open the note window).
        Binding(
            "slash",
            "filter",
            "Filter",
            id="filter",
            tooltip="Filter the list by title or source",
            priority=True,
        ),
        Binding("n", "article(1)", "Next article", id="next_article"),
        Binding("p", "article(-1)", "Previous article", id="previous_article"),
        Binding("u", "toggle_read", "Mark read / unread", id="toggle_read", show=False),
        Binding("U", "all_read", "Mark all read", id="mark_all_read", show=False),
        Binding("asterisk", "star", "Star / unstar", id="star", show=False),
        Binding("delete", "remove", "Remove the article", id="remove_article", show=False),
        Binding(
            "S",
            "order",
            "Order the list",
            id="list_order",
            show=False,
            tooltip="Newest first, the articles you can read (90 % of their words known), fewest new words",
        ),
        Binding("o", "open_original", "Open the original page", id="open_original", show=False),
        Binding("s", "sidebar", "Toggle sidebar", id="sidebar", show=False),
    ]

    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.summaries: dict[str, ArticleSummary] = {}  # ids, titles and flags; no bodies
        self.feeds: dict[str, str] = {}  # the subscribed feeds' names, by address
        self.asked: list[str] = []  # the articles `reader PATH…` asked for, as they were added
        self.listed = False  # the whole library has been listed once

    def start(self) -> None:
        self.run(workers.load_library, self.host.paths, group="library", description="Loading articles")

    def on_library_listed(self, message: LibraryListed) -> None:
        host = self.host
        host.part(ReadingPosition).remember(message.positions)
        for notice in message.notices:
            self.say(notice, severity="warning", timeout=8)
        if message.feeds is not None:
            self.feeds = dict(message.feeds)
            host.sidebar.set_feed_titles(self.feeds)
        self.summaries.update((s.id, s) for s in message.summaries)
        if message.replace:
            host.sidebar.set_entries(entries(message.summaries, self.feeds))
        elif message.summaries:
            host.sidebar.add_entries(entries(message.summaries, self.feeds))  # in place, never re-sorted
        self.asked += message.asked
        if host.state is None:
            self.open_first()
        if message.done:
            self.listed = True
            self.refresh_figures()
            if not self.summaries:
                host.status.problem = "No articles to show: every file was skipped."

    def add(self, summaries: list[ArticleSummary]) -> None:
        """Articles new to the library (a refresh, an undo) into the list, where their date puts them."""
        fresh = [s for s in summaries if s.id not in self.summaries]
        self.summaries.update((s.id, s) for s in summaries)
        if fresh:
            self.host.sidebar.add_entries(entries(fresh, self.feeds))
            self.refresh_figures()

    def set_feed_names(self, feeds: dict[str, str]) -> None:
        """The feeds' names changed (a feed renamed, unsubscribed or new): the list says so."""
        self.feeds = dict(feeds)
        self.host.sidebar.set_feed_titles(self.feeds)
        sources = {s.id: source_name(s, self.feeds) for s in self.summaries.values() if s.feed}
        self.host.sidebar.set_sources(sources)

    def refresh_figures(self) -> None:
        """Read every counted article's figures again (after counting, or a change of word statuses)."""
        self.run(workers.figures, group="figures", description="Reading the articles' word figures")

    def on_figures_found(self, message: FiguresFound) -> None:
        self.host.sidebar.set_figures(message.figures)

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

    def chosen(self, article_id: str) -> None:
        """The reader picked an article in the list: open it (below 60 columns, where the list took the
        screen, the text takes it back)."""
        host = self.host
        if host.has_class("-tiny") and host.has_class("-list"):
            host.set_class(False, "-list")
            host.focus_pane()
        if host.state is None or article_id != host.state.id:
            host.open_article(article_id)

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

    def list_shown(self) -> bool:
        return not self.host.has_class("-no-list") and (
            not self.host.has_class("-tiny") or self.host.has_class("-list")
        )

    async def action_filter(self) -> None:
        sidebar = self.host.sidebar
        if sidebar.filtering:  # `/` typed in the box itself
            sidebar.type_in_filter("/")
            return
        if not self.list_shown():
            self.action_sidebar()
        await sidebar.start_filter()

    def action_sidebar(self) -> None:
        """Show or hide the list (classes on the screen, not an inline style, so that the narrow layout's
        rules still hold); below 60 columns the list, when shown, takes the screen."""
        host = self.host
        layout = "-list" if host.has_class("-tiny") else "-no-list"
        host.set_class(not host.has_class(layout), layout)
        if self.list_shown() and host.has_class("-tiny"):
            host.sidebar.rows.focus()
        elif not self.list_shown():
            host.focus_pane()

    # -- read, unread, starred: each with an undo ---------------------------------------------------
    def _set_read(self, article_ids: list[str], read: bool) -> None:
        for article_id in article_ids:
            summary = self.summaries.get(article_id)
            if summary is not None:
                self.summaries[article_id] = replace(summary, read=read)
        self.host.sidebar.set_unread(article_ids, unread=not read)
        self._flag(workers.mark_read, article_ids, read, description="Marking")

    def action_toggle_read(self) -> None:
        state = self.host.state
        if state is None:
            return
        summary = self.summaries.get(state.id)
        read = not (summary.read if summary is not None else True)
        self._set_read([state.id], read)
        self.host.part(Undo).push(
            f"marked it {'read' if read else 'unread'}", lambda: self._set_read([state.id], not read)
        )
        self.say("Marked read." if read else "Marked unread: it keeps its dot in the list.", timeout=3)

    def action_all_read(self) -> None:
        from reader.screens.confirm import ConfirmScreen

        if self.refused():
            return
        sidebar = self.host.sidebar
        feed = sidebar.feed
        unread = sidebar.unread_ids(feed)
        where = (
            f" of {self.feeds.get(feed) or feed or 'the articles added by hand'}" if feed is not None else ""
        )
        if not unread:
            self.say(f"Every article{where} is read already.", timeout=3)
            return
        count = "the 1 unread article" if len(unread) == 1 else f"all {len(unread)} unread articles"

        def answer(yes: bool | None) -> None:
            if yes:
                self._flag(workers.mark_all_read, feed, description="Marking all read")

        question = f"Mark {count}{where} read?"
        self.app.push_screen(ConfirmScreen(question, "z undoes it afterwards."), answer)

    def on_marked_read(self, message: MarkedRead) -> None:
        ids = message.ids
        if not ids:
            self.say("Every article is read already.", timeout=3)
            return
        self._set_read(ids, True)
        what = count_of(len(ids), "article")
        self.host.part(Undo).push(f"marked {what} read", lambda: self._set_read(ids, False))
        self.say(f"Marked {what} read. z undoes it.", timeout=4)

    def _set_starred(self, article_id: str, starred: bool) -> None:
        summary = self.summaries.get(article_id)
        if summary is not None:
            self.summaries[article_id] = replace(summary, starred=starred)
        self.host.sidebar.set_starred(article_id, starred)
        self._flag(workers.star, article_id, starred, description="Starring")

    def action_star(self) -> None:
        state = self.host.state
        if state is None or self.refused():
            return
        summary = self.summaries.get(state.id)
        starred = not (summary.starred if summary is not None else False)
        self._set_starred(state.id, starred)
        self.host.part(Undo).push(
            "starred it" if starred else "removed its star", lambda: self._set_starred(state.id, not starred)
        )
        self.say("Starred." if starred else "Star removed.", timeout=3)

    # -- removing an article -----------------------------------------------------------------------
    def action_remove(self) -> None:
        state = self.host.state
        if state is None or self.refused():
            return
        self.run(
            workers.remove, [state.id], group="remove", description="Removing the article", exclusive=False
        )

    def on_removed(self, message: Removed) -> None:
        removed = message.removed
        if not removed:
            return
        ids = [r.id for r in removed]
        sidebar, state = self.host.sidebar, self.host.state
        shown = sidebar.shown_ids
        after = None
        if state is not None and state.id in ids and state.id in shown:
            at = shown.index(state.id)
            rest = [i for i in shown[at + 1 :] + shown[:at][::-1] if i not in ids]
            after = rest[0] if rest else None
        for article_id in ids:
            self.summaries.pop(article_id, None)
        sidebar.remove_entries(ids)
        title = removed[0].title if len(removed) == 1 else count_of(len(removed), "article")
        self.host.part(Undo).push(f"removed “{title}”", lambda: self._restore(removed))
        self.say(f"Removed “{title}” from the library. z puts it back.", timeout=5)
        if after is not None:
            self.host.open_article(after)

    def _restore(self, removed: list[RemovedArticle]) -> None:
        self.run(
            workers.restore, removed, group="remove", description="Putting the article back", exclusive=False
        )

    def on_restored(self, message: Restored) -> None:
        self.add(message.summaries)
        if len(message.summaries) == 1:
            self.host.open_article(message.summaries[0].id)

    # -- the list's order --------------------------------------------------------------------------
    def action_order(self) -> None:
        sidebar = self.host.sidebar
        choices = orders()
        names = [o.name for o in choices]
        at = names.index(sidebar.order.name) + 1 if sidebar.order.name in names else 0
        order = choices[at % len(choices)]
        sidebar.set_order(order)
        then = choices[(at + 1) % len(choices)].name
        shown = count_of(len(sidebar.shown_ids), "article")
        self.say(f"The list: {order.name} ({shown}). S: {then}.", timeout=5)

    # -- the original page -------------------------------------------------------------------------
    def action_open_original(self) -> None:
        state = self.host.state
        if state is None:
            return
        source = state.article.source
        if not source.startswith(WEB):
            where = f": {source}" if source else ""
            self.say(f"This article came from a file{where}; there is no page to open.", timeout=5)
            return
        if browser_here(self.app.is_web):
            self.app.open_url(source)
            self.say(f"Opening the original page: {source}", timeout=5)
        else:  # over SSH: the reader's own terminal gets the address
            self.app.copy_to_clipboard(source)
            self.say(f"The original page: {source} (sent to the terminal's clipboard)", timeout=8)
