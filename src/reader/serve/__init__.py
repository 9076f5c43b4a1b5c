"""Serving the reader to other machines: over SSH (one pty child per session) and in a browser.

Nothing here imports Textual; each session runs the ordinary `reader` command in its own process.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def default_command(paths: Sequence[Path] = ()) -> list[str]:
    """What each session runs: this Python's `reader`, on the given articles."""
    return [sys.executable, "-m", "reader", *(str(path) for path in paths)]


def prepare_store(paths: Sequence[Path] = ()) -> int:
    """Create the store and parse the articles into it once, before any session starts.

    Sessions that start together on a fresh store otherwise race to create its tables and to save
    the same articles, and the losers fail; warmed, every session's first frame is a cache hit.
    Returns how many articles are ready.
    """
    from reader import locations
    from reader.library.importing import import_paths
    from reader.settings import load_settings
    from reader.store import Store

    store = Store(load_settings().store_path)
    try:
        items = import_paths(store, list(paths) or [locations.seeds_dir()])
        return sum(1 for item in items if not isinstance(item, str))
    finally:
        store.close()
