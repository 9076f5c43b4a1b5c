"""Salvaging a damaged store: every readable row of every table, copied into a fresh one.

Generic over the schema: each table of the fresh store is filled from the damaged file's table of the
same name, by the columns both have, so a table added by a later migration is covered without an
edit here. Where SQLite's shell is installed, its `.recover` first reads the damaged file page by
page into a clean copy (rows behind a damaged interior page included); without it, each table is read
straight from the damaged file by rowid, and past a damaged stretch, range by range. Derived data is
made consistent afterwards: the full-text index rebuilt, index rows of lost articles dropped, a
partly lost dictionary index dropped (it is rebuilt from its file). `Salvaged` counts, per kind, what
was kept and what the damaged file held, for the notice.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# What the notice calls each table's rows; tables not named here are reported as "rows of TABLE",
# and the derived ones are not reported at all (they are rebuilt from the others).
NOUNS = {
    "articles": ("article", "articles"),
    "feeds": ("feed", "feeds"),
    "feed_items": ("feed item to try again", "feed items to try again"),
    "vocabulary": ("vocabulary word", "vocabulary words"),
    "translations": ("remembered translation", "remembered translations"),
    "reading": ("reading position", "reading positions"),
    "marks": ("mark or note", "marks and notes"),
    "entities": ("cached entity result", "cached entity results"),
}
DERIVED = {
    "passages", "units", "article_entities", "dict_source", "dict_lines", "dict_keys", "dict_fts",
    "search_articles", "search_english", "entity_names", "entity_mentions", "entity_articles",
    "entity_links", "index_queue", "index_meta", "word_forms", "article_words", "article_lemmas",
    "article_known",
}  # fmt: skip
# The search and entity indexes, made again in the background from the articles kept.
RESTART_SEARCH = (
    "DELETE FROM search_articles WHERE article IS NULL OR article NOT IN (SELECT id FROM articles)",
    "INSERT INTO search_fts (search_fts) VALUES ('delete-all')",
    "DELETE FROM search_english",
    "DELETE FROM entity_mentions",
    "DELETE FROM entity_articles",
    "DELETE FROM entity_links",
    "DELETE FROM entity_names",
    "DELETE FROM index_meta WHERE key LIKE 'english:%'",
    "INSERT OR IGNORE INTO index_queue (task, article) SELECT 'words', id FROM articles",
    "INSERT OR IGNORE INTO index_queue (task, article) SELECT 'entities', id FROM articles",
)
TOGETHER = ("dict_source", "dict_lines", "dict_keys")  # one index: kept whole, or rebuilt
_SKIPS = (1, 2, 4, 8, 64, 512, 4096, 32768, 262144)  # how far past a damaged stretch to look next
_PROBE = 64  # rowids tried one by one just past a damaged stretch
_MAX_ROWS = 5_000_000  # per table: a damaged count cannot make this run for ever
_BATCH = 2000
_SHELL_TIMEOUT = 300


@dataclass
class Salvaged:
    """Rows kept per table, and how many the damaged file held where it could still tell."""

    kept: dict[str, int] = field(default_factory=dict)
    had: dict[str, int | None] = field(default_factory=dict)


def salvage(damaged: Path, fresh: sqlite3.Connection, *, shell: str | None = None) -> Salvaged:
    """Copy the readable rows of `damaged` into `fresh` (already migrated). `shell`: the sqlite3
    shell to recover with (default: the one on PATH, if any; "" for none)."""
    result = Salvaged()
    shell = shutil.which("sqlite3") if shell is None else shell
    with tempfile.TemporaryDirectory(prefix="reader-recover-") as folder:
        recovered = _recovered(shell, damaged, Path(folder) / "recovered.db") if shell else None
        source = _open(damaged)
        in_copy = set(_tables(recovered)) if recovered is not None else set()
        try:
            for table in _tables(fresh):
                result.had[table] = _count(source, table) if source is not None else None
                reader = recovered if recovered is not None and table in in_copy else source
                result.kept[table] = _copy(reader, fresh, table) if reader is not None else 0
        finally:
            for conn in (source, recovered):
                if conn is not None:
                    conn.close()
    _make_consistent(fresh, result)
    return result


def _uri(path: Path) -> str:
    """Read-only; immutable (no -wal or -shm file made beside it) unless it has a log to be read."""
    wal = path.with_name(path.name + "-wal")
    return f"{path.as_uri()}?{'mode=ro' if wal.exists() else 'immutable=1'}"


def _open(path: Path) -> sqlite3.Connection | None:
    try:
        source = sqlite3.connect(_uri(path), uri=True)
        # A file cut short is "malformed" as a whole unless SQLite is told to read what is there.
        source.execute("PRAGMA writable_schema=ON")
        return source
    except sqlite3.Error:
        return None


def _recovered(shell: str, damaged: Path, target: Path) -> sqlite3.Connection | None:
    """The damaged file as `.recover` rebuilds it (deleted rows in free pages stay deleted)."""
    try:
        with subprocess.Popen(
            [shell, "-readonly", _uri(damaged), ".recover --ignore-freelist"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        ) as dump:
            subprocess.run(
                [shell, str(target)],
                stdin=dump.stdout,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=_SHELL_TIMEOUT,
                check=False,
            )
            dump.wait(timeout=_SHELL_TIMEOUT)
        copy = sqlite3.connect(target)
        copy.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return copy
    except (OSError, subprocess.SubprocessError, sqlite3.Error):
        return None


def _tables(conn: sqlite3.Connection) -> list[str]:
    """Ordinary tables: not SQLite's own, not virtual (full-text) ones nor their shadow tables."""
    try:
        rows = conn.execute("PRAGMA table_list").fetchall()
    except sqlite3.Error:
        return []
    return [name for _schema, name, kind, *_ in rows if kind == "table" and not name.startswith("sqlite_")]


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    try:
        return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
    except sqlite3.Error:
        return []


def _count(source: sqlite3.Connection, table: str) -> int | None:
    """How many rows the damaged table held, if SQLite can still count them (often from an index)."""
    try:
        return int(source.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
    except sqlite3.Error:
        return None


def _copy(source: sqlite3.Connection, fresh: sqlite3.Connection, table: str) -> int:
    """Copy what can be read of `table`, by the columns both sides have; rows copied."""
    ours = _columns(fresh, table)
    theirs = set(_columns(source, table)) or set(ours)  # a damaged schema: assume the current columns
    columns = [c for c in ours if c in theirs]
    if not columns:
        return 0
    names = ",".join(f'"{c}"' for c in columns)
    # A store from before profiles held one person's state: it becomes the default profile's.
    fill = ["profile"] if "profile" in ours and "profile" not in theirs else []
    targets = ",".join(f'"{c}"' for c in columns + fill)
    values = ",".join(["?"] * len(columns) + ["'default'"] * len(fill))
    insert = f'INSERT OR IGNORE INTO "{table}" ({targets}) VALUES ({values})'
    copied = 0
    batch: list[tuple[object, ...]] = []

    def flush() -> int:
        try:
            fresh.execute("BEGIN IMMEDIATE")
            before = fresh.total_changes
            fresh.executemany(insert, batch)
            fresh.execute("COMMIT")
            return fresh.total_changes - before
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                fresh.execute("ROLLBACK")
            return 0
        finally:
            batch.clear()

    for row in _readable(source, table, names):
        batch.append(row)
        if len(batch) >= _BATCH:
            copied += flush()
    if batch:
        copied += flush()
    return copied


def _readable(source: sqlite3.Connection, table: str, names: str) -> Iterator[tuple[object, ...]]:
    """Every row of `table` SQLite can read, in rowid order: a scan that meets damage goes on past it,
    first rowid by rowid, then further and further ahead."""
    scan = f'SELECT rowid, {names} FROM "{table}" NOT INDEXED WHERE rowid > ? ORDER BY rowid'
    one = f'SELECT rowid, {names} FROM "{table}" NOT INDEXED WHERE rowid = ?'
    after = -(2**63)
    seen = 0
    skips = iter(_SKIPS)
    while seen < _MAX_ROWS:
        try:
            for row in source.execute(scan, (after,)):
                yield tuple(row[1:])
                after = row[0]
                seen += 1
                if seen >= _MAX_ROWS:
                    return
            return  # the end of the table
        except sqlite3.OperationalError:
            return  # no rowid (or no such table): nothing more to be had this way
        except sqlite3.DatabaseError:
            found = False
            for rowid in range(after + 1, after + 1 + _PROBE):
                with contextlib.suppress(sqlite3.DatabaseError):
                    for row in source.execute(one, (rowid,)):
                        yield tuple(row[1:])
                        seen += 1
                        found = True
                after = rowid
            if not found:
                skip = next(skips, None)
                if skip is None:
                    return
                after += skip


def _make_consistent(fresh: sqlite3.Connection, result: Salvaged) -> None:
    """Derived data agrees with what was kept: no index rows for lost articles, a rebuilt full-text
    index, and the dictionary index whole or not at all."""
    tables = set(_tables(fresh))
    statements = [
        f'DELETE FROM "{t}" WHERE article NOT IN (SELECT id FROM articles)'
        for t in ("passages", "units", "article_entities", "article_words", "article_lemmas", "article_known")
        if t in tables and "articles" in tables
    ]
    if "index_queue" in tables and "articles" in tables:
        statements += RESTART_SEARCH
    if any(result.had.get(t) is None or result.had[t] != result.kept.get(t) for t in TOGETHER if t in tables):
        statements += [f'DELETE FROM "{t}"' for t in TOGETHER if t in tables]
    for (name,) in fresh.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'"
    ).fetchall():
        statements.append(f'INSERT INTO "{name}" ("{name}") VALUES (\'rebuild\')')
    for statement in statements:
        with contextlib.suppress(sqlite3.Error):
            fresh.execute(statement)


def summary(saved: Salvaged) -> str:
    """'saved 987 of 1000 articles, 3 feeds, …' or 'nothing could be saved'."""
    parts = []
    for table, kept in saved.kept.items():
        had = saved.had.get(table)
        if table in DERIVED or not (kept or had):
            continue
        one, many = NOUNS.get(table, (f"row of {table}", f"rows of {table}"))
        if had is not None and had > kept:
            parts.append(f"{kept} of {had} {many}")
        else:
            parts.append(f"{kept} {one if kept == 1 else many}")
    return f"saved {', '.join(parts)}" if parts else "nothing could be saved"
