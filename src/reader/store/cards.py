"""Review cards, one per profile and lemma key: the scheduler's card as JSON, when it is due next and
its stability. Plain storage: `reader.words.review` makes and rates the cards."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reader.store.db import Store


@dataclass(frozen=True, slots=True)
class StoredCard:
    key: str
    card: str  # the fsrs Card as JSON
    due: float  # epoch seconds
    stability: float | None  # days


def card(store: Store, key: str) -> StoredCard | None:
    row = store.conn.execute(
        "SELECT key, card, due, stability FROM review_cards WHERE profile = ? AND key = ?",
        (store.profile, key),
    ).fetchone()
    return StoredCard(*row) if row else None


def add_cards(store: Store, cards: Iterable[StoredCard]) -> int:
    """Store new cards; a key that has one keeps it. How many were added."""
    rows = [(store.profile, c.key, c.card, c.due, c.stability) for c in cards]
    with store.write() as conn:
        before = conn.execute("SELECT total_changes()").fetchone()[0]
        conn.executemany(
            "INSERT OR IGNORE INTO review_cards (profile, key, card, due, stability) VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        return int(conn.execute("SELECT total_changes()").fetchone()[0]) - int(before)


def due_cards(store: Store, now: float, limit: int | None = None) -> list[StoredCard]:
    """Cards of words still in learning that are due at `now`, the longest overdue first."""
    rows = store.conn.execute(
        "SELECT c.key, c.card, c.due, c.stability FROM review_cards c"
        " JOIN word_status s ON s.profile = c.profile AND s.key = c.key AND s.status = 'learning'"
        " WHERE c.profile = ? AND c.due <= ? ORDER BY c.due, c.key LIMIT ?",
        (store.profile, now, -1 if limit is None else limit),
    )
    return [StoredCard(*r) for r in rows]


def due_count(store: Store, now: float) -> int:
    row = store.conn.execute(
        "SELECT count(*) FROM review_cards c"
        " JOIN word_status s ON s.profile = c.profile AND s.key = c.key AND s.status = 'learning'"
        " WHERE c.profile = ? AND c.due <= ?",
        (store.profile, now),
    ).fetchone()
    return int(row[0])


def learning_without_card(store: Store) -> list[str]:
    """Keys in learning that have no card yet (a card is made for each)."""
    rows = store.conn.execute(
        "SELECT s.key FROM word_status s LEFT JOIN review_cards c ON c.profile = s.profile AND c.key = s.key"
        " WHERE s.profile = ? AND s.status = 'learning' AND c.key IS NULL",
        (store.profile,),
    )
    return [r[0] for r in rows]


def due_by_key(store: Store, keys: Iterable[str]) -> dict[str, float]:
    """When each of these keys' cards is due."""
    ids = list(keys)
    out: dict[str, float] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        rows = store.conn.execute(
            f"SELECT key, due FROM review_cards WHERE profile = ? AND key IN ({','.join('?' * len(chunk))})",
            (store.profile, *chunk),
        )
        out.update((k, float(d)) for k, d in rows)
    return out


def save_review(store: Store, stored: StoredCard, rating: int, at: float) -> None:
    """A reviewed card's new state, and the review as a progress event, in one transaction."""
    with store.write() as conn:
        conn.execute(
            "UPDATE review_cards SET card = ?, due = ?, stability = ? WHERE profile = ? AND key = ?",
            (stored.card, stored.due, stored.stability, store.profile, stored.key),
        )
        conn.execute(
            "INSERT INTO word_events (profile, at, kind, key, value) VALUES (?, ?, 'review', ?, ?)",
            (store.profile, at, stored.key, rating),
        )
