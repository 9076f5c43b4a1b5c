"""Word statuses by lemma, per profile, and the events progress is drawn from.

A word is keyed by its lemma in lower case (`key`). It is new until marked; then learning (levels 1
to 4), known or ignored (names, numbers, foreign words). Setting statuses is one transaction that also
records an event for every word that becomes known or stops being known, drops the review card of a
word that leaves learning, and keeps each article's known share (`store.word_counts`) up to date.
Every query is keyed by `store.profile`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from reader.store import word_counts
from reader.store.db import Guarded, Store

NEW, LEARNING, KNOWN, IGNORED = "new", "learning", "known", "ignored"
STATUSES = (NEW, LEARNING, KNOWN, IGNORED)
KNOWN_LIKE = frozenset({KNOWN, IGNORED})  # what a reader need not learn: counts as known in the figures
MAX_LEVEL = 4
_CHUNK = 500  # keys per IN (...) query, well under SQLite's limit on parameters


@dataclass(frozen=True, slots=True)
class WordStatus:
    key: str  # the lemma in lower case
    lemma: str
    word: str  # the form it was first marked in
    status: str
    level: int = 0  # 1 to 4 while learning
    updated: float = 0.0


@dataclass(frozen=True, slots=True)
class Applied:
    """One word's status before and after a change (None: new), enough to undo it."""

    key: str
    before: WordStatus | None
    after: WordStatus | None


def _chunks(keys: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(keys), _CHUNK):
        yield keys[i : i + _CHUNK]


def _row(row: tuple) -> WordStatus:
    return WordStatus(row[0], row[1], row[2], row[3], int(row[4]), float(row[5]))


_COLUMNS = "key, lemma, word, status, level, updated_at"


def statuses(store: Store, keys: Iterable[str]) -> dict[str, WordStatus]:
    """The statuses of these keys that are not new."""
    found: dict[str, WordStatus] = {}
    for chunk in _chunks(sorted(set(keys))):
        rows = store.conn.execute(
            f"SELECT {_COLUMNS} FROM word_status WHERE profile = ? AND key IN ({','.join('?' * len(chunk))})",
            (store.profile, *chunk),
        )
        found.update((r[0], _row(r)) for r in rows)
    return found


def list_statuses(store: Store, status: str | None = None) -> list[WordStatus]:
    """Every word that is not new (or those of one status), by lemma."""
    sql = f"SELECT {_COLUMNS} FROM word_status WHERE profile = ?"
    args: list[object] = [store.profile]
    if status is not None:
        sql += " AND status = ?"
        args.append(status)
    return [_row(r) for r in store.conn.execute(sql + " ORDER BY key", args)]


def count_by_status(store: Store) -> dict[str, int]:
    rows = store.conn.execute(
        "SELECT status, count(*) FROM word_status WHERE profile = ? GROUP BY status", (store.profile,)
    )
    return {status: int(n) for status, n in rows}


def set_statuses(store: Store, wanted: Iterable[WordStatus], *, at: float | None = None) -> list[Applied]:
    """Give each word its status (NEW removes it) in one transaction; what changed, to undo it.

    A word marked again keeps the form it was first marked in.
    """
    now = time.time() if at is None else at
    first: dict[str, WordStatus] = {}
    for w in wanted:  # one change per lemma: the first form given is the one kept
        if w.key and w.key not in first:
            first[w.key] = w
    wanted = list(first.values())
    before = statuses(store, (w.key for w in wanted))
    applied: list[Applied] = []
    for w in wanted:
        old = before.get(w.key)
        if w.status == NEW:
            new = None
        else:
            level = min(max(w.level, 1), MAX_LEVEL) if w.status == LEARNING else 0
            word = old.word if old else w.word or w.lemma
            new = WordStatus(w.key, w.lemma or w.key, word, w.status, level, now)
        if (old is None) != (new is None) or (
            old is not None and new is not None and (old.status, old.level) != (new.status, new.level)
        ):
            applied.append(Applied(w.key, old, new))
    _write(store, applied, now)
    return applied


def restore(store: Store, applied: Sequence[Applied], *, at: float | None = None) -> None:
    """Undo changes: every word gets back the status it had before them."""
    now = time.time() if at is None else at
    _write(store, [Applied(a.key, a.after, a.before) for a in applied], now)


def _write(store: Store, applied: Sequence[Applied], now: float) -> None:
    if not applied:
        return
    profile = store.profile
    # The figures count ignored words with the known ones; progress counts the known ones only.
    turned_on = [a.key for a in applied if _is(a.after, KNOWN_LIKE) and not _is(a.before, KNOWN_LIKE)]
    turned_off = [a.key for a in applied if _is(a.before, KNOWN_LIKE) and not _is(a.after, KNOWN_LIKE)]
    learnt = [a.key for a in applied if _is(a.after, {KNOWN}) and not _is(a.before, {KNOWN})]
    unlearnt = [a.key for a in applied if _is(a.before, {KNOWN}) and not _is(a.after, {KNOWN})]
    with store.write() as conn:
        conn.executemany(
            "DELETE FROM word_status WHERE profile = ? AND key = ?",
            [(profile, a.key) for a in applied if a.after is None],
        )
        conn.executemany(
            "INSERT INTO word_status (profile, key, lemma, word, status, level, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (profile, key) DO UPDATE SET status = excluded.status,"
            " level = excluded.level, updated_at = excluded.updated_at",
            [
                (profile, s.key, s.lemma, s.word, s.status, s.level, s.updated)
                for s in (a.after for a in applied)
                if s is not None
            ],
        )
        conn.executemany(
            "DELETE FROM review_cards WHERE profile = ? AND key = ?",
            [(profile, a.key) for a in applied if a.after is None or a.after.status != LEARNING],
        )
        conn.executemany(
            "INSERT INTO word_events (profile, at, kind, key, value) VALUES (?, ?, 'known', ?, ?)",
            [(profile, now, k, 1) for k in learnt] + [(profile, now, k, -1) for k in unlearnt],
        )
        word_counts.update_known(conn, profile, turned_on, turned_off)


def _is(status: WordStatus | None, kinds: frozenset[str] | set[str]) -> bool:
    return status is not None and status.status in kinds


def record(store: Store, kind: str, key: str, value: int = 1, *, at: float | None = None) -> None:
    """One progress event: a review ('review', the rating) or an article read ('read')."""
    with store.write() as conn:
        record_in(conn, store.profile, kind, key, value, time.time() if at is None else at)


def record_in(conn: Guarded, profile: str, kind: str, key: str, value: int, at: float) -> None:
    conn.execute(
        "INSERT INTO word_events (profile, at, kind, key, value) VALUES (?, ?, ?, ?, ?)",
        (profile, at, kind, key, value),
    )


def events(store: Store, since: float = 0.0) -> list[tuple[float, str, str, int]]:
    """(time, kind, key, value) of the profile's events since `since`, oldest first."""
    rows = store.conn.execute(
        "SELECT at, kind, key, value FROM word_events WHERE profile = ? AND at >= ? ORDER BY at",
        (store.profile, since),
    )
    return [(float(a), str(k), str(key), int(v)) for a, k, key, v in rows]


def known_before(store: Store, when: float) -> int:
    """How many words were known (ignored ones not counted) before `when`, by the events."""
    row = store.conn.execute(
        "SELECT coalesce(sum(value), 0) FROM word_events WHERE profile = ? AND kind = 'known' AND at < ?",
        (store.profile, when),
    ).fetchone()
    return int(row[0])
