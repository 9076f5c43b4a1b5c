"""Thread workers for words you know: the statuses of an article's words, setting and undoing them,
finishing an article, counting the library's words, review cards and the progress figures.

Like `reader.screens.workers`, each takes the `Services`, a `post` and its arguments, calls the domain
(`reader.words`) and replies with messages; failures reach `report_failure`. What writes the reader's
own state is refused in a public session before it is started (`Learning.refused`); counting writes
only what every profile shares (`Store.write(cache=True)`), which a public session may.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from textual.worker import get_current_worker

from reader.articles.model import Article
from reader.nlp.types import Entity
from reader.screens.messages import (
    Counted,
    ProgressLoaded,
    ReviewCard,
    Status,
    StatusesChanged,
    WordStatuses,
)
from reader.screens.workers import Post
from reader.services import Services
from reader.store.words import Applied

Entities = Sequence[Sequence[Entity]]
COUNT_LIMIT = 2_000  # articles counted in the background per session, the newest first
PROGRESS_DAYS = 30


def statuses(services: Services, post: Post, article: Article, entities: Entities, due: bool) -> None:
    """The status of every word of the article (counted first, if it is not yet) and its figures; with
    `due`, also how many words are due for review (saved words with no status join learning first)."""
    from reader.words import counting, review, status

    store = services.store
    figures = counting.figures(store, [article.id]).get(article.id)
    if figures is None:
        figures = counting.count_article(store, article, entities)
    spans = [[(e.start, e.end) for e in unit] for unit in entities]
    marks = status.sentence_marks(store, [u.sentence.text for u in article.units], spans)
    count = None
    if due:
        if not store.read_only:
            review.ensure_cards(store)
        count = review.due_count(store)
    post(WordStatuses(article.id, tuple(tuple(m) for m in marks), figures, count))


def set_status(services: Services, post: Post, article_id: str, form: str, status: str, level: int) -> None:
    """Give a word (any form of it: its lemma is marked) a status."""
    from reader.words import status as words

    lemma = words.wanted(form, status, level).lemma
    applied = words.mark_word(services.store, form, status, level)
    post(StatusesChanged("mark", article_id, tuple(applied), form, lemma, status, level))


def finish(services: Services, post: Post, article: Article, entities: Entities) -> None:
    """Mark every word of the article that is still new known (counting it first if need be)."""
    from reader.words import counting, status

    store = services.store
    if counting.figures(store, [article.id]).get(article.id) is None:
        counting.count_article(store, article, entities)
    finished = status.finish_article(store, article.id)
    post(StatusesChanged("finish", article.id, finished.applied))


def undo(services: Services, post: Post, article_id: str, applied: tuple[Applied, ...]) -> None:
    from reader.words import status

    status.undo(services.store, applied)
    post(StatusesChanged("undo", article_id, applied))


def count_library(services: Services, post: Post) -> None:
    """Count the words of every article not counted yet, newest first, with progress for the status line."""
    from reader.words import counting

    worker = get_current_worker()

    def progress(done: int, total: int) -> None:
        post(Status(f"counting words… {done}/{total}"))

    counted = counting.index_words(
        services.store,
        services.recognizer(),
        should_stop=lambda: worker.is_cancelled,
        progress=progress,
        limit=COUNT_LIMIT,
    )
    post(Counted(counted))


def review_card(services: Services, post: Post, rate: tuple[str, str] | None = None) -> None:
    """Rate a card first (`rate`: its key and again, hard, good or easy) if asked; then the next card
    due, where its word is in the sentence, and the word's dictionary entries."""
    from reader.lookup import index
    from reader.screens.word_workers import make_lookup
    from reader.store import cards
    from reader.words import lemmas, review

    store = services.store
    rated = review.rate(store, *rate) if rate is not None else None
    item = review.next_card(store)
    due = review.due_count(store)
    if item is None:
        upcoming = cards.due_cards(store, math.inf, 1)
        post(ReviewCard(None, (), None, due, rated, upcoming[0].due if upcoming else None))
        return
    spans = tuple((a, z) for a, z, w in lemmas.words(item.sentence) if lemmas.lemma_of(w)[0] == item.key)
    lookup = make_lookup(services, index.is_ready(store), online=False).lookup(item.lemma or item.word)
    post(ReviewCard(item, spans, lookup, due, rated))


def progress_figures(services: Services, post: Post) -> None:
    from reader.store.words import count_by_status
    from reader.words import progress

    store = services.store
    post(ProgressLoaded(progress.series(store, PROGRESS_DAYS), count_by_status(store)))
