"""The entity cache: a recogniser's entities per sentence, keyed by recogniser version and sentence hash."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from reader.articles.model import text_key
from reader.nlp.types import Entity
from reader.store.db import Store


def cached(store: Store, recogniser: str, sentences: Sequence[str]) -> dict[str, list[Entity]]:
    """Cached entities for `sentences`, by sentence text (only those found)."""
    keys = {text_key(s): s for s in sentences}
    found: dict[str, list[Entity]] = {}
    items = list(keys)
    for i in range(0, len(items), 500):
        chunk = items[i : i + 500]
        rows = store.conn.execute(
            f"SELECT key, data FROM entities WHERE recogniser = ? AND key IN ({','.join('?' * len(chunk))})",
            (recogniser, *chunk),
        ).fetchall()
        for key, data in rows:
            text = keys[key]
            found[text] = [Entity(s, e, label, text[s:e]) for s, e, label in json.loads(data)]
    return found


def save(store: Store, recogniser: str, results: Iterable[tuple[str, list[Entity]]]) -> None:
    rows = [
        (recogniser, text_key(text), json.dumps([[e.start, e.end, e.label] for e in ents]))
        for text, ents in results
    ]
    if rows:
        with store.write(cache=True) as conn:
            conn.executemany("INSERT OR REPLACE INTO entities (recogniser, key, data) VALUES (?, ?, ?)", rows)
