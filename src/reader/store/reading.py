"""Reading state: where the cursor was in each article, and which articles have been opened."""

from __future__ import annotations

import time

from reader.store.db import Store


def positions(store: Store) -> dict[str, int]:
    """Every opened article's saved cursor position; an article missing here is unread."""
    return dict(store.conn.execute("SELECT article_id, position FROM reading").fetchall())


def save_position(store: Store, article_id: str, position: int) -> None:
    with store.write() as conn:
        conn.execute(
            "INSERT INTO reading (article_id, position, opened_at) VALUES (?, ?, ?)"
            " ON CONFLICT (article_id) DO UPDATE SET position = excluded.position,"
            " opened_at = excluded.opened_at",
            (article_id, position, time.time()),
        )


def last_read(store: Store, among: set[str] | None = None) -> str | None:
    """The article whose position was saved last (of `among`, if given): the one to reopen."""
    rows = store.conn.execute("SELECT article_id FROM reading ORDER BY opened_at DESC").fetchall()
    return next((row[0] for row in rows if among is None or row[0] in among), None)
