"""The reading screen's thread workers: each calls the domain and replies with messages, never callbacks.

Each function takes the `Services`, a `post` (the screen's `post_message`, safe from a thread) and its
arguments. The screen starts them with `run_worker(thread=True, exclusive=..., group=...)`; a worker
superseded in its exclusive group is cancelled and its late replies are ignored by article id.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.message import Message
from textual.worker import get_current_worker

from reader.articles.model import Article
from reader.enrich.library import import_paths
from reader.nlp.grouping import GroupedEntities, group_entities
from reader.nlp.types import Entity
from reader.screens.messages import (
    EnglishArrived,
    EntitiesArrived,
    Exported,
    Known,
    LibraryLoaded,
    MarkSaved,
    Status,
)
from reader.screens.state import ArticleState, Progress
from reader.services import Services
from reader.store import marks as marks_store
from reader.store import reading
from reader.translation.types import PENDING, English, Translated

Post = Callable[[Message], object]

BATCH = 500  # at most this many articles per LibraryLoaded message
FLUSH = 0.1  # seconds between LibraryLoaded messages while importing


def load_library(services: Services, post: Post, paths: list[Path]) -> None:
    """Import `paths` into the store, sending the articles in batches as they come."""
    store = services.store
    positions = reading.positions(store)
    batch: list[Article] = []
    notices: list[str] = []
    worker = get_current_worker()
    sent = 0.0  # the first article goes out at once, the rest every FLUSH seconds or BATCH articles
    for item in import_paths(store, paths):
        if worker.is_cancelled:
            return
        if isinstance(item, str):
            notices.append(item)
        else:
            batch.append(item)
        if batch and (len(batch) >= BATCH or time.monotonic() - sent > FLUSH):
            post(LibraryLoaded(batch, notices, positions, False))
            batch, notices = [], []
            sent = time.monotonic()
    post(LibraryLoaded(batch, notices, positions, True))


def known(services: Services, post: Post, article: Article) -> None:
    """Everything known without the network, in one message; then the entities, in a second."""
    from reader.enrich.english import known_english
    from reader.enrich.entities import article_entities, english_entities

    settings, store = services.settings, services.store
    english = known_english(store, settings, article)
    updates = [(-1, english.title), *enumerate(english.units)]
    total = len(english.units)
    progress = Progress(settings.translation.engine, total - len(english.missing), total, True)
    post(Known(article.id, updates, marks_store.marks_for(store, article.id), progress))
    post(Status("Recognising entities…"))
    found = article_entities(store, services.recognizer(), article)
    groups = group_entities(found)
    german = groups.relabelled(found)  # one entity, one type: the majority of its mentions
    post(EntitiesArrived(article.id, german, english_entities(article, german, english), groups, english))


def translate(services: Services, post: Post, article: Article, start: English, engine: str) -> None:
    """Translate what `start` is missing, reporting every chunk as it arrives."""
    from reader.enrich.english import translate_article

    worker = get_current_worker()

    def on_update(updates: list[tuple[int, Translated]], done: int, total: int) -> None:
        post(EnglishArrived(article.id, updates, Progress(engine, done, total, False)))

    result = translate_article(
        services.store,
        services.settings,
        article,
        engine,
        start=start,
        on_update=on_update,
        should_stop=lambda: worker.is_cancelled,
    )
    done = sum(t.source != PENDING for t in result.units)
    final = [(-1, result.title), *enumerate(result.units)]
    post(EnglishArrived(article.id, final, Progress(engine, done, len(result.units), True)))


def project(
    services: Services,
    post: Post,
    article: Article,
    german: list[list[Entity]],
    groups: GroupedEntities,
    english: English,
) -> None:
    """The German entities found again in English that has just arrived."""
    from reader.enrich.entities import english_entities

    post(EntitiesArrived(article.id, german, english_entities(article, german, english), groups, english))


def save_position(services: Services, post: Post, article_id: str, position: int) -> None:
    reading.save_position(services.store, article_id, position)


def save_mark(
    services: Services, post: Post, article_id: str, position: int, marked: bool | None, note: str | None
) -> None:
    mark = marks_store.set_mark(services.store, article_id, position, marked=marked, note=note)
    post(MarkSaved(article_id, mark))


def export(services: Services, post: Post, state: ArticleState) -> None:
    from reader.export.service import export_to_directory

    path, markdown = export_to_directory(
        services.store,
        services.settings,
        state.article,
        english=state.english,
        entities=[list(s) for s in state.german_entities] if state.german_entities is not None else None,
        english_entities=[list(s) for s in state.english_entities] if state.english_entities else None,
        recognizer=services.recognizer(),
    )
    post(Exported(path, markdown))
