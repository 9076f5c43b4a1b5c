# ruff: noqa: F811  (the fixtures from test_serve_ssh are parameters here)
"""Readers of their own on one SSH server: sessions that see the present, a profile per key, a
public mode, and private files."""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import asyncssh
import pytest

from reader import locations
from reader.serve import default_command
from reader.serve.keys import AuthorizedKeys, profile_names
from reader.serve.ssh import SSHService
from test_serve_ssh import (  # noqa: F401  (fixtures)
    TIMEOUT,
    Terminal,
    app_command,
    authorized_keys,
    client_key,
    connect,
    finish,
    make_server,
    open_terminal,
    read_to_end,
    wait_until,
)

SEED_TITLE = "Frieden möglich!"
NEW_TITLE = "Ein ganz neuer Artikel"

# Stands in for the reader: says whose profile it was given, and waits for a line before it ends.
WHO = (
    "import sys\n"
    "from reader.settings import load_settings\n"
    "s = load_settings()\n"
    "sys.stderr.write(f'WHO profile={s.profile} public={s.public} END\\r\\n')\n"
    "sys.stdin.readline()\n"
)


class Guest(asyncssh.SSHClient):
    """A client with no key that answers keyboard-interactive authentication, as `ssh` does."""

    def kbdint_auth_requested(self) -> str:
        return ""

    def kbdint_challenge_received(self, name: str, instructions: str, lang: str, prompts: Any) -> list[str]:
        return [""] * len(prompts)


async def guest(service: SSHService) -> asyncssh.SSHClientConnection:
    conn, _ = await asyncssh.create_connection(
        Guest,
        "127.0.0.1",
        service.port,
        username="reader",
        known_hosts=None,
        agent_path=None,
        client_keys=[],
        config=None,
    )
    return conn


def key(comment: str | None = None) -> asyncssh.SSHKey:
    return asyncssh.generate_private_key("ssh-ed25519", comment=comment)


def write_keys(path: Path, *keys: asyncssh.SSHKey) -> Path:
    path.write_bytes(b"".join(k.export_public_key() for k in keys))
    return path


@pytest.fixture
def quiet_home(reader_home: Path) -> Path:
    """No session of the real reader goes to the network: translation only when asked."""
    (reader_home / "config").mkdir(parents=True, exist_ok=True)
    (reader_home / "config" / "config.toml").write_text("[translation]\nauto = false\n", encoding="utf-8")
    return reader_home


def add_article(folder: Path, ident: str, title: str) -> None:
    path = folder / f"{ident}.txt"
    path.write_text(f"ID: {ident}\n\n{title}\n\nDas ist neu. Wirklich neu.\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "reader", "add", str(path)], check=True, capture_output=True)


def header(term: Terminal) -> str:
    return term.screen.display[0]


async def quit_reader(term: Terminal) -> None:
    term.process.stdin.write(b"q")
    assert (await asyncio.wait_for(term.process.wait(), TIMEOUT)).exit_status == 0
    await term.close()


# 1. Sessions see the present ------------------------------------------------------------------


async def test_a_session_started_after_an_add_lists_the_new_article(
    make_server: Callable[..., Any], client_key: asyncssh.SSHKey, quiet_home: Path, tmp_path: Path
) -> None:
    service: SSHService = await make_server(command=default_command())
    try:
        assert service.fork_server is not None
        await asyncio.wait_for(service.fork_server.wait_ready(), 60)  # loaded: what a spare was
        add_article(tmp_path, "neu1", NEW_TITLE)
        async with await connect(service, client_key) as conn:
            term = await open_terminal(conn)
            await term.wait_text(SEED_TITLE, timeout=30)
            await term.wait_text(NEW_TITLE)
            await quit_reader(term)
    finally:
        await service.close()


async def test_a_session_started_after_another_moved_on_sees_where_it_went(
    make_server: Callable[..., Any], client_key: asyncssh.SSHKey, quiet_home: Path, tmp_path: Path
) -> None:
    add_article(tmp_path, "neu1", NEW_TITLE)  # two articles; the seed is added when the server starts
    service: SSHService = await make_server(command=default_command())
    try:
        assert service.fork_server is not None
        await asyncio.wait_for(service.fork_server.wait_ready(), 60)
        async with await connect(service, client_key) as conn:
            first = await open_terminal(conn)
            await first.wait_text(SEED_TITLE, timeout=30)
            await first.wait_quiet()
            opened = SEED_TITLE if SEED_TITLE in header(first) else NEW_TITLE
            other = NEW_TITLE if opened == SEED_TITLE else SEED_TITLE
            first.process.stdin.write(b"n")  # the other article: opened, so marked read
            await first.wait_for(lambda _: other in header(first))
            await first.wait_for(lambda screen: f"● {other}" not in screen)
            await quit_reader(first)

            second = await open_terminal(conn)
            await second.wait_for(lambda _: other in header(second), timeout=30)
            await second.wait_quiet()
            assert f"● {other}" not in second.text  # and read
            await quit_reader(second)
    finally:
        await service.close()


# 2. A profile per key ------------------------------------------------------------------------


async def test_each_key_reads_with_its_own_profile(make_server: Callable[..., Any], tmp_path: Path) -> None:
    alice, bob, nameless = key("alice@laptop"), key("Bob Builder"), key()
    keys = write_keys(tmp_path / "keys", alice, bob, nameless)
    service: SSHService = await make_server(command=[sys.executable, "-c", WHO], authorized_keys=keys)
    try:
        seen = {}
        for person in (alice, bob, nameless):
            async with await connect(service, person) as conn:
                process, out = await read_to_end(conn)
                assert "public=False" in out
                seen[person.get_fingerprint()] = out.split("profile=", 1)[1].split()[0]
                assert await finish(process) == 0
    finally:
        await service.close()
    fingerprint = nameless.get_fingerprint().replace("/", "-")
    assert list(seen.values()) == ["alice@laptop", "Bob-Builder", fingerprint]
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert f"key={bob.get_fingerprint()} profile=Bob-Builder" in log
    assert "session start user=tester profile=alice@laptop" in log


def test_two_keys_with_one_comment_never_share_a_profile() -> None:
    first, second, again = key("alice"), key("alice"), key("public")
    names = profile_names([first, second, first, again])
    assert names[0] == "alice" and names[2] == "alice"  # the same key twice is one person
    assert names[1].startswith("alice-") and names[1] != "alice"
    assert names[3] != "public"  # the public mode's profile is no key's
    assert len({names[0], names[1], names[3]}) == 3


def test_options_before_a_key_are_kept_and_its_comment_names_it() -> None:
    alice = key("alice")
    line = 'from="10.0.0.0/8",no-pty ' + alice.export_public_key().decode()
    keys = AuthorizedKeys.parse("# people\n\n" + line)
    assert keys.profile_for(alice.convert_to_public(), "10.1.2.3") == "alice"
    assert keys.profile_for(alice.convert_to_public(), "192.168.0.1") is None  # from= honoured
    assert keys.profile_for(key("alice").convert_to_public(), "10.1.2.3") is None


# 3. A public mode ----------------------------------------------------------------------------


async def test_a_keyless_client_reads_as_the_public_only_with_public(
    make_server: Callable[..., Any], client_key: asyncssh.SSHKey, tmp_path: Path
) -> None:
    closed: SSHService = await make_server(command=[sys.executable, "-c", WHO])
    try:
        with pytest.raises(asyncssh.PermissionDenied):
            await guest(closed)
    finally:
        await closed.close()
    service: SSHService = await make_server(command=[sys.executable, "-c", WHO], public=True)
    try:
        async with await guest(service) as conn:
            process, out = await read_to_end(conn)
            assert out.startswith("reader: a public, read-only reading room; nothing you do is saved.")
            assert "WHO profile=public public=True END" in out
            assert await finish(process) == 0
        async with await connect(service, client_key) as conn:  # key holders keep their profiles
            process, out = await read_to_end(conn)
            name = client_key.get_fingerprint().replace("/", "-")
            assert f"WHO profile={name} public=False END" in out and "reading room" not in out
            assert await finish(process) == 0
    finally:
        await service.close()
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "login user=reader public profile=public" in log


async def test_public_sessions_are_capped_per_address_and_in_all(make_server: Callable[..., Any]) -> None:
    service: SSHService = await make_server(
        command=[sys.executable, "-c", WHO], public=True, max_per_address=2, max_public=5
    )
    try:
        async with await guest(service) as one, await guest(service) as two, await guest(service) as three:
            first, _ = await read_to_end(one)
            second, _ = await read_to_end(two)
            refused = await asyncio.wait_for(three.run(term_type="xterm", term_size=(80, 24)), TIMEOUT)
            assert refused.exit_status == 1
            assert "at most 2 public sessions come from one address" in str(refused.stdout)
            assert await finish(first) == 0
            await wait_until(lambda: service.active_sessions == 1)
            third, out = await read_to_end(three)  # a place is free again
            assert "profile=public" in out
            for process in (second, third):
                assert await finish(process) == 0
    finally:
        await service.close()
    capped: SSHService = await make_server(command=[sys.executable, "-c", WHO], public=True, max_public=1)
    try:
        async with await guest(capped) as one, await guest(capped) as two:
            first, _ = await read_to_end(one)
            refused = await asyncio.wait_for(two.run(term_type="xterm", term_size=(80, 24)), TIMEOUT)
            assert "all 1 public places are taken" in str(refused.stdout)
            assert await finish(first) == 0
    finally:
        await capped.close()


async def test_a_public_session_has_its_own_shorter_idle_timeout(
    make_server: Callable[..., Any], client_key: asyncssh.SSHKey
) -> None:
    service: SSHService = await make_server(
        command=[sys.executable, "-c", WHO], public=True, public_idle_timeout=0.5, idle_timeout=600
    )
    try:
        async with await connect(service, client_key) as holder, await guest(service) as visitor:
            kept, _ = await read_to_end(holder)  # idle from before the public session starts
            public, _ = await read_to_end(visitor)
            completed = await asyncio.wait_for(public.wait(), TIMEOUT)
            assert "closed after 0.5 s without input" in str(completed.stdout)
            assert kept.exit_status is None and service.active_sessions == 1
            assert await finish(kept) == 0
    finally:
        await service.close()


# 5. Private files ----------------------------------------------------------------------------


async def test_the_host_key_and_the_log_are_private_whatever_the_umask(
    make_server: Callable[..., Any], reader_home: Path
) -> None:
    data = locations.data_dir()
    data.mkdir(parents=True)
    log = data / "serve-ssh.log"
    log.write_text("from an older version\n")
    log.chmod(0o644)
    old = os.umask(0o022)
    try:
        service: SSHService = await make_server(log_file=None)
        await service.close()
    finally:
        os.umask(old)
    for path, mode in ((data, 0o700), (locations.host_key_path(), 0o600), (log, 0o600)):
        assert stat.S_IMODE(path.stat().st_mode) == mode, path
    assert "listening on" in log.read_text()
