"""Salvaging a damaged store: copy every row SQLite can still read into a fresh one.

A damaged page stops a table scan where it lies; the scan then skips ahead by rowid, further each
time, so rows beyond the damage are still found. Only what the user made or paid for is copied: the
translation memory, reading positions, marks and notes, the entity cache, and word statuses, review
cards and progress events. Articles are re-parsed from their files on the next import.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

# table -> columns, in the current schema
TABLES: dict[str, tuple[str, ...]] = {
    "translations": ("engine", "pair", "key", "source_text", "text", "created_at"),
    "reading": ("profile", "article_id", "position", "opened_at"),
    "marks": ("profile", "article_id", "position", "marked", "note", "updated_at"),
    "entities": ("recogniser", "key", "data"),
    "word_status": ("profile", "key", "lemma", "word", "status", "level", "updated_at"),
    "review_cards": ("profile", "key", "card", "due", "stability"),
    "word_events": ("profile", "at", "kind", "key", "value"),
}
NOUNS = {
    "translations": "remembered translations",
    "reading": "reading positions",
    "marks": "marks and notes",
    "entities": "cached entity results",
    "word_status": "word statuses",
    "review_cards": "review cards",
    "word_events": "progress events",
}
_SKIPS = (1, 8, 64, 512, 4096, 32768, 262144)  # how far past a damaged row to look next
_MAX_ROWS = 2_000_000  # per table: a damaged count cannot make this run for ever


def salvage(damaged: Path, fresh: sqlite3.Connection) -> dict[str, int]:
    """Copy the readable rows of `damaged` into `fresh` (already migrated); rows copied per table."""
    try:
        source = sqlite3.connect(f"{damaged.as_uri()}?mode=ro", uri=True)
        # A file cut short is "malformed" as a whole unless SQLite is told to read what is there.
        source.execute("PRAGMA writable_schema=ON")
    except sqlite3.Error:
        return {}
    saved: dict[str, int] = {}
    try:
        for table, columns in TABLES.items():
            rows = _readable_rows(source, table, columns)
            if rows:
                marks = ",".join("?" * len(columns))
                fresh.execute("BEGIN IMMEDIATE")
                try:
                    fresh.executemany(
                        f"INSERT OR IGNORE INTO {table} ({','.join(columns)}) VALUES ({marks})", rows
                    )
                    fresh.execute("COMMIT")
                except sqlite3.Error:
                    fresh.execute("ROLLBACK")
                    continue
            saved[table] = len(rows)
    finally:
        source.close()
    return saved


def _readable_rows(source: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> list[tuple]:
    query = f"SELECT rowid, {','.join(columns)} FROM {table} NOT INDEXED WHERE rowid > ? ORDER BY rowid"
    rows: list[tuple] = []
    after = -(2**63)
    skips = iter(_SKIPS)
    while len(rows) < _MAX_ROWS:
        try:
            for row in source.execute(query, (after,)):
                rows.append(tuple(row[1:]))
                after = row[0]
                if len(rows) >= _MAX_ROWS:
                    break
            break  # reached the end of the table
        except sqlite3.DatabaseError:
            skip = next(skips, None)
            if skip is None:
                break
            after += skip
    return rows


def summary(saved: dict[str, int]) -> str:
    """'saved 120 remembered translations, 3 reading positions' or 'nothing could be saved'."""
    parts = [f"{n} {NOUNS[table]}" for table, n in saved.items() if n]
    return f"saved {', '.join(parts)}" if parts else "nothing could be saved"
