"""Opening the store: WAL mode, a versioned schema with migrations, and recovery from a corrupt file."""

from __future__ import annotations

import contextlib
import errno
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reader.errors import UserError
from reader.private import private_dir, private_file, tighten
from reader.store.files import BUSY_TIMEOUT, disk_is_full, full_disk_message, use_wal
from reader.store.profiles import DEFAULT, check_name
from reader.store.schema import MIGRATIONS, SCHEMA_VERSION


class StoreError(UserError):
    """The store cannot be used: the disk is full, the file is locked or unreadable."""

    exit_code = 1


class ReadOnlySession(StoreError):
    """A public session reads the library and saves nothing of anyone's."""

    def __init__(self) -> None:
        super().__init__("this is a public, read-only session: nothing you do here is saved")


# SQLite's primary result codes for a damaged file; other DatabaseErrors (locked, full, a bug) differ.
_CORRUPT = 11  # SQLITE_CORRUPT: "database disk image is malformed"
_NOTADB = 26  # SQLITE_NOTADB: "file is not a database"
_CHECK_LIMIT = 16 * 2**20  # a quick check at open reads every page (about 1 ms per MB warm): bound it
_OPTIONS: dict[str, Any] = {"timeout": BUSY_TIMEOUT, "isolation_level": None, "check_same_thread": False}
_READ_ONLY_ERRNOS = (errno.EACCES, errno.EPERM, errno.EROFS)


def is_damage(exc: BaseException) -> bool:
    """True for SQLite's "malformed" and "not a database", the errors that mean the file is damaged."""
    if not isinstance(exc, sqlite3.DatabaseError) or isinstance(
        exc, sqlite3.OperationalError | sqlite3.IntegrityError | sqlite3.ProgrammingError
    ):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_CORRUPT, _NOTADB)
    text = str(exc)
    return "malformed" in text or "not a database" in text


class Store:
    """A handle on the store file. Each thread gets its own connection; WAL lets them read together.

    Damage found at any query (a page overwritten, the file cut short) does not stop the reader: the
    file is set aside, what can be read is copied into a fresh store, a notice says so, and the query
    runs again on the fresh store.
    """

    def __init__(
        self, path: Path, *, profile: str = DEFAULT, read_only: bool = False, check: bool = True
    ) -> None:
        self.path = path
        self.profile = check_name(profile)  # whose reading state this handle reads and writes
        self.read_only = read_only  # a public session: nothing is written
        self.unsaved = ""  # why nothing written now would be kept (a copy in memory), or ""
        self.notices: list[str] = []
        self._local = threading.local()
        self._write_lock = threading.RLock()  # recovery inside a write takes it again
        self._generation = 0  # bumped when a damaged file is replaced: older connections are stale
        self._conns: list[sqlite3.Connection] = []
        self._memory: sqlite3.Connection | None = None  # holds an in-memory fallback store alive
        self._uri = ""
        self._open(check)

    def _open(self, check: bool) -> None:
        try:
            private_dir(self.path.parent)
            conn = self._connect()
            self._migrate(conn)
            if check and self.path.stat().st_size <= _CHECK_LIMIT:
                # Damage found now is reported before the first screen, not in the middle of it.
                result = conn.execute("PRAGMA quick_check(1)").fetchone()
                if result is None or result[0] != "ok":
                    detail = " ".join(
                        str(result and result[0]).replace("*** in database main ***", "").split()
                    )
                    raise sqlite3.DatabaseError(f"database disk image is malformed: {detail}"[:160])
        except sqlite3.OperationalError as exc:  # locked, read-only, disk full: the file itself is fine
            if "readonly" in str(exc) or "unable to open" in str(exc):
                self._in_memory(str(exc))
                return
            if disk_is_full(self.path.parent, exc):
                self._in_memory(full_disk_message(self.path.parent), full=True)
                return
            raise StoreError(f"{self.path}: cannot open the store: {exc}") from exc
        except sqlite3.DatabaseError as exc:  # malformed or "not a database": keep it aside, start afresh
            self._replace(exc)
        except OSError as exc:
            if exc.errno in _READ_ONLY_ERRNOS:
                self._in_memory(exc.strerror or str(exc))
                return
            if disk_is_full(self.path.parent, exc):
                self._in_memory(full_disk_message(self.path.parent), full=True)
                return
            raise StoreError(f"{self.path}: cannot create the store: {exc.strerror}") from exc

    def _in_memory(self, reason: str, *, full: bool = False) -> None:
        """The data folder cannot be written (or its disk is full): read a copy of the store in memory.

        Reading works as before; nothing written is kept, and a command asked to store something
        refuses at once (`require_writable`)."""
        self._close_all()
        self._uri = f"file:reader-{id(self)}?mode=memory&cache=shared"
        self._memory = sqlite3.connect(self._uri, uri=True, isolation_level=None, check_same_thread=False)
        if self.path.is_file():
            # Read-only first, which sees what a write-ahead log still holds; immutable if that fails.
            for options in ("mode=ro", "immutable=1"):
                try:
                    source = sqlite3.connect(f"{self.path.as_uri()}?{options}", uri=True)
                    try:
                        source.backup(self._memory)
                    finally:
                        source.close()
                    break
                except sqlite3.Error:
                    continue  # unreadable as well: the empty store below is all there is
        self._migrate(self._connect())
        if full:
            self.unsaved = f"{reason}; nothing was saved"
            self.notices.append(
                f"{reason}: reading a copy of the store in memory; nothing new will be saved."
            )
        else:
            self.unsaved = f"{self.path}: the store cannot be written ({reason}); nothing was saved"
            self.notices.append(
                f"{self.path}: the store cannot be written ({reason}); using a copy in memory, "
                "so nothing new will be saved."
            )

    def require_writable(self) -> None:
        """For a command asked to store something: a StoreError now if what it stores would not be kept
        (a copy in memory, a public read-only session), rather than a summary that says it was."""
        if self.unsaved:
            raise StoreError(self.unsaved)
        if self.read_only:
            raise StoreError("this is a public, read-only session: nothing can be saved")

    def _replace(self, exc: BaseException) -> None:
        """Keep a damaged store aside under a new name, start a fresh one and copy in what is readable."""
        from reader.store.recover import salvage, summary

        self._close_all()
        self._generation += 1
        aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        n = 1
        while aside.exists():
            aside = aside.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}-{n}")
            n += 1
        try:
            self.path.rename(aside)
            for suffix in ("-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    side.rename(aside.with_name(aside.name + suffix))
        except OSError as error:
            raise StoreError(
                f"{self.path}: the store is damaged ({exc}) and cannot be moved aside: {error.strerror}"
            ) from exc
        conn = self._connect()
        self._migrate(conn)
        saved = summary(salvage(aside, conn))
        self.notices.append(
            f"The store was damaged ({exc}); it was kept as {aside} and a new one started; {saved}."
        )

    def recover(self, exc: BaseException, generation: int) -> None:
        """Replace a store found damaged by a connection of `generation`, once, whichever thread saw it."""
        # The write lock (reentrant) orders recovery with writes: one lock, so no lock-order deadlock.
        with self._write_lock:
            if generation == self._generation:
                self._replace(exc)

    def _connect(self) -> sqlite3.Connection:
        if self._uri:
            conn = sqlite3.connect(self._uri, uri=True, **_OPTIONS)
            # Shared-cache connections lock tables against each other; readers need not wait for a write.
            conn.execute("PRAGMA read_uncommitted=1")
        else:
            private_file(self.path)  # SQLite gives the -wal and -shm it makes the store's own mode
            for side in ("-wal", "-shm"):
                tighten(self.path.with_name(self.path.name + side))  # made by an older reader
            conn = sqlite3.connect(self.path, **_OPTIONS)
            use_wal(conn)
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # fails now if not a database
        self._local.conn = conn
        self._local.generation = self._generation
        self._conns.append(conn)
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = self._version(conn)
        if version == SCHEMA_VERSION:
            return
        with self._write_lock:
            # Another process may be migrating the same new store: decide inside the write lock.
            conn.execute("BEGIN IMMEDIATE")
            try:
                version = self._version(conn)
                for step in range(version, SCHEMA_VERSION):
                    for statement in _statements(MIGRATIONS[step]):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {step + 1}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def _version(self, conn: sqlite3.Connection) -> int:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: the store is schema version {version}, newer than this reader"
                f" ({SCHEMA_VERSION}); upgrade reader"
            )
        return version

    def _raw(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "generation", -1) != self._generation:
            return self._connect()
        return conn

    @property
    def conn(self) -> Guarded:
        """This thread's connection; a query that finds the file damaged recovers and runs again."""
        return Guarded(self)

    @contextmanager
    def write(self, *, cache: bool = False) -> Iterator[Guarded]:
        """One write transaction. A full disk or a locked file becomes a StoreError with a clear message.

        A public session (`read_only`) may only write what is a cache of shared work (`cache=True`:
        a sentence split, recognised entities, the dictionary index); anything else raises
        ReadOnlySession. If the file turns out damaged inside the transaction, the store is replaced
        and the statements that follow run on the fresh one, each on its own.
        """
        if self.read_only and not cache:
            raise ReadOnlySession()
        guarded = Guarded(self)
        with self._write_lock:
            try:
                guarded.execute("BEGIN IMMEDIATE")
                generation = self._generation  # after BEGIN: it may itself have found the damage
                try:
                    yield guarded
                    if generation == self._generation:
                        self._raw().execute("COMMIT")
                except BaseException:
                    # A failed COMMIT (a full disk) may have rolled back already: roll back only what is open.
                    conn = self._raw()
                    if generation == self._generation and conn.in_transaction:
                        with contextlib.suppress(sqlite3.Error):
                            conn.execute("ROLLBACK")
                    raise
            except sqlite3.OperationalError as exc:
                raise StoreError(self._why(exc)) from exc

    def _why(self, exc: sqlite3.OperationalError) -> str:
        """A failed write in one line that names its cause."""
        if disk_is_full(self.path.parent, exc):
            return f"{full_disk_message(self.path.parent)}; nothing new was saved"
        if "locked" in str(exc) or "busy" in str(exc):
            return f"{self.path}: the store stayed busy with another reader's write; nothing new was saved"
        return f"{self.path}: cannot save ({exc}); nothing new was saved"

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
            with contextlib.suppress(ValueError):
                self._conns.remove(conn)

    def _close_all(self) -> None:
        """Close every thread's connection to the current file (connections allow it from any thread)."""
        for conn in self._conns:
            # A connection busy in another thread fails its next query, which then runs on the new store.
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        self._conns.clear()
        self._local.conn = None


class Rows:
    """A query's rows, read in full inside the guard (damage can surface while fetching)."""

    def __init__(self, rows: list[Any], lastrowid: int | None, rowcount: int) -> None:
        self._rows = rows
        self.lastrowid = lastrowid
        self.rowcount = rowcount

    def fetchone(self) -> Any:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[Any]:
        return list(self._rows)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)


class Guarded:
    """A thread's connection that turns damage into recovery and runs the statement again, once."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def execute(self, sql: str, params: Any = ()) -> Rows:
        return self._run(lambda conn: conn.execute(sql, params))

    def executemany(self, sql: str, rows: Any) -> Rows:
        rows = list(rows)  # an iterator could not be replayed after a recovery
        return self._run(lambda conn: conn.executemany(sql, rows))

    def _run(self, call: Any) -> Rows:
        store = self._store
        for attempt in (0, 1):
            generation = store._generation
            try:
                cursor = call(store._raw())
                return Rows(cursor.fetchall(), cursor.lastrowid, cursor.rowcount)
            except sqlite3.ProgrammingError:
                # Another thread found the damage and closed this connection: run again on the new store.
                if attempt or generation == store._generation:
                    raise
            except sqlite3.DatabaseError as exc:
                if attempt or not is_damage(exc):
                    raise
                store.recover(exc, generation)
        raise AssertionError("unreachable")


def _statements(script: str) -> Iterator[str]:
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
