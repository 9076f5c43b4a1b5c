"""The library's background indexes: the entities of every article, for search by name."""

from __future__ import annotations

from collections.abc import Callable

from reader.nlp.types import Recognizer
from reader.stopping import ShouldStop, never
from reader.store import Store, entity_index, library


def index_entities(
    store: Store,
    recognizer: Recognizer,
    *,
    should_stop: ShouldStop = never,
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
