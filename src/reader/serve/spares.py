"""Warm spares: app processes started ahead of time on their own ptys, handed to the next session.

A Python app takes the better part of a second to import and draw, and that, not SSH, is most of
connect → first frame. A spare has already drawn; everything it wrote is kept and replayed to the
client that takes it (modes, alternate screen, frame), and the pty is then resized to the client,
so the app redraws at the right size. Only clients whose environment matches the spare's (the
same TERM, no NO_COLOR) can take one; the others start a child as usual.

The pool keeps as many spares as recent demand needs: the largest burst of sessions (those starting
within BURST seconds of each other) seen in the last WINDOW seconds, at least the configured count
and at most `max_count`. New spares start one after another (STAGGER apart) so that refilling never
competes with the sessions that just started; spares beyond the need are ended once it falls.
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
BURST = 10.0  # sessions starting within this many seconds of each other count as one burst
WINDOW = 1800.0  # how long a burst keeps its spares
STAGGER = 0.4  # seconds between spares started together, so the CPU goes to live sessions first
QUIET = 3.0  # during a burst, new spares wait until sessions have stopped arriving for this long


@dataclass
class Spare:
    child: PtyChild
    output: bytearray = field(default_factory=bytearray)
    reader: asyncio.Task[None] | None = None
    drawn: asyncio.Event = field(default_factory=asyncio.Event)


class SparePool:
    """Keeps `count` spares (more, up to `max_count`, after bursts) running for `env` at `cols`x`rows`."""

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
        max_count: int = 0,
        memory_limit: int | None = None,
    ) -> None:
        self.command = list(command)
        self.env = dict(env)
        self.minimum = count
        self.maximum = max(count, max_count)
        self.count = count  # the current target, between minimum and maximum
        self.memory_limit = memory_limit
        self._starts: list[float] = []  # when recent sessions asked for a spare
        self._bursts: list[tuple[float, int]] = []  # (when, how many sessions) in the last WINDOW
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
        self._trim()
        while not self._closed and len(self._spares) + self._starting < self.count:
            # Spares asked for together start one after another.
            later = delay + STAGGER * self._starting if self._starting else delay
            self._starting += 1
            task = asyncio.ensure_future(self._start_one(later))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _burst_over(self) -> None:
        """While sessions keep arriving together, they need the CPU more than new spares do."""
        loop = asyncio.get_running_loop()
        while len(self._starts) > 1 and (wait := self._starts[-1] + QUIET - loop.time()) > 0:
            await asyncio.sleep(wait)

    def _demand(self) -> None:
        """Note a session asking for a spare, and set the target from the bursts of the last WINDOW."""
        now = asyncio.get_running_loop().time()
        self._starts = [t for t in self._starts if now - t <= BURST] + [now]
        self._bursts = [(t, n) for t, n in self._bursts if now - t <= WINDOW] + [(now, len(self._starts))]
        self._retarget()
        # When this burst is forgotten, the spares it asked for go, even if no session comes to notice.
        asyncio.get_running_loop().call_later(WINDOW + 1, lambda: None if self._closed else self.fill())

    def _retarget(self) -> None:
        now = asyncio.get_running_loop().time()
        self._bursts = [(t, n) for t, n in self._bursts if now - t <= WINDOW]
        need = max((n for _, n in self._bursts), default=0)
        target = min(max(self.minimum, need), self.maximum)
        if target != self.count:
            log.info("spares: %d wanted (was %d)", target, self.count)
            self.count = target

    def _trim(self) -> None:
        """End idle spares beyond the target, once the burst that asked for them is old."""
        if self.maximum > self.minimum:
            self._retarget()
        while len(self._spares) > self.count:
            spare = self._spares.pop()
            task = asyncio.ensure_future(self._discard(spare))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _start_one(self, delay: float) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            await self._burst_over()
            if self.maximum > self.minimum:
                self._retarget()
            # The need may have fallen while this one waited (the burst was forgotten).
            if self._closed or len(self._spares) + self._starting > self.count:
                return
            child = await PtyChild.spawn(
                self.command,
                env=self.env,
                cols=self.cols,
                rows=self.rows,
                cwd=self.cwd,
                memory_limit=self.memory_limit,
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
        if self.maximum > self.minimum:
            self._demand()
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
