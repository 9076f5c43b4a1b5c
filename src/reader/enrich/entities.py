"""An article's entities: recognised in German (cached in the store), projected onto its English."""

from __future__ import annotations

from collections.abc import Sequence

from reader.articles.model import Article
from reader.nlp.types import Entity, Recognizer
from reader.store import Store
from reader.store import entities as entity_cache
from reader.translation.types import English


def article_entities(store: Store, recognizer: Recognizer, article: Article) -> list[list[Entity]]:
    """Entities per unit, from the cache where possible; new results are cached."""
    texts = [u.sentence.text for u in article.units]
    key = f"{recognizer.name}:{recognizer.version}"
    found = entity_cache.cached(store, key, texts)
    todo = sorted({t for t in texts if t not in found})
    if todo:
        fresh = recognizer.recognize_many(todo)
        found.update(zip(todo, fresh, strict=True))
        entity_cache.save(store, key, zip(todo, fresh, strict=True))
    return [found[t] for t in texts]


def english_entities(
    article: Article, german: Sequence[Sequence[Entity]], english: English
) -> list[list[Entity]]:
    """Each unit's German entities found in its English; empty where the English is not known yet."""
    from reader.nlp.english import project_entities

    out: list[list[Entity]] = []
    for unit, ents in zip(article.units, german, strict=True):
        t = english.units[unit.index] if unit.index < len(english.units) else None
        out.append(project_entities(unit.sentence.text, list(ents), t.text) if t and t.text and ents else [])
    return out
