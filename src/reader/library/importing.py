"""Importing into the library: files and folders, fast (sentences are split when an article is first
opened), the bundled seeds on first run, and the reading screen's import of given files (split at once,
cached by their bytes).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from reader import locations
from reader.articles.load import (
    ARTICLE_SUFFIXES,
    MAX_ARTICLE_BYTES,
    REFERENCE_MARK,
    expand_paths,
    is_reference_file,
    read_article,
)
from reader.articles.model import Article
from reader.articles.segment import unsplit
from reader.errors import ParseError, UserError
from reader.stopping import ShouldStop, never
from reader.store import Store, library
from reader.store.library import (
    ADDED,
    NewArticle,
    cached_article,
    content_hash,
    save_article,
    save_articles,
)
from reader.store.outcome import Outcome


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
    """The first article, only if it is in the store already split (a few milliseconds), else None."""
    path = first_file(paths)
    digest = _digest(path) if path is not None else None
    stored = library.stored_by_digest(store, digest) if digest else None
    return stored[0] if stored is not None and stored[1] else None


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


HTML_SUFFIXES = (".html", ".htm")
IMPORT_BATCH = 200  # articles per write transaction


def _has_reference(path: Path) -> bool:
    return path.with_name(f"{path.stem}{REFERENCE_MARK}{path.suffix}").is_file()


def _read_new(path: Path) -> NewArticle:
    """Parse a file without splitting its paragraphs (a file with a reference is split to align it)."""
    if path.suffix.lower() in HTML_SUFFIXES:
        from reader.sources.extract import extract_page, to_article

        data = path.read_bytes()[:MAX_ARTICLE_BYTES]
        page = extract_page(data, path.as_uri())
        return NewArticle(
            to_article(page, str(path)), content_hash(data), split=False, published=page.published
        )
    digest = _digest(path) or ""
    article = read_article(path, split=unsplit)
    return NewArticle(article, digest, split=_has_reference(path))


def add_paths(store: Store, paths: list[Path], should_stop: ShouldStop = never) -> Iterator[Outcome | str]:
    """Add files and folders to the library, fast: sentences are split when an article is first opened.

    Yields one `Outcome` per file (and notices as strings), in order; saves in batches.
    """
    batch: list[tuple[Path, NewArticle]] = []
    files: list[Path] = []
    for named in paths:
        try:
            files += expand_paths([named])
        except UserError as exc:  # a missing path is one line; the others still arrive
            yield Outcome("failed", str(named), reason=str(exc).removeprefix(f"{named}: "))

    def flush() -> Iterator[Outcome | str]:
        results = save_articles(store, [new for _, new in batch])
        for (path, new), result in zip(batch, results, strict=True):
            yield from new.article.notices
            yield Outcome(result, str(path), article_id=new.article.id, title=new.article.title)
        batch.clear()

    for path in files:
        if should_stop():
            break
        try:
            batch.append((path, _read_new(path)))
        except (ParseError, OSError) as exc:
            yield Outcome("failed", str(path), reason=str(exc.strerror if isinstance(exc, OSError) else exc))
        if len(batch) >= IMPORT_BATCH:
            yield from flush()
    if batch:
        yield from flush()


def ensure_seeds(store: Store) -> int:
    """On first run (a library that never held an article), add the bundled seeds; how many were added."""
    from reader.store.removal import any_removed

    if library.count(store) or any_removed(store):
        return 0
    return sum(
        1 for a in add_paths(store, [locations.seeds_dir()]) if isinstance(a, Outcome) and a.kind == ADDED
    )
