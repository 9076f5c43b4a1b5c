"""Importing article files into the store, re-parsing only files whose bytes changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from reader.articles.load import (
    ARTICLE_SUFFIXES,
    MAX_ARTICLE_BYTES,
    REFERENCE_MARK,
    expand_paths,
    is_reference_file,
    read_article,
)
from reader.articles.model import Article
from reader.errors import ParseError
from reader.store import Store
from reader.store.library import cached_article, content_hash, save_article


def _digest(path: Path) -> str | None:
    """The hash of the file and its reference; None if too large or unreadable (parsing says why)."""
    try:
        if path.stat().st_size > MAX_ARTICLE_BYTES:
            return None
        ref = path.with_name(f"{path.stem}{REFERENCE_MARK}{path.suffix}")
        return content_hash(path.read_bytes() + b"\0" + (ref.read_bytes() if ref.is_file() else b""))
    except OSError:
        return None


def first_file(paths: list[Path]) -> Path | None:
    """The first article file `expand_paths` would give, found without walking whole directories."""
    for path in paths:
        if path.is_file():
            return path
        if path.is_dir():  # the walk lists a folder's own files before its subfolders'
            names = sorted(p.name for p in path.iterdir() if p.is_file() and p.suffix in ARTICLE_SUFFIXES)
            articles = [path / n for n in names if not is_reference_file(path / n)]
            return articles[0] if articles else None
    return None


def cached_first(store: Store, paths: list[Path]) -> Article | None:
    """The first article, only if its parse is already in the store (a few milliseconds), else None."""
    path = first_file(paths)
    digest = _digest(path) if path is not None else None
    return cached_article(store, digest) if digest else None


def import_file(store: Store, path: Path) -> Article:
    """The article in `path`, from the store if these exact bytes were parsed before."""
    digest = _digest(path)
    if digest and (cached := cached_article(store, digest)) is not None:
        return cached
    article = read_article(path)
    if digest:
        save_article(store, article, digest)
    return article


def import_paths(store: Store, paths: list[Path]) -> Iterator[Article | str]:
    """Yield each article under `paths`, or a one-line notice for a file that could not be used."""
    for path in expand_paths(paths):
        try:
            article = import_file(store, path)
        except (ParseError, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else exc
            yield f"{path.name}: skipped: {reason}"
            continue
        yield from article.notices
        yield article
