"""Local stand-ins for translation services, on 127.0.0.1, for tests with no internet.

- `LibreServer` speaks LibreTranslate: `POST /translate` with the fields in the query string (or a form
  or JSON body), answering `{"translatedText": ...}`.
- `GoogleServer` speaks Google's `/m` page: `GET /m?sl=de&tl=en&q=...`, answering HTML with the
  translation in `<div class="t0">`.
- `DeeplServer`, `MicrosoftServer` and `MyMemoryServer` speak those APIs' translate calls.
- `SilentServer` accepts connections and never answers.
- `refused_url()` names a port where nothing listens.

The translation is deterministic: every line of the text becomes "EN:" + line. A server answers by
`mode` ("ok", "mismatch", "malformed", "hostile" (escape sequences in the translation), "hang", or an
HTTP status such as 429 or 500); `script` is a list
of modes for the next requests, used first. `requests` records every request's fields.

The fixtures (`libre_server`, `google_server`, `deepl_server`, `microsoft_server`, `mymemory_server`,
`silent_server`, `refused_url`, `make_settings`) come
from declaring this module a plugin; import its classes only for type hints, so that pytest can load
it first:

    from typing import TYPE_CHECKING
    if TYPE_CHECKING:
        from servers import LibreServer

    pytest_plugins = ["servers"]

    def test_x(libre_server: LibreServer) -> None:
        settings = libre_server.settings(read_timeout=0.5)  # engine "libre" pointed at this server
"""

from __future__ import annotations

import html
import json
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from reader.settings import Settings, TranslationSettings

Mode = str | int


def fake_translate(text: str) -> str:
    return "\n".join("EN:" + line for line in text.split("\n"))


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def _fields(self) -> dict[str, str]:
        fields = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query, keep_blank_values=True).items()}
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            body = self.rfile.read(length).decode("utf-8")
            if "json" in (self.headers.get("Content-Type") or ""):
                data = json.loads(body)
                if isinstance(data, list):  # Microsoft: [{"text": ...}]
                    data = data[0] if data else {}
                fields.update({k: str(v) for k, v in data.items()})
            else:
                fields.update({k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()})
        return fields

    def _send(self, status: int, body: str, content_type: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _serve(self, method: str) -> None:
        owner = self.server.owner
        fields = self._fields()
        mode = owner.record(method, urlsplit(self.path).path, fields)
        if mode == "hang":
            owner.released.wait()
            return
        owner.answer(self, mode, fields)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: FakeServer


class FakeServer:
    """A threaded HTTP server on 127.0.0.1 with scripted answers and a log of requests."""

    def __init__(self, mode: Mode = "ok") -> None:
        self.mode = mode
        self.script: list[Mode] = []
        self.requests: list[dict[str, Any]] = []
        self.released = threading.Event()
        self._lock = threading.Lock()
        self._httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.requests)

    def texts(self) -> list[str]:
        """The text of every request so far, in order."""
        with self._lock:
            return [r["fields"].get(self.text_field, "") for r in self.requests]

    text_field = "q"

    def record(self, method: str, path: str, fields: dict[str, str]) -> Mode:
        with self._lock:
            self.requests.append({"method": method, "path": path, "fields": fields})
            return self.script.pop(0) if self.script else self.mode

    def answer(self, handler: _Handler, mode: Mode, fields: dict[str, str]) -> None:
        raise NotImplementedError

    engine = ""  # the reader engine that speaks this server's protocol
    url = ""

    def settings(self, **translation: Any) -> Settings:
        """Settings with this server's engine pointed at it, short timeouts and backoff."""
        return settings_for(self.engine, self.url, **translation)

    def start(self) -> FakeServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.released.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _hostile(text: str) -> str:
    """Each line's translation with terminal escapes in it: a title change and a screen clear."""
    return "\n".join("\x1b]0;pwned\x07EN:\x1b[2J" + line + "\x9b31m" for line in text.split("\n"))


def _english(mode: Mode, text: str) -> str:
    if mode == "mismatch":
        return _mismatched(text)
    if mode == "hostile":
        return _hostile(text)
    return fake_translate(text)


def _mismatched(text: str) -> str:
    lines = fake_translate(text).split("\n")
    return "\n".join(lines[:-1]) if len(lines) > 1 else lines[0]


class LibreServer(FakeServer):
    """LibreTranslate: POST /translate; q, source, target, format, api_key; JSON translatedText."""

    engine = "libre"

    @property
    def url(self) -> str:  # type: ignore[override]
        return self.base

    def answer(self, handler: _Handler, mode: Mode, fields: dict[str, str]) -> None:
        path = urlsplit(handler.path).path
        if path != "/translate" or handler.command != "POST":
            handler._send(404, json.dumps({"error": "Not Found"}), "application/json")
        elif isinstance(mode, int):
            handler._send(mode, json.dumps({"error": f"status {mode}"}), "application/json")
        elif mode == "malformed":
            handler._send(200, "<html><body>Bad gateway page</body></html>", "text/html")
        else:
            text = fields.get("q", "")
            english = _english(mode, text)
            handler._send(200, json.dumps({"translatedText": english}), "application/json")


class GoogleServer(FakeServer):
    """Google's mobile page: GET /m?sl=..&tl=..&q=..; the translation is in <div class="t0">."""

    engine = "google"

    @property
    def url(self) -> str:  # type: ignore[override]
        return self.base + "m"

    def answer(self, handler: _Handler, mode: Mode, fields: dict[str, str]) -> None:
        if urlsplit(handler.path).path != "/m" or handler.command != "GET":
            handler._send(404, "<html>Not Found</html>", "text/html")
            return
        if isinstance(mode, int):
            handler._send(mode, "<html><body>Error</body></html>", "text/html")
            return
        if mode == "malformed":
            page = '<html><body><div class="other">captcha</div></body></html>'
        else:
            text = fields.get("q", "")
            english = _english(mode, text)
            page = (
                '<html><head><meta charset="utf-8"></head><body><div class="o1"></div>'
                f'<div class="result-container t0">{html.escape(english)}</div></body></html>'
            )
        handler._send(200, page, "text/html; charset=utf-8")


class DeeplServer(FakeServer):
    """DeepL v2: GET /translate?auth_key=..&source_lang=..&target_lang=..&text=..; JSON translations."""

    engine = "deepl"
    text_field = "text"

    @property
    def url(self) -> str:  # type: ignore[override]
        return self.base

    def settings(self, **translation: Any) -> Settings:
        settings = settings_for(self.engine, self.url, **translation)
        settings.engines[self.engine]["api_key"] = "test-key:fx"
        return settings

    def answer(self, handler: _Handler, mode: Mode, fields: dict[str, str]) -> None:
        if urlsplit(handler.path).path != "/translate":
            handler._send(404, "{}", "application/json")
        elif isinstance(mode, int):
            handler._send(mode, json.dumps({"message": f"status {mode}"}), "application/json")
        elif mode == "malformed":
            handler._send(200, json.dumps({"translations": []}), "application/json")
        else:
            text = fields.get("text", "")
            english = _english(mode, text)
            body = {"translations": [{"detected_source_language": "DE", "text": english}]}
            handler._send(200, json.dumps(body), "application/json")


class MicrosoftServer(FakeServer):
    """Microsoft Translator v3: POST /translate?api-version=3.0&from=..&to=.. with [{"text": ...}]."""

    engine = "microsoft"
    text_field = "text"  # from the JSON body

    @property
    def url(self) -> str:  # type: ignore[override]
        return self.base + "translate?api-version=3.0"

    def settings(self, **translation: Any) -> Settings:
        settings = settings_for(self.engine, self.url, **translation)
        settings.engines[self.engine]["api_key"] = "test-key"
        return settings

    def answer(self, handler: _Handler, mode: Mode, fields: dict[str, str]) -> None:
        if isinstance(mode, int):
            error = {"error": {"code": mode * 1000, "message": f"status {mode}"}}
            handler._send(mode, json.dumps(error), "application/json")
        elif mode == "malformed":
            handler._send(200, "[]", "application/json")
        else:
            text = fields.get("text", "")
            english = _english(mode, text)
            body = [{"translations": [{"text": english, "to": fields.get("to", "en")}]}]
            handler._send(200, json.dumps(body), "application/json")


class MyMemoryServer(FakeServer):
    """MyMemory: GET /get?q=..&langpair=de-DE|en-GB; JSON responseData.translatedText."""

    engine = "mymemory"

    @property
    def url(self) -> str:  # type: ignore[override]
        return self.base + "get"

    def answer(self, handler: _Handler, mode: Mode, fields: dict[str, str]) -> None:
        if isinstance(mode, int):
            handler._send(mode, json.dumps({"responseStatus": mode}), "application/json")
        elif mode == "malformed":
            handler._send(200, "null", "application/json")
        else:
            text = fields.get("q", "")
            english = _english(mode, text)
            body = {"responseData": {"translatedText": english, "match": 1}, "matches": []}
            handler._send(200, json.dumps(body), "application/json")


class SilentServer:
    """Accepts TCP connections and never answers; closing it ends every held connection."""

    def __init__(self) -> None:
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.connections: list[socket.socket] = []
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def port(self) -> int:
        return int(self._sock.getsockname()[1])

    @property
    def url(self) -> str:
        """Good for any engine: Libre appends `translate`, Google uses it as is."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def count(self) -> int:
        return len(self.connections)

    def settings(self, engine: str = "libre", **translation: Any) -> Settings:
        """Settings with `engine` pointed at this server; set a short `read_timeout` to see it fire."""
        return settings_for(engine, self.url, **translation)

    def _accept(self) -> None:
        self._sock.settimeout(0.05)
        while not self._stopped.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(conn)

    def start(self) -> SilentServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=1)
        for conn in self.connections:
            conn.close()
        self._sock.close()


def unused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens, so a connection is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def settings_for(engine: str, url: str, **translation: Any) -> Settings:
    """Settings that send `engine` to `url`, with short timeouts and backoff unless overridden."""
    options: dict[str, Any] = {
        "connect_timeout": 1.0,
        "read_timeout": 2.0,
        "retries": 2,
        "backoff_base": 0.01,
        "backoff_max": 0.05,
    }
    options.update(translation)
    engines: dict[str, dict[str, Any]] = {engine: {"url": url}}
    if engine == "libre":
        engines[engine]["api_key"] = "test-key"
    return Settings(translation=TranslationSettings(engine=engine, **options), engines=engines)


@pytest.fixture
def libre_server() -> Iterator[LibreServer]:
    with LibreServer() as server:
        yield server  # type: ignore[misc]


@pytest.fixture
def google_server() -> Iterator[GoogleServer]:
    with GoogleServer() as server:
        yield server  # type: ignore[misc]


@pytest.fixture
def deepl_server() -> Iterator[DeeplServer]:
    with DeeplServer() as server:
        yield server  # type: ignore[misc]


@pytest.fixture
def microsoft_server() -> Iterator[MicrosoftServer]:
    with MicrosoftServer() as server:
        yield server  # type: ignore[misc]


@pytest.fixture
def mymemory_server() -> Iterator[MyMemoryServer]:
    with MyMemoryServer() as server:
        yield server  # type: ignore[misc]


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    server = SilentServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def refused_url() -> str:
    """A URL where connections are refused."""
    return unused_url()


@pytest.fixture
def make_settings() -> Callable[..., Settings]:
    """`settings_for`, as a fixture: make_settings("libre", url, read_timeout=0.5)."""
    return settings_for
