"""One browser tab's reader under `reader serve web`: its process, and the messages its page sends.

textual-serve's `AppService` starts the command through a shell with the server's whole environment,
and its message loop trusts the page: it asserts on the JSON and passes any size to the app (a tab
that asked for 10000x10000 made its child grow to 1.34 GB). Here the child gets the SSH sessions'
minimal environment and memory limit, every size is clamped, and a malformed message ends the session.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import os
import resource
import signal
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService

from reader.serve.child import clamp_size
from reader.serve.environment import BASE_TERM, child_environment

log = logging.getLogger("reader.serve.web")

# What textual-serve's `_build_environment` sets for the app's web driver; the rest of it is the
# server's own environment, which a session does not get.
SERVE_VARS = (
    "TEXTUAL_DRIVER",
    "TEXTUAL_FPS",
    "TEXTUAL_COLOR_SYSTEM",
    "TERM_PROGRAM",
    "TERM_PROGRAM_VERSION",
    "COLUMNS",
    "ROWS",
)
MESSAGE_TYPES = ("stdin", "resize", "ping", "blur", "focus")


def _limit(memory_limit: int | None) -> Callable[[], None] | None:
    if not memory_limit:
        return None

    def setup() -> None:  # in the child, before it runs anything
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    return setup


class WebSession(AppService):
    """textual-serve's app process, started as reader starts its SSH sessions' children."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        extra_env: Mapping[str, str],
        memory_limit: int | None,
        cwd: Path | None,
        **options: Any,
    ) -> None:
        super().__init__(" ".join(argv), **options)
        self.argv = list(argv)
        self.extra_env = dict(extra_env)
        self.memory_limit = memory_limit
        self.cwd = cwd
        self.last_input = time.monotonic()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def returncode(self) -> int | None:
        return self._process.returncode if self._process is not None else None

    async def wait(self) -> int:
        """Until the app's process has exited; its status."""
        assert self._process is not None, "wait() before start()"
        return await self._process.wait()

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        served = super()._build_environment(width, height)
        return child_environment(BASE_TERM, {}, {**{k: served[k] for k in SERVE_VARS}, **self.extra_env})

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        # textual-serve's own method, but exec rather than a shell, our environment, the memory limit,
        # and a session of its own, so that ending it reaches whatever it started.
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width, height),
            cwd=self.cwd,
            start_new_session=True,
            preexec_fn=_limit(self.memory_limit),
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def start(self, width: int, height: int) -> None:
        await super().start(*clamp_size(width, height))

    async def set_terminal_size(self, width: int, height: int) -> None:
        await super().set_terminal_size(*clamp_size(width, height))

    async def send_bytes(self, data: bytes) -> bool:
        self.last_input = time.monotonic()
        return await super().send_bytes(data)

    async def end(self, grace: float = 2.0) -> None:
        """Ask the app to quit, kill it if it lingers, and reap it."""
        process = self._process
        if process is None:
            return
        try:
            await asyncio.wait_for(self.stop(), grace)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        await process.wait()


def cells(value: object) -> int | None:
    """A terminal dimension from the page: a finite number, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return int(value)


def envelope(text: str) -> tuple[str, Any] | None:
    """A page's message, `[type, data]`, or None if it is not one."""
    try:
        message = json.loads(text)
    except ValueError:
        return None
    if not isinstance(message, list) or not message or message[0] not in MESSAGE_TYPES:
        return None
    return message[0], message[1] if len(message) > 1 else None


async def relay(websocket: web.WebSocketResponse, session: WebSession, idle_timeout: float) -> str:
    """Pass the page's keys, sizes and focus to the app until the page or the app goes; say why it ended."""
    idle = asyncio.Event()
    watchers = [asyncio.ensure_future(_close_when_ended(websocket, session))]
    if idle_timeout:
        watchers.append(asyncio.ensure_future(_close_when_idle(websocket, session, idle_timeout, idle)))
    try:
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            parsed = envelope(message.data)
            if parsed is None:
                await websocket.close(code=1003, message=b"not a message of this page")
                return "a malformed message"
            kind, data = parsed
            if kind == "stdin" and isinstance(data, str):
                await session.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                width, height = cells(data.get("width")), cells(data.get("height"))
                if width is not None and height is not None:
                    await session.set_terminal_size(width, height)
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await session.blur()
            elif kind == "focus":
                await session.focus()
        if idle.is_set():
            return "idle"
        return "closed" if session.returncode is None else f"the app ended with status {session.returncode}"
    finally:
        for watcher in watchers:
            watcher.cancel()


async def _close_when_ended(websocket: web.WebSocketResponse, session: WebSession) -> None:
    # textual-serve closes the socket when the app says it exits; an app that dies says nothing.
    await session.wait()
    await websocket.close(code=1000, message=b"the reader ended")


async def _close_when_idle(
    websocket: web.WebSocketResponse, session: WebSession, timeout: float, idle: asyncio.Event
) -> None:
    while True:
        left = session.last_input + timeout - time.monotonic()
        if left <= 0:
            idle.set()
            await websocket.close(code=1000, message=b"closed after a while without input")
            return
        await asyncio.sleep(left)
