"""Serving the reader to other machines: over SSH (one pty child per session) and in a browser.

Nothing here imports Textual; each session runs the ordinary `reader` command in its own process,
forked by a fork server that has loaded the app once for all of them (or spawned when it cannot).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

# Limits of `reader serve ssh`, here so that the command line can show them without importing asyncssh.
MAX_SESSIONS = 30  # 30 reading sessions took 1 GB (PSS) on the 2-core development machine
MAX_PUBLIC = 10  # public sessions at once, in all: key holders keep the rest
MAX_PER_ADDRESS = 3  # public sessions at once from one address
IDLE_TIMEOUT = 1800.0  # seconds without input before a session is closed
PUBLIC_IDLE_TIMEOUT = 600.0

# What a fork server loads before it forks sessions of the default command (reader.serve.zygote):
# named here, not imported, since this package must not import the app.
PRELOAD = ("reader.commands.run:preload",)


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
