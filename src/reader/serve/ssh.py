"""`reader serve ssh`: an asyncssh server that gives each session its own `reader` on a pty.

Only public-key logins from an authorized_keys file are accepted, and a session can only be a
terminal running the reader: exec, subsystems (SFTP), port, agent and X11 forwarding are refused.
Any user name is accepted, since the key decides; of the authorized_keys options only `from=` is
honoured, because there is nothing else a key could be allowed to do.
This module is imported only when the server starts, because asyncssh takes a quarter of a second
to import.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import signal
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import asyncssh

from reader import locations
from reader.articles.sanitize import sanitize
from reader.errors import UserError
from reader.serve import default_command, prepare_store
from reader.serve.child import MAX_COLS, MAX_ROWS, MEMORY_LIMIT_MB, PtyChild, clamp_size
from reader.serve.environment import SPARE_TERM, child_environment
from reader.serve.keys import load_authorized_keys, load_or_create_host_key
from reader.serve.relay import RESTORE_TERMINAL, finish, relay
from reader.serve.spares import SparePool

log = logging.getLogger("reader.serve.ssh")


class _Clean(logging.Filter):
    """Client strings (user name, TERM, addresses, errors) reach the log: no escapes, no control bytes."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = " ".join(sanitize(record.getMessage()).split("\n"))
        record.args = None
        return True


log.addFilter(_Clean())

NEEDS_PTY = (
    "reader: this server only runs the reader, which needs a terminal.\n"
    "Connect with plain `ssh -p PORT HOST` (or add -t), without a command.\n"
)


@dataclass(frozen=True)
class SSHServeConfig:
    """Everything `reader serve ssh` needs; the command is configurable so tests can run any app."""

    command: Sequence[str] = field(default_factory=default_command)
    paths: Sequence[Path] = ()  # the articles the command opens, parsed into the store at start
    prepare_store: bool = True  # off only for tests that run some other app
    host: str = "127.0.0.1"
    port: int = 2222
    host_key: Path | None = None  # None: generated on first run under the data root
    authorized_keys: Path = field(default_factory=lambda: Path.home() / ".ssh" / "authorized_keys")
    max_sessions: int = 10
    idle_timeout: float = 1800.0  # seconds without input; 0 means never
    log_file: Path | None = None  # None: serve-ssh.log under the data root
    extra_env: Mapping[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    login_timeout: float = 30.0
    spares: int = 0  # apps kept started ahead of time, for clients with SPARE_TERM and no NO_COLOR
    max_spares: int = 0  # as many as recent demand needs, up to this (0: exactly `spares`)
    memory_limit_mb: int = MEMORY_LIMIT_MB  # each child's address space (RLIMIT_AS); 0: no limit

    @property
    def memory_limit(self) -> int | None:
        return self.memory_limit_mb * 2**20 if self.memory_limit_mb > 0 else None


class _ReaderSession(asyncssh.SSHServerProcess):
    """A session that can only be an interactive shell request, which starts the reader."""

    def __init__(self, process_factory: Callable[[asyncssh.SSHServerProcess], Awaitable[None]]) -> None:
        super().__init__(process_factory, None, 0, False)

    def exec_requested(self, command: str) -> bool:
        log.info("refused exec request: %.80r", command)
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        log.info("refused subsystem request: %.80r", subsystem)
        return False


class _Connection(asyncssh.SSHServer):
    """One client connection: authentication by key, then sessions that run the reader."""

    def __init__(self, service: SSHService, number: int) -> None:
        self.service = service
        self.number = number
        self.username = ""
        self.fingerprint = ""
        self.peer = "?"
        self.started = time.time()
        self._keys: asyncssh.SSHAuthorizedKeys | None = None
        self._offered = ""
        self._conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        host, port = (conn.get_extra_info("peername") or ("?", 0))[:2]
        self.peer = f"{host}:{port}"
        self.service.connections.add(conn)
        log.info("conn %d: connect from %s", self.number, self.peer)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._conn is not None:
            self.service.connections.discard(self._conn)
        log.info(
            "conn %d: disconnect user=%s key=%s after %.1fs%s",
            self.number,
            self.username or "-",
            self.fingerprint or "-",
            time.time() - self.started,
            f" ({exc})" if exc else "",
        )

    def begin_auth(self, username: str) -> bool:
        self.username = username
        try:  # re-read per connection, so edits to the file apply without a restart
            self._keys = asyncssh.read_authorized_keys(str(self.service.config.authorized_keys))
        except (OSError, ValueError) as exc:
            log.error("conn %d: cannot read authorized keys: %s", self.number, exc)
            self._keys = None
        return True

    def public_key_auth_supported(self) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        host = self.peer.rsplit(":", 1)[0]
        if self._keys is None or self._keys.validate(key, host, host) is None:
            log.info("conn %d: refused key %s for user %s", self.number, key.get_fingerprint(), username)
            return False
        self._offered = key.get_fingerprint()  # the login's key once its signature checks out
        return True

    def auth_completed(self) -> None:
        self.fingerprint = self._offered
        log.info("conn %d: login user=%s key=%s", self.number, self.username, self.fingerprint)

    def session_requested(self) -> _ReaderSession:
        return _ReaderSession(partial(self.service.run_session, self))


class SSHService:
    """The listening server, its sessions and their children; `start()`, then `close()`."""

    def __init__(self, config: SSHServeConfig) -> None:
        self.config = config
        self.connections: set[asyncssh.SSHServerConnection] = set()
        self.children: set[PtyChild] = set()
        self._sessions = 0
        self._numbers = itertools.count(1)
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self._log_handler: logging.Handler | None = None
        self.host_key: asyncssh.SSHKey | None = None
        self.spares: SparePool | None = None

    @property
    def port(self) -> int:
        assert self._acceptor is not None
        return int(self._acceptor.get_port())

    @property
    def active_sessions(self) -> int:
        return self._sessions

    async def start(self) -> None:
        self._attach_log_file(self.config.log_file or locations.data_dir() / "serve-ssh.log")
        try:
            await self._start()
        except BaseException:
            self._detach_log_file()
            raise

    async def _start(self) -> None:
        config = self.config
        load_authorized_keys(config.authorized_keys)  # fail early with a clear message
        self.host_key = load_or_create_host_key(config.host_key)
        if config.prepare_store:
            ready = await asyncio.to_thread(prepare_store, config.paths)
            log.info("store ready with %d articles", ready)
        try:
            self._acceptor = await asyncssh.create_server(
                lambda: _Connection(self, next(self._numbers)),
                config.host,
                config.port,
                server_host_keys=[self.host_key],
                encoding=None,
                line_editor=False,
                allow_scp=False,
                agent_forwarding=False,
                x11_forwarding=False,
                gss_host=None,
                login_timeout=config.login_timeout,
                keepalive_interval=60,
            )
        except OSError as exc:
            raise UserError(f"cannot listen on {config.host}:{config.port}: {exc.strerror or exc}") from exc
        log.info(
            "listening on %s:%d, host key %s, at most %d sessions",
            config.host,
            self.port,
            self.host_key.get_fingerprint(),
            config.max_sessions,
        )
        if config.spares > 0 or config.max_spares > 0:
            env = child_environment(SPARE_TERM, {}, config.extra_env)
            self.spares = SparePool(
                config.command,
                env,
                config.spares,
                max_count=min(config.max_spares, config.max_sessions),
                cwd=config.cwd,
                memory_limit=config.memory_limit,
            )
            self.spares.fill()

    def _attach_log_file(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        self._log_handler = handler

    async def close(self) -> None:
        if self._acceptor is not None:
            self._acceptor.close()
        for conn in list(self.connections):
            conn.close()
        if self.spares is not None:
            await self.spares.close()
        await asyncio.gather(*(child.end() for child in list(self.children)), return_exceptions=True)
        if self._acceptor is not None:
            await self._acceptor.wait_closed()
        self._detach_log_file()

    def _detach_log_file(self) -> None:
        if self._log_handler is not None:
            log.removeHandler(self._log_handler)
            self._log_handler.close()
            self._log_handler = None

    async def run_session(self, conn: _Connection, process: asyncssh.SSHServerProcess) -> None:
        term = process.get_terminal_type()
        if term is None:
            log.info("conn %d: session without a pty refused", conn.number)
            finish(process, 1, NEEDS_PTY.encode())
            return
        limit = self.config.max_sessions
        if self._sessions >= limit:
            log.info("conn %d: session refused, at the limit of %d", conn.number, limit)
            message = f"reader: sorry, all {limit} sessions are in use. Please try again later.\r\n"
            finish(process, 1, message.encode())
            return
        self._sessions += 1
        try:
            await self._run_child(conn, process, term)
        finally:
            self._sessions -= 1

    async def _run_child(self, conn: _Connection, process: asyncssh.SSHServerProcess, term: str) -> None:
        asked = process.get_terminal_size()[:2]
        cols, rows = clamp_size(asked[0] or 80, asked[1] or 24)
        if (cols, rows) != (asked[0] or 80, asked[1] or 24):
            log.info("conn %d: terminal size %dx%d clamped to %dx%d", conn.number, *asked, cols, rows)
            process.stdout.write(
                f"reader: your terminal is {asked[0]}x{asked[1]}; the reader uses at most "
                f"{MAX_COLS}x{MAX_ROWS}.\r\n".encode()
            )
        env = child_environment(term, process.env, self.config.extra_env)
        spare = await self.spares.take() if self.spares and self.spares.matches(env) else None
        if spare is None:
            try:
                child = await PtyChild.spawn(
                    self.config.command,
                    env=env,
                    cols=cols,
                    rows=rows,
                    cwd=self.config.cwd,
                    memory_limit=self.config.memory_limit,
                )
            except OSError as exc:
                log.error("conn %d: cannot start %s: %s", conn.number, self.config.command[0], exc)
                finish(process, 1, b"reader: the server could not start the reader.\r\n")
                return
        else:
            child = spare[0]
        self.children.add(child)
        started = time.monotonic()
        log.info(
            "conn %d: session start user=%s key=%s pid=%d%s term=%s size=%dx%d",
            conn.number,
            conn.username,
            conn.fingerprint,
            child.pid,
            " (warm spare)" if spare else "",
            term,
            cols,
            rows,
        )
        reason, status = "exit", 1
        try:
            if spare is not None:
                # Replay what the spare has drawn so far, then let it redraw at the client's size.
                process.stdout.write(spare[1])
                child.resize(cols, rows)
            reason, status = await relay(process, child, self.config.idle_timeout)
        finally:
            if child.returncode is None:
                await asyncio.shield(child.end())
            child.close()
            self.children.discard(child)
            log.info(
                "conn %d: session end user=%s pid=%d after %.1fs: %s, status %s",
                conn.number,
                conn.username,
                child.pid,
                time.monotonic() - started,
                reason,
                status,
            )
        if reason == "idle":
            idle = self.config.idle_timeout
            after = f"{idle / 60:g} min" if idle >= 120 else f"{idle:g} s"
            finish(
                process,
                status,
                RESTORE_TERMINAL + f"\r\nreader: closed after {after} without input.\r\n".encode(),
            )
        elif reason != "disconnect":
            finish(process, status)


def serve_ssh(config: SSHServeConfig) -> None:
    """Run the server until SIGINT or SIGTERM, then end every session's child."""

    async def main() -> None:
        service = SSHService(config)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        try:
            await service.start()
            await stop.wait()
            log.info("shutting down")
        finally:
            await service.close()

    asyncio.run(main())
