"""The library's background indexes, kept up to date from a queue: the words of every article (forms,
lemmas, compound parts) and the English known for its sentences, for search; its entities, for search
by name.

An import queues what it adds (`store.search.enqueue`); `index_pending` works the queue off in
batches. Each batch is one transaction that takes its articles off the queue as it indexes them, so a
run that is stopped or killed leaves nothing half done and the next run goes on from there. One
indexer runs at a time per store (a lock file beside it); another finds it busy and leaves it be.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from reader.articles.model import Article
from reader.library import words
from reader.nlp.types import Recognizer
from reader.stopping import ShouldStop, never
from reader.store import Store, library
from reader.store import entity_index as entities
from reader.store import search as index
from reader.store.search import ENGLISH_TITLE, ENTITIES, GERMAN, SHIFT, WORDS, Coverage

# Raise when what a row holds changes (the analysis of words, the columns): the index is made again.
WORDS_VERSION = "2"
NAMES_VERSION = 2  # raise when grouping names changes (reader.nlp.grouping, reader.library.names)
BATCH = 100  # articles per transaction
REBUILD_ORPHANS = 0.25  # articles dropped from the index (replaced, removed), as a share of those in it

Report = Callable[[str, int, int], None]  # (task, done, total) as the work goes on


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one run did, and how far the indexes are now; `busy`: another indexer had the store."""

    words: int
    english: int
    entities: int
    coverage: Coverage
    busy: bool = False


@contextlib.contextmanager
def _only_indexer(store: Store) -> Iterator[bool]:
    """True while this process holds the store's indexing lock; False if another one does."""
    path = store.path.with_name(store.path.name + ".indexing")
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield True  # nowhere to put the lock (a read-only folder): the store's own locks still hold
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing releases the lock


def index_pending(
    store: Store,
    recognizer: Callable[[], Recognizer] | None,
    *,
    engine: str = "",
    pair: str = "de-en",
    should_stop: ShouldStop = never,
    report: Report | None = None,
    limit: int | None = None,
) -> Outcome:
    """Index what the queue holds: words first (search needs them most), then the memory's English for
    `engine` and `pair`, then entities (if a recogniser is given). At most `limit` articles per task."""
    if store.read_only:
        return Outcome(0, 0, 0, index.coverage(store))
    with _only_indexer(store) as mine:
        if not mine:
            return Outcome(0, 0, 0, index.coverage(store), busy=True)
        recogniser = recognizer() if recognizer is not None else None
        _check_versions(store, recogniser)
        done_words = _words(store, should_stop, report, limit)
        done_english = 0 if should_stop() or not engine else index_english(store, engine, pair)
        done_entities = 0
        if recogniser is not None and not should_stop():
            done_entities = _entities(store, recogniser, should_stop, report, limit)
        return Outcome(done_words, done_english, done_entities, index.coverage(store))


def entities_key(recogniser: Recognizer) -> str:
    """What the entity index is made by: the recogniser's version and the grouping's."""
    return f"{recogniser.name}:{recogniser.version}:names{NAMES_VERSION}"


def needs_work(store: Store, recogniser: Recognizer | None, engine: str, pair: str) -> bool:
    """Whether `index_pending` has anything to do: a queue, new English, or an index made by an
    older version (cheap: a few small queries)."""
    if index.has_work(store, engine, pair) or index.meta(store.conn, WORDS) != WORDS_VERSION:
        return True
    return recogniser is not None and index.meta(store.conn, ENTITIES) != entities_key(recogniser)


def _check_versions(store: Store, recogniser: Recognizer | None) -> None:
    """Start an index again when what makes its rows has changed, or when many rows are orphans."""
    with store.write() as conn:
        indexed = conn.execute("SELECT count(*) FROM search_articles WHERE article IS NOT NULL").fetchone()[0]
        orphans = int(index.meta(conn, "orphans") or 0)
        if index.meta(conn, WORDS) != WORDS_VERSION or orphans > max(50, REBUILD_ORPHANS * indexed):
            if index.meta(conn, WORDS) != WORDS_VERSION:
                conn.execute("DELETE FROM word_forms")  # the analysis itself may have changed
            index.start_again(conn, WORDS)
            index.set_meta(conn, WORDS, WORDS_VERSION)
        if recogniser is not None:
            key = entities_key(recogniser)
            if index.meta(conn, ENTITIES) != key:
                index.start_again(conn, ENTITIES)
                index.set_meta(conn, ENTITIES, key)


def _batches(
    store: Store, task: str, should_stop: ShouldStop, report: Report | None, limit: int | None
) -> Iterator[list[str]]:
    total = index.coverage(store)
    left = total.articles - (total.words if task == WORDS else total.entities)
    if limit is not None:
        left = min(left, limit)
    done = 0
    while done < left and not should_stop():
        batch = index.pending(store, task, min(BATCH, left - done))
        if not batch:
            break
        yield batch
        done += len(batch)
        if report:
            report(task, done, left)


# -- words ---------------------------------------------------------------------------------------
def german_text(article: Article) -> str:
    """What an article's German row holds: its title and its paragraphs."""
    return "\n".join([article.title, *(b.text for b in article.blocks)])


def _reference_rows(article: Article) -> list[tuple[int, str]]:
    if article.reference is None:
        return []
    rows = [(index.slot_of_unit(i), text) for i, text in enumerate(article.reference.sentences) if text]
    if article.reference.title:
        rows.append((ENGLISH_TITLE, article.reference.title))
    return rows


def _words(store: Store, should_stop: ShouldStop, report: Report | None, limit: int | None) -> int:
    analyser = words.Analyser(store)
    done = 0
    for batch in _batches(store, WORDS, should_stop, report, limit):
        found = library.stored_articles(store, batch)
        texts = {s.article.id: german_text(s.article) for s in found}
        forms = {t for text in texts.values() for t in words.TOKEN.findall(text)}
        analyses = analyser.analyse(forms)
        with store.write() as conn:
            for stored in found:
                article = stored.article
                if not index.take(conn, WORDS, article.id):
                    continue  # another indexer was quicker
                base = index.number(conn, article.id, stored.date) << SHIFT
                rows = [(base | GERMAN, words.german_columns(texts[article.id], analyses).as_row())]
                english = _reference_rows(article)
                rows += [(base | slot, words.english_columns(text).as_row()) for slot, text in english]
                index.insert_rows(conn, rows)
                conn.executemany(
                    "INSERT OR REPLACE INTO search_english (rowid, text) VALUES (?, ?)",
                    [(base | slot, text) for slot, text in english],
                )
                done += 1
            for gone in set(batch) - set(texts):  # removed since it was queued
                index.take(conn, WORDS, gone)
    return done


def index_english(store: Store, engine: str, pair: str) -> int:
    """Index the memory's translations of library sentences made since the last time; how many. (The
    memory holds other translations too, of words and of files: the mark moves past those as well.)"""
    key = f"english:{engine}:{pair}"
    since = float(index.meta(store.conn, key) or 0)
    until = index.newest_english(store, engine, pair)
    if until <= since:
        return 0
    found = index.new_english(store, engine, pair, since, until)
    rows = {(n << SHIFT) | index.slot_of_unit(unit): text for n, unit, text in found}
    with store.write() as conn:
        if rows:
            old = index.english_rows(store, min(rows), max(rows))
            stale = [(r, words.english_columns(old[r]).as_row()) for r in rows if r in old]
            index.delete_rows(conn, stale)
            index.insert_rows(conn, [(r, words.english_columns(text).as_row()) for r, text in rows.items()])
            conn.executemany(
                "INSERT OR REPLACE INTO search_english (rowid, text) VALUES (?, ?)", rows.items()
            )
        index.set_meta(conn, key, repr(until))
    return len(rows)


# -- entities ------------------------------------------------------------------------------------
def _entities(
    store: Store, recogniser: Recognizer, should_stop: ShouldStop, report: Report | None, limit: int | None
) -> int:
    from reader.library.names import article_names

    done = 0
    for batch in _batches(store, ENTITIES, should_stop, report, limit):
        found = library.stored_articles(store, batch)
        named = [(s, article_names(s.article, recogniser)) for s in found]
        with store.write() as conn:
            for stored, names in named:
                if not index.take(conn, ENTITIES, stored.article.id):
                    continue
                entities.save(conn, index.number(conn, stored.article.id, stored.date), names)
                done += 1
            for gone in set(batch) - {s.article.id for s in found}:
                index.take(conn, ENTITIES, gone)
    return done
