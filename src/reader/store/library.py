"""The library in the store: articles with their source, feed, dates and flags, split on first open.

An article is saved with its paragraphs unsplit (splitting costs ~19 ms); `open_article` splits it
once and stores the split. Only summaries (ids, titles, flags) are listed, never bodies.
"""

from __future__ import annotations

import hashlib
import json
import time
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from reader.articles.model import Article, Block, Reference, Sentence, text_key
from reader.store import search as index
from reader.store.db import Guarded, Store
from reader.store.outcome import ADDED, DUPLICATE, Kind

PARSER_VERSION = 1  # bump when parsing changes, so cached parses are redone
Splitter = Callable[[str], tuple[Sentence, ...]]


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What the sidebar and `reader list` need of an article; no body."""

    id: str
    title: str
    source: str
    feed: str = ""
    published: float | None = None
    added: float = 0.0
    read: bool = False
    starred: bool = False

    @property
    def date(self) -> float:
        """The date it is sorted by: published if known, else added."""
        return self.published if self.published is not None else self.added


@dataclass(frozen=True, slots=True)
class FeedCount:
    feed: str
    total: int
    unread: int


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_hash(article: Article) -> str:
    """The same normalised title and text is the same article, wherever it came from."""
    # model.normalise, done once on the whole text: str.split is several times faster than a regex
    text = "\n".join([article.title, *(b.text for b in article.blocks)])
    return content_hash(" ".join(unicodedata.normalize("NFC", text).split()).encode("utf-8"))


def pack(article: Article) -> bytes:
    """The body as stored: the article as JSON, compressed (German news text shrinks to about 40 %)."""
    return zlib.compress(article_to_json(article).encode("utf-8"), 6)


def unpack(body: str | bytes) -> Article:
    """An article from a stored body: compressed JSON, or plain JSON as older versions stored it."""
    return article_from_json(zlib.decompress(body).decode("utf-8") if isinstance(body, bytes) else body)


def article_to_json(article: Article) -> str:
    body: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "blocks": [[b.kind, b.text, [[s.start, s.end] for s in b.sentences]] for b in article.blocks],
        "notices": list(article.notices),
    }
    if article.reference:
        body["reference"] = [article.reference.title, list(article.reference.sentences)]
    return json.dumps(body, ensure_ascii=False)


def article_from_json(data: str) -> Article:
    body = json.loads(data)
    blocks = tuple(
        Block(kind, text, tuple(Sentence(text[s:e], s, e) for s, e in spans))
        for kind, text, spans in body["blocks"]
    )
    ref = body.get("reference")
    return Article(
        body["id"],
        body["title"],
        blocks,
        source=body["source"],
        reference=Reference(ref[0], tuple(ref[1])) if ref else None,
        notices=tuple(body.get("notices", ())),
    )


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article to save: `split` False when its paragraphs are still whole (one sentence each)."""

    article: Article
    digest: str
    split: bool = True
    feed: str = ""
    published: float | None = None


def save_articles(store: Store, items: Iterable[NewArticle]) -> list[Kind]:
    """Save a batch in one transaction; per item ADDED or DUPLICATE (the same text is already there).

    An article whose id is already stored is replaced: that is an edited file read again.
    """
    with store.write() as conn:
        return insert_articles(conn, items)


def insert_articles(conn: Guarded, items: Iterable[NewArticle]) -> list[Kind]:
    """`save_articles` inside a write transaction the caller holds (with other changes of its own)."""
    results: list[Kind] = []
    now = time.time()
    for item in items:
        article, thash = item.article, text_hash(item.article)
        same = conn.execute("SELECT 1 FROM articles WHERE text_hash = ? LIMIT 1", (thash,)).fetchone()
        if same:
            results.append(DUPLICATE)
            continue
        old = conn.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone()
        if old:  # its readers' flags, positions and marks stay: they are keyed by the id
            index.forget(conn, article.id)
            conn.execute("DELETE FROM units WHERE article = ?", (article.id,))
            conn.execute("DELETE FROM articles WHERE id = ?", (article.id,))
        conn.execute(
            "INSERT INTO articles (id, title, source, content_hash, parser_version, body, added_at,"
            " feed, published, split, text_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.id,
                article.title,
                article.source,
                item.digest,
                PARSER_VERSION,
                pack(article),
                now,
                item.feed,
                item.published,
                int(item.split),
                thash,
            ),
        )
        if item.split:
            save_units(conn, article)
        index.enqueue(conn, [article.id])
        results.append(ADDED)
    return results


def save_units(conn: Guarded, article: Article) -> None:
    """Each sentence's key, so the memory's English of the library's sentences can be found."""
    conn.executemany(
        "INSERT OR REPLACE INTO units (article, unit, key) VALUES (?, ?, ?)",
        [(article.id, u.index, text_key(u.sentence.text)) for u in article.units],
    )


def save_article(store: Store, article: Article, digest: str, **meta: Any) -> Kind:
    return save_articles(store, [NewArticle(article, digest, **meta)])[0]


def _default_splitter() -> Splitter:
    from reader.articles.segment import split_sentences

    return split_sentences


def _split(article: Article, split: Splitter) -> Article:
    blocks = tuple(
        replace(b, sentences=split(b.text)) if b.kind == "paragraph" else b for b in article.blocks
    )
    return replace(article, blocks=blocks)


def stored_article(store: Store, article_id: str) -> tuple[Article, bool] | None:
    """The article as stored, and whether it is split; unsplit, each paragraph is one unit."""
    row = store.conn.execute("SELECT body, split FROM articles WHERE id = ?", (article_id,)).fetchone()
    return (unpack(row[0]), bool(row[1])) if row else None


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored: split into sentences or not (each paragraph one unit), and its date."""

    article: Article
    split: bool
    date: float


def stored_articles(store: Store, article_ids: Sequence[str]) -> list[StoredArticle]:
    """The stored articles among `article_ids`, as they are (nothing is split here)."""
    out: list[StoredArticle] = []
    for i in range(0, len(article_ids), 500):
        chunk = list(article_ids[i : i + 500])
        rows = store.conn.execute(
            "SELECT body, split, coalesce(published, added_at) FROM articles"
            f" WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        for body, split, date in rows:
            try:
                out.append(StoredArticle(unpack(body), bool(split), date))
            except (ValueError, KeyError, TypeError, IndexError, zlib.error):
                continue  # a body that cannot be read is left out (the index skips it), not fatal
    return out


def open_article(store: Store, article_id: str, split: Splitter | None = None) -> Article | None:
    """The full article, split into sentences; the first open splits it and stores the split."""
    row = store.conn.execute("SELECT body, split FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    article = unpack(row[0])
    if row[1]:
        return article
    article = _split(article, split or _default_splitter())
    with store.write(cache=True) as conn:
        # the search index holds paragraphs and is unchanged; the sentences' keys are new
        conn.execute("UPDATE articles SET body = ?, split = 1 WHERE id = ?", (pack(article), article_id))
        save_units(conn, article)
    return article


def cached_article(store: Store, digest: str) -> Article | None:
    """The article parsed from these exact bytes, split, or None."""
    row = store.conn.execute(
        "SELECT id FROM articles WHERE content_hash = ? AND parser_version = ? LIMIT 1",
        (digest, PARSER_VERSION),
    ).fetchone()
    return open_article(store, row[0]) if row else None


def stored_by_digest(store: Store, digest: str) -> tuple[Article, bool] | None:
    """The article parsed from these exact bytes as stored (not split here), and whether it is split."""
    row = store.conn.execute(
        "SELECT id FROM articles WHERE content_hash = ? AND parser_version = ? LIMIT 1",
        (digest, PARSER_VERSION),
    ).fetchone()
    return stored_article(store, row[0]) if row else None


def get_article(store: Store, article_id: str) -> Article | None:
    return open_article(store, article_id)


# The profile's flags are joined in; an article without a row in article_flags is unread, unstarred.
_SUMMARY = (
    "SELECT a.id, a.title, a.source, a.feed, a.published, a.added_at,"
    " coalesce(f.read, 0), coalesce(f.starred, 0)"
    " FROM articles a LEFT JOIN article_flags f ON f.profile = ? AND f.article = a.id"
)
_NEWEST = " ORDER BY coalesce(a.published, a.added_at) DESC, a.added_at DESC, a.id"  # as articles_by_date


def _summary(row: tuple[Any, ...]) -> ArticleSummary:
    return ArticleSummary(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]), bool(row[7]))


def list_articles(
    store: Store, *, feed: str | None = None, unread: bool = False, starred: bool = False
) -> list[ArticleSummary]:
    """The library, newest first (published date, else date added), optionally one feed's, with the
    store's profile's flags."""
    where: list[str] = []
    args: list[Any] = [store.profile]
    if feed is not None:
        where.append("a.feed = ?")
        args.append(feed)
    if unread:
        where.append("coalesce(f.read, 0) = 0")
    if starred:
        where.append("f.starred = 1")
    sql = _SUMMARY + (" WHERE " + " AND ".join(where) if where else "") + _NEWEST
    return [_summary(r) for r in store.conn.execute(sql, args)]


def summary(store: Store, article_id: str) -> ArticleSummary | None:
    row = store.conn.execute(_SUMMARY + " WHERE a.id = ?", (store.profile, article_id)).fetchone()
    return _summary(row) if row else None


def feed_counts(store: Store) -> list[FeedCount]:
    """Per feed ('' for articles added by hand): how many articles and how many the profile has not read."""
    rows = store.conn.execute(
        "SELECT a.feed, count(*), sum(coalesce(f.read, 0) = 0) FROM articles a"
        " LEFT JOIN article_flags f ON f.profile = ? AND f.article = a.id GROUP BY a.feed ORDER BY a.feed",
        (store.profile,),
    ).fetchall()
    return [FeedCount(f, n, u) for f, n, u in rows]


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _set_flag(store: Store, flag: str, article_ids: Iterable[str], value: bool) -> list[str]:
    """Set `flag` (read or starred) of the profile on these articles; the ids it changed."""
    ids = list(dict.fromkeys(article_ids))
    if store.read_only and flag == "read":
        return []  # a public session's read flags live in its list only
    changed: list[str] = []
    with store.write() as conn:
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(
                f"SELECT a.id, coalesce(f.{flag}, 0) FROM articles a LEFT JOIN article_flags f"
                f" ON f.profile = ? AND f.article = a.id WHERE a.id IN ({marks})",
                (store.profile, *chunk),
            ).fetchall()
            changed += [article_id for article_id, now in rows if bool(now) != value]
        conn.executemany(
            f"INSERT INTO article_flags (profile, article, {flag}, changed_at) VALUES (?, ?, ?, ?)"
            f" ON CONFLICT (profile, article) DO UPDATE SET {flag} = excluded.{flag},"
            " changed_at = excluded.changed_at",
            [(store.profile, article_id, int(value), time.time()) for article_id in changed],
        )
    return changed


def set_read(store: Store, article_ids: Iterable[str], read: bool = True) -> list[str]:
    """Mark articles read (or unread) for the profile; the ids whose flag changed."""
    return _set_flag(store, "read", article_ids, read)


def mark_all_read(store: Store, feed: str | None = None) -> list[str]:
    """Mark every article (or one feed's) read for the profile; the ids that changed (to undo it)."""
    unread = [s.id for s in list_articles(store, feed=feed, unread=True)]
    return set_read(store, unread, True)


def set_starred(store: Store, article_id: str, starred: bool = True) -> bool:
    """Star (or unstar) an article for the profile; whether it changed."""
    return bool(_set_flag(store, "starred", [article_id], starred))


def find_articles(store: Store, query: str) -> list[ArticleSummary]:
    """Articles whose id is `query` or whose title contains it."""
    rows = store.conn.execute(
        _SUMMARY + " WHERE a.id = ? OR a.title LIKE ? ORDER BY a.title LIMIT 50",
        (store.profile, query, f"%{query}%"),
    ).fetchall()
    return [_summary(row) for row in rows]


def count(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM articles").fetchone()[0])
