"""One undo for the reading screen: `z` takes back the last change a part recorded (an article marked
read or unread, every article marked read, a star, an article removed, a word's status, an article
finished) and says what it took back.
A part of the reading screen (see `reader.screens.parts`); the other parts record their changes with
`push`, once the store has said what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.binding import Binding

from reader.screens.parts import Host, Part

LIMIT = 50  # changes kept to undo


@dataclass(frozen=True, slots=True)
class Undoable:
    what: str  # what was done, as "Undone: …" says it ("marked 239 articles read")
    undo: Callable[[], None]  # takes it back: changes the screen and starts the store's worker


class Undo(Part):
    NAME = "undo"
    BINDINGS = [
        Binding(
            "z",
            "undo",
            "Undo",
            id="undo",
            show=False,
            tooltip="Take back the last change: read or unread, all read, a star, an article removed,"
            " a word's status, a finished article",
        ),
    ]

    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.done: list[Undoable] = []

    def push(self, what: str, undo: Callable[[], None]) -> None:
        """Record a change that `z` can take back."""
        self.done.append(Undoable(what, undo))
        del self.done[:-LIMIT]

    def action_undo(self) -> None:
        if not self.done:
            self.say("Nothing to undo.", timeout=3)
            return
        change = self.done.pop()
        change.undo()
        self.say(f"Undone: {change.what}.", timeout=4)
