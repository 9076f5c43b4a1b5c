"""A profile's own settings (its theme and key remaps, over the config file's), and the profiles there are."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from reader.store.db import Store


@dataclass(frozen=True)
class Prefs:
    theme: str = ""  # "": the config's theme
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> "j,down", over the config's [keys]


@dataclass(frozen=True)
class ProfileSummary:
    name: str
    created_at: float
    last_read_at: float | None
    read: int  # articles marked read
    marks: int  # sentences marked or noted
    words: int  # saved words


def prefs(store: Store) -> Prefs:
    """The store's profile's settings (defaults for a profile that has saved none)."""
    row = store.conn.execute("SELECT theme, keys FROM profiles WHERE name = ?", (store.profile,)).fetchone()
    if row is None:
        return Prefs()
    try:
        keys = json.loads(row[1])
    except ValueError:
        keys = {}
    valid = isinstance(keys, dict) and all(isinstance(v, str) for v in keys.values())
    return Prefs(row[0], {str(k): v for k, v in keys.items()} if valid else {})


def _update(store: Store, column: str, value: str) -> bool:
    if store.read_only:
        return False  # a public session's choices live for the session
    with store.write() as conn:
        conn.execute(
            f"INSERT INTO profiles (name, created_at, {column}) VALUES (?, ?, ?)"
            f" ON CONFLICT (name) DO UPDATE SET {column} = excluded.{column}",
            (store.profile, time.time(), value),
        )
    return True


def save_theme(store: Store, theme: str) -> bool:
    """Remember the profile's theme; False in a public session, where it is not saved."""
    return _update(store, "theme", theme)


def save_keys(store: Store, keys: dict[str, str]) -> bool:
    """Replace the profile's key remaps (binding id -> keys); checked by the caller against the bindings."""
    return _update(store, "keys", json.dumps(dict(sorted(keys.items()))))


def profiles(store: Store) -> list[ProfileSummary]:
    """Every profile that has saved anything, by name, with what it holds."""
    rows = store.conn.execute(
        """
        WITH names AS (
            SELECT name FROM profiles UNION SELECT profile FROM reading
            UNION SELECT profile FROM article_flags UNION SELECT profile FROM marks
            UNION SELECT profile FROM vocabulary
        )
        SELECT n.name,
            (SELECT created_at FROM profiles p WHERE p.name = n.name),
            (SELECT max(opened_at) FROM reading r WHERE r.profile = n.name),
            (SELECT count(*) FROM article_flags f WHERE f.profile = n.name AND f.read),
            (SELECT count(*) FROM marks m WHERE m.profile = n.name AND (m.marked OR m.note != '')),
            (SELECT count(*) FROM vocabulary v WHERE v.profile = n.name)
        FROM names n ORDER BY n.name
        """
    ).fetchall()
    return [
        ProfileSummary(name, created if created is not None else (last or 0.0), last, read, marks, words)
        for name, created, last, read, marks, words in rows
    ]
