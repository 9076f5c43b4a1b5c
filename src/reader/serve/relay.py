"""Bytes between an SSH session and its pty child, both ways, until one side ends or input stops."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import asyncssh

from reader.serve.child import PtyChild

# Undo what a full-screen app may have left on the client's terminal after we had to kill it.
RESTORE_TERMINAL = (
    b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?2004l\x1b[0m\x1b[?25h\x1b[?1049l"
)


DRAWN_BY = 2.0  # at the latest, count the first screen as drawn this long after the start


async def relay(
    process: asyncssh.SSHServerProcess,
    child: PtyChild,
    idle_timeout: float,
    drawn: Callable[[], None] = lambda: None,
) -> tuple[str, int]:
    """Copy bytes both ways until the app exits, the client goes, or the client idles out; call
    `drawn` once the app has drawn its first screen."""
    loop = asyncio.get_running_loop()
    last_input = loop.time()
    said = asyncio.Event()
    sent = 0
    cols, rows = process.get_terminal_size()[:2]

    async def output() -> None:
        nonlocal sent
        while data := await child.read():
            sent += len(data)
            said.set()
            process.stdout.write(data)
            await process.stdout.drain()

    async def first_screen() -> None:
        # An app says a few bytes as it starts (modes, the alternate screen), then draws its first
        # screen, which takes at least a byte a cell.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(DRAWN_BY):
                while sent < max(cols * rows, 1):
                    said.clear()
                    await said.wait()
        drawn()

    async def input_() -> None:
        nonlocal last_input
        while True:
            try:
                data = await process.stdin.read(65536)
            except asyncssh.TerminalSizeChanged as change:
                child.resize(change.width, change.height, change.pixwidth, change.pixheight)
                continue
            except (asyncssh.BreakReceived, asyncssh.SignalReceived):
                continue
            if not data:
                return
            last_input = loop.time()
            await child.write(data)

    async def idle() -> None:
        while (remaining := last_input + idle_timeout - loop.time()) > 0:
            await asyncio.sleep(remaining)

    tasks = {
        "output": asyncio.ensure_future(output()),
        "exit": asyncio.ensure_future(child.wait()),
        "disconnect": asyncio.ensure_future(input_()),
    }
    drawing = asyncio.ensure_future(first_screen())
    if idle_timeout > 0:
        tasks["idle"] = asyncio.ensure_future(idle())
    try:
        await asyncio.wait(tasks.values(), return_when=asyncio.FIRST_COMPLETED)
        if tasks["output"].done() or tasks["exit"].done():
            # The app ended: let the rest of its output (restoring the terminal) reach the client.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(tasks["output"]), 2.0)
            status = await child.end()
            return "exit", exit_status(status)
        reason = "idle" if "idle" in tasks and tasks["idle"].done() else "disconnect"
        status = await child.end()
        return reason, exit_status(status)
    finally:
        for task in (*tasks.values(), drawing):
            task.cancel()
        await asyncio.gather(*tasks.values(), drawing, return_exceptions=True)


def exit_status(returncode: int) -> int:
    return returncode if returncode >= 0 else 128 - returncode


def finish(process: asyncssh.SSHServerProcess, status: int, message: bytes = b"") -> None:
    with contextlib.suppress(Exception):  # the client may already be gone; nothing left to tell it
        if message:
            process.stdout.write(message)
        process.exit(status)
