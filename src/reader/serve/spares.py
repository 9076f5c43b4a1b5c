"""Warm spares: app processes started ahead of time on their own ptys, handed to the next session.

A Python app takes the better part of a second to import and draw, and that, not SSH, is most of
connect → first frame. A spare has already drawn; everything it wrote is kept and replayed to the
client that takes it (modes, alternate screen, frame), and the pty is then resized to the client,
so the app redraws at the right size. Only clients whose environment matches the spare's (the
same TERM, no NO_COLOR) can take one; the others start a child as usual.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.serve.child import PtyChild

log = logging.getLogger("reader.serve.ssh")

MAX_BUFFER = 4 * 1024 * 1024  # a spare that writes more than this while waiting is replaced
SETTLED = 0.25  # seconds without output after which a spare counts as drawn


@dataclass
class Spare:
    child: PtyChild
    output: bytearray = field(default_factory=bytearray)
    reader: asyncio.Task[None] | None = None
    drawn: asyncio.Event = field(default_factory=asyncio.Event)


class SparePool:
    """Keeps `count` spares running for the environment `env` at `cols`x`rows`."""

    def __init__(
        self,
        command: Sequence[str],
        env: Mapping[str, str],
        count: int,
        *,
        cols: int = 80,
        rows: int = 24,
        cwd: Path | None = None,
        refill_delay: float = 1.0,
    ) -> None:
        self.command = list(command)
        self.env = dict(env)
        self.count = count
        self.cols, self.rows = cols, rows
        self.cwd = cwd
        self.refill_delay = refill_delay  # let a session that just took a spare have the CPU first
        self._spares: list[Spare] = []
        self._starting = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False
        self._changed = asyncio.Event()
        self._failures = 0  # spares in a row that ended before drawing anything

    @property
    def ready(self) -> int:
        return sum(1 for spare in self._spares if spare.child.returncode is None)

    @property
    def children(self) -> list[PtyChild]:
        return [spare.child for spare in self._spares]

    def matches(self, env: Mapping[str, str]) -> bool:
        return dict(env) == self.env

    def fill(self, delay: float = 0.0) -> None:
        while not self._closed and len(self._spares) + self._starting < self.count:
            self._starting += 1
            task = asyncio.ensure_future(self._start_one(delay))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _start_one(self, delay: float) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            if self._closed:
                return
            child = await PtyChild.spawn(
                self.command, env=self.env, cols=self.cols, rows=self.rows, cwd=self.cwd
            )
        except OSError as exc:
            log.error("cannot start a spare: %s", exc)
            return
        finally:
            self._starting -= 1
        spare = Spare(child)
        spare.reader = asyncio.ensure_future(self._collect(spare))
        self._spares.append(spare)
        if self._closed:
            await self._discard(spare)

    async def _collect(self, spare: Spare) -> None:
        loop = asyncio.get_running_loop()
        started = loop.time()
        while True:
            try:
                # asyncio.timeout, not wait_for: a cancelled read must never drop bytes it has read.
                async with asyncio.timeout(SETTLED if spare.output else None):
                    data = await spare.child.read()
            except TimeoutError:
                if not spare.drawn.is_set():
                    log.info("spare pid=%d ready after %.2fs", spare.child.pid, loop.time() - started)
                    spare.drawn.set()
                    self._failures = 0
                self._changed.set()
                data = await spare.child.read()
            if not data or len(spare.output) + len(data) > MAX_BUFFER:
                break
            spare.output.extend(data)
        # The spare ended or said too much while waiting: replace it, backing off if it keeps failing.
        if spare in self._spares:
            self._spares.remove(spare)
            status = await spare.child.end()
            if not spare.drawn.is_set():
                self._failures += 1
            delay = min(60.0, self.refill_delay * 2**self._failures)
            log.warning("spare pid=%d ended (status %s); another in %.3gs", spare.child.pid, status, delay)
            self.fill(delay)

    async def wait_ready(self) -> None:
        """Until every spare has drawn its first screen (for benchmarks and tests)."""
        while not (len(self._spares) == self.count and all(spare.drawn.is_set() for spare in self._spares)):
            self._changed.clear()
            await self._changed.wait()

    async def take(self) -> tuple[PtyChild, bytes] | None:
        """A running spare and everything it has written so far, or None if none is ready."""
        while self._spares:
            spare = self._spares.pop(0)
            if spare.reader is not None:
                spare.reader.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await spare.reader
            if spare.child.returncode is None:
                self.fill(self.refill_delay)
                return spare.child, bytes(spare.output)
            await spare.child.end()
        self.fill(self.refill_delay)
        return None

    async def _discard(self, spare: Spare) -> None:
        if spare.reader is not None:
            spare.reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await spare.reader
        await spare.child.end()

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        spares, self._spares = self._spares, []
        await asyncio.gather(*(self._discard(spare) for spare in spares), return_exceptions=True)
