"""Opening the store: WAL mode, a versioned schema with migrations, and recovery from a corrupt file."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.errors import UserError

# Each entry migrates from version i to i + 1. Append; never edit a released step.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        content_hash TEXT NOT NULL,
        parser_version INTEGER NOT NULL,
        body TEXT NOT NULL,              -- the parsed Article as JSON
        added_at REAL NOT NULL
    );
    CREATE INDEX articles_by_hash ON articles (content_hash, parser_version);
    CREATE INDEX articles_by_title ON articles (title COLLATE NOCASE);
    CREATE VIRTUAL TABLE articles_fts USING fts5 (title, text, content='', tokenize='unicode61');
    CREATE TABLE reading (
        article_id TEXT PRIMARY KEY,
        position INTEGER NOT NULL DEFAULT 0,
        opened_at REAL NOT NULL
    );
    CREATE TABLE translations (
        engine TEXT NOT NULL,
        pair TEXT NOT NULL,              -- "de-en"
        key TEXT NOT NULL,               -- text_key() of the source sentence
        source_text TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at REAL NOT NULL,
        PRIMARY KEY (engine, pair, key)
    );
    CREATE TABLE entities (
        recogniser TEXT NOT NULL,        -- name and version
        key TEXT NOT NULL,               -- text_key() of the sentence
        data TEXT NOT NULL,              -- JSON list of [start, end, label]
        PRIMARY KEY (recogniser, key)
    );
    CREATE TABLE marks (
        article_id TEXT NOT NULL,
        position INTEGER NOT NULL,       -- the unit index in the article
        marked INTEGER NOT NULL DEFAULT 0,
        note TEXT NOT NULL DEFAULT '',
        updated_at REAL NOT NULL,
        PRIMARY KEY (article_id, position)
    );
    """,
    # issue 12: the library (feed, dates, read/starred, sentences split on first open), one
    # folded full-text index over German text and English translations, feeds, and entities.
    """
    ALTER TABLE articles ADD COLUMN feed TEXT NOT NULL DEFAULT '';
    ALTER TABLE articles ADD COLUMN published REAL;
    ALTER TABLE articles ADD COLUMN read INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE articles ADD COLUMN starred INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE articles ADD COLUMN split INTEGER NOT NULL DEFAULT 1;  -- 0: paragraphs not yet split
    ALTER TABLE articles ADD COLUMN text_hash TEXT NOT NULL DEFAULT '';  -- of the normalised text
    ALTER TABLE articles ADD COLUMN entities_by TEXT NOT NULL DEFAULT '';  -- recogniser that indexed it
    CREATE INDEX articles_by_text ON articles (text_hash);
    -- covers the list's query, so listing never reads the bodies stored in the same rows
    CREATE INDEX articles_by_date ON articles (
        coalesce(published, added_at) DESC, added_at DESC, id, title, source, feed, published, read, starred
    );
    CREATE INDEX articles_by_feed ON articles (feed, read);
    CREATE INDEX articles_by_source ON articles (source);
    DROP TABLE articles_fts;
    CREATE TABLE passages (
        id INTEGER PRIMARY KEY,
        article TEXT NOT NULL,
        block INTEGER NOT NULL,          -- -1 for the title
        unit INTEGER,                    -- the sentence's unit index; NULL for a paragraph not yet split
        lang TEXT NOT NULL,              -- 'de' or 'en'
        text TEXT NOT NULL,
        folded TEXT NOT NULL             -- what the index holds: casefolded, umlauts and ß folded
    );
    CREATE INDEX passages_by_article ON passages (article, lang, unit);
    CREATE VIRTUAL TABLE passages_fts USING fts5 (
        folded, content='passages', content_rowid='id', detail=column,
        tokenize='unicode61 remove_diacritics 0'   -- the text comes folded: no marks left to remove
    );
    CREATE TABLE units (
        article TEXT NOT NULL,
        unit INTEGER NOT NULL,
        key TEXT NOT NULL,               -- text_key() of the sentence, to find its translations
        PRIMARY KEY (article, unit)
    );
    CREATE INDEX units_by_key ON units (key);
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        etag TEXT NOT NULL DEFAULT '',
        modified TEXT NOT NULL DEFAULT '',
        added_at REAL NOT NULL,
        checked_at REAL
    );
    CREATE TABLE article_entities (
        article TEXT NOT NULL,
        unit INTEGER NOT NULL,           -- the sentence; -1 - block while the article is not split
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        label TEXT NOT NULL,
        name TEXT NOT NULL,              -- as written
        canonical TEXT NOT NULL          -- folded, genitive -s dropped: what mentions are grouped by
    );
    CREATE INDEX article_entities_by_name ON article_entities (canonical);
    CREATE INDEX article_entities_by_article ON article_entities (article);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(UserError):
    """The store cannot be used: the disk is full, the file is locked or unreadable."""

    exit_code = 1


class Store:
    """A handle on the store file. Each thread gets its own connection; WAL lets them read together."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notices: list[str] = []
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._open()

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = self._connect()
            self._migrate(conn)
        except sqlite3.OperationalError as exc:  # locked, read-only, disk full: the file itself is fine
            raise StoreError(f"{self.path}: cannot open the store: {exc}") from exc
        except sqlite3.DatabaseError as exc:  # "file is not a database": keep it aside, start afresh
            self._set_aside(exc)
            self._migrate(self._connect())
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create the store: {exc.strerror}") from exc

    def _set_aside(self, exc: Exception) -> None:
        """Keep a corrupt store for recovery under a new name and start a fresh one."""
        self.close()
        aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        self.path.rename(aside)
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                side.rename(aside.with_name(aside.name + suffix))
        self.notices.append(
            f"The store was unreadable ({exc}); it was kept as {aside} and a new one started."
        )

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # fails now if not a database
        self._local.conn = conn
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

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        return conn if conn is not None else self._connect()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction. A full disk or a locked file becomes a StoreError with a clear message."""
        conn = self.conn
        with self._write_lock:
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
            except sqlite3.OperationalError as exc:
                message = str(exc)
                if "full" in message:
                    message = "the disk is full; nothing new was saved"
                raise StoreError(f"{self.path}: {message}") from exc

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def _statements(script: str) -> Iterator[str]:
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
