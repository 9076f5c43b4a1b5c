"""Translation memory: every translated sentence, keyed by engine, language pair and sentence hash."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from reader.articles.model import normalise, text_key
from reader.store.db import Store

_BATCH = 500  # SQLite's variable limit is far above this; it keeps each query small


def lookup(store: Store, engine: str, pair: str, sentences: Sequence[str]) -> dict[str, str]:
    """Remembered translations of `sentences`, by sentence text (only those found)."""
    keys = {text_key(s): s for s in sentences}
    found: dict[str, str] = {}
    items = list(keys)
    for i in range(0, len(items), _BATCH):
        chunk = items[i : i + _BATCH]
        marks = ",".join("?" * len(chunk))
        rows = store.conn.execute(
            f"SELECT key, text FROM translations WHERE engine = ? AND pair = ? AND key IN ({marks})",
            (engine, pair, *chunk),
        ).fetchall()
        for key, text in rows:
            found[keys[key]] = text
    return found


def remember(store: Store, engine: str, pair: str, pairs: Iterable[tuple[str, str]]) -> None:
    """Store (source sentence, translation) pairs; a later translation of the same sentence wins."""
    now = time.time()
    rows = [(engine, pair, text_key(src), normalise(src), dst, now) for src, dst in pairs]
    if not rows:
        return
    with store.write() as conn:
        conn.executemany(
            "INSERT OR REPLACE INTO translations (engine, pair, key, source_text, text, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )


def engines_for(store: Store, pair: str, sentence: str) -> dict[str, str]:
    """Every engine's remembered translation of one sentence."""
    rows = store.conn.execute(
        "SELECT engine, text FROM translations WHERE pair = ? AND key = ?", (pair, text_key(sentence))
    ).fetchall()
    return dict(rows)
