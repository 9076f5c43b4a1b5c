"""`reader serve ssh`: an asyncssh server that gives each session its own `reader` on a pty.

Key holders (authorized_keys) each read with their own profile; with `--public`, anyone else may read
the library read-only (see `login`). Each session's process is forked by the fork server, which has
loaded the app once for all of them, or spawned when it cannot be; either way it reads the library
and its reader's state only once it is the session's (`fork_server`, `zygote`).
This module is imported only when the server starts, because asyncssh takes a quarter of a second
to import.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import signal
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import asyncssh

from reader import locations
from reader.articles.sanitize import sanitize
from reader.errors import UserError
from reader.private import open_private, private_dir
from reader.serve import (
    IDLE_TIMEOUT,
    MAX_PER_ADDRESS,
    MAX_PUBLIC,
    MAX_SESSIONS,
    PRELOAD,
    PUBLIC_IDLE_TIMEOUT,
    default_command,
    prepare_store,
)
from reader.serve.child import MAX_COLS, MAX_ROWS, MEMORY_LIMIT_MB, PtyChild, clamp_size
from reader.serve.environment import BASE_TERM, child_environment
from reader.serve.fork_server import ForkServer, ForkServerError
from reader.serve.gate import StartGate
from reader.serve.keys import load_authorized_keys, load_or_create_host_key
from reader.serve.login import Connection, Login
from reader.serve.relay import RESTORE_TERMINAL, finish, relay
from reader.wording import count_of

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
PUBLIC_NOTICE = "reader: a public, read-only reading room; nothing you do is saved.\r\n"


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
    max_sessions: int = MAX_SESSIONS
    idle_timeout: float = IDLE_TIMEOUT  # seconds without input; 0 means never
    log_file: Path | None = None  # None: serve-ssh.log under the data root
    extra_env: Mapping[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    login_timeout: float = 30.0
    memory_limit_mb: int = MEMORY_LIMIT_MB  # each child's address space (RLIMIT_AS); 0: no limit
    fork_server: bool = True  # fork sessions from a process that has loaded the app (else spawn each)
    preload: Sequence[str] = PRELOAD  # what the fork server imports (`module` or `module:function`)
    public: bool = False  # anyone may also read the library, read-only, with the public profile
    max_public: int = MAX_PUBLIC  # public sessions at once, in all
    max_per_address: int = MAX_PER_ADDRESS  # public sessions at once from one address
    public_idle_timeout: float = PUBLIC_IDLE_TIMEOUT

    @property
    def memory_limit(self) -> int | None:
        return self.memory_limit_mb * 2**20 if self.memory_limit_mb > 0 else None


class SSHService:
    """The listening server, its sessions and their children; `start()`, then `close()`."""

    def __init__(self, config: SSHServeConfig) -> None:
        self.config = config
        self.connections: set[asyncssh.SSHServerConnection] = set()
        self.children: set[PtyChild] = set()
        self._sessions = 0
        self._public: Counter[str] = Counter()  # public sessions per address
        self._numbers = itertools.count(1)
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self._log_handler: logging.Handler | None = None
        self._log_stream: IO[Any] | None = None
        self.host_key: asyncssh.SSHKey | None = None
        self.fork_server: ForkServer | None = None
        self.gate = StartGate()

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
            await self.close()
            raise

    async def _start(self) -> None:
        config = self.config
        keys = load_authorized_keys(config.authorized_keys)  # fail early with a clear message
        self.host_key = load_or_create_host_key(config.host_key)
        if config.prepare_store:
            ready = await asyncio.to_thread(prepare_store, config.paths)
            log.info("store ready with %s", count_of(ready, "article"))
        if config.fork_server and ForkServer.runnable(config.command):
            base = child_environment(BASE_TERM, {}, config.extra_env)  # what every session's has
            forks = ForkServer(config.preload, base, config.cwd)
            try:
                await forks.start()
                self.fork_server = forks
            except OSError as exc:
                log.error("cannot start the fork server (%s); sessions start as new processes", exc)
        try:
            self._acceptor = await asyncssh.create_server(
                lambda: Connection(self, next(self._numbers), config.authorized_keys, config.public),
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
            "listening on %s:%d, host key %s, at most %d sessions%s; profiles: %s",
            config.host,
            self.port,
            self.host_key.get_fingerprint(),
            config.max_sessions,
            f", public too (at most {config.max_public}, {config.max_per_address} per address)"
            if config.public
            else "",
            ", ".join(sorted({entry.profile for entry in keys.entries})),
        )

    def _attach_log_file(self, path: Path) -> None:
        private_dir(path.parent)
        self._log_stream = open_private(path, "a", encoding="utf-8")  # 0600: addresses, names, keys
        handler = logging.StreamHandler(self._log_stream)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        self._log_handler = handler

    async def close(self) -> None:
        if self._acceptor is not None:
            self._acceptor.close()
        for conn in list(self.connections):
            conn.close()
        # The sessions' processes end first: the fork server reports how they ended.
        await asyncio.gather(*(child.end() for child in list(self.children)), return_exceptions=True)
        if self.fork_server is not None:
            await self.fork_server.close()
        if self._acceptor is not None:
            await self._acceptor.wait_closed()
        self._detach_log_file()

    def _detach_log_file(self) -> None:
        if self._log_handler is not None:
            log.removeHandler(self._log_handler)
            self._log_handler.close()
            self._log_handler = None
        if self._log_stream is not None:
            self._log_stream.close()
            self._log_stream = None

    def _refusal(self, conn: Connection, login: Login) -> str | None:
        """Why this session may not start now, or None."""
        config = self.config
        if self._sessions >= config.max_sessions:
            return f"all {config.max_sessions} sessions are in use"
        if login.public and self._public.total() >= config.max_public:
            return f"all {config.max_public} public places are taken"
        if login.public and self._public[conn.host] >= config.max_per_address:
            return f"at most {config.max_per_address} public sessions come from one address"
        return None

    async def run_session(self, conn: Connection, process: asyncssh.SSHServerProcess) -> None:
        term = process.get_terminal_type()
        if term is None:
            log.info("conn %d: session without a pty refused", conn.number)
            finish(process, 1, NEEDS_PTY.encode())
            return
        login = conn.login
        assert login is not None  # sessions open only after authentication
        refusal = self._refusal(conn, login)
        if refusal is not None:
            log.info("conn %d: session refused: %s", conn.number, refusal)
            finish(process, 1, f"reader: sorry, {refusal}. Please try again later.\r\n".encode())
            return
        self._sessions += 1
        if login.public:
            self._public[conn.host] += 1
        try:
            await self._run_child(conn, process, term, login)
        finally:
            self._sessions -= 1
            if login.public:
                self._public[conn.host] -= 1
                self._public += Counter()  # drop the addresses at zero

    async def _start_child(
        self, conn: Connection, env: Mapping[str, str], cols: int, rows: int
    ) -> tuple[PtyChild, str]:
        config = self.config
        options: dict[str, Any] = {
            "env": env,
            "cols": cols,
            "rows": rows,
            "cwd": config.cwd,
            "memory_limit": config.memory_limit,
        }
        if self.fork_server is not None:
            try:
                return await self.fork_server.spawn(config.command, **options), "forked"
            except ForkServerError as exc:
                log.warning("conn %d: %s; starting a new process instead", conn.number, exc)
        return await PtyChild.spawn(config.command, **options), "spawned"

    async def _relay(
        self,
        conn: Connection,
        process: asyncssh.SSHServerProcess,
        child: PtyChild,
        login: Login,
        idle: float,
        drawn: Callable[[], None],
    ) -> tuple[str, int]:
        """The session until it ends; its child is then ended, reaped and logged."""
        self.children.add(child)
        started = time.monotonic()
        reason, status = "exit", 1
        try:
            reason, status = await relay(process, child, idle, drawn)
        finally:
            if child.returncode is None:
                await asyncio.shield(child.end())
            child.close()
            self.children.discard(child)
            log.info(
                "conn %d: session end user=%s profile=%s pid=%d after %.1fs: %s, status %s",
                conn.number,
                conn.username,
                login.profile,
                child.pid,
                time.monotonic() - started,
                reason,
                status,
            )
        return reason, status

    async def _run_child(
        self, conn: Connection, process: asyncssh.SSHServerProcess, term: str, login: Login
    ) -> None:
        asked = process.get_terminal_size()[:2]
        cols, rows = clamp_size(asked[0] or 80, asked[1] or 24)
        if (cols, rows) != (asked[0] or 80, asked[1] or 24):
            log.info("conn %d: terminal size %dx%d clamped to %dx%d", conn.number, *asked, cols, rows)
            process.stdout.write(
                f"reader: your terminal is {asked[0]}x{asked[1]}; the reader uses at most "
                f"{MAX_COLS}x{MAX_ROWS}.\r\n".encode()
            )
        if login.public:
            process.stdout.write(PUBLIC_NOTICE.encode())
        session = {"READER_PROFILE": login.profile, **({"READER_PUBLIC": "1"} if login.public else {})}
        env = child_environment(term, process.env, {**self.config.extra_env, **session})
        async with self.gate.turn() as drawn:  # sessions starting together draw a few at a time
            try:
                child, how = await self._start_child(conn, env, cols, rows)
            except OSError as exc:
                log.error("conn %d: cannot start %s: %s", conn.number, self.config.command[0], exc)
                finish(process, 1, b"reader: the server could not start the reader.\r\n")
                return
            log.info(
                "conn %d: session start user=%s profile=%s%s pid=%d (%s) term=%s size=%dx%d",
                conn.number,
                conn.username,
                login.profile,
                " (public)" if login.public else "",
                child.pid,
                how,
                term,
                cols,
                rows,
            )
            idle = self.config.public_idle_timeout if login.public else self.config.idle_timeout
            reason, status = await self._relay(conn, process, child, login, idle, drawn)
        if reason == "idle":
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
