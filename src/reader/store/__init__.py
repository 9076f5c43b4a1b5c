"""The one SQLite store: library, reading state, translation memory, entity cache, marks and notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.store.db import Guarded, ReadOnlySession, Store, StoreError

if TYPE_CHECKING:
    from reader.settings import Settings

__all__ = ["Guarded", "ReadOnlySession", "Store", "StoreError", "open_store"]


def open_store(settings: Settings, *, check: bool = True) -> Store:
    """The store at the settings' path, for their profile (read-only in a public session). `check`
    False: no check of every page at open (a refresh finds damage by using the file, as any query
    does, and must not read all of a large library to learn that nothing changed)."""
    return Store(settings.store_path, profile=settings.profile, read_only=settings.public, check=check)
