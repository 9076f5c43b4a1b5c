"""The seam between the reading screen and its parts.

A part is one kind of work the reading screen does: the English and the entities as they become known,
the actions on a sentence, the library list, the word tools. Each is a `Part`, a widget that shows
nothing itself, composed by the screen. As with Textual's own widgets, a part owns its workers
(`Part.run`); the messages they post come back to the part's own `on_*` handlers, and a failure of one
of them is reported once (a notice and the status line) and then reaches `Part.failed`.

The screen mounts its parts once the first frame is drawn (they show nothing, and the first frame is
drawn sooner without them); before that only the screen calls them, and only plain methods that use
no widget (`ReadingPosition.load`, `follow`).

A part sees the screen only through `Host`: it reads `state` and changes it with `update` and a pure
function of `reader.screens.state` (the screen holds the one state and draws it); it asks the screen
for what the screen owns (opening an article, the panes, the status line, the list). Its keys are its
`BINDINGS`, whose actions are its own `action_*` methods: the screen lists them with its own through
`part_bindings`, so the footer, help, the palette and a keymap see every key. The screen calls the
hooks of every part (`start`, `opened`, `follow`, `close`); a part overrides the ones it needs.

A new part is a module with a `Part` subclass (its `NAME`, `BINDINGS`, actions, handlers and worker
bodies), named in `ReadingScreen.PARTS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeVar

from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.widget import AwaitMount, Widget
from textual.worker import Worker

from reader.screens.feedback import say
from reader.screens.state import ArticleState
from reader.services import Services
from reader.store import ReadOnlySession
from reader.widgets.pane import SentencePane
from reader.widgets.sidebar import ArticleList
from reader.widgets.status import StatusLine
from reader.widgets.title import TitleLine

P = TypeVar("P", bound="Part")
Change = Callable[[ArticleState], ArticleState]  # a pure function of reader.screens.state
Body = Callable[..., None]  # a worker body: (services, post, *args), as in reader.screens.workers


class Host(Protocol):
    """What a part may use of the reading screen: the one public seam."""

    services: Services
    paths: list[Path]  # what `reader PATH…` asked for

    @property
    def state(self) -> ArticleState | None: ...
    @property
    def de(self) -> SentencePane: ...
    @property
    def status(self) -> StatusLine: ...
    @property
    def sidebar(self) -> ArticleList: ...
    @property
    def title_line(self) -> TitleLine: ...

    def update(self, change: Change, article_id: str | None = None) -> ArticleState | None:
        """Change the open article's state; see `ReadingScreen.update`."""
        ...

    def part(self, kind: type[P]) -> P:
        """Another part of the screen, for the rare part that works with one."""
        ...

    def add_panel(self, panel: Widget) -> AwaitMount:
        """Mount a part's panel under the panes, the first time it is shown (fewer widgets at start)."""
        ...

    def open_article(self, article_id: str, cursor: int | None = None) -> None: ...
    def has_class(self, *class_names: str) -> bool:
        """The screen's layout classes: -narrow, -tiny (below 60 columns), -list, -no-list, -panel."""
        ...

    def set_class(self, add: bool, *class_names: str, update: bool = True) -> Any: ...
    def focus_pane(self) -> None: ...
    def worker_changed(self, event: Worker.StateChanged) -> str | None:
        """Report a worker's failure (once, for every part); the message, or None if it did not fail."""
        ...


class Part(Widget):
    """One part of the reading screen. It draws nothing; what it shows is in the screen's widgets."""

    DEFAULT_CSS = "Part { display: none; }"
    NAME: ClassVar[str]  # how the screen's bindings name the part: part('NAME', 'action')
    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, host: Host) -> None:
        super().__init__(id=f"part-{self.NAME}")
        self.host = host

    @property
    def services(self) -> Services:
        return self.host.services

    def run(
        self, body: Body, *args: Any, group: str, description: str, exclusive: bool = True
    ) -> Worker[None]:
        """Run a worker body on a thread; what it posts comes back to this part's handlers."""
        return run_body(
            self, self.host.services, body, *args, group=group, description=description, exclusive=exclusive
        )

    def say(self, message: str, *, severity: SeverityLevel = "information", timeout: float = 5) -> None:
        say(self, message, severity=severity, timeout=timeout)

    def refused(self) -> bool:
        """True in a public, read-only session, having said so (for what would change the library)."""
        store = self.services.store
        if store.read_only:
            self.say(str(ReadOnlySession()), severity="warning")
        return store.read_only

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if self.host.worker_changed(event) is not None:
            self.failed(event)

    # -- hooks the screen calls on every part ------------------------------------------------------
    def start(self) -> None:
        """The first frame is drawn: start what the part needs from the beginning."""

    def opened(self, state: ArticleState) -> None:
        """An article was opened (after the first frame): start what it needs."""

    def follow(self, old: ArticleState | None, new: ArticleState) -> None:
        """The open article's state changed (drawn already by the screen)."""

    def close(self) -> bool:
        """Escape: close what this part shows, if anything; whether it did."""
        return False

    def failed(self, event: Worker.StateChanged) -> None:
        """One of this part's workers failed; the reader has been told already."""


def run_body(
    node: Widget,
    services: Services,
    body: Body,
    *args: Any,
    group: str,
    description: str,
    exclusive: bool = True,
) -> Worker[None]:
    """Run `body(services, node.post_message, *args)` on a thread, as `node`'s worker: what it posts,
    and its failure (`Worker.StateChanged`), come back to `node`. In an exclusive group a new worker
    cancels the one before; late replies are told apart by article id."""
    return node.run_worker(
        partial(body, services, node.post_message, *args),
        thread=True,
        exit_on_error=False,
        exclusive=exclusive,
        group=group,
        description=description,
    )


def part_bindings(parts: Iterable[type[Part]]) -> list[Binding]:
    """The parts' bindings as the screen's own: each runs its action on its part, by the part's name."""
    out: list[Binding] = []
    for part in parts:
        for binding in part.BINDINGS:
            assert isinstance(binding, Binding), f"{part.__name__}: bindings are Binding objects"
            out.append(replace(binding, action=f"part({part.NAME!r}, {binding.action!r})"))
    return out
