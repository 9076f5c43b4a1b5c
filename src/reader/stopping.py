"""How long work is told to stop: it asks a `ShouldStop` between steps (a cancelled thread worker answers
True), and stops cleanly, keeping what it has done."""

from __future__ import annotations

from collections.abc import Callable

ShouldStop = Callable[[], bool]


def never() -> bool:
    """A `ShouldStop` for work that runs to the end."""
    return False
