"""The servers' logs: a private file under the data folder, with no client string's escapes and no secret."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from reader.articles.sanitize import sanitize
from reader.private import private_dir, private_file

REDACTED = "[secret]"


class Clean(logging.Filter):
    """Client strings (addresses, origins, errors) reach the log as plain text on one line; the
    server's secrets never reach it. As a logger's filter it rewrites each record once."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        record.msg = " ".join(sanitize(text).split("\n"))
        record.args = None
        return True


def open_log_file(path: Path) -> logging.Handler:
    """A handler that appends to `path`, a file only the server's user can read (0600, in a 0700 folder)."""
    private_dir(path.parent)
    handler = logging.FileHandler(private_file(path), encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    return handler
