"""`reader serve web`: the reader in a browser, one app process per tab, through textual-serve.

textual-serve (1.1.3) lets anyone in: it has no authentication and takes a WebSocket from any page's
script. This server is its owner's. The address it prints carries a secret (as Jupyter's does); the
page keeps it in a cookie (HttpOnly, SameSite=Strict) for its WebSocket and downloads, and a request
with neither is refused (403). A WebSocket whose Origin is not this server's own address is refused
too, secret or not. Sessions have the SSH server's limits: a cap, the 500x200 size clamp, a memory
limit and a minimal environment per child, and an idle timeout.

With `public=True` there is no secret: anyone who can reach the server reads the library, read-only
(each session runs with READER_PUBLIC=1 and READER_PROFILE=public), with a cap per address as well.

This module is imported only when the server starts, because aiohttp is slow to import.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import secrets
import signal
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import WSCloseCode, web
from textual_serve.server import Server, to_int

from reader import locations
from reader.errors import UserError
from reader.serve import default_command, prepare_store
from reader.serve.child import MEMORY_LIMIT_MB, clamp_size
from reader.serve.logs import Clean, open_log_file
from reader.serve.web_session import WebSession, relay
from reader.wording import count_of

log = logging.getLogger("reader.serve.web")

WILDCARDS = {"0.0.0.0", "::", ""}
TEMPLATES = Path(__file__).parent / "templates"
MAX_MESSAGE = 1 << 20  # bytes in one message from the page: keys and sizes are small
# Loggers that could see a request's address, and with it the secret.
OTHER_LOGGERS = ("aiohttp.access", "aiohttp.server", "aiohttp.web", "aiohttp.websocket", "textual-serve")
HEADERS = {
    "Referrer-Policy": "no-referrer",  # the address with the secret goes nowhere else
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Cache-Control": "no-store",
}
NEEDS_TOKEN = "this server needs the address with its token, as `reader serve web` printed it"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class WebServeConfig:
    """Everything `reader serve web` needs; the command is configurable so tests can run any app."""

    command: Sequence[str] = field(default_factory=default_command)
    paths: Sequence[Path] = ()  # the articles the command opens, parsed into the store at start
    prepare_store: bool = True  # off only for tests that run some other app
    host: str = "127.0.0.1"
    port: int = 8000  # 0: any free port (tests)
    public_url: str | None = None  # the address browsers use, behind a proxy
    public: bool = False  # no secret; sessions read only
    max_sessions: int = 10
    max_per_address: int = 3  # sessions from one address, with `public`
    idle_timeout: float = 1800.0  # seconds without input; 0 means never
    memory_limit_mb: int = MEMORY_LIMIT_MB  # each child's address space (RLIMIT_AS); 0: no limit
    log_file: Path | None = None  # None: serve-web.log under the data folder
    extra_env: Mapping[str, str] = field(default_factory=dict)
    cwd: Path | None = None

    @property
    def memory_limit(self) -> int | None:
        return self.memory_limit_mb * 2**20 if self.memory_limit_mb > 0 else None


def _base_url(host: str, port: int) -> str:
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}" if port == 80 else f"http://{host}:{port}"


def _origin(url: str) -> str:
    """What a browser sends as Origin from a page at `url`: scheme://host[:port], lower case."""
    from yarl import URL

    return str(URL(url).origin()).lower()


class WebService(Server):
    """textual-serve's server, with the owner's secret, an Origin check and limits; `start()`, `close()`."""

    def __init__(self, config: WebServeConfig) -> None:
        if config.host in WILDCARDS and not config.public_url:
            # The page tells the browser where to connect, and 0.0.0.0 is not an address a browser can use.
            raise UserError(
                f"--host {config.host or '(all)'} needs --public-url, the address browsers use, "
                f"like http://HOST:{config.port}"
            )
        title = "reader (public, read-only)" if config.public else "reader"
        super().__init__("reader", host=config.host, port=config.port, title=title, templates_path=TEMPLATES)
        self.config = config
        self.token = "" if config.public else secrets.token_urlsafe(32)
        self.origin = ""
        self.sessions: set[WebSession] = set()
        self._sockets: set[web.WebSocketResponse] = set()
        self._count = 0  # sessions, counted against the caps from before their child starts
        self._per_address: Counter[str] = Counter()
        self._numbers = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._clean = Clean([self.token])
        self._log_handler: logging.Handler | None = None

    @property
    def url(self) -> str:
        """The address to open: with the secret, unless the server is public."""
        return f"{self.public_url}/?token={self.token}" if self.token else f"{self.public_url}/"

    @property
    def cookie(self) -> str:
        return f"reader-token-{self.port}"  # cookies ignore the port: two servers on one host must not share

    @property
    def active_sessions(self) -> int:
        return self._count

    async def start(self) -> None:
        self._attach_logging()
        try:
            await self._start()
        except BaseException:
            self._detach_logging()
            raise

    async def _start(self) -> None:
        config = self.config
        if config.prepare_store:
            ready = await asyncio.to_thread(prepare_store, config.paths)
            log.info("store ready with %s", count_of(ready, "article"))
        app = await self._make_app()

        @web.middleware
        async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
            return await self._guard(request, handler)

        app.middlewares.append(guard)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=5)
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, config.host, config.port).start()
        except OSError as exc:
            await self._runner.cleanup()
            raise UserError(f"cannot listen on {config.host}:{config.port}: {exc.strerror or exc}") from exc
        self.port = int(self._runner.addresses[0][1])
        self.public_url = (config.public_url or _base_url(config.host, self.port)).rstrip("/")
        self.origin = _origin(self.public_url)
        log.info(
            "listening on %s:%d for %s, at most %d sessions%s",
            config.host,
            self.port,
            self.origin,
            config.max_sessions,
            f", {config.max_per_address} per address, public and read-only" if config.public else "",
        )

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()  # closes every socket (on_shutdown), so each session ends
        self._detach_logging()

    def _attach_logging(self) -> None:
        log.addFilter(self._clean)
        for name in OTHER_LOGGERS:
            logging.getLogger(name).addFilter(self._clean)
        self._log_handler = open_log_file(self.config.log_file or locations.data_dir() / "serve-web.log")
        log.addHandler(self._log_handler)
        log.setLevel(logging.INFO)

    def _detach_logging(self) -> None:
        log.removeFilter(self._clean)
        for name in OTHER_LOGGERS:
            logging.getLogger(name).removeFilter(self._clean)
        if self._log_handler is not None:
            log.removeHandler(self._log_handler)
            self._log_handler.close()
            self._log_handler = None

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints its logo and the address here; `serve_web` prints the address."""

    async def on_shutdown(self, app: web.Application) -> None:
        for websocket in list(self._sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"the server is stopping")

    def _is_token(self, given: str | None) -> bool:
        return given is not None and secrets.compare_digest(given.encode(), self.token.encode())

    def _has_token(self, request: web.Request) -> bool:
        """The address's token (the printed link, a script) or the page's cookie (its socket, downloads)."""
        return self._is_token(request.query.get("token")) or self._is_token(request.cookies.get(self.cookie))

    def _refusal(self, request: web.Request) -> str | None:
        origin = request.headers.get("Origin")
        socket = request.path == "/ws" or request.headers.get("Upgrade", "").lower() == "websocket"
        # Browsers send Origin with every WebSocket; a page of this server sends its own.
        if (origin is not None or socket) and (origin or "").lower() != self.origin:
            return f"Origin {origin!r} is not this server's {self.origin}"
        if self.token and not self._has_token(request):
            return NEEDS_TOKEN
        return None

    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        refusal = self._refusal(request)
        if refusal is not None:
            log.info("refused %s %s from %s: %s", request.method, request.path, request.remote, refusal[:200])
            raise web.HTTPForbidden(text=f"reader: {refusal}\n")
        response = await handler(request)
        if not response.prepared:
            response.headers.update(HEADERS)
            if self.token and self._is_token(request.query.get("token")):
                response.set_cookie(
                    self.cookie,
                    self.token,
                    path="/",
                    httponly=True,
                    samesite="Strict",
                    secure=self.public_url.startswith("https:"),
                )
        return response

    def _over_cap(self, peer: str) -> web.HTTPException | None:
        config = self.config
        if self._count >= config.max_sessions:
            return web.HTTPServiceUnavailable(
                text=f"reader: the server is full ({config.max_sessions} sessions); try again later\n"
            )
        if config.public and self._per_address[peer] >= config.max_per_address:
            return web.HTTPTooManyRequests(
                text=f"reader: {config.max_per_address} sessions from one address at most\n"
            )
        return None

    def _session_env(self) -> dict[str, str]:
        env = dict(self.config.extra_env)
        if self.config.public:
            env.update(READER_PUBLIC="1", READER_PROFILE="public")
        elif os.environ.get("READER_PROFILE"):  # the owner reads as themselves
            env["READER_PROFILE"] = os.environ["READER_PROFILE"]
        return env

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One tab's session: textual-serve's handler, with the caps, the clamp and a child of our own."""
        peer = request.remote or "?"
        refusal = self._over_cap(peer)
        if refusal is not None:
            log.info("refused a session from %s: %s", peer, refusal.text.strip() if refusal.text else "")
            raise refusal
        number = next(self._numbers)
        width, height = clamp_size(
            to_int(request.query.get("width", "80"), 80), to_int(request.query.get("height", "24"), 24)
        )
        self._count += 1
        self._per_address[peer] += 1
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        session: WebSession | None = None
        started, why = time.monotonic(), "failed"
        try:
            await websocket.prepare(request)
            self._sockets.add(websocket)
            session = WebSession(
                self.config.command,
                extra_env=self._session_env(),
                memory_limit=self.config.memory_limit,
                cwd=self.config.cwd,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
            )
            self.sessions.add(session)
            await session.start(width, height)
            log.info("session %d: start for %s at %dx%d, pid %s", number, peer, width, height, session.pid)
            why = await relay(websocket, session, self.config.idle_timeout)
        finally:
            self._sockets.discard(websocket)
            if session is not None:
                self.sessions.discard(session)
                await session.end()
            self._count -= 1
            self._per_address[peer] -= 1
            if not self._per_address[peer]:
                del self._per_address[peer]
            log.info("session %d: end (%s) after %.1fs", number, why, time.monotonic() - started)
        return websocket


def serve_web(config: WebServeConfig) -> None:
    """Serve until Ctrl+C or SIGTERM; the address to open goes to stdout, the log to stderr and a file."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    log.addHandler(handler)
    try:
        asyncio.run(_serve(config))
    finally:
        log.removeHandler(handler)


async def _serve(config: WebServeConfig) -> None:
    service = WebService(config)
    await service.start()
    try:
        if service.token:
            print(f"reader serve web: open {service.url}", flush=True)
            print("Only this address lets you in: keep it to yourself. Ctrl+C stops the server.", flush=True)
        else:
            print(f"reader serve web: public and read-only at {service.url}", flush=True)
            print("Anyone who can reach it can read the library. Ctrl+C stops the server.", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()
    finally:
        await service.close()
