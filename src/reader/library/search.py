"""Searching the library: matching sentences, with their sentence numbers."""

from __future__ import annotations

from reader.store import Store, library
from reader.store import search as index
from reader.store.search import SearchHit


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
