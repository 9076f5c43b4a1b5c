"""Writing an export to disk: a file name from the title, and never over an existing file."""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from pathlib import Path

from reader.errors import UserError
from reader.private import DIR_MODE, FILE_MODE

MAX_STEM = 60
MAX_TRIES = 1000


def export_stem(title: str, fallback: str = "article") -> str:
    """A file name (without `.md`) from a title: letters and digits joined by `-`, at most 60 characters."""
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", title).casefold())
    stem = ""
    for word in words:
        if len(stem) + len(word) + 1 > MAX_STEM:
            break
        stem = f"{stem}-{word}" if stem else word
    if not stem:
        stem = re.sub(r"[^\w-]+", "-", fallback).strip("-.")[:MAX_STEM]
    return stem or "article"


def download_name(title: str, fallback: str = "article") -> str:
    """A file name for a browser's download: the export's stem in ASCII, as it goes in an HTTP header."""
    for text in (title, fallback):
        folded = unicodedata.normalize("NFKD", export_stem(text)).encode("ascii", "ignore").decode()
        stem = re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9-]+", "", folded)).strip("-")
        if stem:
            return f"{stem}.md"
    return "article.md"


def write_export(markdown: str, directory: Path, stem: str) -> Path:
    """Write `markdown` to `directory/stem.md`, or `stem-2.md` and so on if that exists; return the path.

    The file is created exclusively, so a file that appears meanwhile is not overwritten either.
    A failed write (a full disk, no permission) removes the partial file and raises UserError.
    """
    stem = export_stem(stem)
    try:
        directory.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)  # an existing folder is the user's
    except OSError as exc:
        raise UserError(f"cannot create the export folder {directory}: {exc.strerror or exc}") from exc
    data = markdown.encode("utf-8")
    for n in range(1, MAX_TRIES + 1):
        path = directory / (f"{stem}.md" if n == 1 else f"{stem}-{n}.md")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)  # a new file, private
        except FileExistsError:
            continue
        except OSError as exc:
            raise UserError(f"cannot write the export to {path}: {exc.strerror or exc}") from exc
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
        except OSError as exc:
            with contextlib.suppress(OSError):
                path.unlink()
            raise UserError(f"cannot write the export to {path}: {exc.strerror or exc}") from exc
        return path
    raise UserError(f"{directory} already holds {MAX_TRIES} exports named {stem}; remove some")
