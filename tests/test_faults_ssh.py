# ruff: noqa: F811  (the fixtures from test_serve_ssh are parameters here)
"""Abusive SSH clients: huge or zero terminal sizes, hostile TERM and user names, memory per child."""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import asyncssh
import pytest

from reader.serve.ssh import SSHService
from test_serve_ssh import (  # noqa: F401  (fixtures)
    TIMEOUT,
    app_command,
    authorized_keys,
    client_key,
    make_server,
)

PROBE = (
    "import os, resource, sys\n"
    "def size():\n"
    "    s = os.get_terminal_size(0)\n"
    "    return f'{s.columns}x{s.lines}'\n"
    "limit = resource.getrlimit(resource.RLIMIT_AS)[0]\n"
    "sys.stderr.write(f'PROBE term={os.environ.get(\"TERM\")!r} size={size()} as={limit} END\\r\\n')\n"
    "sys.stdin.readline()\n"
    "sys.stderr.write(f'AFTER size={size()} END\\r\\n')\n"
)


async def probe(
    service: SSHService,
    key: asyncssh.SSHKey,
    cols: int,
    rows: int,
    term: str = "xterm-256color",
    resize: tuple[int, int] | None = None,
    username: str = "tester",
) -> str:
    async with await asyncssh.connect(
        "127.0.0.1",
        service.port,
        username=username,
        known_hosts=None,
        agent_path=None,
        client_keys=[key],
        config=None,
    ) as conn:
        process = await conn.create_process(term_type=term, term_size=(cols, rows), encoding=None)
        out = b""
        async with asyncio.timeout(TIMEOUT):
            while b"PROBE" not in out or not out.rstrip().endswith(b"END"):
                out += await process.stdout.read(65536)
            if resize:
                process.change_terminal_size(*resize)
            process.stdin.write(b"go\n")
            completed = await process.wait()
        assert completed.exit_status == 0
        assert isinstance(completed.stdout, bytes)
        return (out + completed.stdout).decode()
    raise AssertionError("unreachable")


@pytest.fixture
async def probe_server(make_server: Callable[..., Any]) -> AsyncIterator[SSHService]:
    service: SSHService = await make_server(command=[sys.executable, "-c", PROBE])
    yield service
    await service.close()


@pytest.mark.parametrize(("asked", "got"), [((10000, 10000), "500x200"), ((70000, 70000), "500x200")])
async def test_a_huge_terminal_is_clamped_and_the_client_told(
    asked: tuple[int, int],
    got: str,
    probe_server: SSHService,
    client_key: asyncssh.SSHKey,
) -> None:
    out = await probe(probe_server, client_key, *asked)
    assert f"size={got}" in out and f"AFTER size={got}" in out
    assert out.count(f"your terminal is {asked[0]}x{asked[1]}; the reader uses at most 500x200") == 1


async def test_a_zero_size_gets_the_default(probe_server: SSHService, client_key: asyncssh.SSHKey) -> None:
    out = await probe(probe_server, client_key, 0, 0)
    assert "size=80x24" in out and "your terminal" not in out


async def test_a_huge_resize_is_clamped_and_keeps_the_session(
    probe_server: SSHService,
    client_key: asyncssh.SSHKey,
) -> None:
    out = await probe(probe_server, client_key, 100, 30, resize=(100000, 100000))
    assert "PROBE" in out and "size=100x30" in out and "AFTER size=500x200" in out


@pytest.mark.parametrize("term", ["x\x1b]0;pwned\x07", "xterm\x00evil", "a" * 200])
async def test_a_hostile_term_is_replaced_and_never_logged_raw(
    term: str,
    probe_server: SSHService,
    client_key: asyncssh.SSHKey,
    tmp_path: Path,
) -> None:
    out = await probe(probe_server, client_key, 100, 30, term=term)
    assert "term='xterm-256color'" in out
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", log) is None, repr(log)
    assert "session start user=tester" in log and "pwned" not in log


async def test_each_child_has_a_memory_limit(
    make_server: Callable[..., object],
    client_key: asyncssh.SSHKey,
) -> None:
    for limit, expected in ((None, 1536 * 2**20), (512, 512 * 2**20)):
        options = {} if limit is None else {"memory_limit_mb": limit}
        service: SSHService = await make_server(command=[sys.executable, "-c", PROBE], **options)  # type: ignore[misc]
        try:
            assert f"as={expected} " in await probe(service, client_key, 80, 24)
        finally:
            await service.close()
