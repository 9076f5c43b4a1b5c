"""Each article's words counted once, and per profile how much of each article is known.

`article_lemmas` holds, per article, how many word tokens each lemma key has (entities, numbers and
punctuation left out), and `article_words` the totals and the text they were counted from. These are
shared: the text is the same for everyone. `article_known` holds, per profile and article, how many
of those lemmas (and their tokens) are known or ignored; it changes with the statuses
(`update_known`, called in the same transaction as `store.words.set_statuses`) and is filled for
every profile when an article is counted, so the library's figures are one query over small rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from reader.store.db import Guarded, Store

REBUILD_ABOVE = 300  # lemmas changed at once above which a profile's figures are recomputed whole
_KNOWN_LIKE = "('known', 'ignored')"


@dataclass(frozen=True, slots=True)
class Figures:
    """An article's figures for one reader: distinct lemmas not known (nor ignored), and the share of
    its word tokens whose lemma is known or ignored (0 to 1)."""

    new_words: int
    known: float
    tokens: int


def save_counts(
    store: Store, article_id: str, text_hash: str, version: int, counts: Mapping[str, int]
) -> None:
    """Store an article's lemma counts (replacing any), and its known figures for every profile."""
    rows = [(article_id, key, n) for key, n in counts.items() if key and n > 0]
    with store.write(cache=True) as conn:
        conn.execute("DELETE FROM article_lemmas WHERE article = ?", (article_id,))
        conn.executemany("INSERT INTO article_lemmas (article, key, tokens) VALUES (?, ?, ?)", rows)
        conn.execute(
            "INSERT OR REPLACE INTO article_words (article, text_hash, version, tokens, lemmas)"
            " VALUES (?, ?, ?, ?, ?)",
            (article_id, text_hash, version, sum(n for _, _, n in rows), len(rows)),
        )
        conn.execute("DELETE FROM article_known WHERE article = ?", (article_id,))
        conn.execute(
            "INSERT INTO article_known (profile, article, lemmas, tokens)"
            " SELECT s.profile, l.article, count(*), sum(l.tokens) FROM article_lemmas l"
            f" JOIN word_status s ON s.key = l.key AND s.status IN {_KNOWN_LIKE}"
            " WHERE l.article = ? GROUP BY s.profile",
            (article_id,),
        )


def forget_article(conn: Guarded, article_id: str) -> None:
    """Drop an article's counts and figures (when it leaves the library)."""
    for table in ("article_lemmas", "article_words", "article_known"):
        conn.execute(f"DELETE FROM {table} WHERE article = ?", (article_id,))


def pending(store: Store, version: int, limit: int = 200) -> list[str]:
    """Articles not counted yet, or counted from another text or by another version; newest first."""
    rows = store.conn.execute(
        "SELECT a.id FROM articles a LEFT JOIN article_words w ON w.article = a.id"
        " WHERE w.article IS NULL OR w.version != ? OR w.text_hash != a.text_hash"
        " ORDER BY coalesce(a.published, a.added_at) DESC LIMIT ?",
        (version, limit),
    ).fetchall()
    return [r[0] for r in rows]


def update_known(conn: Guarded, profile: str, turned_on: Sequence[str], turned_off: Sequence[str]) -> None:
    """Keep a profile's figures right after lemmas became known (or ignored) or stopped being so."""
    if len(turned_on) + len(turned_off) > REBUILD_ABOVE:
        rebuild_known(conn, profile)
        return
    for key in turned_on:
        conn.execute(
            "INSERT INTO article_known (profile, article, lemmas, tokens)"
            " SELECT ?, article, 1, tokens FROM article_lemmas WHERE key = ? AND true"
            " ON CONFLICT (profile, article) DO UPDATE SET lemmas = lemmas + 1,"
            " tokens = article_known.tokens + excluded.tokens",
            (profile, key),
        )
    for key in turned_off:
        conn.execute(
            "UPDATE article_known SET lemmas = lemmas - 1, tokens = tokens - (SELECT l.tokens FROM"
            " article_lemmas l WHERE l.article = article_known.article AND l.key = ?)"
            " WHERE profile = ? AND article IN (SELECT article FROM article_lemmas WHERE key = ?)",
            (key, profile, key),
        )


def rebuild_known(conn: Guarded, profile: str) -> None:
    """Recompute a profile's figures for the whole library from its statuses (after a bulk change)."""
    conn.execute("DELETE FROM article_known WHERE profile = ?", (profile,))
    conn.execute(
        "INSERT INTO article_known (profile, article, lemmas, tokens)"
        " SELECT s.profile, l.article, count(*), sum(l.tokens) FROM word_status s"
        " JOIN article_lemmas l ON l.key = s.key"
        f" WHERE s.profile = ? AND s.status IN {_KNOWN_LIKE} GROUP BY l.article",
        (profile,),
    )


def figures(store: Store, article_ids: Iterable[str] | None = None) -> dict[str, Figures]:
    """The figures of every counted article (or of these), for the store's profile."""
    sql = (
        "SELECT w.article, w.lemmas - coalesce(k.lemmas, 0), coalesce(k.tokens, 0), w.tokens"
        " FROM article_words w LEFT JOIN article_known k ON k.profile = ? AND k.article = w.article"
    )
    args: list[object] = [store.profile]
    if article_ids is not None:
        ids = list(article_ids)
        if not ids:
            return {}
        sql += f" WHERE w.article IN ({','.join('?' * len(ids))})"
        args += ids
    out = {}
    for article, new, known, tokens in store.conn.execute(sql, args):
        out[article] = Figures(int(new), (known / tokens) if tokens else 1.0, int(tokens))
    return out


def lemma_counts(store: Store, article_id: str) -> dict[str, int] | None:
    """The article's lemma keys and their tokens, or None when it is not counted."""
    if store.conn.execute("SELECT 1 FROM article_words WHERE article = ?", (article_id,)).fetchone() is None:
        return None
    rows = store.conn.execute("SELECT key, tokens FROM article_lemmas WHERE article = ?", (article_id,))
    return {key: int(n) for key, n in rows}


def articles_with(store: Store, key: str, limit: int = 20) -> list[str]:
    """Articles in which a lemma occurs, the newest first."""
    rows = store.conn.execute(
        "SELECT l.article FROM article_lemmas l JOIN articles a ON a.id = l.article WHERE l.key = ?"
        " ORDER BY coalesce(a.published, a.added_at) DESC LIMIT ?",
        (key, limit),
    )
    return [r[0] for r in rows]
