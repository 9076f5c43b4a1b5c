"""The library in the store: parsed articles cached by content hash, listed by title, searchable with FTS5."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from typing import Any

from reader.articles.model import Article, Block, Reference, Sentence
from reader.store.db import Store

PARSER_VERSION = 1  # bump when parsing changes, so cached parses are redone


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What the sidebar needs of an article."""

    id: str
    title: str
    source: str


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _plain(article: Article) -> str:
    return "\n".join(b.text for b in article.blocks)


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


def cached_article(store: Store, digest: str) -> Article | None:
    row = store.conn.execute(
        "SELECT body FROM articles WHERE content_hash = ? AND parser_version = ? LIMIT 1",
        (digest, PARSER_VERSION),
    ).fetchone()
    return article_from_json(row[0]) if row else None


def save_article(store: Store, article: Article, digest: str) -> None:
    with store.write() as conn:
        old = conn.execute("SELECT rowid, body FROM articles WHERE id = ?", (article.id,)).fetchone()
        if old:
            # A contentless FTS5 table forgets a row only when told exactly what it indexed.
            previous = article_from_json(old[1])
            conn.execute(
                "INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
                (old[0], previous.title, _plain(previous)),
            )
            conn.execute("DELETE FROM articles WHERE id = ?", (article.id,))
        cur = conn.execute(
            "INSERT INTO articles (id, title, source, content_hash, parser_version, body, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                article.title,
                article.source,
                digest,
                PARSER_VERSION,
                article_to_json(article),
                time.time(),
            ),
        )
        conn.execute(
            "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
            (cur.lastrowid, article.title, _plain(article)),
        )


def get_article(store: Store, article_id: str) -> Article | None:
    row = store.conn.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()
    return article_from_json(row[0]) if row else None


def find_articles(store: Store, query: str) -> list[ArticleSummary]:
    """Articles whose id is `query`, whose title contains it, then full-text matches."""
    rows = store.conn.execute(
        "SELECT id, title, source FROM articles WHERE id = ? OR title LIKE ? ORDER BY title LIMIT 50",
        (query, f"%{query}%"),
    ).fetchall()
    return [ArticleSummary(*row) for row in rows]


def search(store: Store, query: str, limit: int = 100) -> list[ArticleSummary]:
    """Full-text search over titles and text, best match first."""
    phrase = '"' + query.replace('"', '""') + '"'
    rows = store.conn.execute(
        "SELECT a.id, a.title, a.source FROM articles_fts f JOIN articles a ON a.rowid = f.rowid"
        " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
        (phrase, limit),
    ).fetchall()
    return [ArticleSummary(*row) for row in rows]
