"""The one SQLite store: library, reading state, translation memory, entity cache, marks and notes."""

from reader.store.db import Store, StoreError

__all__ = ["Store", "StoreError"]
