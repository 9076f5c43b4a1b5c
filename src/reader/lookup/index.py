"""The Ding dictionary's index in the store: a full-text index over the German side of every line.

Building is one pass over the file with bulk inserts and nothing parsed in Python: each entry line
becomes one row of an FTS5 index (`dict_fts`, contentless) whose rowid is the line's byte offset in
the file, with its first sense's German (`head`: the line's own headwords) and the other senses'
German (`rest`: inflections, phrases, examples). SQLite tokenises them, lower-cased and with diacritics
removed, and ß is written ss first (the same length in UTF-8, so offsets hold): "Fussball", "fußball"
and "Fußball" all find the same lines, as search does. A lookup asks the index for candidate lines,
reads them from the file by offset (sanitised there), and keeps the senses whose headwords really are
the word (`hits`), so a phrase or an example never passes for a headword.

The file counts as changed when its path, size, modification time or content hash differ from those
recorded (`dict_source`); until a build ends there is no `dict_source` row and the index is missing.
"""

from __future__ import annotations

import collections
import hashlib
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reader.errors import UserError
from reader.lookup.ding import MAX_LINE, sense_heads
from reader.lookup.lines import LineReader, reader_for
from reader.settings import LookupSettings
from reader.stopping import ShouldStop
from reader.store import Store
from reader.store.search import fold

ReportRead = Callable[[int, int], None]  # (bytes read, total bytes)
# Raised whenever what is indexed from a line changes, so an index built by an older reader is rebuilt.
INDEX_VERSION = 4
_BATCH_LINES = 50_000
MAX_FILE = 512 * 1024 * 1024  # the real file is 25 MB; anything this big is not a dictionary
# Candidate lines read for a word: every line whose first sense has it ("der" is in ~3,600 of the real
# file), then the best-ranked of those that have it further on (bm25: short senses first). Above
# PREFILTER lines, a cheap pattern on the raw line keeps only those where the word starts a synonym.
HEAD_CANDIDATES = 5_000
REST_CANDIDATES = 200
PREFILTER = 20
_SHARP_S = "ß".encode()
_TOKEN = re.compile(r"[^\W_]+")  # letters and digits: what the FTS tokenizer keeps together


@dataclass(frozen=True, slots=True)
class Hit:
    line: int  # the line's byte offset in the file
    sense: int
    rank: int  # lower is better: the line's own headword first, then synonyms, then inflections
    cap: bool  # written with a capital (a noun)
    exact: bool = True  # spelt as asked (not only the same once ß and umlauts are folded)


@dataclass(frozen=True, slots=True)
class IndexInfo:
    path: str
    lines: int
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


def _digest(data: bytes) -> str:
    """The content hash, prefixed with the index version: "v4:<sha256>"."""
    return f"v{INDEX_VERSION}:{hashlib.sha256(data).hexdigest()}"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read the dictionary: {exc.strerror}") from exc


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
    if row[1] == st.st_size and row[3] == _digest(_read(path)):
        # The same content under a new path or time (a reinstall): only the record changes.
        with store.write(cache=True) as conn:
            conn.execute("UPDATE dict_source SET path = ?, mtime_ns = ?", (str(path), st.st_mtime_ns))
        return "ready"
    return "stale"


def ensure(
    store: Store, path: Path, progress: ReportRead | None = None, should_stop: ShouldStop | None = None
) -> IndexInfo | None:
    """Build the index if it is missing or stale; None when it was already up to date (or stopped).

    This is what the app runs in a worker after start-up, so the first `d` finds the index built.
    """
    if status(store, path) == "ready":
        return None
    return build(store, path, progress, should_stop)


def ensure_configured(
    store: Store,
    settings: LookupSettings,
    progress: ReportRead | None = None,
    should_stop: ShouldStop | None = None,
) -> IndexInfo | None:
    """Index the configured Ding dictionary if it needs it: what the app's worker runs after start-up,
    so the first lookup finds the index built. None when there is no file or nothing to do."""
    path = settings.dictionary_path()
    if path is None or not path.is_file():
        return None
    return ensure(store, path, progress, should_stop)


def build(
    store: Store, path: Path, progress: ReportRead | None = None, should_stop: ShouldStop | None = None
) -> IndexInfo | None:
    """Index the Ding file at `path` into the store, replacing any earlier index.

    Returns None if `should_stop` said to stop; the index is then missing and is built next time.
    """
    started = time.perf_counter()
    st = _stat(path)
    data = _read(path)
    digest = _digest(data)
    total = len(data)
    folded = data.replace(_SHARP_S, b"ss")  # two bytes for two: every offset stays the file's
    with store.write(cache=True) as conn:
        conn.execute("DELETE FROM dict_source")
        conn.execute("INSERT INTO dict_fts (dict_fts) VALUES ('delete-all')")
    rows: list[tuple[int, str, str]] = []
    n_lines = 0
    offset = 0
    for raw in folded.split(b"\n"):
        at = offset
        offset += len(raw) + 1
        if not raw or raw[0] == 35 or len(raw) > MAX_LINE:  # blank, a "#" comment, or over-long
            continue
        german, separator, _english = raw.partition(b" :: ")
        if not separator:
            continue
        head, _, rest = german.partition(b" | ")
        rows.append((at, head.decode("utf-8", "replace"), rest.decode("utf-8", "replace")))
        if len(rows) >= _BATCH_LINES:
            n_lines += _flush(store, rows)
            if progress is not None:
                progress(min(offset, total), total)
            if should_stop is not None and should_stop():
                return None
    n_lines += _flush(store, rows)
    with store.write(cache=True) as conn:
        conn.execute(
            "INSERT INTO dict_source (id, path, size, mtime_ns, digest, lines, built_at)"
            " VALUES (1, ?, ?, ?, ?, ?, ?)",
            (str(path), st.st_size, st.st_mtime_ns, digest, n_lines, time.time()),
        )
    if progress is not None:
        progress(total, total)
    return IndexInfo(str(path), n_lines, time.perf_counter() - started)


def _flush(store: Store, rows: list[tuple[int, str, str]]) -> int:
    with store.write(cache=True) as conn:
        conn.executemany("INSERT INTO dict_fts (rowid, head, rest) VALUES (?, ?, ?)", rows)
    n = len(rows)
    rows.clear()
    return n


def is_ready(store: Store) -> bool:
    """An index exists (whatever file it came from): lookups can use it."""
    return store.conn.execute("SELECT 1 FROM dict_source").fetchone() is not None


def source_path(store: Store) -> Path | None:
    row = store.conn.execute("SELECT path FROM dict_source").fetchone()
    return Path(row[0]) if row else None


def _match(key: str) -> str | None:
    """The FTS query for a word: all its folded tokens ("US-Präsident" → "us" AND "prasident"); the
    index keeps no positions, so a hyphenated word's lines are found by both parts and checked after."""
    tokens = _TOKEN.findall(fold(key))
    return "(" + " AND ".join(f'"{t}"' for t in tokens) + ")" if tokens else None


def candidates(store: Store, key: str) -> list[int]:
    """Offsets of lines that may list `key`: every line whose first sense has it, then the best-ranked
    lines that have it further on."""
    phrase = _match(key)
    if phrase is None:
        return []
    try:
        offsets = [
            r[0]
            for r in store.conn.execute(
                "SELECT rowid FROM dict_fts WHERE dict_fts MATCH ? LIMIT ?",
                (f"head : {phrase}", HEAD_CANDIDATES),
            )
        ]
        seen = set(offsets)
        offsets += [
            r[0]
            for r in store.conn.execute(
                "SELECT rowid FROM dict_fts WHERE dict_fts MATCH ? ORDER BY rank LIMIT ?",
                (f"rest : {phrase}", REST_CANDIDATES),
            )
            if r[0] not in seen
        ]
    except sqlite3.OperationalError as exc:
        # A token the FTS tokenizer splits further (a rare letter) makes a phrase, which this index,
        # holding no positions, cannot answer: such a word has no candidates.
        if "phrase" not in str(exc):
            raise
        return []
    return offsets


def _rank(sense: int, position: int) -> int:
    # The line's own headword first, its synonyms next, then inflections and derived forms.
    return min(sense, 60) * 4 + min(position, 3)


def _same(head: str, folded_key: str) -> bool:
    return fold(head).rstrip(".") == folded_key  # "bzw." is listed for the token "bzw"


def hits_in(text: str, offset: int, key: str) -> list[Hit]:
    """The senses of one line that have `key` among their headwords."""
    folded, lower = fold(key).rstrip("."), key.lower()
    found = []
    for index, heads in enumerate(sense_heads(text)):
        for position, head in enumerate(heads):
            if _same(head, folded):
                exact = head.lower() == lower or head.lower().rstrip(".") == lower
                found.append(Hit(offset, index, _rank(index, position), head[:1].isupper(), exact))
                break
    return found


# What may stand before a headword in its synonym ("sich", "etw.", "er/sie", a note) and after it (notes).
_BEFORE = (
    r"(?:(?:\([^)]*\)|\{[^}]*\}|\[[^\]]*\]|jd[mns]?\.|etw\.|sich|jemand(?:em)?|etwas|sb\.|sth\."
    r"|(?:ich|du|er|sie|es|wir|ihr|man)(?:/\w+)*) +)*"
)
_AFTER = r"(?: *(?:\{[^}]*\}|\[[^\]]*\]|\([^)]*\)|<[^>]*>|/[^/]*/))* *(?=[;|/)]|$| ::)"


# The letters a folded word may stand for in German text (search folds them so too).
_LETTERS = {
    "a": "[aàáâä]",
    "e": "[eèéê]",
    "i": "[iìíî]",
    "o": "[oòóôö]",
    "u": "[uùúûü]",
    "c": "[cç]",
    "n": "[nñ]",
}


@lru_cache(maxsize=2_000)
def _head_pattern(key: str) -> re.Pattern[str]:
    """A pattern for lines where `key`, spelt any way that folds as it does, is a whole synonym (after a
    separator, or in a list of forms: "ist/war", "(des; dem; den)"), notes only after it: a cheap test
    before the full parse, for words in many lines."""
    word, folded, i = "", fold(key), 0
    while i < len(folded):
        if folded.startswith("ss", i):
            word, i = word + "(?:ss|ß)", i + 2
            continue
        word += _LETTERS.get(folded[i], re.escape(folded[i]))
        i += 1
    return re.compile(r"(?:^|[;|/(] *)" + _BEFORE + "(?:" + word + r")(?!\w)" + _AFTER, re.IGNORECASE)


def _scan(store: Store, key: str, reader: LineReader) -> Iterator[Hit]:
    offsets = candidates(store, key)
    # Most candidates have the word in a phrase or an example: above a few, a quick look at the raw
    # line keeps those where it stands as a synonym, and only they are parsed.
    pattern = _head_pattern(key) if len(offsets) > PREFILTER else None
    for offset in offsets:
        if pattern is None or pattern.search(reader.german(offset).decode("utf-8", "replace")):
            yield from hits_in(reader.line(offset), offset, key)


def _reader_of(store: Store, reader: LineReader | None) -> LineReader | None:
    if reader is not None:
        return reader
    source = source_path(store)
    return reader_for(source) if source is not None else None


# Lookups of the same form against the same index give the same hits: remembered for the process,
# so the common words ("der", "sein") are worked out once, whichever Lookup asks.
_MEMO: collections.OrderedDict[tuple[object, ...], object] = collections.OrderedDict()
_MEMO_SIZE = 50_000
_memo_lock = threading.Lock()


def _memo(store: Store, what: str, key: str, work: Callable[[], object]) -> object:
    row = store.conn.execute("SELECT built_at, digest FROM dict_source").fetchone()
    if row is None:
        return work()
    memo_key = (str(store.path), row[0], row[1], what, key)
    with _memo_lock:
        if memo_key in _MEMO:
            _MEMO.move_to_end(memo_key)
            return _MEMO[memo_key]
    value = work()
    with _memo_lock:
        _MEMO[memo_key] = value
        while len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)
    return value


def hits(store: Store, key: str, limit: int = 40, reader: LineReader | None = None) -> list[Hit]:
    """Where a form is a headword (or a listed inflection), best rank first: spelt exactly as asked,
    or, only if it is nowhere so, the same once ß and umlauts are folded ("Fussball" → Fußball)."""
    line_reader = _reader_of(store, reader)
    if line_reader is None:
        return []

    def work() -> tuple[Hit, ...]:
        found = list(_scan(store, key, line_reader))
        if any(h.exact for h in found):  # "sagte" is not "sägte": folding only helps a word spelt otherwise
            found = [h for h in found if h.exact]
        found.sort(key=lambda h: (h.rank, h.line))
        return tuple(found)

    found = _memo(store, "hits", key, work)
    assert isinstance(found, tuple)
    return list(found[:limit])


def is_headword(store: Store, key: str, reader: LineReader | None = None) -> bool:
    """Whether a form is a headword or a listed inflection ("Beamten") of some line (compound splitting
    asks this of many substrings): candidate lines are read only until one has it."""
    line_reader = _reader_of(store, reader)
    if line_reader is None:
        return False
    return bool(_memo(store, "head", key, lambda: next(_scan(store, key, line_reader), None) is not None))
