"""Sessions that start together draw their first screens a few at a time.

Thirty readers starting at once on two cores share the CPU fairly, so each waits nearly as long as
drawing all thirty takes. Let through as many at once as there are cores, each until its first screen
is drawn, and the first ones arrive at once, the median wait halves, and the last waits no longer.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Callable


class StartGate:
    def __init__(self, width: int | None = None) -> None:
        self.width = width or os.cpu_count() or 2
        self._turns = asyncio.Semaphore(self.width)

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[Callable[[], None]]:
        """Wait for a turn to start; yields the call that ends it (it ends on leaving, at the latest)."""
        await self._turns.acquire()
        ended = False

        def end() -> None:
            nonlocal ended
            if not ended:
                ended = True
                self._turns.release()

        try:
            yield end
        finally:
            end()
