"""`reader serve web` and the `reader serve` command line, run as real processes on loopback."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from reader.cli import main


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, deadline: float) -> tuple[int, str]:
    """GET once the server is up: connection refused means it is still starting."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except (ConnectionError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


async def _browser_session(port: int) -> None:
    """What the page's script does: open the websocket, and the app draws into it; `q` ends it."""
    import aiohttp
    import pyte

    screen = pyte.Screen(100, 30)
    stream = pyte.ByteStream(screen)
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"http://127.0.0.1:{port}/ws?width=100&height=30") as ws,
    ):
        async with asyncio.timeout(30):
            while not any("Frieden möglich!" in line for line in screen.display):
                message = await ws.receive()
                assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
                if message.type == aiohttp.WSMsgType.BINARY:
                    stream.feed(message.data)
            await ws.send_json(["stdin", "q"])
            while (await ws.receive()).type not in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                pass


def test_web_server_answers_get_with_its_page_and_runs_the_app_over_its_websocket() -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "reader", "serve", "web", "--port", str(port)],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        status, page = _get(f"http://127.0.0.1:{port}/", time.monotonic() + 30)
        assert status == 200
        assert "<html" in page.lower()
        assert f"ws://127.0.0.1:{port}/ws" in page  # the page connects back to this server for the app
        asyncio.run(_browser_session(port))
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_web_public_url_is_used_in_the_page() -> None:
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reader",
            "serve",
            "web",
            "--port",
            str(port),
            "--public-url",
            "https://reader.example.org/",
        ],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _, page = _get(f"http://127.0.0.1:{port}/", time.monotonic() + 30)
        assert "wss://reader.example.org/ws" in page
    finally:
        server.kill()
        server.wait()


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
