"""The reader's own highlights: marked sentences and notes, by profile, article and sentence position."""

from __future__ import annotations

import time
from dataclasses import dataclass

from reader.store.db import Store


@dataclass(frozen=True, slots=True)
class Mark:
    position: int
    marked: bool
    note: str


def marks_for(store: Store, article_id: str) -> dict[int, Mark]:
    rows = store.conn.execute(
        "SELECT position, marked, note FROM marks"
        " WHERE profile = ? AND article_id = ? AND (marked OR note != '')",
        (store.profile, article_id),
    ).fetchall()
    return {pos: Mark(pos, bool(marked), note) for pos, marked, note in rows}


def set_mark(
    store: Store, article_id: str, position: int, *, marked: bool | None = None, note: str | None = None
) -> Mark:
    """Change the mark and/or the note of one sentence and return what is now stored."""
    current = marks_for(store, article_id).get(position, Mark(position, False, ""))
    new = Mark(
        position,
        current.marked if marked is None else marked,
        current.note if note is None else note.strip(),
    )
    with store.write() as conn:
        conn.execute(
            "INSERT INTO marks (profile, article_id, position, marked, note, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (profile, article_id, position) DO UPDATE"
            " SET marked = excluded.marked, note = excluded.note, updated_at = excluded.updated_at",
            (store.profile, article_id, position, int(new.marked), new.note, time.time()),
        )
    return new
