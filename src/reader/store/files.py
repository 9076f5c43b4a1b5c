"""The store's file on its disk: a full disk told apart from other failures, the folder named as the
user knows it, and a new file switched to write-ahead logging while another process holds it."""

from __future__ import annotations

import errno
import os
import sqlite3
import time
from pathlib import Path

BUSY_TIMEOUT = 5.0  # seconds a connection waits for another process's write before giving up
_FULL = 13  # SQLITE_FULL: "database or disk is full"
_IOERR = 10  # SQLITE_IOERR: "disk I/O error", which is also what a full disk can give
_FULL_ERRNOS = (errno.ENOSPC, errno.EDQUOT)


def shown(path: Path) -> str:
    """A path as the user knows it: under their home folder, written with ~."""
    try:
        return f"~/{path.relative_to(Path.home())}"
    except ValueError:
        return str(path)


def disk_is_full(folder: Path, exc: BaseException | None = None) -> bool:
    """Whether a failure to write under `folder` is a full disk: SQLite says so, or the disk has no room."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF == _FULL:
        return True
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return True
    if exc is not None and not (code is not None and code & 0xFF == _IOERR) and not isinstance(exc, OSError):
        return False
    try:
        found = os.statvfs(folder)
    except OSError:
        return False
    return found.f_bavail * found.f_frsize < 64 * 1024  # less than SQLite needs for a page and a journal


def full_disk_message(folder: Path) -> str:
    return f"the disk holding {shown(folder)} is full"


def use_wal(conn: sqlite3.Connection) -> None:
    """Write-ahead logging. Switching a new store to it fails at once, without waiting, while another
    process holds a lock on the file (two `reader add` started together): wait here instead."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.005)
