"""Crash logs: a programming error's traceback in a private file under the data folder (`log_dir()`), or
the temp folder if that cannot be written. The app's crash and a bug caught inside a worker (the
translation pool's) both land here; the user sees one line naming the file."""

from __future__ import annotations

import os
import time
import traceback
from pathlib import Path

from reader import locations
from reader.articles.sanitize import sanitize
from reader.private import private_dir

NO_LOG = "no log (the data and temp folders cannot be written)"


def write(text: str, kind: str = "crash") -> Path | str:
    """Write `text` (sanitised: it may quote what came from outside) to a new private file; its path, or
    NO_LOG."""
    stamp = f"{kind}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    for folder, ours in ((locations.log_dir(), True), (Path(os.environ.get("TMPDIR", "/tmp")), False)):
        try:
            if ours:  # the temp folder is shared: there the file alone is private
                private_dir(folder)
        except OSError:
            continue
        for n in range(1, 100):  # several in one second (threads) get -2, -3, …
            path = folder / (f"{stamp}.log" if n == 1 else f"{stamp}-{n}.log")
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                continue
            except OSError:
                break
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(sanitize(text))
            return path
    return NO_LOG


def write_exception(exc: BaseException, context: str) -> Path | str:
    """An exception's traceback, after a line saying what was being done."""
    return write(f"{context}\n\n" + "".join(traceback.format_exception(exc)), kind="bug")
