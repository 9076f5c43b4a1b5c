"""Removing articles (and putting them back), and managing feeds: the store's side of issue 20."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader.articles.model import Article, Block, Sentence
from reader.library.indexing import index_pending
from reader.library.names import articles_of, entities_named
from reader.library.search import find
from reader.nlp.recognizers import load_recognizer
from reader.settings import Settings
from reader.sources.fetch import Fetcher
from reader.sources.importer import add_feed, add_pages, refresh, summary
from reader.store import ReadOnlySession, Store, marks, reading, word_counts
from reader.store import feeds as feed_store
from reader.store import search as index
from reader.store.library import (
    NewArticle,
    list_articles,
    save_articles,
    set_read,
    set_starred,
)
from reader.store.library import (
    summary as one,
)
from reader.store.removal import remove_articles, restore

if TYPE_CHECKING:
    from newssite import NewsSite

pytest_plugins = ["newssite"]


def _article(article_id: str, text: str) -> Article:
    """One paragraph, split where `text` has " | "."""
    parts = text.split(" | ")
    body = " ".join(parts)
    spans, at = [], 0
    for part in parts:
        spans.append(Sentence(part, at, at + len(part)))
        at += len(part) + 1
    block = Block("paragraph", body, tuple(spans))
    return Article(article_id, f"Titel {article_id}", (block,), source=f"{article_id}.txt")


def _library(tmp_path: Path) -> Store:
    store = Store(tmp_path / "r.db")
    save_articles(
        store,
        [
            NewArticle(_article("a1", "Die Zugspitze ist hoch. | Berlin liegt an der Spree."), "d1"),
            NewArticle(_article("b2", "Hamburg hat einen Hafen. | Der Hafen ist groß."), "d2"),
        ],
    )
    return store


def _found(store: Store, query: str) -> list[str]:
    return [h.article for h in find(store, query).page(store, 0, 0)]


def _mentioning(store: Store, name: str) -> list[str]:
    numbers = [a.n for entity in entities_named(store, name) for a in articles_of(store, entity)]
    return list(index.articles_of(store, numbers).values())


def test_a_removed_article_takes_everything_about_it_and_comes_back_as_it_was(tmp_path: Path) -> None:
    store = _library(tmp_path)
    anna = Store(store.path, profile="anna")
    for who in (store, anna):
        set_read(who, ["a1"])
        set_starred(who, "a1")
        reading.save_position(who, "a1", 1)
        marks.set_mark(who, "a1", 0, marked=True, note="hoch")
    index_pending(store, lambda: load_recognizer(Settings().entities))
    word_counts.save_counts(store, "a1", "h", 1, {"zugspitze": 1, "berlin": 1})
    assert _found(store, "Zugspitze") == ["a1"] and _mentioning(store, "Berlin") == ["a1"]

    [removed] = remove_articles(store, ["a1", "nothing-here"])
    assert removed.id == "a1" and removed.title == "Titel a1"
    assert [s.id for s in list_articles(store)] == ["b2"]
    assert _found(store, "Zugspitze") == [] and _found(store, "Hafen") == ["b2"]
    assert _mentioning(store, "Berlin") == []
    assert word_counts.figures(store, ["a1"]) == {}
    for who in (store, anna):
        assert marks.marks_for(who, "a1") == {} and "a1" not in reading.positions(who)
    for table, column in (("units", "article"), ("index_queue", "article"), ("article_flags", "article")):
        assert store.conn.execute(f"SELECT count(*) FROM {table} WHERE {column} = 'a1'").fetchone()[0] == 0

    assert restore(store, [removed]) == ["a1"]
    for who in (store, anna):
        back = one(who, "a1")
        assert back is not None and back.read and back.starred
        assert marks.marks_for(who, "a1")[0].note == "hoch" and reading.positions(who)["a1"] == 1
    assert "a1" in word_counts.figures(store, ["a1"])  # its word counts come back as they were
    # Its search and entity rows are made again by the background indexer, as a new article's are.
    index_pending(store, lambda: load_recognizer(Settings().entities))
    assert _found(store, "Zugspitze") == ["a1"] and _mentioning(store, "Berlin") == ["a1"]
    assert restore(store, [removed]) == []  # already back: nothing doubled


def test_a_public_session_removes_nothing(tmp_path: Path) -> None:
    store = _library(tmp_path)
    public = Store(store.path, profile="public", read_only=True)
    with pytest.raises(ReadOnlySession):
        remove_articles(public, ["a1"])
    assert len(list_articles(store)) == 2


def _fast() -> Fetcher:
    return Fetcher(connect_timeout=1.0, read_timeout=0.5, total_timeout=2.0)


def _forget_validators(store: Store) -> None:
    """As if the feed had changed: the next refresh reads all of it again."""
    with store.write() as conn:
        conn.execute("UPDATE feeds SET etag = '', modified = ''")


def test_an_article_removed_from_a_feed_stays_removed_until_added_by_hand(
    news_site: NewsSite, tmp_path: Path
) -> None:
    store = Store(tmp_path / "r.db")
    feed = f"{news_site.url}/rss.xml"
    list(add_feed(store, feed, fetcher=_fast()))
    gone = next(s for s in list_articles(store) if s.title.startswith("Lokführer"))
    remove_articles(store, [gone.id])
    _forget_validators(store)
    outcomes = list(refresh(store, fetcher=_fast()))
    assert summary(outcomes)["skipped"] == 1 and summary(outcomes).get("added", 0) == 0
    assert gone.source not in {s.source for s in list_articles(store)}
    # Asked for by hand, it comes back; and a refresh then finds it in the library.
    assert [o.kind for o in add_pages(store, [gone.source], fetcher=_fast())] == ["added"]
    _forget_validators(store)
    assert summary(list(refresh(store, fetcher=_fast()))).get("skipped", 0) == 0


def test_unsubscribing_keeps_the_articles_and_forgets_the_feeds_removed_items(
    news_site: NewsSite, tmp_path: Path
) -> None:
    store = Store(tmp_path / "r.db")
    feed = f"{news_site.url}/rss.xml"
    list(add_feed(store, feed, fetcher=_fast()))
    remove_articles(store, [list_articles(store)[0].id])
    assert feed_store.unsubscribe(store, feed) and not feed_store.unsubscribe(store, feed)
    assert feed_store.feeds(store) == [] and len(list_articles(store)) == 2
    assert store.conn.execute("SELECT count(*) FROM removed").fetchone()[0] == 0


def test_a_renamed_feed_keeps_its_name_through_a_refresh(news_site: NewsSite, tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    feed = f"{news_site.url}/rss.xml"
    list(add_feed(store, feed, fetcher=_fast()))
    own = feed_store.summaries(store)[0].name
    assert own and "127.0.0.1" not in own  # the feed's own title
    assert feed_store.rename(store, feed, "  Meine   Nachrichten ")
    _forget_validators(store)
    list(refresh(store, fetcher=_fast()))
    [listed] = feed_store.summaries(store)
    assert (listed.name, listed.articles, listed.unread) == ("Meine Nachrichten", 3, 3)
    assert feed_store.rename(store, feed, "")  # the feed's own title again, at the next refresh
    _forget_validators(store)
    list(refresh(store, fetcher=_fast()))
    assert feed_store.summaries(store)[0].name == own
    assert not feed_store.rename(store, "http://nowhere.example/feed", "x")


def test_a_feed_without_a_title_is_named_by_its_host() -> None:
    assert feed_store.name_of("https://www.tagesschau.de/index~rss2.xml") == "www.tagesschau.de"
    assert feed_store.name_of("https://x.example/rss", " Die   Zeit ") == "Die Zeit"
