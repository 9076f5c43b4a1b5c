"""`reader serve web` on loopback: the owner's secret, the Origin check, the limits, and the command line.

In-process servers run a small Textual app that shows its terminal size, memory limit and environment
(textual-serve's web driver draws it into the WebSocket); the command-line tests run the real reader.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import time
import urllib.request
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from reader.cli import main
from reader.export.write import download_name
from reader.serve.child import MAX_COLS, MAX_ROWS
from reader.serve.web import WebServeConfig, WebService

TIMEOUT = 20.0
EVIL = "http://evil.example"

# Shows what a session's child was given; redrawn on every resize; q quits.
PROBE_APP = textwrap.dedent(
    """
    import os, resource
    from textual.app import App
    from textual.widgets import Static

    class Probe(App):
        BINDINGS = [("q", "quit", "Quit")]

        def compose(self):
            yield Static(id="probe", markup=False)

        def on_mount(self):
            self.show(self.size)

        def on_resize(self, event):
            self.show(event.size)  # self.size follows only after this handler

        def show(self, size):
            limit = resource.getrlimit(resource.RLIMIT_AS)[0]
            env = " ".join(
                f"{name}={os.environ.get(name)}"
                for name in ("READER_PUBLIC", "READER_PROFILE", "SECRET_TOKEN")
            )
            self.query_one("#probe").update(f"SIZE {size.width}x{size.height}\\nAS {limit}\\n{env}")

    Probe().run()
    """
)


@pytest.fixture
def make_server(tmp_path: Path) -> Callable[..., object]:
    script = tmp_path / "probe_app.py"
    script.write_text(PROBE_APP, encoding="utf-8")
    started: list[WebService] = []

    async def start(**overrides: object) -> WebService:
        options: dict[str, Any] = {
            "command": [sys.executable, str(script)],
            "port": 0,
            "prepare_store": False,
            "log_file": tmp_path / "serve-web.log",
        }
        options.update(overrides)
        service = WebService(WebServeConfig(**options))
        await service.start()
        started.append(service)
        return service

    start.started = started  # type: ignore[attr-defined]
    return start


@pytest.fixture
async def server(make_server: Callable[..., object]) -> AsyncIterator[WebService]:
    yield await make_server()  # type: ignore[misc]
    for each in make_server.started:  # type: ignore[attr-defined]
        await each.close()


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def ws_url(service: WebService, token: str | None = None, width: int = 100, height: int = 30) -> str:
    secret = f"&token={token}" if token else ""
    return f"http://127.0.0.1:{service.port}/ws?width={width}&height={height}{secret}"


class Screen:
    """What the app has drawn into the WebSocket, as raw terminal bytes."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.raw = bytearray()
        self.texts: list[str] = []  # the server's JSON messages (downloads, pongs)

    async def _until(self, done: Callable[[], object], what: object) -> None:
        async with asyncio.timeout(TIMEOUT):
            while not done():
                message = await self.ws.receive()
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.raw.extend(message.data)
                elif message.type == aiohttp.WSMsgType.TEXT:
                    self.texts.append(message.data)
                else:
                    raise AssertionError(f"the socket closed ({message}) before {what!r} arrived")

    async def wait_for(self, pattern: bytes) -> re.Match[bytes]:
        await self._until(lambda: re.search(pattern, self.raw), pattern)
        found = re.search(pattern, self.raw)
        assert found is not None
        return found

    async def message(self, kind: str) -> list[object]:
        """The first JSON message of this kind from the server, such as ["deliver_file_start", key]."""
        await self._until(lambda: any(json.loads(text)[0] == kind for text in self.texts), kind)
        return next(m for m in map(json.loads, self.texts) if m[0] == kind)

    async def size(self) -> tuple[int, int]:
        found = await self.wait_for(rb"SIZE (\d+)x(\d+)")
        size = int(found[1]), int(found[2])
        del self.raw[: found.end()]  # the next call sees the next redraw
        return size

    async def sizes_until(self, size: tuple[int, int]) -> list[tuple[int, int]]:
        """Every size the app drew, up to and including `size` (a redraw may repeat the last one)."""
        seen = [await self.size()]
        while seen[-1] != size:
            assert seen[-1][0] <= MAX_COLS and seen[-1][1] <= MAX_ROWS, seen  # never beyond the clamp
            seen.append(await self.size())
        return seen

    async def closed(self) -> aiohttp.WSMessage:
        async with asyncio.timeout(TIMEOUT):
            while True:
                message = await self.ws.receive()
                if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                    return message


async def refused(
    client: aiohttp.ClientSession, url: str, origin: str | None = None, headers: dict[str, str] | None = None
) -> int:
    with pytest.raises(aiohttp.WSServerHandshakeError) as refusal:
        async with client.ws_connect(url, origin=origin, headers=headers):
            pass
    return refusal.value.status


async def test_the_page_needs_the_token_and_has_a_title(
    server: WebService, client: aiohttp.ClientSession
) -> None:
    base = f"http://127.0.0.1:{server.port}"
    for path in ("/", "/static/js/textual.js", "/download/x", "/?token=wrong"):
        async with client.get(base + path) as response:
            assert response.status == 403, path
            assert "token" in await response.text()
    async with client.get(server.url) as response:
        assert response.status == 200
        page = await response.text()
        cookie = response.cookies[server.cookie]
    assert server.url == f"{base}/?token={server.token}" and len(server.token) >= 40
    assert re.search(r"<title>reader</title>", page)
    assert f'data-session-websocket-url="ws://127.0.0.1:{server.port}/ws"' in page
    assert "googleapis" not in page  # nothing is fetched from elsewhere
    assert cookie.value == server.token and cookie["httponly"] and cookie["samesite"] == "Strict"
    # The page's own requests carry the cookie instead of the token.
    headers = {"Cookie": f"{server.cookie}={server.token}"}
    async with client.get(base + "/static/js/textual.js", headers=headers) as response:
        assert response.status == 200


async def test_a_websocket_without_the_token_is_refused(
    server: WebService, client: aiohttp.ClientSession
) -> None:
    assert await refused(client, ws_url(server), origin=server.origin) == 403
    assert await refused(client, ws_url(server, "wrong"), origin=server.origin) == 403
    assert server.active_sessions == 0


async def test_a_websocket_from_another_origin_is_refused_even_with_the_token(
    server: WebService, client: aiohttp.ClientSession
) -> None:
    cookie = {"Cookie": f"{server.cookie}={server.token}"}  # a browser sends it from any local port
    for origin in (EVIL, f"http://127.0.0.1:{server.port + 1}", "null"):
        assert await refused(client, ws_url(server, server.token), origin=origin) == 403
        assert await refused(client, ws_url(server), origin=origin, headers=cookie) == 403
    assert await refused(client, ws_url(server, server.token)) == 403  # browsers always send one
    assert server.active_sessions == 0


async def test_with_the_token_and_its_own_origin_the_app_runs_in_the_socket(
    server: WebService, client: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRET_TOKEN", "server-only")
    cookie = {"Cookie": f"{server.cookie}={server.token}"}
    async with client.ws_connect(ws_url(server), origin=server.origin, headers=cookie) as ws:
        screen = Screen(ws)
        assert await screen.size() == (100, 30)
        found = await screen.wait_for(rb"READER_PUBLIC=(\w+) READER_PROFILE=(\w+) SECRET_TOKEN=([\w-]+)")
        assert found.groups() == (b"None", b"None", b"None")  # the server's environment stays behind
        assert server.active_sessions == 1
        await ws.send_json(["stdin", "q"])
        await screen.closed()
    await wait_until(lambda: server.active_sessions == 0)


async def test_the_session_cap_refuses_one_more(
    make_server: Callable[..., object], client: aiohttp.ClientSession
) -> None:
    service: WebService = await make_server(max_sessions=2)  # type: ignore[misc]
    url = ws_url(service, service.token)
    try:
        async with (
            client.ws_connect(url, origin=service.origin) as first,
            client.ws_connect(url, origin=service.origin) as second,
        ):
            await Screen(first).size()
            await Screen(second).size()
            assert await refused(client, url, origin=service.origin) == 503
            await first.close()
            await wait_until(lambda: service.active_sessions == 1)
            async with client.ws_connect(url, origin=service.origin) as third:
                await Screen(third).size()
    finally:
        await service.close()


async def test_a_huge_terminal_reaches_the_child_clamped(
    server: WebService, client: aiohttp.ClientSession
) -> None:
    url = ws_url(server, server.token, 10000, 10000)
    async with client.ws_connect(url, origin=server.origin) as ws:
        screen = Screen(ws)
        assert (await screen.size()) == (MAX_COLS, MAX_ROWS)
        await ws.send_json(["resize", {"width": 100, "height": 30}])
        await screen.sizes_until((100, 30))
        nonsense: list[object] = [{"width": "x", "height": 1}, {"width": 1e308 * 10}, [], None]
        for data in nonsense:
            await ws.send_json(["resize", data])  # ignored
        await ws.send_json(["resize", {"width": 10000, "height": 10000}])
        assert set(await screen.sizes_until((MAX_COLS, MAX_ROWS))) <= {(100, 30), (MAX_COLS, MAX_ROWS)}


async def test_each_child_has_the_memory_limit(
    make_server: Callable[..., object], client: aiohttp.ClientSession
) -> None:
    service: WebService = await make_server(memory_limit_mb=700)  # type: ignore[misc]
    try:
        async with client.ws_connect(ws_url(service, service.token), origin=service.origin) as ws:
            assert int((await Screen(ws).wait_for(rb"AS (\d+)"))[1]) == 700 * 2**20
    finally:
        await service.close()


async def test_public_needs_no_token_reads_only_and_caps_each_address(
    make_server: Callable[..., object], client: aiohttp.ClientSession
) -> None:
    service: WebService = await make_server(public=True, max_per_address=1)  # type: ignore[misc]
    try:
        assert service.token == "" and service.url == f"http://127.0.0.1:{service.port}/"
        async with client.get(service.url) as response:
            assert response.status == 200
            assert "<title>reader (public, read-only)</title>" in await response.text()
            assert service.cookie not in response.cookies
        assert await refused(client, ws_url(service), origin=EVIL) == 403  # still no other site's page
        async with client.ws_connect(ws_url(service), origin=service.origin) as ws:
            found = await Screen(ws).wait_for(rb"READER_PUBLIC=(\w+) READER_PROFILE=(\w+)")
            assert found.groups() == (b"1", b"public")
            assert await refused(client, ws_url(service), origin=service.origin) == 429
    finally:
        await service.close()


async def test_idle_sessions_and_malformed_messages_end_the_session(
    make_server: Callable[..., object], client: aiohttp.ClientSession
) -> None:
    service: WebService = await make_server(idle_timeout=1.0)  # type: ignore[misc]
    url = ws_url(service, service.token)
    try:
        async with client.ws_connect(url, origin=service.origin) as ws:
            screen = Screen(ws)
            await screen.size()
            await ws.send_json(["stdin", "a"])  # input restarts the clock
            typed = time.monotonic()
            await screen.closed()
            assert time.monotonic() - typed >= 0.9
        async with client.ws_connect(url, origin=service.origin) as ws:
            screen = Screen(ws)
            await screen.size()
            await ws.send_str("not json")
            await screen.closed()
        await wait_until(lambda: service.active_sessions == 0)
        log = (service.config.log_file or Path()).read_text(encoding="utf-8")
        assert "end (idle)" in log and "end (a malformed message)" in log
    finally:
        await service.close()


async def test_a_session_whose_app_dies_is_closed(
    make_server: Callable[..., object], client: aiohttp.ClientSession
) -> None:
    # An app that never says it exits: it dies (a crash, the memory limit) before the web driver could.
    service: WebService = await make_server(command=[sys.executable, "-c", "raise SystemExit(3)"])  # type: ignore[misc]
    try:
        async with client.ws_connect(ws_url(service, service.token), origin=service.origin) as ws:
            await Screen(ws).closed()
        await wait_until(lambda: service.active_sessions == 0)
        log = (service.config.log_file or Path()).read_text(encoding="utf-8")
        assert "end (the app ended with status 3)" in log
    finally:
        await service.close()


async def test_stopping_the_server_ends_every_session_and_its_child(
    make_server: Callable[..., object], client: aiohttp.ClientSession
) -> None:
    service: WebService = await make_server()  # type: ignore[misc]
    async with client.ws_connect(ws_url(service, service.token), origin=service.origin) as ws:
        await Screen(ws).size()
        (pid,) = [session.pid for session in service.sessions]
        assert pid is not None
        await asyncio.wait_for(service.close(), TIMEOUT)
        assert (await Screen(ws).closed()).extra == "the server is stopping"
    assert service.active_sessions == 0
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # reaped, not a zombie


async def test_the_token_stays_out_of_the_log_which_is_private(
    server: WebService, client: aiohttp.ClientSession
) -> None:
    async with client.get(server.url) as response:
        assert response.status == 200
    await refused(client, ws_url(server, server.token), origin=f"{EVIL}/{server.token}")
    async with client.ws_connect(ws_url(server, server.token), origin=server.origin) as ws:
        await Screen(ws).size()
    await wait_until(lambda: server.active_sessions == 0)
    path = server.config.log_file
    assert path is not None
    log = path.read_text(encoding="utf-8")
    assert "refused GET /ws" in log and "session 1: start" in log
    assert server.token not in log
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def wait_until(condition: Callable[[], bool]) -> None:
    async with asyncio.timeout(TIMEOUT):
        while not condition():
            await asyncio.sleep(0.02)


# The command line, with the real reader.


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_cli(*args: str) -> tuple[subprocess.Popen[str], str]:
    """`reader serve web ARGS` and the address it prints."""
    server = subprocess.Popen(
        [sys.executable, "-m", "reader", "serve", "web", *args],
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    line = server.stdout.readline()
    found = re.search(r"https?://\S+", line)
    if found is None:
        server.kill()
        raise AssertionError(f"no address in {line!r}: {server.communicate()[1]}")
    return server, found[0]


def _stop(server: subprocess.Popen[str]) -> str:
    server.send_signal(signal.SIGINT)
    try:
        _, err = server.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        _, err = server.communicate()
    return err


async def _read_and_export(port: int, url: str) -> str:
    """What a browser does: load the page, open the socket with the cookie; `x` exports, as a download."""
    async with aiohttp.ClientSession() as client:
        async with client.get(f"http://127.0.0.1:{port}/") as response:
            assert response.status == 403
        async with client.get(url) as response:
            assert response.status == 200
            assert "<title>reader</title>" in await response.text()
            name, morsel = response.cookies.popitem()
            cookie = {"Cookie": f"{name}={morsel.value}"}
        origin = f"http://127.0.0.1:{port}"
        ws_url = f"ws://127.0.0.1:{port}/ws?width=100&height=30"
        async with client.ws_connect(ws_url, origin=origin, headers=cookie) as ws:
            screen = Screen(ws)
            await screen.wait_for("Frieden möglich!".encode())
            await ws.send_json(["stdin", "x"])
            _, key = await screen.message("deliver_file_start")
            async with client.get(f"http://127.0.0.1:{port}/download/{key}", headers=cookie) as response:
                assert response.status == 200
                disposition = response.headers["Content-Disposition"]
                markdown = await response.text()
            await ws.send_json(["stdin", "q"])
            await screen.closed()
    assert disposition == "attachment; filename=frieden-moglich-geheimverhandlungen-zwischen-usa-und.md"
    return markdown


def test_reader_serve_web_prints_its_secret_address_and_x_downloads_the_export(reader_home: Path) -> None:
    port = _free_port()
    server, url = _start_cli("--port", str(port))
    try:
        assert re.fullmatch(rf"http://127\.0\.0\.1:{port}/\?token=[\w-]{{40,}}", url)
        markdown = asyncio.run(_read_and_export(port, url))
        assert markdown.startswith("---\ntitle: ") and "Frieden möglich!" in markdown
    finally:
        err = _stop(server)
    assert url.split("token=")[1] not in err  # the log on stderr
    assert "session 1: start" in err
    assert not (reader_home / "exports").exists()  # nothing was written on the server's disk
    log = (reader_home / "data" / "serve-web.log").read_text(encoding="utf-8")
    assert "session 1: end" in log and url.split("token=")[1] not in log


@pytest.mark.parametrize(
    ("title", "fallback", "name"),
    [
        ("Frieden möglich! Straße frei", "x", "frieden-moglich-strasse-frei.md"),
        ("Война и мир", "4cf55c76e3", "4cf55c76e3.md"),  # no Latin letters: the article's id
        ("\x1b]0;evil\x07 a/b\\c; filename=x", "x", "0-evil-a-b-c-filename-x.md"),
    ],
)
def test_a_download_is_named_in_plain_ascii(title: str, fallback: str, name: str) -> None:
    # The name goes into the Content-Disposition header unquoted (textual-serve writes it so).
    assert download_name(title, fallback) == name


def test_web_public_url_is_used_in_the_page() -> None:
    port = _free_port()
    server, url = _start_cli("--port", str(port), "--public-url", "https://reader.example.org/")
    try:
        assert url.startswith("https://reader.example.org/?token=")
        token = url.split("token=")[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/?token={token}", timeout=10) as response:
            page = response.read().decode("utf-8")
            cookie = response.headers["Set-Cookie"]
        assert "wss://reader.example.org/ws" in page
        assert "; Secure" in cookie  # behind an https proxy, the cookie goes over https only
    finally:
        _stop(server)


def test_public_web_server_needs_no_token() -> None:
    port = _free_port()
    server, url = _start_cli("--port", str(port), "--public")
    try:
        assert url == f"http://127.0.0.1:{port}/"
        with urllib.request.urlopen(url, timeout=10) as response:
            assert "<title>reader (public, read-only)</title>" in response.read().decode("utf-8")
    finally:
        _stop(server)


def test_ssh_without_authorized_keys_is_one_line_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no_keys"
    status = main(["serve", "ssh", "--port", str(_free_port()), "--authorized-keys", str(missing)])
    assert status != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("reader: no authorized_keys file at") and str(missing) in err[-1]


def test_serve_rejects_a_missing_article_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["serve", "web", str(tmp_path / "nothing.txt")])
    assert status != 0
    assert "no such file or directory" in capsys.readouterr().err


def test_serve_needs_a_mode(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve"])
    assert exit_info.value.code == 2


def test_web_on_all_addresses_needs_a_public_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "web", "--host", "0.0.0.0", "--port", str(_free_port())]) != 0
    assert "--public-url" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "value"), [("--max-sessions", "0"), ("--max-per-address", "0"), ("--memory-limit", "10")]
)
def test_web_limits_are_checked(option: str, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "web", option, value]) != 0
    assert option in capsys.readouterr().err
