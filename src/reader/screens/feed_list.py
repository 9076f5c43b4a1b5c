"""The feed list (`F`): every feed with its name and how many of its articles are unread; one can be
shown alone in the article list, renamed or unsubscribed. It returns what the reader chose with
`dismiss`, as a `FeedAction`; the reading screen does it (`reader.screens.feeds_view`).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.articles.sanitize import sanitize

ALL = None  # the row for every article
BY_HAND = ""  # the row for the articles added by hand (files, pages)


@dataclass(frozen=True, slots=True)
class FeedRow:
    """One row: a feed (`url`), every article (ALL) or those added by hand (BY_HAND)."""

    url: str | None
    name: str
    total: int
    unread: int
    subscribed: bool = False


@dataclass(frozen=True, slots=True)
class FeedAction:
    """What the reader chose: "open" (show its articles), "rename" (to `name`) or "unsubscribe"."""

    kind: str
    row: FeedRow
    name: str = ""


class FeedListScreen(ModalScreen[FeedAction | None]):
    BINDINGS = [
        # No priority bindings: a key handled ahead of the queue overtakes the keys typed before it.
        Binding("enter", "open", "Show its articles", id="feed_open"),
        Binding("r", "rename", "Rename", id="feed_rename"),
        Binding("d", "unsubscribe", "Unsubscribe", id="feed_unsubscribe"),
        Binding("down", "step('cursor_down')", "Next feed", id="feed_down", show=False),
        Binding("up", "step('cursor_up')", "Previous feed", id="feed_up", show=False),
        Binding("escape,q,F", "close", "Close", id="close_feeds"),
    ]
    DEFAULT_CSS = """
    FeedListScreen { align: center middle; }
    FeedListScreen > Vertical { width: 80; max-width: 100%; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1; }
    FeedListScreen OptionList { height: auto; max-height: 24; border: none; padding: 0; }
    FeedListScreen #feed-note { color: $text-muted; height: auto; margin-top: 1; }
    FeedListScreen Input { border: tall $accent; }
    """

    def __init__(self, rows: list[FeedRow], current: str | None, read_only: bool = False) -> None:
        """`current`: the feed the list shows now (None: every article)."""
        super().__init__()
        self.rows = rows
        self.current = current
        self.read_only = read_only
        self.renaming: Input | None = None
        self.unsubscribing: FeedRow | None = None  # asked once: `d` again unsubscribes

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Feeds"
            options = OptionList(*[Option(self._prompt(row)) for row in self.rows], id="feeds")
            options.can_focus = False  # the screen's keys move it: the footer shows them
            yield options
            yield Static(Content(self._hint()), id="feed-note")
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        at = next((i for i, row in enumerate(self.rows) if row.url == self.current), 0)
        options.highlighted = at if self.rows else None

    @staticmethod
    def _prompt(row: FeedRow) -> Content:
        counts = f"{row.unread} unread of {row.total}" if row.total else "no articles yet"
        if row.url and not row.subscribed:
            counts += " · unsubscribed"
        head = Content.assemble(
            Content.styled(sanitize(row.name), "bold"), Content.styled(f"  {counts}", "dim")
        )
        if not row.url:
            return head
        return Content("\n").join([head, Content.styled(sanitize(row.url), "$text-muted")])

    def _hint(self) -> str:
        if not any(row.subscribed for row in self.rows):
            return "No feeds subscribed: reader add --feed NAME|URL (reader add --known lists some)."
        return "enter shows a feed's articles alone in the list; r renames it, d unsubscribes."

    @property
    def row(self) -> FeedRow | None:
        index = self.query_one(OptionList).highlighted
        return self.rows[index] if index is not None and 0 <= index < len(self.rows) else None

    def _note(self, text: str) -> None:
        self.query_one("#feed-note", Static).update(Content(text))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While a name is typed, the keys are the name's.
        return self.renaming is None or action not in ("open", "rename", "unsubscribe", "step")

    def action_step(self, action: str) -> None:
        self.unsubscribing = None
        self._note(self._hint())
        getattr(self.query_one(OptionList), f"action_{action}")()

    def action_open(self) -> None:
        if self.row is not None:
            self.dismiss(FeedAction("open", self.row))

    def _feed(self) -> FeedRow | None:
        """The highlighted row if it is a subscribed feed (what can be renamed or unsubscribed)."""
        row = self.row
        if row is None or not row.subscribed:
            self._note("Choose a subscribed feed first: every article, and those added by hand, are no feed.")
            return None
        if self.read_only:
            self._note("This is a public, read-only session: feeds cannot be renamed or unsubscribed here.")
            return None
        return row

    async def action_rename(self) -> None:
        row = self._feed()
        if row is None:
            return
        self.renaming = Input(
            value=row.name, placeholder="a name for this feed", max_length=120, id="feed-name"
        )
        await self.query_one(Vertical).mount(self.renaming, before=self.query_one("#feed-note"))
        self.renaming.focus()
        self._note("enter saves the name (empty: the feed's own title), escape keeps the old one.")
        self.refresh_bindings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        row = self.row
        if row is not None:
            self.dismiss(FeedAction("rename", row, " ".join(event.value.split())))

    def action_unsubscribe(self) -> None:
        row = self._feed()
        if row is None:
            return
        if self.unsubscribing == row:
            self.dismiss(FeedAction("unsubscribe", row))
            return
        self.unsubscribing = row
        stay = f"; its {row.total} articles stay in the library" if row.total else ""
        self._note(f"Unsubscribe from {sanitize(row.name)}{stay}? d again unsubscribes, up or down keeps it.")

    async def action_close(self) -> None:
        if self.renaming is not None:
            await self.renaming.remove()
            self.renaming = None
            self._note(self._hint())
            self.refresh_bindings()
            return
        self.dismiss(None)
