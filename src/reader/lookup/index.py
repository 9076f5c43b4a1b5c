"""The dictionary's index in the store: built once from the Ding file, rebuilt when the file changes.

Each sanitised line is kept once (`dict_lines`); every single-word German headword or inflected form
of each sense points at it (`dict_keys`, lower case). The file counts as changed when its path, size,
modification time or content hash differ from those recorded (`dict_source`). Building commits in
batches, so a long build never holds the store's write lock for more than a moment; until it ends
there is no `dict_source` row and the index counts as missing.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.errors import UserError
from reader.lookup.ding import read_lines, sense_heads
from reader.stopping import ShouldStop
from reader.store import Store

ReportRead = Callable[[int, int], None]  # (bytes read, total bytes)
# Raised whenever what is indexed from a line changes, so an index built by an older reader is rebuilt.
INDEX_VERSION = 3
_BATCH_LINES = 20_000
MAX_FILE = 512 * 1024 * 1024  # the real file is 25 MB; anything this big is not a dictionary


@dataclass(frozen=True, slots=True)
class Hit:
    line: int
    sense: int
    rank: int
    cap: bool


@dataclass(frozen=True, slots=True)
class IndexInfo:
    path: str
    lines: int
    keys: int
    seconds: float


def _stat(path: Path) -> os.stat_result:
    try:
        st = path.stat()
    except OSError as exc:
        raise UserError(f"{path}: cannot read the dictionary: {exc.strerror}") from exc
    if not path.is_file():
        raise UserError(f"{path}: the dictionary is not a file")
    if st.st_size > MAX_FILE:
        raise UserError(f"{path}: too large for a dictionary ({st.st_size} bytes)")
    return st


def _digest(path: Path) -> str:
    """The content hash, prefixed with the index version: "v2:<sha256>"."""
    sha = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            sha.update(block)
    return f"v{INDEX_VERSION}:{sha.hexdigest()}"


def status(store: Store, path: Path) -> str:
    """ "ready" when the index matches the file, "stale" when the file changed, "missing" when none."""
    row = store.conn.execute("SELECT path, size, mtime_ns, digest FROM dict_source").fetchone()
    if row is None:
        return "missing"
    if not str(row[3]).startswith(f"v{INDEX_VERSION}:"):
        return "stale"  # built by another version of reader, which read the lines differently
    st = _stat(path)
    if (row[0], row[1], row[2]) == (str(path), st.st_size, st.st_mtime_ns):
        return "ready"
    if row[1] == st.st_size and row[3] == _digest(path):
        # The same content under a new path or time (a reinstall): only the record changes.
        with store.write() as conn:
            conn.execute("UPDATE dict_source SET path = ?, mtime_ns = ?", (str(path), st.st_mtime_ns))
        return "ready"
    return "stale"


def ensure(
    store: Store, path: Path, progress: ReportRead | None = None, should_stop: ShouldStop | None = None
) -> IndexInfo | None:
    """Build the index if it is missing or stale; None when it was already up to date (or stopped)."""
    if status(store, path) == "ready":
        return None
    return build(store, path, progress, should_stop)


def _rank(sense: int, position: int) -> int:
    # The line's own headword first, its synonyms next, then inflections and derived forms.
    return min(sense, 60) * 4 + min(position, 3)


def build(
    store: Store, path: Path, progress: ReportRead | None = None, should_stop: ShouldStop | None = None
) -> IndexInfo | None:
    """Index the Ding file at `path` into the store, replacing any earlier index.

    Returns None if `should_stop` said to stop; the index is then missing and is built next time.
    """
    started = time.perf_counter()
    st = _stat(path)
    digest = _digest(path)
    total = st.st_size
    with store.write() as conn:
        conn.execute("DELETE FROM dict_source")
        conn.execute("DROP INDEX IF EXISTS dict_keys_by_key")  # built once at the end: much faster
        conn.execute("DELETE FROM dict_keys")
        conn.execute("DELETE FROM dict_lines")
    lines: list[tuple[int, str]] = []
    keys: list[tuple[str, int, int, int, int]] = []
    n_lines = n_keys = 0

    def flush() -> None:
        with store.write() as conn:
            conn.executemany("INSERT INTO dict_lines (id, text) VALUES (?, ?)", lines)
            conn.executemany(
                "INSERT INTO dict_keys (key, line, sense, rank, cap) VALUES (?, ?, ?, ?, ?)", keys
            )
        lines.clear()
        keys.clear()

    with path.open("rb") as f:
        for number, text in read_lines(f):
            lines.append((number, text))
            n_lines += 1
            for index, heads in enumerate(sense_heads(text)):
                seen: set[str] = set()
                for position, head in enumerate(heads):
                    key = head.lower()
                    if key not in seen:
                        seen.add(key)
                        keys.append((key, number, index, _rank(index, position), head[0].isupper()))
            if len(lines) >= _BATCH_LINES:
                n_keys += len(keys)
                flush()
                if progress is not None:
                    progress(f.tell(), total)
                if should_stop is not None and should_stop():
                    return None
        n_keys += len(keys)
        flush()
    with store.write() as conn:
        conn.execute("CREATE INDEX IF NOT EXISTS dict_keys_by_key ON dict_keys (key, rank)")
        conn.execute(
            "INSERT INTO dict_source (id, path, size, mtime_ns, digest, lines, built_at)"
            " VALUES (1, ?, ?, ?, ?, ?, ?)",
            (str(path), st.st_size, st.st_mtime_ns, digest, n_lines, time.time()),
        )
    if progress is not None:
        progress(total, total)
    return IndexInfo(str(path), n_lines, n_keys, time.perf_counter() - started)


def hits(store: Store, key: str, limit: int = 40) -> list[Hit]:
    """Where a lower-case form occurs, best rank first."""
    rows = store.conn.execute(
        "SELECT line, sense, rank, cap FROM dict_keys WHERE key = ? ORDER BY rank, line LIMIT ?",
        (key, limit),
    ).fetchall()
    return [Hit(line, sense, rank, bool(cap)) for line, sense, rank, cap in rows]


def known(store: Store, key: str) -> bool:
    return store.conn.execute("SELECT 1 FROM dict_keys WHERE key = ? LIMIT 1", (key,)).fetchone() is not None


def line_text(store: Store, line: int) -> str:
    row = store.conn.execute("SELECT text FROM dict_lines WHERE id = ?", (line,)).fetchone()
    return row[0] if row else ""


def is_ready(store: Store) -> bool:
    """An index exists (whatever file it came from): lookups can use it."""
    return store.conn.execute("SELECT 1 FROM dict_source").fetchone() is not None
