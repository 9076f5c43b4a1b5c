"""The SSH server's side of the fork server (`reader.serve.zygote`): start it, hand it each session's
pty, hear how each session's process ended, and start it again if it dies.

While it is down, or still loading, sessions are spawned as new processes instead. A session's
process outlives a fork server that dies: its end is then seen through a pidfd, and its exit status
is unknown (UNKNOWN_STATUS, what `ssh` itself reports when a server sends none).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.serve import zygote
from reader.serve.child import PtyChild, open_pty

log = logging.getLogger("reader.serve.ssh")

UNKNOWN_STATUS = 255
REQUEST_TIMEOUT = 20.0  # a fork server that has not forked a session by then is stuck: start another
FIRST_RESTART = 0.5  # seconds before restarting a fork server that died; doubled each time in a row
MAX_RESTART = 60.0
STOP_GRACE = 5.0


# The fork server may not start threads (a fork would copy their locks mid-use): numpy's BLAS, which
# HanTa brings in, starts a pool of them unless told not to.
SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


class ForkServerError(Exception):
    """The fork server could not start this session; spawn it instead."""


@dataclass
class _Forked:
    pid: int
    pidfd: int  # the zygote's pidfd for the child: names this process and no other, even once it ends
    exited: asyncio.Future[int]


class ForkServer:
    """One zygote process at a time, started by `start()`, restarted when it dies, ended by `close()`."""

    def __init__(self, preload: Sequence[str], env: Mapping[str, str], cwd: Path | None = None) -> None:
        self.preload = list(preload)
        self.env = {**env, **SINGLE_THREADED}
        self.cwd = cwd
        self.process: asyncio.subprocess.Process | None = None
        self._sock: socket.socket | None = None
        self._ready = asyncio.Event()
        self._started = 0.0
        self._pending: dict[int, asyncio.Future[tuple[int, int]]] = {}
        self._children: dict[int, _Forked] = {}
        self._ids = itertools.count(1)
        self._failures = 0  # deaths in a row, for the restart delay
        self._restart: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closed = False

    @property
    def pid(self) -> int | None:
        """The running fork server's pid, or None while there is none."""
        return self.process.pid if self.process is not None and self._sock is not None else None

    @staticmethod
    def runnable(argv: Sequence[str]) -> bool:
        return zygote.runnable(argv)

    async def start(self) -> None:
        """Start a fork server; it loads in the background (sessions are spawned meanwhile)."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "reader.serve.zygote",
                str(theirs.fileno()),
                *(f"--preload={spec}" for spec in self.preload),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,  # its errors (stderr) go where the server's go
                env=self.env,
                cwd=self.cwd,
                pass_fds=(theirs.fileno(),),
                start_new_session=True,  # a Ctrl+C meant for the server is not for it
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        ours.setblocking(False)
        self._sock = ours
        self._started = time.monotonic()
        self._ready.clear()
        asyncio.get_running_loop().add_reader(ours.fileno(), self._readable, ours)

    async def wait_ready(self) -> None:
        """Until a fork server has preloaded and is forking (for tests and benchmarks)."""
        await self._ready.wait()

    async def spawn(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str],
        cols: int,
        rows: int,
        cwd: Path | None = None,
        memory_limit: int | None = None,
    ) -> PtyChild:
        """`argv` forked by the fork server onto a new pty of `cols`x`rows`; ForkServerError if it cannot."""
        sock = self._sock
        if sock is None:
            raise ForkServerError("the fork server is not running")
        if not self._ready.is_set():  # loading takes longer than starting a reader of its own
            raise ForkServerError("the fork server is still loading")
        master, slave = open_pty(cols, rows)
        request = next(self._ids)
        reply: asyncio.Future[tuple[int, int]] = asyncio.get_running_loop().create_future()
        self._pending[request] = reply
        try:
            try:
                message = {
                    "id": request,
                    "argv": list(argv),
                    "env": dict(env),
                    "cwd": str(cwd) if cwd else None,
                    "memory_limit": memory_limit,
                }
                zygote.send(sock, message, [slave])
            except OSError as exc:
                raise ForkServerError(f"cannot reach the fork server: {exc}") from exc
            finally:
                os.close(slave)
            try:
                pid, pidfd = await asyncio.wait_for(asyncio.shield(reply), REQUEST_TIMEOUT)
            except TimeoutError:
                log.error(
                    "fork server pid=%s did not start a session in %gs; stopping it",
                    self.pid,
                    REQUEST_TIMEOUT,
                )
                self._stop_stuck()
                raise ForkServerError("the fork server did not answer") from None
        except BaseException:
            self._pending.pop(request, None)  # a late reply's child finds its pty closed and hangs up
            os.close(master)
            raise
        exited: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._children[pid] = _Forked(pid, pidfd, exited)
        self._failures = 0
        return PtyChild(pid, master, exited)

    def _readable(self, sock: socket.socket) -> None:
        while True:
            try:
                message, fds = zygote.receive(sock, 1)
            except BlockingIOError:
                return
            except (OSError, ValueError) as exc:
                log.error("fork server: unreadable message (%s)", exc)
                message, fds = None, []
            if message is None:
                self._lost(sock)
                return
            self._dispatch(message, fds)

    def _dispatch(self, message: dict[str, Any], fds: list[int]) -> None:
        if "id" in message:  # the answer to a request: a pid and its pidfd, or an error
            reply = self._pending.pop(int(message["id"]), None)
            if reply is not None and not reply.done() and "pid" in message and len(fds) == 1:
                reply.set_result((int(message["pid"]), fds[0]))
                return
            if reply is not None and not reply.done():
                reply.set_exception(ForkServerError(str(message.get("error", "no session started"))))
        elif "exit" in message:
            forked = self._children.pop(int(message["exit"]), None)
            if forked is not None:
                os.close(forked.pidfd)
                if not forked.exited.done():
                    forked.exited.set_result(int(message["status"]))
        elif "ready" in message:
            self._ready.set()
            log.info(
                "fork server pid=%s ready after %.2fs", message["ready"], time.monotonic() - self._started
            )
        for fd in fds:  # came with no request waiting for it (one that timed out, say)
            os.close(fd)

    def _lost(self, sock: socket.socket) -> None:
        """The fork server has gone (or its socket broke): fail what waits on it, start another later."""
        loop = asyncio.get_running_loop()
        loop.remove_reader(sock.fileno())
        sock.close()
        if self._sock is sock:
            self._sock = None
        self._ready.clear()
        for reply in self._pending.values():
            if not reply.done():
                reply.set_exception(ForkServerError("the fork server has stopped"))
        self._pending.clear()
        for forked in list(self._children.values()):  # they run on; see their end through the pidfd
            loop.add_reader(forked.pidfd, self._orphan_ended, forked)
        process = self.process
        task = asyncio.ensure_future(self._after_loss(process))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _orphan_ended(self, forked: _Forked) -> None:
        asyncio.get_running_loop().remove_reader(forked.pidfd)
        os.close(forked.pidfd)
        self._children.pop(forked.pid, None)
        log.warning("pid=%d ended after its fork server; its exit status is unknown", forked.pid)
        if not forked.exited.done():
            forked.exited.set_result(UNKNOWN_STATUS)

    async def _after_loss(self, process: asyncio.subprocess.Process | None) -> None:
        status: int | None = None
        if process is not None:
            try:
                status = await asyncio.wait_for(process.wait(), STOP_GRACE)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                status = await process.wait()
        if self._closed:
            return
        delay = min(MAX_RESTART, FIRST_RESTART * 2**self._failures)
        self._failures += 1
        log.warning(
            "fork server stopped (status %s); sessions start as new processes; restart in %.3gs",
            status,
            delay,
        )
        self._restart = asyncio.get_running_loop().call_later(delay, self._start_again)

    def _start_again(self) -> None:
        async def again() -> None:
            if self._closed or self._sock is not None:
                return
            try:
                await self.start()
            except OSError as exc:
                log.error("cannot restart the fork server: %s", exc)
                await self._after_loss(None)

        task = asyncio.ensure_future(again())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _stop_stuck(self) -> None:
        if self.process is not None and self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()  # its socket then closes, and _lost starts another

    async def close(self) -> None:
        """End the fork server (end the sessions' processes first: it reports how they ended)."""
        self._closed = True
        if self._restart is not None:
            self._restart.cancel()
        sock, self._sock = self._sock, None
        loop = asyncio.get_running_loop()
        if sock is not None:
            loop.remove_reader(sock.fileno())
            sock.close()  # the zygote sees the end of its socket and exits
        if self.process is not None and self.process.returncode is None:
            try:
                await asyncio.wait_for(self.process.wait(), STOP_GRACE)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    self.process.kill()
                await self.process.wait()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for forked in self._children.values():
            loop.remove_reader(forked.pidfd)
            os.close(forked.pidfd)
            if not forked.exited.done():
                forked.exited.set_result(UNKNOWN_STATUS)
        self._children.clear()
