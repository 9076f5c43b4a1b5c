"""Importing article files into the store, re-parsing only files whose bytes changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from reader.articles.load import MAX_ARTICLE_BYTES, REFERENCE_MARK, expand_paths, read_article
from reader.articles.model import Article
from reader.errors import ParseError
from reader.store import Store
from reader.store.library import cached_article, content_hash, save_article


def _digest(path: Path) -> str | None:
    """The hash of the file and its reference translation, or None if reading fails (parsing says why)."""
    try:
        ref = path.with_name(f"{path.stem}{REFERENCE_MARK}{path.suffix}")
        return content_hash(path.read_bytes() + b"\0" + (ref.read_bytes() if ref.is_file() else b""))
    except OSError:
        return None


def import_file(store: Store, path: Path) -> Article:
    """The article in `path`, from the store if these exact bytes were parsed before."""
    digest = _digest(path) if path.stat().st_size <= MAX_ARTICLE_BYTES else None
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
