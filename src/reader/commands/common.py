"""What the sub-commands share: opening the store and saying each of its notices once on stderr."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.articles.sanitize import sanitize
from reader.store import Store


@contextmanager
def opened_store(path: Path) -> Iterator[Store]:
    """The store at `path`; a notice (damage repaired, a read-only copy) goes to stderr once, as it comes."""
    store = Store(path)
    shown = 0

    def show() -> None:
        nonlocal shown
        for notice in store.notices[shown:]:
            print(f"reader: {' '.join(sanitize(notice).split())}", file=sys.stderr)
        shown = len(store.notices)

    show()
    try:
        yield store
    finally:
        show()  # damage found by a later query is said too
        store.close()
