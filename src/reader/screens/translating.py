"""The reading screen's translation: when to ask the engine, what the status line says, and an engine
that just failed left alone for a while, so that offline is a calm state and not a wall of errors.

`Translating` belongs to one `ReadingScreen`; the screen's handlers and the `t` key call it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol

from reader.screens import state as st
from reader.screens import workers
from reader.screens.state import ArticleState
from reader.services import Services
from reader.widgets.status import StatusLine

ENGINE_REST = 60.0  # seconds an engine that just failed is left alone when another article opens


class Host(Protocol):
    """What Translating needs of the reading screen (a Protocol, so the two modules import one way)."""

    state: ArticleState | None
    services: Services

    @property
    def status(self) -> StatusLine: ...
    def _run(
        self, fn: Callable[..., None], *args: Any, group: str, description: str, exclusive: bool = ...
    ) -> None: ...


class Translating:
    def __init__(self, screen: Host, say: Callable[..., None]) -> None:
        self.screen = screen
        self.say = say
        self.down: dict[str, tuple[float, str]] = {}  # engine -> (when it failed, why)

    @property
    def engine(self) -> str:
        return self.screen.services.settings.translation.engine

    def after_known(self, state: ArticleState) -> ArticleState:
        """What is known is shown; ask the engine for the rest, unless it failed a moment ago."""
        if not state.english.missing or not self.screen.services.settings.translation.auto:
            return state
        why = self._down(self.engine)
        if why is None:
            self.start(state)
            return state
        return st.with_unavailable(state, f"{why} a moment ago")  # said calmly, not asked again

    def _down(self, engine: str) -> str | None:
        """Why `engine` failed, if it did less than ENGINE_REST seconds ago."""
        failed = self.down.get(engine)
        if failed is None or time.monotonic() - failed[0] > ENGINE_REST:
            return None
        return failed[1]

    def arrived(self, state: ArticleState) -> None:
        """Remember an engine that answered nothing at all, so the next article does not hammer it."""
        progress = state.progress
        if progress is None or not progress.finished:
            return
        answered = any(t.source == progress.engine for t in (state.english.title, *state.english.units))
        failed = state.english.failed
        if failed and not answered:
            error = state.english.units[failed[0]].error or "failed"
            self.down[progress.engine] = (time.monotonic(), error)
        else:
            self.down.pop(progress.engine, None)

    def start(self, state: ArticleState) -> None:
        self.screen._run(
            workers.translate,
            state.article,
            state.english,
            self.engine,
            group="translate",
            description="Translating",
        )

    def retry(self) -> None:
        """`t`: translate what is missing, or retry what failed, with the configured engine."""
        screen = self.screen
        if screen.state is None:
            return
        english = screen.state.english
        if not english.missing and english.title.ok:
            sources = ", ".join(sorted(english.sources))
            self.say(f"Nothing to translate: every sentence has its English ({sources}).", timeout=3)
            return
        self.down.pop(self.engine, None)
        screen.state = state = st.with_retry(screen.state)
        screen.status.problem = ""
        self.start(state)

    def show_progress(self, state: ArticleState) -> None:
        status = self.screen.status
        progress = state.progress
        if progress is None:
            status.translation = ""
            return
        if not progress.finished:
            status.translation = f"Translating with {progress.engine}… {progress.done}/{progress.total}"
            return
        known = progress.total - len(state.english.missing)
        status.translation = f"{known}/{progress.total} translated"
        failed = state.english.failed
        if failed:
            error = state.english.units[failed[0]].error or "failed"
            status.problem = f"{len(failed)} not translated: {error} (t retries)"
