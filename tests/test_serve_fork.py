# ruff: noqa: F811  (the fixtures from test_serve_ssh are parameters here)
"""The fork server: sessions forked from one process that has loaded the app, and what happens when it
cannot serve."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import asyncssh
import pytest

from reader import locations
from reader.serve import default_command, fork_server, zygote
from reader.serve.gate import StartGate
from reader.serve.ssh import SSHService
from test_serve_ssh import (  # noqa: F401  (fixtures)
    TIMEOUT,
    app_command,
    authorized_keys,
    client_key,
    connect,
    finish,
    make_server,
    read_to_end,
    wait_until,
)

# Says who its parent is and which descriptors it holds, waits for a line, and exits with status 7.
PROBE = (
    "import os, sys\n"
    "fds = sorted(int(fd) for fd in os.listdir('/proc/self/fd'))\n"
    "sys.stderr.write(f'PROBE ppid={os.getppid()} fds={fds} END\\r\\n')\n"
    "sys.stdin.readline()\n"
    "sys.exit(7)\n"
)


def test_what_the_fork_server_can_run() -> None:
    python = sys.executable
    assert zygote.runnable([python, "-m", "reader", "a.txt"])
    assert zygote.runnable([python, "-c", "print(1)"]) and zygote.runnable([python, "app.py"])
    assert not zygote.runnable(["/usr/bin/python3.9", "-m", "reader"])  # another Python
    assert not zygote.runnable([python, "-X", "dev", "app.py"]) and not zygote.runnable([python, "-m"])


async def test_a_session_is_forked_holds_none_of_the_servers_descriptors_and_its_status_comes_back(
    make_server: Callable[..., Any], client_key: asyncssh.SSHKey, tmp_path: Path
) -> None:
    service: SSHService = await make_server(command=[sys.executable, "-c", PROBE])
    try:
        assert service.fork_server is not None
        async with await connect(service, client_key) as conn:
            process, out = await read_to_end(conn)
            assert f"ppid={service.fork_server.pid} " in out
            assert "fds=[0, 1, 2, 3]" in out  # 3 is the listing's own
            assert await finish(process) == 7
    finally:
        await service.close()
    assert "(forked)" in (tmp_path / "serve.log").read_text(encoding="utf-8")


async def test_when_the_fork_server_dies_sessions_go_on_are_spawned_and_it_comes_back(
    make_server: Callable[..., Any],
    client_key: asyncssh.SSHKey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fork_server, "FIRST_RESTART", 1.0)
    service: SSHService = await make_server(command=[sys.executable, "-c", PROBE])
    try:
        forks = service.fork_server
        assert forks is not None
        await asyncio.wait_for(forks.wait_ready(), TIMEOUT)
        async with await connect(service, client_key) as conn:
            running, _ = await read_to_end(conn)
            dead = forks.pid
            assert dead is not None
            os.kill(dead, signal.SIGKILL)
            await wait_until(lambda: forks.pid is None)

            spawned, out = await read_to_end(conn)  # while it is down: a new process
            assert f"ppid={os.getpid()} " in out
            assert await finish(spawned) == 7
            assert await finish(running) == fork_server.UNKNOWN_STATUS  # went on; its end still seen

            await asyncio.wait_for(forks.wait_ready(), TIMEOUT)
            assert forks.pid not in (None, dead)
            forked, out = await read_to_end(conn)
            assert f"ppid={forks.pid} " in out
            assert await finish(forked) == 7
        await wait_until(lambda: not service.children)
    finally:
        await service.close()
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "fork server stopped" in log and "(spawned)" in log


async def test_a_fork_server_that_cannot_load_leaves_sessions_spawned(
    make_server: Callable[..., Any], client_key: asyncssh.SSHKey, tmp_path: Path
) -> None:
    service: SSHService = await make_server(
        command=[sys.executable, "-c", PROBE], preload=("no_such_module_here",), ready=False
    )
    try:
        assert service.fork_server is not None
        await wait_until(lambda: "fork server stopped" in (tmp_path / "serve.log").read_text())
        async with await connect(service, client_key) as conn:
            process, out = await read_to_end(conn)
            assert f"ppid={os.getpid()} " in out
            assert await finish(process) == 7
    finally:
        await service.close()


async def test_until_the_fork_server_has_loaded_sessions_are_spawned(
    make_server: Callable[..., Any],
    client_key: asyncssh.SSHKey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fork_server, "STOP_GRACE", 0.5)
    (tmp_path / "slow_to_load.py").write_text("import time\ntime.sleep(60)\n")
    service: SSHService = await make_server(
        command=[sys.executable, "-c", PROBE], preload=("slow_to_load",), cwd=tmp_path, ready=False
    )
    try:
        assert service.fork_server is not None and service.fork_server.pid is not None
        async with await connect(service, client_key) as conn:
            process, out = await read_to_end(conn)
            assert f"ppid={os.getpid()} " in out
            assert await finish(process) == 7
    finally:
        await service.close()
    assert "still loading; starting a new process instead" in (tmp_path / "serve.log").read_text()


async def test_the_fork_server_of_the_reader_has_loaded_it_and_holds_no_store(
    make_server: Callable[..., Any],
) -> None:
    service: SSHService = await make_server(command=default_command())
    try:
        assert service.fork_server is not None and locations.store_path().exists()
        await asyncio.wait_for(service.fork_server.wait_ready(), 60)
        fds = Path(f"/proc/{service.fork_server.pid}/fd")
        opened = [os.readlink(fd) for fd in fds.iterdir()]
        assert not [path for path in opened if str(locations.data_dir()) in path], opened
        maps = Path(f"/proc/{service.fork_server.pid}/maps").read_text()
        assert "pycrfsuite" in maps and "numpy" in maps  # the recogniser is loaded, and HanTa (numpy)
    finally:
        await service.close()


async def test_sessions_starting_together_take_turns_until_each_has_drawn() -> None:
    gate = StartGate(1)
    order: list[str] = []

    async def session(name: str, drawing: asyncio.Event) -> None:
        async with gate.turn() as drawn:
            order.append(f"{name} starts")
            await drawing.wait()
            order.append(f"{name} drawn")
            drawn()
            await asyncio.sleep(0)  # reading on: the next one's turn has begun
            order.append(f"{name} reads on")

    first_drawn, second_drawn = asyncio.Event(), asyncio.Event()
    both = asyncio.gather(session("first", first_drawn), session("second", second_drawn))
    for _ in range(10):  # let both run as far as they can
        await asyncio.sleep(0)
    assert order == ["first starts"]  # the second waits for its turn
    first_drawn.set()
    second_drawn.set()
    await asyncio.wait_for(both, TIMEOUT)
    assert order.index("second starts") == order.index("first drawn") + 1
