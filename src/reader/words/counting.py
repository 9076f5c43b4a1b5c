"""Each article's words counted once, and the figures a reader sees per article.

An article is counted from its text (every unit) with the entities recognised in it left out: tokens
per lemma key, stored with the article (`store.word_counts`). The app counts in the background after
the entity index (`index_words`, from a worker; the open article at once, `count_article`), and
`reader words scan` counts from the shell. `figures` then gives, for the store's profile, each counted
article's new words (distinct lemmas neither known nor ignored) and its known share (of its word
tokens, entities and numbers left out, those whose lemma is known or ignored), in one query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from reader.articles.model import Article
from reader.nlp.types import Entity, Recognizer
from reader.stopping import ShouldStop, never
from reader.store import Store, library, word_counts
from reader.store.word_counts import Figures
from reader.words import lemmas

COUNT_VERSION = 1  # raised whenever counting changes, so every article is counted again
READABLE = 0.9  # "articles I can read": at least this share of the words known


def count_article(store: Store, article: Article, entities: Sequence[Sequence[Entity]]) -> Figures:
    """Count an article's words (entities per unit, as `enrich.entities.article_entities` gives them)
    and store the counts; its figures for the store's profile."""
    texts = [u.sentence.text for u in article.units]
    spans = [[(e.start, e.end) for e in ents] for ents in entities]
    counts = lemmas.count(texts, spans)
    row = store.conn.execute("SELECT text_hash FROM articles WHERE id = ?", (article.id,)).fetchone()
    word_counts.save_counts(store, article.id, row[0] if row else "", COUNT_VERSION, counts)
    return word_counts.figures(store, [article.id])[article.id]


def index_words(
    store: Store,
    recognizer: Recognizer,
    *,
    should_stop: ShouldStop = never,
    progress: Callable[[int, int], None] | None = None,
    limit: int = 10_000,
) -> int:
    """Count every article not counted yet (or changed since), newest first; how many were counted.

    Meant for a background worker: after `library.indexing.index_entities`, whose results the entity
    cache then holds, so recognising costs nothing here.
    """
    from reader.enrich.entities import article_entities

    todo = word_counts.pending(store, COUNT_VERSION, limit)
    for n, article_id in enumerate(todo, 1):
        if should_stop():
            return n - 1
        stored = library.stored_article(store, article_id)
        if stored is not None:
            article = stored[0]
            count_article(store, article, article_entities(store, recognizer, article))
        if progress is not None:
            progress(n, len(todo))
    return len(todo)


def figures(store: Store, article_ids: Iterable[str] | None = None) -> dict[str, Figures]:
    """{article id: Figures(new_words, known, tokens)} for the store's profile; an article not counted
    yet is absent."""
    return word_counts.figures(store, article_ids)
