"""Reading article files: which files, how they decode, and what to tell the user when they don't."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from reader.articles.model import Article
from reader.errors import ParseError, UserError

if TYPE_CHECKING:
    from reader.articles.parse import Splitter

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")
REFERENCE_MARK = ".en"  # `x.en.txt` beside `x.txt` is x's reference translation
MAX_ARTICLE_BYTES = 1_000_000


def is_reference_file(path: Path) -> bool:
    return path.suffix in ARTICLE_SUFFIXES and Path(path.stem).suffix == REFERENCE_MARK


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files named, and article files inside directories named, in order. A missing path is a user error."""
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise UserError(f"{path}: no such file or directory")
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    child = Path(root) / name
                    if child.suffix in ARTICLE_SUFFIXES and not is_reference_file(child):
                        files.append(child)
        else:
            files.append(path)
    return files


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """Decode article bytes: UTF-8, else cp1252 when that reads every byte, else UTF-8 with replacements.

    Binary data is refused. Any fallback comes with a notice, so the user knows the text was guessed at.
    """
    if not data.strip():
        raise ParseError("the file is empty")
    sample = data[:8192]
    if b"\x00" in sample:
        raise ParseError("this is a binary file, not text")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        legacy = _cp1252(data)
        if legacy is not None:
            return legacy, [f"{name}: not UTF-8; read as Windows-1252 (Latin-1)"]
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        if bad > max(16, len(text) // 20):
            raise ParseError("this is not UTF-8 text") from exc
        return text, [f"{name}: {bad} bytes that are not UTF-8 were replaced with \ufffd"]


def _cp1252(data: bytes) -> str | None:
    """The text as cp1252, or None where that is not a clean reading.

    Python's cp1252 refuses its five undefined bytes. A control character other than tab, newline,
    carriage return or form feed (a C0, or a C1 that only Latin-1 would give) means the bytes are
    something else, binary or another encoding, so they are not guessed at.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if any((ch < " " and ch not in "\t\n\r\f") or "\x7f" <= ch <= "\x9f" for ch in text):
        return None
    return text


def read_article(path: Path, split: Splitter | None = None) -> Article:
    """Read and parse one file, with its reference translation if one sits beside it.

    `split` splits paragraphs into sentences (SoMaJo by default); a reference translation is
    aligned sentence by sentence, so a file with one is always split properly.
    """
    from reader.articles.parse import parse_article, parse_reference  # an article in the store is not parsed

    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ParseError(
                f"{size / 1e6:.1f} MB is too large for an article (the limit is "
                f"{MAX_ARTICLE_BYTES / 1e6:.0f} MB)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read it: {exc.strerror or exc}") from exc
    text, notices = decode(data, path.name)
    ref_path = path.with_name(f"{path.stem}{REFERENCE_MARK}{path.suffix}")
    has_ref = ref_path.is_file()
    if split is None or has_ref:
        article = parse_article(text, source=str(path))
    else:
        article = parse_article(text, source=str(path), split=split)
    if has_ref:
        try:
            ref_text, ref_notices = decode(ref_path.read_bytes(), ref_path.name)
            article = replace(article, reference=parse_reference(ref_text, article))
            notices += ref_notices
        except (OSError, ParseError) as exc:
            notices.append(f"{ref_path.name}: reference translation ignored: {exc}")
    return replace(article, notices=tuple(notices)) if notices else article
