"""Subscribed feeds, with what the last complete fetch answered (ETag, Last-Modified) for conditional
requests, and the items of each feed that failed, to be tried again with a back-off.

A feed's validators are saved only once every item of that answer is stored or recorded as failed
(`take_answer`): a refresh cut short asks for the whole feed again, so nothing is lost.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from reader.store.db import Guarded, Store

BACKOFF_FIRST = 600.0  # seconds before a failed item is tried again; doubled after each failure
BACKOFF_MAX = 86_400.0


@dataclass(frozen=True, slots=True)
class Feed:
    url: str
    title: str = ""
    etag: str = ""
    modified: str = ""
    typed: bool = True  # named by the user; False: from an OPML file, so it may not be at a private address


@dataclass(frozen=True, slots=True)
class FailedItem:
    """An item of a feed that could not be added, and when it is tried again."""

    link: str
    title: str
    published: float | None
    reason: str
    tries: int
    next_try: float


def subscribe(store: Store, url: str, title: str = "", *, typed: bool = True) -> bool:
    """Subscribe to `url`; False if it already was (its title is updated when given)."""
    with store.write() as conn:
        cur = conn.execute(
            "INSERT OR IGNORE INTO feeds (url, title, added_at, typed) VALUES (?, ?, ?, ?)",
            (url, title, time.time(), int(typed)),
        )
        if not cur.rowcount and title:  # a name the reader gave it stays
            conn.execute("UPDATE feeds SET title = ? WHERE url = ? AND NOT renamed", (title, url))
        if not cur.rowcount and typed:  # named by the user now, though it came from an OPML file before
            conn.execute("UPDATE feeds SET typed = 1 WHERE url = ?", (url,))
        return bool(cur.rowcount)


def unsubscribe(store: Store, url: str) -> bool:
    """Forget a feed, its failed items and the tombstones of its removed articles (its articles stay:
    `reader.store.removal` removes them); False if it was not subscribed."""
    from reader.store.removal import forget_removed

    with store.write() as conn:
        conn.execute("DELETE FROM feed_items WHERE feed = ?", (url,))
        forget_removed(conn, feed=url)
        return bool(conn.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount)


def rename(store: Store, url: str, title: str) -> bool:
    """Give a feed the reader's own name, kept over the title the feed gives itself ("" gives the feed's
    own back at the next refresh); False if it is not subscribed."""
    title = " ".join(title.split())
    with store.write() as conn:
        return bool(
            conn.execute(
                "UPDATE feeds SET title = ?, renamed = ? WHERE url = ?", (title, int(bool(title)), url)
            ).rowcount
        )


@dataclass(frozen=True, slots=True)
class FeedSummary:
    """A feed as `reader feeds list` and the app's feed list show it (for the store's profile)."""

    url: str
    name: str  # the reader's name for it, else its own title, else its host
    articles: int
    unread: int
    failing: int  # items that failed and are tried again later
    checked: float | None  # the last complete fetch


def name_of(url: str, title: str = "") -> str:
    """What a feed is called: its title when it has one, else its address's host (never a hash or an id)."""
    if title.strip():
        return " ".join(title.split())
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    return host or url


def summaries(store: Store) -> list[FeedSummary]:
    """Every subscribed feed with its articles, the profile's unread ones and its failing items."""
    from reader.store.library import feed_counts

    counts = {c.feed: c for c in feed_counts(store)}
    failing = dict(store.conn.execute("SELECT feed, count(*) FROM feed_items GROUP BY feed").fetchall())
    rows = store.conn.execute("SELECT url, title, checked_at FROM feeds ORDER BY added_at").fetchall()
    out = []
    for url, title, checked in rows:
        count = counts.get(url)
        out.append(
            FeedSummary(
                url,
                name_of(url, title),
                count.total if count else 0,
                count.unread if count else 0,
                failing.get(url, 0),
                checked,
            )
        )
    return out


def feeds(store: Store) -> list[Feed]:
    rows = store.conn.execute(
        "SELECT url, title, etag, modified, typed FROM feeds ORDER BY added_at"
    ).fetchall()
    return [Feed(url, title, etag, modified, bool(typed)) for url, title, etag, modified, typed in rows]


def checked(conn: Guarded, url: str, *, title: str = "", etag: str = "", modified: str = "") -> None:
    """Remember a fetch's validators, for the next conditional request; inside the caller's write, which
    also holds the last of that answer's items."""
    conn.execute(
        "UPDATE feeds SET etag = ?, modified = ?, checked_at = ?, title = CASE WHEN ? != '' AND NOT renamed"
        " THEN ? ELSE title END WHERE url = ?",
        (etag, modified, time.time(), title, title, url),
    )


def failed_items(store: Store, feed: str) -> dict[str, FailedItem]:
    """The feed's items that failed, by link."""
    rows = store.conn.execute(
        "SELECT link, title, published, reason, tries, next_try FROM feed_items WHERE feed = ?", (feed,)
    ).fetchall()
    return {row[0]: FailedItem(*row) for row in rows}


def backoff(tries: int) -> float:
    """Seconds to wait after the `tries`-th failure."""
    return min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** max(0, tries - 1))


def record_failure(
    conn: Guarded, feed: str, link: str, title: str, published: float | None, reason: str, now: float
) -> FailedItem:
    """Count one more failure of an item; it is tried again after the back-off."""
    row = conn.execute("SELECT tries FROM feed_items WHERE feed = ? AND link = ?", (feed, link)).fetchone()
    tries = (row[0] if row else 0) + 1
    next_try = now + backoff(tries)
    conn.execute(
        "INSERT INTO feed_items (feed, link, title, published, reason, tries, next_try, failed_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (feed, link) DO UPDATE SET reason = excluded.reason,"
        " tries = excluded.tries, next_try = excluded.next_try",
        (feed, link, title, published, reason, tries, next_try, now),
    )
    return FailedItem(link, title, published, reason, tries, next_try)


def forget(conn: Guarded, feed: str, links: Iterable[str]) -> None:
    """Items that arrived (or are refused for good): nothing left to try."""
    conn.executemany("DELETE FROM feed_items WHERE feed = ? AND link = ?", [(feed, link) for link in links])


def keep_only(conn: Guarded, feed: str, links: set[str]) -> None:
    """Failed items that are no longer in the feed have aged out of it: stop trying them."""
    rows = conn.execute("SELECT link FROM feed_items WHERE feed = ?", (feed,)).fetchall()
    forget(conn, feed, [link for (link,) in rows if link not in links])
