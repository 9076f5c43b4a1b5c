"""What we know about an article without the network: its English (reference or memory) and its entities.

The app, the CLI and the exporter all ask here, so they agree on where each sentence's English came from.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.articles.model import Article
from reader.nlp.types import Entity, Recognizer
from reader.store import Store
from reader.store import entities as entity_cache
from reader.store import translations as memory
from reader.translation.types import MEMORY, PENDING, REFERENCE, Translated


@dataclass(frozen=True)
class English:
    """An article's English: the title and one Translated per unit, in unit order."""

    title: Translated
    units: tuple[Translated, ...]

    @property
    def missing(self) -> list[int]:
        return [i for i, t in enumerate(self.units) if not t.ok]

    @property
    def sources(self) -> set[str]:
        return {t.source for t in self.units if t.ok}


def known_english(store: Store, article: Article, engine: str, pair: str = "de-en") -> English:
    """The reference translation if the article ships one, else what the memory holds for `engine`."""
    if article.reference is not None:
        ref = article.reference
        return English(
            Translated(ref.title or None, REFERENCE if ref.title else PENDING),
            tuple(Translated(text, REFERENCE) for text in ref.sentences),
        )
    texts = [article.title] + [u.sentence.text for u in article.units]
    found = memory.lookup(store, engine, pair, texts)

    def one(text: str) -> Translated:
        hit = found.get(text)
        return Translated(hit, MEMORY) if hit is not None else Translated(None, PENDING)

    return English(one(article.title), tuple(one(u.sentence.text) for u in article.units))


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
