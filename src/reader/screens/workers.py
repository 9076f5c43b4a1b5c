"""The reading screen's thread workers: each calls the domain and replies with messages, never callbacks.

Each function takes the `Services`, a `post` (the node's `post_message`, safe from a thread) and its
arguments; the message classes are imported where they are posted, after the first frame. Parts start
them with `Part.run` (`reader.screens.parts.run_body`); a worker superseded in its exclusive group is
cancelled and its late replies are ignored by article id.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

if TYPE_CHECKING:
    from reader.nlp.grouping import GroupedEntities
    from reader.store.removal import RemovedArticle

from reader.articles.model import Article
from reader.nlp.types import Entity
from reader.screens.state import ArticleState, TranslationProgress
from reader.services import Services
from reader.store import library, reading
from reader.store import marks as marks_store
from reader.store.library import ArticleSummary
from reader.translation.types import PENDING, TITLE, English, Translated

Post = Callable[[Message], object]

BATCH = 500  # at most this many new articles per LibraryListed message
FLUSH = 0.1  # seconds between LibraryListed messages while adding files
ARRIVE_EVERY = 1.0  # seconds between Arrived messages while a refresh adds articles


def load_library(services: Services, post: Post, paths: list[Path]) -> None:
    """The library (the seeds on first run), then `paths` added to it, new articles in batches."""
    from reader.library.importing import add_paths, ensure_seeds
    from reader.screens.messages import LibraryListed

    store = services.store
    worker = get_current_worker()
    ensure_seeds(store)  # a library used for the first time holds the bundled seeds
    positions = reading.positions(store)
    adding = bool(paths) and not store.read_only  # a public session reads what the owner added
    listed = library.list_articles(store)
    post(LibraryListed(listed, [], positions, True, [], not adding, feed_names(services)))
    if not adding:
        return
    batch: list[ArticleSummary] = []
    notices: list[str] = []
    asked: list[str] = []
    sent = time.monotonic()
    now = time.time()  # one date for the run: the list keeps them in the order given
    for item in add_paths(store, paths, should_stop=lambda: worker.is_cancelled):
        if worker.is_cancelled:
            return
        if isinstance(item, str):
            notices.append(item)
        elif item.kind == "failed":
            notices.append(f"{Path(item.what).name}: skipped: {item.reason}")
        else:
            asked.append(item.article_id)
            if item.kind == "added":
                batch.append(ArticleSummary(item.article_id, item.title, item.what, added=now))
        if time.monotonic() - sent > FLUSH or len(batch) >= BATCH:
            post(LibraryListed(batch, notices, {}, False, asked, False))
            batch, notices, asked = [], [], []
            sent = time.monotonic()
    post(LibraryListed(batch, notices, {}, False, asked, True))


def open_stored(services: Services, post: Post, article_id: str, cursor: int | None) -> None:
    """An article from the store, split into sentences if this is its first open (SoMaJo: ~20 ms)."""
    from reader.screens.messages import ArticleOpened

    article = library.open_article(services.store, article_id)
    if article is not None:
        post(ArticleOpened(article, cursor))


def feed_names(services: Services) -> dict[str, str]:
    """The subscribed feeds' names, by address (a title, else the host)."""
    from reader.store import feeds

    return {f.url: feeds.name_of(f.url, f.title) for f in feeds.feeds(services.store)}


def mark_read(services: Services, post: Post, article_ids: list[str], read: bool) -> None:
    """Set the read flags; an article that becomes read counts in the reader's progress for today."""
    changed = library.set_read(services.store, article_ids, read)
    if read and changed:  # a public session changes no flag in the store, and keeps no progress
        from reader.words.progress import record_read

        for article_id in changed:
            record_read(services.store, article_id)


def star(services: Services, post: Post, article_id: str, starred: bool) -> None:
    library.set_starred(services.store, article_id, starred)


def mark_all_read(services: Services, post: Post, feed: str | None) -> None:
    from reader.screens.messages import MarkedRead

    post(MarkedRead(library.mark_all_read(services.store, feed), True, feed))


def figures(services: Services, post: Post) -> None:
    """Every counted article's figures for the reader (one query)."""
    from reader.screens.messages import FiguresFound
    from reader.words.counting import figures as article_figures

    found = article_figures(services.store)
    post(FiguresFound({i: (f.new_words, f.known) for i, f in found.items()}))


def remove(services: Services, post: Post, article_ids: list[str]) -> None:
    from reader.screens.messages import Removed
    from reader.store.removal import remove_articles

    post(Removed(remove_articles(services.store, article_ids)))


def restore(services: Services, post: Post, removed: list[RemovedArticle]) -> None:
    from reader.screens.messages import Restored
    from reader.store.removal import restore as put_back

    back = put_back(services.store, removed)
    post(Restored([s for s in (library.summary(services.store, i) for i in back) if s is not None]))


def rename_feed(services: Services, post: Post, url: str, name: str) -> None:
    from reader.screens.messages import FeedChanged
    from reader.store import feeds

    feeds.rename(services.store, url, name)
    names = feed_names(services)
    post(FeedChanged(url, names.get(url, name), names))


def unsubscribe(services: Services, post: Post, url: str) -> None:
    from reader.screens.messages import FeedChanged
    from reader.store import feeds

    feeds.unsubscribe(services.store, url)
    post(FeedChanged(url, None, feed_names(services)))


def refresh(services: Services, post: Post, timed: bool = False) -> None:
    """Fetch every subscribed feed; progress in the status line, new articles as they arrive (every
    `ARRIVE_EVERY` seconds at most), a summary at the end."""
    from reader.screens.messages import Arrived, Refreshed, Status
    from reader.sources.fetch import Fetcher
    from reader.sources.importer import refresh as refresh_feeds
    from reader.store import feeds

    store = services.store
    worker = get_current_worker()
    if not feeds.feeds(store):
        post(Refreshed({}, [], [], timed=timed))
        return

    def progress(done: int, total: int, what: str) -> None:
        post(Status(f"Refreshing feeds… {done}/{total}"))

    counts = {"added": 0, "duplicate": 0, "unchanged": 0, "failed": 0}
    failures: list[str] = []
    new: list[str] = []
    sent = time.monotonic()

    def summaries() -> list[ArticleSummary]:
        found = [s for s in (library.summary(store, i) for i in new) if s is not None]
        new.clear()
        return found

    fetcher = Fetcher.from_settings(services.settings)
    try:
        for outcome in refresh_feeds(
            store, fetcher=fetcher, should_stop=lambda: worker.is_cancelled, progress=progress
        ):
            counts[outcome.kind] = counts.get(outcome.kind, 0) + 1
            if outcome.kind in ("failed", "refused"):
                failures.append(outcome.line())
            elif outcome.kind == "added" and outcome.article_id:
                new.append(outcome.article_id)
            if new and time.monotonic() - sent > ARRIVE_EVERY:
                post(Arrived(summaries()))
                sent = time.monotonic()
    finally:
        fetcher.close()
    post(Refreshed(counts, failures, summaries(), feed_names(services), timed))


def known(services: Services, post: Post, article: Article) -> None:
    """Everything known without the network, in one message; then the entities, in a second."""
    from reader.enrich.english import known_english
    from reader.enrich.entities import article_entities, english_entities
    from reader.nlp.grouping import group_entities
    from reader.screens.messages import EntitiesArrived, Known, Status

    settings, store = services.settings, services.store
    english = known_english(store, settings, article)
    updates = [(TITLE, english.title), *enumerate(english.units)]
    total = len(english.units)
    progress = TranslationProgress(settings.translation.engine, total - len(english.missing), total, True)
    post(Known(article.id, updates, marks_store.marks_for(store, article.id), progress))
    post(Status("Recognising entities…"))
    found = article_entities(store, services.recognizer(), article)
    groups = group_entities(found)
    german = groups.relabelled(found)  # one entity, one type: the majority of its mentions
    post(EntitiesArrived(article.id, german, english_entities(article, german, english), groups, english))


def translate(services: Services, post: Post, article: Article, start: English, engine: str) -> None:
    """Translate what `start` is missing, reporting every chunk as it arrives."""
    from reader.enrich.english import translate_article
    from reader.screens.messages import EnglishArrived

    worker = get_current_worker()

    def on_update(updates: list[tuple[int, Translated]], done: int, total: int) -> None:
        post(EnglishArrived(article.id, updates, TranslationProgress(engine, done, total, False)))

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
    final = [(TITLE, result.title), *enumerate(result.units)]
    post(EnglishArrived(article.id, final, TranslationProgress(engine, done, len(result.units), True)))


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
    from reader.screens.messages import EntitiesArrived

    post(EntitiesArrived(article.id, german, english_entities(article, german, english), groups, english))


def save_position(
    services: Services, post: Post, article_id: str, position: int, at: float | None = None
) -> None:
    reading.save_position(services.store, article_id, position, at)


def save_mark(
    services: Services, post: Post, article_id: str, position: int, marked: bool | None, note: str | None
) -> None:
    from reader.screens.messages import MarkSaved

    mark = marks_store.set_mark(services.store, article_id, position, marked=marked, note=note)
    post(MarkSaved(article_id, mark))


def keep_english(
    services: Services, post: Post, article_id: str, unit: int, german: str, engine: str, text: str
) -> None:
    """Keep an engine's answer as the sentence's English (the reader chose it in compare)."""
    from reader.enrich.english import keep_english as keep
    from reader.screens.messages import EnglishKept

    post(EnglishKept(article_id, unit, engine, keep(services.store, services.settings, german, text)))


def export(services: Services, post: Post, state: ArticleState, download: bool = False) -> None:
    """Export into the export folder, or only render it: with `download` for the browser to download,
    and in a public session, which writes no file on the server, for the clipboard."""
    from reader.export.service import render_export
    from reader.export.write import download_name, export_stem, write_export
    from reader.screens.messages import Exported

    article = state.article
    markdown = render_export(
        services.store,
        services.settings,
        article,
        english=state.english,
        entities=[list(s) for s in state.german_entities] if state.german_entities is not None else None,
        english_entities=[list(s) for s in state.english_entities] if state.english_entities else None,
        recognizer=services.recognizer(),
    )
    if download:
        post(Exported(Path(download_name(article.title, article.id)), markdown, download=True))
    elif services.store.read_only:
        post(Exported(Path(download_name(article.title, article.id)), markdown, written=False))
    else:
        stem = export_stem(article.title, article.id)
        post(Exported(write_export(markdown, services.settings.export_dir, stem), markdown))
