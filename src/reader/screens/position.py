"""The reading position: where the reader is in each article, saved half a second after the cursor rests,
at once when another article opens, and on the way out (SIGHUP and SIGTERM end the app the normal way).
A part of the reading screen (see `reader.screens.parts`).
"""

from __future__ import annotations

import time

from textual.timer import Timer

from reader.screens import workers
from reader.screens.parts import Host, Part
from reader.screens.state import ArticleState
from reader.store import reading

SAVE_DELAY = 0.5  # seconds the cursor rests before its position is saved


class ReadingPosition(Part):
    NAME = "position"

    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.positions: dict[str, int] = {}  # article id -> the sentence the reader was at
        self.moved_at: dict[str, float] = {}  # article id -> when the reader was last there, in this session
        self._timer: Timer | None = None

    def load(self) -> None:
        """Every saved position, read at once: the first frame opens the article where the reader was."""
        self.positions = reading.positions(self.services.store)

    def of(self, article_id: str) -> int:
        return self.positions.get(article_id, 0)

    def remember(self, positions: dict[str, int]) -> None:
        """Positions from the store, for the articles not opened yet in this session."""
        self.positions.update({k: v for k, v in positions.items() if k not in self.positions})

    def opened(self, state: ArticleState) -> None:
        self.moved_at[state.id] = time.time()
        self._save(state)  # the article read last is the one `reader` opens next time

    def follow(self, old: ArticleState | None, new: ArticleState) -> None:
        self.positions[new.id] = new.cursor
        if old is None or old.article is not new.article or old.cursor != new.cursor:
            self.moved_at[new.id] = time.time()
        if old is not None and old.article is not new.article:
            self._save(old)  # leaving it: saved now, not when the timer would have fired
        elif old is not None and old.cursor != new.cursor:
            self._save_soon()

    def _save_soon(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY, self._save_current)

    def _save_current(self) -> None:
        if self.host.state is not None:
            self._save(self.host.state)

    def _save(self, state: ArticleState) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.run(
            workers.save_position,
            state.id,
            state.cursor,
            self.moved_at.get(state.id),
            group="save",
            description="Saving reading position",
            exclusive=False,
        )

    def on_unmount(self) -> None:
        # Saved with the time the reader was there, not the time of quitting: a session left idle
        # and closed later does not replace where another session of the same profile has been since.
        state = self.host.state
        if state is not None:
            reading.save_position(self.services.store, state.id, state.cursor, self.moved_at.get(state.id))
