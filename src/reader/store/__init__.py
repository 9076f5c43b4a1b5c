"""The one SQLite store: library, reading state, translation memory, entity cache, marks and notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.store.db import ReadOnlySession, Store, StoreError

if TYPE_CHECKING:
    from reader.settings import Settings

__all__ = ["ReadOnlySession", "Store", "StoreError", "open_store"]


def open_store(settings: Settings) -> Store:
    """The store at the settings' path, for their profile (read-only in a public session)."""
    return Store(settings.store_path, profile=settings.profile, read_only=settings.public)
