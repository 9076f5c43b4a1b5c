"""The library: importing files into the store (fast, splitting sentences on first open), opening,
searching, and the background jobs after an import (splitting, the entity index).

`import_paths` is the reading screen's import of given files (split at once, cached by their bytes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
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
from reader.articles.sanitize import sanitize
from reader.articles.segment import unsplit
from reader.errors import ParseError, UserError
from reader.nlp.types import Recognizer
from reader.store import Store, entity_index, library
from reader.store import search as index
from reader.store.library import ADDED, NewArticle, cached_article, content_hash, save_article, save_articles
from reader.store.search import SearchHit


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


# The persistent library: fast import (no sentence splitting), opening, search, the entity index.

HTML_SUFFIXES = (".html", ".htm")
IMPORT_BATCH = 200  # articles per write transaction


@dataclass(frozen=True, slots=True)
class Added:
    """One path's fate in `add_paths`: added, duplicate (the same text is in the library) or failed."""

    kind: str
    path: Path
    article_id: str = ""
    title: str = ""
    reason: str = ""

    def line(self) -> str:
        text = f"{self.kind}: {self.path}"
        if self.title:
            text += f" ({self.title})"
        return sanitize(text + (f": {self.reason}" if self.reason else "")).replace("\n", " ")


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


def add_paths(
    store: Store, paths: list[Path], should_stop: Callable[[], bool] = lambda: False
) -> Iterator[Added | str]:
    """Add files and folders to the library, fast: sentences are split when an article is first opened.

    Yields one `Added` per file (and notices as strings), in order; saves in batches.
    """
    batch: list[tuple[Path, NewArticle]] = []
    files: list[Path] = []
    for named in paths:
        try:
            files += expand_paths([named])
        except UserError as exc:  # a missing path is one line; the others still arrive
            yield Added("failed", named, reason=str(exc).removeprefix(f"{named}: "))

    def flush() -> Iterator[Added | str]:
        results = save_articles(store, [new for _, new in batch])
        for (path, new), result in zip(batch, results, strict=True):
            yield from new.article.notices
            yield Added(result, path, new.article.id, new.article.title)
        batch.clear()

    for path in files:
        if should_stop():
            break
        try:
            batch.append((path, _read_new(path)))
        except (ParseError, OSError) as exc:
            yield Added("failed", path, reason=str(exc.strerror if isinstance(exc, OSError) else exc))
        if len(batch) >= IMPORT_BATCH:
            yield from flush()
    if batch:
        yield from flush()


def ensure_seeds(store: Store) -> int:
    """On first run (an empty library), add the bundled seeds; how many were added."""
    if library.count(store):
        return 0
    return sum(
        1 for a in add_paths(store, [locations.seeds_dir()]) if isinstance(a, Added) and a.kind == ADDED
    )


def search_library(store: Store, query: str, *, limit: int = 50, lang: str | None = None) -> list[SearchHit]:
    """Matching sentences with their sentence numbers. An article matched before it was ever opened
    is split now (once, stored), so every hit names its sentence."""
    hits = index.search(store, query, limit=limit, lang=lang)
    unsplit_articles = index.has_unsplit(hits)
    if not unsplit_articles:
        return hits
    for article_id in unsplit_articles:
        library.open_article(store, article_id)
    return index.search(store, query, limit=limit, lang=lang)


def split_pending(store: Store, should_stop: Callable[[], bool] = lambda: False, limit: int = 10_000) -> int:
    """Split articles never opened (a background job after an import); how many were split."""
    done = 0
    for article_id in library.unsplit_ids(store, limit):
        if should_stop():
            break
        library.open_article(store, article_id)
        done += 1
    return done


def index_entities(
    store: Store,
    recognizer: Recognizer,
    *,
    should_stop: Callable[[], bool] = lambda: False,
    progress: Callable[[int, int], None] | None = None,
    limit: int = 10_000,
) -> int:
    """Recognise and index the entities of every article not yet indexed by this recogniser. Meant for
    a background worker after an import; returns how many were indexed.

    An article never opened is not split for this (SoMaJo would cost more than recognising): its
    paragraphs are recognised whole and its mentions stored with unit -1 - block.
    """
    from reader.enrich.entities import article_entities

    key = f"{recognizer.name}:{recognizer.version}"
    todo = entity_index.pending(store, key, limit)
    for n, article_id in enumerate(todo, 1):
        if should_stop():
            return n - 1
        stored = library.stored_article(store, article_id)
        if stored is not None:
            article, split = stored
            found = article_entities(store, recognizer, article)
            units = None if split else [-1 - u.block for u in article.units]
            entity_index.save(store, article_id, key, found, units)
        if progress:
            progress(n, len(todo))
    return len(todo)
