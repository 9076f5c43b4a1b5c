"""Who a connection is: a key from authorized_keys (with its own profile), or in public mode anyone.

Key holders authenticate with their key; the file is read again for each connection, so edits apply
without a restart. With `--public`, a client whose keys are all unknown, or who has none, gets in
through keyboard-interactive authentication with no prompt, as the public, read-only reader. Unknown
keys are refused rather than taken as public, so that a key holder whose agent offers another key
first still reaches their own profile. Passwords are never asked for.

A session can only be an interactive shell request, which starts the reader: exec, subsystems (SFTP),
port, agent and X11 forwarding are refused.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Protocol

import asyncssh

from reader.serve.keys import PUBLIC_PROFILE, AuthorizedKeys

log = logging.getLogger("reader.serve.ssh")


@dataclass(frozen=True)
class Login:
    profile: str
    key: str = ""  # the key's fingerprint; "" for a public login
    public: bool = False


PUBLIC_LOGIN = Login(PUBLIC_PROFILE, public=True)


class ReaderSession(asyncssh.SSHServerProcess):
    """A session that can only be an interactive shell request, which starts the reader."""

    def __init__(self, process_factory: Callable[[asyncssh.SSHServerProcess], Awaitable[None]]) -> None:
        super().__init__(process_factory, None, 0, False)

    def exec_requested(self, command: str) -> bool:
        log.info("refused exec request: %.80r", command)
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        log.info("refused subsystem request: %.80r", subsystem)
        return False


class Sessions(Protocol):
    """What a connection needs from the server: somewhere to be counted, and sessions to run."""

    connections: set[asyncssh.SSHServerConnection]

    async def run_session(self, conn: Connection, process: asyncssh.SSHServerProcess) -> None: ...


class Connection(asyncssh.SSHServer):
    """One client connection: authentication, then sessions that run the reader."""

    def __init__(self, service: Sessions, number: int, authorized_keys: Path, public: bool) -> None:
        self.service = service
        self.number = number
        self.authorized_keys = authorized_keys
        self.public_mode = public
        self.username = ""
        self.host = "?"
        self.peer = "?"
        self.login: Login | None = None
        self.started = time.time()
        self._keys: AuthorizedKeys | None = None
        self._succeeding: Login | None = None  # what the method now being tried would log in as
        self._conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        host, port = (conn.get_extra_info("peername") or ("?", 0))[:2]
        self.host, self.peer = str(host), f"{host}:{port}"
        self.service.connections.add(conn)
        log.info("conn %d: connect from %s", self.number, self.peer)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._conn is not None:
            self.service.connections.discard(self._conn)
        log.info(
            "conn %d: disconnect user=%s profile=%s after %.1fs%s",
            self.number,
            self.username or "-",
            self.login.profile if self.login else "-",
            time.time() - self.started,
            f" ({exc})" if exc else "",
        )

    def begin_auth(self, username: str) -> bool:
        self.username = username
        try:  # read per connection, so edits to the file apply without a restart
            self._keys = AuthorizedKeys.read(self.authorized_keys)
        except (OSError, ValueError) as exc:
            log.error("conn %d: cannot read authorized keys: %s", self.number, exc)
            self._keys = None
        return True

    def public_key_auth_supported(self) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return self.public_mode

    def host_based_auth_supported(self) -> bool:
        return False

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        profile = self._keys.profile_for(key, self.host) if self._keys is not None else None
        if profile is None:
            log.info("conn %d: refused key %s for user %s", self.number, key.get_fingerprint(), username)
            return False
        # Called for the key's offer and again with its signature: the last call before success is it.
        self._succeeding = Login(profile, key.get_fingerprint())
        return True

    def get_kbdint_challenge(self, username: str, lang: str, submethods: str) -> bool:
        if not self.public_mode:
            return False
        self._succeeding = PUBLIC_LOGIN  # no prompt: in public mode anyone may read
        return True

    def validate_kbdint_response(self, username: str, responses: object) -> bool:
        return False

    def auth_completed(self) -> None:
        self.login = self._succeeding
        if self.login is None:  # cannot happen: every way in sets it
            raise RuntimeError("authentication completed without a login")
        if self.login.public:
            log.info(
                "conn %d: login user=%s public profile=%s", self.number, self.username, self.login.profile
            )
        else:
            log.info(
                "conn %d: login user=%s key=%s profile=%s",
                self.number,
                self.username,
                self.login.key,
                self.login.profile,
            )

    def session_requested(self) -> ReaderSession:
        return ReaderSession(partial(self.service.run_session, self))
