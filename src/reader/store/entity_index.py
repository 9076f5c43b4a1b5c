"""Which library articles mention which entities, by name.

Each article's entities are grouped there first (`reader.nlp.grouping`); an entity is stored under the
key of its fullest name (`entity_names`: folded, no article, adjective endings dropped), with its type
and count in that article and where it is first mentioned (`entity_mentions`). Its other names in that
article ("Putin" beside "Wladimir Putin", "BR" beside "Bayerischer Rundfunk") are linked to that name
(`entity_links`), so the library learns which names go together. `reader.library.names` reads them
back as one entity per person or organisation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.store.db import Guarded, Store


@dataclass(frozen=True, slots=True)
class ArticleName:
    """One entity of one article, as the index keeps it: its key and name, its other names' keys (and
    how they were written), its type there, how often and where it is first mentioned."""

    key: str
    name: str
    label: str
    count: int
    block: int
    offset: int
    aliases: tuple[tuple[str, str], ...] = ()  # (key, as written)


@dataclass(frozen=True, slots=True)
class Name:
    id: int
    key: str
    name: str


def _last(key: str) -> str:
    return key.rsplit(" ", 1)[-1]


def _name_id(conn: Guarded, key: str, name: str) -> int:
    row = conn.execute("SELECT id FROM entity_names WHERE key = ?", (key,)).fetchone()
    if row:
        return int(row[0])
    cursor = conn.execute(
        "INSERT INTO entity_names (key, last, name) VALUES (?, ?, ?)", (key, _last(key), name)
    )
    return int(cursor.lastrowid or 0)


def save(conn: Guarded, n: int, names: Sequence[ArticleName]) -> None:
    """Store the entities of article number `n` (replacing what was stored for it)."""
    drop(conn, n)
    ids = []
    for found in names:
        canonical = _name_id(conn, found.key, found.name)
        ids.append(canonical)
        conn.execute(
            "INSERT OR REPLACE INTO entity_mentions (name, n, label, count, block, offset)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (canonical, n, found.label, found.count, found.block, found.offset),
        )
        for key, written in found.aliases:
            other = _name_id(conn, key, written)
            conn.execute(
                "INSERT INTO entity_links (name, canonical, count) VALUES (?, ?, 1)"
                " ON CONFLICT (name, canonical) DO UPDATE SET count = count + 1",
                (other, canonical),
            )
    conn.execute(
        "INSERT OR REPLACE INTO entity_articles (n, names) VALUES (?, ?)", (n, " ".join(map(str, ids)))
    )


def drop(conn: Guarded, n: int) -> None:
    """Forget the mentions of article number `n` (its links stay: they were seen)."""
    row = conn.execute("SELECT names FROM entity_articles WHERE n = ?", (n,)).fetchone()
    if row is None:
        return
    conn.executemany(
        "DELETE FROM entity_mentions WHERE name = ? AND n = ?", [(int(i), n) for i in row[0].split()]
    )
    conn.execute("DELETE FROM entity_articles WHERE n = ?", (n,))


def names(store: Store, keys: Iterable[str] = (), lasts: Iterable[str] = ()) -> list[Name]:
    """Names whose key is one of `keys`, or whose last word is one of `lasts`."""
    keys, lasts = list(keys), list(lasts)
    if not (keys or lasts):
        return []
    rows = store.conn.execute(
        f"SELECT id, key, name FROM entity_names WHERE key IN ({','.join('?' * len(keys)) or 'NULL'})"
        f" OR last IN ({','.join('?' * len(lasts)) or 'NULL'})",
        [*keys, *lasts],
    )
    return [Name(*r) for r in rows]


def names_by_id(store: Store, ids: Iterable[int]) -> list[Name]:
    wanted = list(ids)
    if not wanted:
        return []
    rows = store.conn.execute(
        f"SELECT id, key, name FROM entity_names WHERE id IN ({','.join('?' * len(wanted))})", wanted
    )
    return [Name(*r) for r in rows]


def links(store: Store, ids: Iterable[int]) -> list[tuple[int, int, int]]:
    """(name, canonical, articles) for every link from or to one of `ids`."""
    wanted = list(ids)
    if not wanted:
        return []
    marks = ",".join("?" * len(wanted))
    rows = store.conn.execute(
        f"SELECT name, canonical, count FROM entity_links WHERE name IN ({marks}) OR canonical IN ({marks})",
        [*wanted, *wanted],
    )
    return [(r[0], r[1], r[2]) for r in rows]


def name_stats(store: Store, ids: Iterable[int]) -> list[tuple[int, str, int]]:
    """(name, label, mentions) for each name of `ids` and each type it was given: how often, in all."""
    wanted = list(ids)
    if not wanted:
        return []
    rows = store.conn.execute(
        f"SELECT name, label, sum(count) FROM entity_mentions WHERE name IN ({','.join('?' * len(wanted))})"
        " GROUP BY name, label",
        wanted,
    )
    return [(r[0], r[1], r[2]) for r in rows]


def article_count(store: Store, ids: Sequence[int]) -> int:
    """How many articles mention one of the names `ids`."""
    if not ids:
        return 0
    return int(
        store.conn.execute(
            f"SELECT count(DISTINCT n) FROM entity_mentions WHERE name IN ({','.join('?' * len(ids))})",
            list(ids),
        ).fetchone()[0]
    )


def articles(
    store: Store, ids: Sequence[int], start: int, count: int | None
) -> list[tuple[int, int, int, int]]:
    """(article number, mentions, paragraph and offset of the first) of the articles mentioning one
    of the names `ids`, most mentions first, then newest; `start` to `start + count` (None: all)."""
    if not ids:
        return []
    limit = "" if count is None else f" LIMIT {int(count)} OFFSET {int(start)}"
    rows = store.conn.execute(
        "SELECT n, sum(count) AS c, min(block * 1000000000 + offset) FROM entity_mentions"
        f" WHERE name IN ({','.join('?' * len(ids))}) GROUP BY n ORDER BY c DESC, n DESC{limit}",
        list(ids),
    )
    return [(n, c, first // 1_000_000_000, first % 1_000_000_000) for n, c, first in rows]
