"""Subscribed feeds, with what the last fetch answered (ETag, Last-Modified) for conditional requests."""

from __future__ import annotations

import time
from dataclasses import dataclass

from reader.store.db import Store


@dataclass(frozen=True, slots=True)
class Feed:
    url: str
    title: str = ""
    etag: str = ""
    modified: str = ""


def subscribe(store: Store, url: str, title: str = "") -> bool:
    """Subscribe to `url`; False if it already was (its title is updated when given)."""
    with store.write() as conn:
        cur = conn.execute(
            "INSERT OR IGNORE INTO feeds (url, title, added_at) VALUES (?, ?, ?)", (url, title, time.time())
        )
        if not cur.rowcount and title:
            conn.execute("UPDATE feeds SET title = ? WHERE url = ?", (title, url))
        return bool(cur.rowcount)


def unsubscribe(store: Store, url: str) -> bool:
    """Forget a feed (its articles stay); False if it was not subscribed. For `reader feeds remove` and
    the feed list's unsubscribe (issue 20, item 1), which build on it."""
    with store.write() as conn:
        return bool(conn.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount)


def feeds(store: Store) -> list[Feed]:
    rows = store.conn.execute("SELECT url, title, etag, modified FROM feeds ORDER BY added_at").fetchall()
    return [Feed(*row) for row in rows]


def checked(store: Store, url: str, *, title: str = "", etag: str = "", modified: str = "") -> None:
    """Remember a successful fetch's validators, for the next conditional request."""
    with store.write() as conn:
        conn.execute(
            "UPDATE feeds SET etag = ?, modified = ?, checked_at = ?, title = CASE WHEN ? != '' THEN ?"
            " ELSE title END WHERE url = ?",
            (etag, modified, time.time(), title, title, url),
        )
