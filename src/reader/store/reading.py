"""Reading state of the store's profile: where the cursor was in each article, and which article was
read last. A position carries the time the reader was there, and an older one never replaces a newer
one, so a session that ends late cannot write the past over what another session of the same
profile did since."""

from __future__ import annotations

import time

from reader.store.db import Store


def positions(store: Store) -> dict[str, int]:
    """Every opened article's saved cursor position, for the store's profile."""
    rows = store.conn.execute(
        "SELECT article_id, position FROM reading WHERE profile = ?", (store.profile,)
    ).fetchall()
    return dict(rows)


def save_position(store: Store, article_id: str, position: int, at: float | None = None) -> bool:
    """Remember that the reader was at `position` at time `at` (now if None); False if a newer
    position was saved meanwhile, or in a public session, whose positions live for the session only."""
    if store.read_only:
        return False
    with store.write() as conn:
        cursor = conn.execute(
            "INSERT INTO reading (profile, article_id, position, opened_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (profile, article_id) DO UPDATE SET position = excluded.position,"
            " opened_at = excluded.opened_at WHERE excluded.opened_at >= reading.opened_at",
            (store.profile, article_id, position, time.time() if at is None else at),
        )
    return cursor.rowcount > 0


def last_read(store: Store, among: set[str] | None = None) -> str | None:
    """The article the profile was in last (of `among`, if given): the one to reopen."""
    if among is None:
        row = store.conn.execute(
            "SELECT article_id FROM reading WHERE profile = ? ORDER BY opened_at DESC LIMIT 1",
            (store.profile,),
        ).fetchone()
        return row[0] if row else None
    rows = store.conn.execute(
        "SELECT article_id FROM reading WHERE profile = ? ORDER BY opened_at DESC", (store.profile,)
    ).fetchall()
    return next((row[0] for row in rows if row[0] in among), None)
