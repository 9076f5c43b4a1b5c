"""A command running on its own pseudo-terminal, driven from asyncio: spawn, resize, pump, end.

The pty is made the child's controlling terminal (setsid + TIOCSCTTY). Without that the child never
gets SIGWINCH, so resizes are lost, and hanging up the pty would not reach it.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import os
import resource
import signal
import struct
import termios
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

# The largest terminal a child gets. A client may ask for any size (10000x10000 made a child grow to
# 1.65 GB and send 310 MB for one frame); no real screen needs more than this.
MAX_COLS, MAX_ROWS = 500, 200
_MAX_PIXELS = 65535  # the field is 16 bits
# Default RLIMIT_AS. A reader forked by the fork server starts with its 220 MB of address space (the
# models it shares) and peaked at 730 MB after opening articles, the entity panel and a lookup.
MEMORY_LIMIT_MB = 1536


def clamp_size(cols: int, rows: int) -> tuple[int, int]:
    """A size within 1..MAX_COLS x 1..MAX_ROWS."""
    return min(max(int(cols), 1), MAX_COLS), min(max(int(rows), 1), MAX_ROWS)


def _child_setup(memory_limit: int | None) -> Callable[[], None]:
    def setup() -> None:
        # Runs in the child after setsid() (start_new_session) and after fd 0 became the pty slave.
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
        if memory_limit:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    return setup


def set_window_size(fd: int, cols: int, rows: int, xpixels: int = 0, ypixels: int = 0) -> None:
    """Set a pty's size, clamped; on the master it also sends SIGWINCH to the child's foreground group."""
    cols, rows = clamp_size(cols, rows)
    xpixels, ypixels = (min(max(int(p), 0), _MAX_PIXELS) for p in (xpixels, ypixels))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, xpixels, ypixels))


def open_pty(cols: int, rows: int) -> tuple[int, int]:
    """A new pty of `cols`x`rows` (clamped): (master, slave)."""
    master, slave = os.openpty()
    try:
        set_window_size(slave, max(cols, 1), max(rows, 1))
    except BaseException:
        os.close(master)
        os.close(slave)
        raise
    return master, slave


class PtyChild:
    """One process whose stdin, stdout and stderr are the slave side of a pty; we hold the master side.

    It leads its own session and process group (its pid), on that pty as its controlling terminal.
    It is either spawned here (`spawn`) or forked by the fork server, which tells us how it ended;
    `exited` resolves to its return code (negative: killed by that signal).
    """

    def __init__(self, pid: int, master: int, exited: asyncio.Future[int]) -> None:
        self.pid = pid
        self._master = master
        self._exited = exited
        self._closed = False
        os.set_blocking(master, False)

    @property
    def returncode(self) -> int | None:
        done = self._exited.done() and not self._exited.cancelled()
        return self._exited.result() if done else None

    @classmethod
    async def spawn(
        cls,
        argv: Sequence[str],
        *,
        env: Mapping[str, str],
        cols: int,
        rows: int,
        cwd: Path | None = None,
        memory_limit: int | None = None,
    ) -> PtyChild:
        """Start `argv` on a new pty; `memory_limit` caps its address space: it fails, not the host."""
        master, slave = open_pty(cols, rows)
        try:
            process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,  # Textual draws on stderr, so it must be the pty too
                env=dict(env),
                cwd=cwd,
                start_new_session=True,
                preexec_fn=_child_setup(memory_limit),
                close_fds=True,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        return cls(process.pid, master, asyncio.ensure_future(process.wait()))

    def resize(self, cols: int, rows: int, xpixels: int = 0, ypixels: int = 0) -> None:
        if not self._closed:
            set_window_size(self._master, cols, rows, xpixels, ypixels)

    async def _wait_fd(self, writable: bool) -> None:
        loop = asyncio.get_running_loop()
        ready = loop.create_future()

        def wake() -> None:
            if not ready.done():
                ready.set_result(None)

        add, remove = (
            (loop.add_writer, loop.remove_writer) if writable else (loop.add_reader, loop.remove_reader)
        )
        add(self._master, wake)
        try:
            await ready
        finally:
            remove(self._master)

    async def read(self) -> bytes:
        """The next chunk of output; b"" once every holder of the slave side has gone."""
        while not self._closed:
            try:
                return os.read(self._master, 65536)
            except BlockingIOError:
                await self._wait_fd(writable=False)
            except OSError as exc:
                if exc.errno == errno.EIO:  # Linux: slave closed, the child has exited
                    return b""
                raise
        return b""

    async def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view and not self._closed:
            try:
                written = os.write(self._master, view)
            except BlockingIOError:
                await self._wait_fd(writable=True)
                continue
            except OSError as exc:
                if exc.errno == errno.EIO:
                    return
                raise
            view = view[written:]

    async def wait(self) -> int:
        return await asyncio.shield(self._exited)

    def _signal(self, signum: int) -> None:
        # The child leads its own session and process group, so this reaches whatever it started.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signum)

    async def end(self, grace: float = 2.0) -> int:
        """Hang up on the child, kill it if it lingers, reap it, and close the pty."""
        try:
            if self.returncode is None:
                self._signal(signal.SIGHUP)
                try:
                    await asyncio.wait_for(self.wait(), grace)
                except TimeoutError:
                    self._signal(signal.SIGKILL)
            return await self.wait()
        finally:
            self.close()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            os.close(self._master)
