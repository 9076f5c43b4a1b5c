"""`reader serve ssh` end to end on loopback: real asyncssh clients, a pyte screen, real children."""

from __future__ import annotations

import asyncio
import base64
import os
import stat
import sys
import textwrap
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import asyncssh
import pyte
import pytest

from conftest import SEED
from reader import locations
from reader.errors import UserError
from reader.serve import default_command
from reader.serve.ssh import SSHServeConfig, SSHService, child_environment

TITLE = "Frieden möglich!"
TIMEOUT = 15.0
OSC52 = b"\x1b]52;c;"

# Stands in for the reader until the app lands: a header with the seed's title, a sentence cursor on
# j/k, and q to quit with status 0.
FIXTURE_APP = textwrap.dedent(
    """
    from textual.app import App
    from textual.binding import Binding
    from textual.widgets import Header, Static

    SENTENCES = ["Erster Satz.", "Zweiter Satz.", "Dritter Satz."]

    class Fixture(App):
        TITLE = "Frieden möglich! Geheimverhandlungen zwischen USA und Russland über Kriegsende laufen"
        BINDINGS = [
            Binding("j", "move(1)", "Next", id="next"),
            Binding("k", "move(-1)", "Previous", id="previous"),
            Binding("q", "quit", "Quit", id="quit"),
        ]

        def compose(self):
            yield Header()
            yield Static(id="cursor", markup=False)

        def on_mount(self):
            self.index = 0
            self.show()

        def action_move(self, step):
            self.index = max(0, min(len(SENTENCES) - 1, self.index + step))
            self.show()

        def show(self):
            self.query_one("#cursor").update(f"sentence {self.index + 1}/{len(SENTENCES)}")

    Fixture().run()
    """
)


class Terminal:
    """The client's side of one PTY session, rendered by pyte."""

    def __init__(self, process: asyncssh.SSHClientProcess, cols: int = 100, rows: int = 30) -> None:
        self.process = process
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.changed = asyncio.Event()
        self.ended = False
        self.raw = bytearray()  # pyte drops OSC sequences such as the clipboard's
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        try:
            while data := await self.process.stdout.read(65536):
                self.raw.extend(data)
                self.stream.feed(data)
                self.changed.set()
        finally:
            self.ended = True
            self.changed.set()

    def cells(self, rows: range) -> list[list[tuple[str, str, str, bool]]]:
        """Characters with their colours: the sentence cursor shows only as a background colour."""
        return [
            [
                (c.data, c.fg, c.bg, c.reverse)
                for c in (self.screen.buffer[y][x] for x in range(self.screen.columns))
            ]
            for y in rows
        ]

    async def wait_cells(
        self, rows: range, predicate: Callable[[list[list[tuple[str, str, str, bool]]]], bool]
    ) -> None:
        async with asyncio.timeout(TIMEOUT):
            while not predicate(self.cells(rows)):
                if self.ended:
                    raise AssertionError(f"session ended before the screen matched:\n{self.text}")
                self.changed.clear()
                await self.changed.wait()

    async def wait_quiet(self, period: float = 0.3) -> None:
        """Until nothing has been drawn for `period` seconds: the app has finished its first frames."""
        async with asyncio.timeout(TIMEOUT):
            while True:
                self.changed.clear()
                try:
                    await asyncio.wait_for(self.changed.wait(), period)
                except TimeoutError:
                    return

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def wait_for(self, predicate: Callable[[str], bool], timeout: float = TIMEOUT) -> str:
        try:
            async with asyncio.timeout(timeout):
                while not predicate(self.text):
                    if self.ended:
                        raise AssertionError(f"session ended before the screen matched:\n{self.text}")
                    self.changed.clear()
                    await self.changed.wait()
        except TimeoutError:
            raise AssertionError(f"screen did not match within {timeout}s:\n{self.text}") from None
        return self.text

    async def wait_text(self, text: str, timeout: float = TIMEOUT) -> str:
        return await self.wait_for(lambda screen: text in screen, timeout)

    async def close(self) -> None:
        self._reader.cancel()
        await asyncio.gather(self._reader, return_exceptions=True)


@pytest.fixture
def client_key() -> asyncssh.SSHKey:
    return asyncssh.generate_private_key("ssh-ed25519")


@pytest.fixture
def authorized_keys(tmp_path: Path, client_key: asyncssh.SSHKey) -> Path:
    path = tmp_path / "authorized_keys"
    path.write_bytes(client_key.export_public_key())
    return path


@pytest.fixture
def app_command(tmp_path: Path) -> list[str]:
    script = tmp_path / "fixture_app.py"
    script.write_text(FIXTURE_APP, encoding="utf-8")
    return [sys.executable, str(script)]


@pytest.fixture
def make_server(authorized_keys: Path, app_command: list[str], tmp_path: Path) -> Callable[..., object]:
    started: list[SSHService] = []

    async def start(**overrides: object) -> SSHService:
        options: dict[str, object] = {
            "command": app_command,
            "port": 0,
            "authorized_keys": authorized_keys,
            "log_file": tmp_path / "serve.log",
            "extra_env": {"TEXTUAL_DISABLE_KITTY_KEY": "1"},
        }
        options.update(overrides)
        # Parsing the seeds into the store takes seconds, and preloading the app for the fork server
        # most of one; only the real reader needs them.
        real = options["command"] == default_command()
        options.setdefault("prepare_store", real)
        if not real:
            options.setdefault("preload", ("textual.app",))
        ready = options.pop("ready", True)  # sessions are spawned until the fork server has loaded
        service = SSHService(SSHServeConfig(**options))  # type: ignore[arg-type]
        await service.start()
        started.append(service)
        if ready and service.fork_server is not None:
            await asyncio.wait_for(service.fork_server.wait_ready(), 60)
        return service

    start.started = started  # type: ignore[attr-defined]
    return start


@pytest.fixture
async def server(make_server: Callable[..., object]) -> AsyncIterator[SSHService]:
    service = await make_server()  # type: ignore[misc]
    yield service
    for each in make_server.started:  # type: ignore[attr-defined]
        await each.close()


async def connect(
    service: SSHService, key: asyncssh.SSHKey | None, **options: object
) -> asyncssh.SSHClientConnection:
    return await asyncssh.connect(
        "127.0.0.1",
        service.port,
        username="tester",
        known_hosts=None,
        agent_path=None,
        client_keys=[key] if key else None,
        config=None,
        **options,
    )


async def open_terminal(conn: asyncssh.SSHClientConnection, cols: int = 100, rows: int = 30) -> Terminal:
    process = await conn.create_process(term_type="xterm-256color", term_size=(cols, rows), encoding=None)
    return Terminal(process, cols, rows)


async def read_to_end(conn: asyncssh.SSHClientConnection) -> tuple[asyncssh.SSHClientProcess[bytes], str]:
    """Open an 80x24 session whose stand-in program prints up to END and then waits for a line: its
    process and what it printed."""
    process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24), encoding=None)
    out = b""
    async with asyncio.timeout(TIMEOUT):
        while b"END" not in out:
            data = await process.stdout.read(65536)
            if not data:
                break
            out += data
    return process, out.decode(errors="replace")


async def finish(process: asyncssh.SSHClientProcess[bytes]) -> int | None:
    """Give the waiting stand-in its line; its exit status."""
    process.stdin.write(b"go\n")
    return (await asyncio.wait_for(process.wait(), TIMEOUT)).exit_status


async def wait_until(condition: Callable[[], bool], timeout: float = TIMEOUT) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.02)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_reader_over_ssh_shows_the_seed_navigates_and_quits_with_status_0(
    make_server: Callable[..., object], client_key: asyncssh.SSHKey
) -> None:
    service: SSHService = await make_server(command=default_command())  # type: ignore[misc]
    try:
        async with await connect(service, client_key) as conn:
            term = await open_terminal(conn)
            await term.wait_text(TITLE, timeout=20)
            top = range(1, 15)  # above any notification toasts, which come and go on their own
            await term.wait_quiet()
            start = term.cells(top)
            term.process.stdin.write(b"j")
            await term.wait_cells(top, lambda cells: cells != start)
            await term.wait_quiet()
            moved = term.cells(top)
            term.process.stdin.write(b"k")
            await term.wait_cells(top, lambda cells: cells != moved)
            # `y` copies the German sentence with OSC 52, which reaches the SSH client's terminal.
            term.process.stdin.write(b"y")
            await term.wait_for(lambda _: OSC52 in term.raw)
            await term.wait_for(lambda _: b"\x07" in term.raw[term.raw.index(OSC52) :])
            start_at = term.raw.index(OSC52) + len(OSC52)
            copied = base64.b64decode(term.raw[start_at : term.raw.index(b"\x07", start_at)]).decode()
            assert len(copied) > 20 and copied in SEED.read_text(encoding="utf-8")  # a whole sentence
            term.process.stdin.write(b"q")
            completed = await asyncio.wait_for(term.process.wait(), TIMEOUT)
            assert completed.exit_status == 0
            await term.close()
        await wait_until(lambda: not service.children)
    finally:
        await service.close()


async def test_session_shows_the_app_navigates_and_quits_with_status_0(
    server: SSHService, client_key: asyncssh.SSHKey, tmp_path: Path
) -> None:
    async with await connect(server, client_key) as conn:
        term = await open_terminal(conn)
        await term.wait_text(TITLE)
        before = term.text
        term.process.stdin.write(b"j")
        await term.wait_for(lambda screen: screen != before)
        term.process.stdin.write(b"q")
        completed = await asyncio.wait_for(term.process.wait(), TIMEOUT)
        assert completed.exit_status == 0
        await term.close()
    await wait_until(lambda: server.active_sessions == 0 and not server.children)
    logged = (tmp_path / "serve.log").read_text()
    assert "login user=tester key=" + client_key.get_fingerprint() in logged
    assert "session start" in logged and "session end" in logged


async def test_resize_reaches_the_app(server: SSHService, client_key: asyncssh.SSHKey) -> None:
    async with await connect(server, client_key) as conn:
        term = await open_terminal(conn, 100, 30)
        await term.wait_text(TITLE)
        header = term.text.splitlines()[0]
        term.screen.resize(40, 120)
        term.process.change_terminal_size(120, 40)
        # The header centres the title, so its first line changes once the app has redrawn.
        await term.wait_for(
            lambda screen: TITLE in screen.splitlines()[0] and screen.splitlines()[0] != header
        )
        term.process.stdin.write(b"q")
        await asyncio.wait_for(term.process.wait(), TIMEOUT)
        await term.close()


PROBE = (
    "import os, sys\n"
    "env = {k: os.environ.get(k) for k in ('TERM', 'COLORTERM', 'NO_COLOR', 'READER_HOME', 'SECRET_TOKEN')}\n"
    "size = os.get_terminal_size(0)\n"
    "foreground = os.tcgetpgrp(0) == os.getpgrp() == os.getsid(0)\n"
    "sys.stderr.write(f'PROBE {env} {size.columns}x{size.lines} controlling={foreground} END\\r\\n')\n"
)


async def test_child_gets_a_controlling_pty_of_the_client_size_and_a_minimal_env(
    make_server: Callable[..., object], client_key: asyncssh.SSHKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRET_TOKEN", "server-only")
    service: SSHService = await make_server(command=[sys.executable, "-c", PROBE])  # type: ignore[misc]
    try:
        async with await connect(service, client_key) as conn:
            process = await conn.create_process(
                term_type="xterm-256color", term_size=(91, 27), env={"NO_COLOR": "1"}, encoding=None
            )
            completed = await asyncio.wait_for(process.wait(), TIMEOUT)
        assert isinstance(completed.stdout, bytes)
        out = completed.stdout.decode()
        assert completed.exit_status == 0
        assert "'TERM': 'xterm-256color'" in out and "'COLORTERM': 'truecolor'" in out
        assert "'NO_COLOR': '1'" in out and "'SECRET_TOKEN': None" in out
        assert f"'READER_HOME': '{os.environ['READER_HOME']}'" in out
        assert "91x27 controlling=True" in out  # stderr is on the pty too
    finally:
        await service.close()


async def test_wrong_key_and_passwords_are_refused(server: SSHService) -> None:
    stranger = asyncssh.generate_private_key("ssh-ed25519")
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(server, stranger)
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(server, None, password="secret", preferred_auth="password,keyboard-interactive")


async def test_exec_sftp_and_forwarding_are_refused(server: SSHService, client_key: asyncssh.SSHKey) -> None:
    async with await connect(server, client_key) as conn:
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_process("id")
        with pytest.raises((asyncssh.ChannelOpenError, asyncssh.SFTPError)):
            await conn.start_sftp_client()
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.open_connection("127.0.0.1", server.port)
        with pytest.raises(asyncssh.ChannelListenError):
            await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", 9)
    assert not server.children


async def test_session_without_pty_gets_a_clear_message(
    server: SSHService, client_key: asyncssh.SSHKey
) -> None:
    async with await connect(server, client_key) as conn:
        result = await asyncio.wait_for(conn.run(request_pty=False), TIMEOUT)
    assert result.exit_status == 1
    assert "needs a terminal" in str(result.stdout)
    assert not server.children


async def test_dropped_connection_ends_and_reaps_the_child(
    server: SSHService, client_key: asyncssh.SSHKey
) -> None:
    conn = await connect(server, client_key)
    term = await open_terminal(conn)
    await term.wait_text(TITLE)
    (child,) = server.children
    pid = child.pid
    conn.abort()
    await term.close()
    await wait_until(lambda: not _alive(pid) and not server.children and server.active_sessions == 0)


async def test_a_child_that_ignores_sighup_is_killed_on_disconnect(
    make_server: Callable[..., object], client_key: asyncssh.SSHKey
) -> None:
    stubborn = (
        "import signal, time; signal.signal(signal.SIGHUP, signal.SIG_IGN);"
        "print('up', flush=True); time.sleep(60)"
    )
    service: SSHService = await make_server(command=[sys.executable, "-c", stubborn])  # type: ignore[misc]
    try:
        conn = await connect(service, client_key)
        term = await open_terminal(conn)
        await term.wait_text("up")
        (child,) = service.children
        conn.abort()
        await term.close()
        await wait_until(lambda: not _alive(child.pid) and not service.children)
        assert child.returncode == -9
    finally:
        await service.close()


async def test_session_over_the_cap_is_refused_politely(
    make_server: Callable[..., object], client_key: asyncssh.SSHKey
) -> None:
    service: SSHService = await make_server(max_sessions=1)  # type: ignore[misc]
    try:
        async with await connect(service, client_key) as first, await connect(service, client_key) as second:
            term = await open_terminal(first)
            await term.wait_text(TITLE)
            refused = await asyncio.wait_for(second.run(term_type="xterm", term_size=(80, 24)), TIMEOUT)
            assert refused.exit_status == 1
            assert "all 1 sessions are in use" in str(refused.stdout)
            assert len(service.children) == 1
            term.process.stdin.write(b"q")
            await asyncio.wait_for(term.process.wait(), TIMEOUT)
            await term.close()
    finally:
        await service.close()


async def test_idle_session_is_closed(
    make_server: Callable[..., object], client_key: asyncssh.SSHKey
) -> None:
    service: SSHService = await make_server(idle_timeout=1.5)  # type: ignore[misc]
    try:
        async with await connect(service, client_key) as conn:
            started = asyncio.get_running_loop().time()
            term = await open_terminal(conn)
            term.process.stdin.write(b"j")  # input restarts the clock
            await term.wait_for(lambda screen: "without input" in screen)
            completed = await asyncio.wait_for(term.process.wait(), TIMEOUT)
            assert completed.exit_status != 0
            assert asyncio.get_running_loop().time() - started >= 1.5
            await term.close()
        await wait_until(lambda: not service.children)
    finally:
        await service.close()


async def test_five_concurrent_reader_sessions_each_see_the_app(
    make_server: Callable[..., object], client_key: asyncssh.SSHKey
) -> None:
    server: SSHService = await make_server(command=default_command())  # type: ignore[misc]

    async def one_session() -> None:
        async with await connect(server, client_key) as conn:
            term = await open_terminal(conn, 80, 24)
            await term.wait_text(TITLE, timeout=30)
            term.process.stdin.write(b"q")
            completed = await asyncio.wait_for(term.process.wait(), TIMEOUT)
            assert completed.exit_status == 0
            await term.close()

    try:
        await asyncio.gather(*(one_session() for _ in range(5)))
        await wait_until(lambda: not server.children)
    finally:
        await server.close()


async def test_host_key_is_generated_once_with_mode_0600(make_server: Callable[..., object]) -> None:
    path = locations.host_key_path()
    assert not path.exists()
    first: SSHService = await make_server()  # type: ignore[misc]
    second: SSHService = await make_server()  # type: ignore[misc]
    try:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert first.host_key is not None and second.host_key is not None
        assert first.host_key.get_fingerprint() == second.host_key.get_fingerprint()
    finally:
        await first.close()
        await second.close()


async def test_missing_authorized_keys_is_a_user_error(
    make_server: Callable[..., object], tmp_path: Path
) -> None:
    with pytest.raises(UserError, match="authorized_keys"):
        await make_server(authorized_keys=tmp_path / "nope")  # type: ignore[misc]


def test_child_environment_is_minimal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_TOKEN", "x")
    monkeypatch.setenv("READER_CONFIG", "/tmp/reader.toml")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy:3128")
    monkeypatch.setenv("DEEPL_API_KEY", "k")
    env = child_environment("xterm-256color", {"NO_COLOR": "1", "LD_PRELOAD": "evil.so"})
    assert env["HTTPS_PROXY"] == "http://proxy:3128" and env["DEEPL_API_KEY"] == "k"
    assert env["TERM"] == "xterm-256color" and env["COLORTERM"] == "truecolor"
    assert env["READER_HOME"] == os.environ["READER_HOME"] and env["READER_CONFIG"] == "/tmp/reader.toml"
    assert env["NO_COLOR"] == "1"
    assert "SECRET_TOKEN" not in env and "LD_PRELOAD" not in env


def test_a_session_uses_the_store_and_config_the_server_uses(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import subprocess

    from reader.locations import config_file, store_path

    monkeypatch.delenv("READER_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    code = "from reader.locations import config_file, store_path; print(store_path()); print(config_file())"
    env = child_environment("xterm-256color", {})
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [str(store_path()), str(config_file())]
    assert str(store_path()).startswith(str(tmp_path))


def test_cli_module_imports_neither_asyncssh_nor_textual() -> None:
    import subprocess

    code = (
        "import sys, reader.commands.serve, reader.serve.web;"
        "import reader.serve.ssh as s; assert 'textual' not in sys.modules, 'textual'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    code = "import sys, reader.commands.serve; assert 'asyncssh' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
