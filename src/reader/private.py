"""Files reader writes are its user's alone: folders 0700, files 0600, whatever the umask.

The store, its -wal and -shm, logs, crash logs, exports and the SSH host key all pass through here.
SQLite gives a database's -wal and -shm the database file's own mode, so a store created 0600 keeps
its side files private too. `tighten` brings files written by older versions into line at start.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import IO, Any

FILE_MODE = 0o600
DIR_MODE = 0o700
UMASK = 0o077


def restrict_umask() -> None:
    """From now on this process (and what it starts) creates files for its user only."""
    os.umask(os.umask(UMASK) | UMASK)  # only ever tighten what the caller had


def _tighten(path: Path) -> None:
    """Drop the group's and others' bits from a file or folder we own; leave others' files alone."""
    with contextlib.suppress(OSError):
        info = path.lstat()
        if info.st_uid == os.getuid() and not stat.S_ISLNK(info.st_mode) and info.st_mode & 0o077:
            path.chmod(stat.S_IMODE(info.st_mode) & ~0o077)


def private_dir(path: Path) -> Path:
    """`path` as a folder only its user can enter: created 0700 (missing parents as the umask says),
    or tightened."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    _tighten(path)
    return path


def private_file(path: Path) -> Path:
    """`path` as a file only its user can read: created empty with mode 0600, or tightened.

    For files that others open afterwards: SQLite (the store) and logging's FileHandler.
    """
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        _tighten(path)  # not opened for writing: a store we may only read stays usable
    return path


def _opener(path: str, flags: int) -> int:
    fd = os.open(path, flags, FILE_MODE)
    info = os.fstat(fd)
    if info.st_mode & 0o077:  # it existed, with a looser mode
        os.fchmod(fd, stat.S_IMODE(info.st_mode) & ~0o077)
    return fd


def open_private(path: Path, mode: str = "w", **options: Any) -> IO[Any]:
    """`open(path, mode)` for writing a file that is (or becomes) mode 0600; "x" refuses an existing one."""
    return open(path, mode, opener=_opener, **options)


def tighten(path: Path) -> None:
    """A file, or a folder and everything in it, made private if it exists: at start, the data folder
    as older versions (or SQLite, for side files it made beside a looser store) left it."""
    _tighten(path)
    if not path.is_dir() or path.is_symlink():
        return
    for root, dirs, files in os.walk(path):
        base = Path(root)
        for name in dirs:
            _tighten(base / name)
        for name in files:
            _tighten(base / name)
