"""Files reader writes are its user's alone: folders 0700, files 0600, whatever the umask."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import IO, Any

FILE_MODE = 0o600
DIR_MODE = 0o700


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


def _opener(path: str, flags: int) -> int:
    fd = os.open(path, flags, FILE_MODE)
    info = os.fstat(fd)
    if info.st_mode & 0o077:  # it existed, with a looser mode
        os.fchmod(fd, stat.S_IMODE(info.st_mode) & ~0o077)
    return fd


def open_private(path: Path, mode: str = "w", **options: Any) -> IO[Any]:
    """`open(path, mode)` for writing a file that is (or becomes) mode 0600; "x" refuses an existing one."""
    return open(path, mode, opener=_opener, **options)
