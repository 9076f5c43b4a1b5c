"""Removing articles from the library, and putting them back (an undo).

An article removed takes with it everything kept about it: its row, its rows in the search and entity
indexes, its units, its word counts, and every profile's flags, reading position, marks and notes.
`remove_articles` returns what cannot be made again from its text as `RemovedArticle` values, so that
`restore` can put it back as it was (its search and entity indexes are made again in the background,
as a new article's are). A refresh with nothing new imports this module, so what removing needs is
imported when it removes.

A removed article leaves a tombstone (`removed`, by its source): refreshing its feed does not bring
it back (adding the page by hand, `reader add URL`, does), and a library emptied by removing is not
mistaken for a new one that gets the bundled seeds. `restore` and unsubscribing clear tombstones.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from reader.store.db import Guarded, Store

# Rows about an article kept to put it back, by table and the column naming the article: every
# profile's flags, positions, marks and notes, and its word counts.
KEPT = (
    ("article_flags", "article"),
    ("reading", "article_id"),
    ("marks", "article_id"),
    ("article_words", "article"),
    ("article_lemmas", "article"),
    ("article_known", "article"),
)


@dataclass(frozen=True)
class RemovedArticle:
    """An article as it was before `remove_articles`: enough to put it back."""

    id: str
    title: str
    row: dict[str, Any]  # the articles row, by column
    kept: dict[str, list[tuple[Any, ...]]]  # per table in KEPT: its rows, every column


def _columns(conn: Guarded, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})").fetchall()]


def remove_articles(store: Store, article_ids: Iterable[str]) -> list[RemovedArticle]:
    """Remove articles and everything kept about them, in one transaction; what was removed (ids not
    in the library are left out). Raises ReadOnlySession in a public session."""
    from reader.store import search as index
    from reader.store import word_counts

    removed: list[RemovedArticle] = []
    with store.write() as conn:
        columns = _columns(conn, "articles")
        for article_id in dict.fromkeys(article_ids):
            row = conn.execute(
                f"SELECT {', '.join(columns)} FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
            if row is None:
                continue
            values = dict(zip(columns, row, strict=True))
            kept = {
                table: conn.execute(f"SELECT * FROM {table} WHERE {column} = ?", (article_id,)).fetchall()
                for table, column in KEPT
            }
            removed.append(RemovedArticle(article_id, values["title"], values, kept))
            index.forget(conn, article_id)  # its search and entity rows, and its place in the queue
            conn.execute("DELETE FROM units WHERE article = ?", (article_id,))
            word_counts.forget_article(conn, article_id)
            for table, column in KEPT:
                conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (article_id,))
            conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
            conn.execute(
                "INSERT OR REPLACE INTO removed (source, feed, removed_at) VALUES (?, ?, ?)",
                (values["source"], values["feed"], time.time()),
            )
    return removed


def restore(store: Store, removed: Iterable[RemovedArticle]) -> list[str]:
    """Put removed articles back as they were; the ids restored (one whose id is in the library again
    meanwhile is left as it is)."""
    from reader.store import search as index
    from reader.store.library import save_units, unpack

    restored: list[str] = []
    with store.write() as conn:
        columns = _columns(conn, "articles")
        for item in removed:
            if conn.execute("SELECT 1 FROM articles WHERE id = ?", (item.id,)).fetchone():
                continue
            values = item.row
            names = [c for c in columns if c in values]
            conn.execute(
                f"INSERT INTO articles ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                [values[c] for c in names],
            )
            if values.get("split", 1):
                save_units(conn, unpack(values["body"]))
            index.enqueue(conn, [item.id])  # indexed again in the background
            for table, rows in item.kept.items():
                if rows:
                    marks = ", ".join("?" * len(rows[0]))
                    conn.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", rows)
            conn.execute("DELETE FROM removed WHERE source = ?", (values.get("source", ""),))
            restored.append(item.id)
    return restored


def removed_sources(store: Store, urls: Iterable[str]) -> set[str]:
    """The URLs among `urls` whose articles were removed from the library (not to be added again by a
    refresh)."""
    urls = list(urls)
    found: set[str] = set()
    for start in range(0, len(urls), 500):
        part = urls[start : start + 500]
        marks = ",".join("?" * len(part))
        rows = store.conn.execute(f"SELECT source FROM removed WHERE source IN ({marks})", part).fetchall()
        found.update(row[0] for row in rows)
    return found


def any_removed(store: Store) -> bool:
    """Whether any article was ever removed from this library (so an empty one is not a new one)."""
    return store.conn.execute("SELECT 1 FROM removed LIMIT 1").fetchone() is not None


def forget_removed(conn: Guarded, *, feed: str | None = None, sources: Iterable[str] = ()) -> None:
    """Drop tombstones: a feed's (it was unsubscribed), or these sources' (added again by hand)."""
    if feed is not None:
        conn.execute("DELETE FROM removed WHERE feed = ?", (feed,))
    conn.executemany("DELETE FROM removed WHERE source = ?", [(s,) for s in sources])
