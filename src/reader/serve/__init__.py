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
