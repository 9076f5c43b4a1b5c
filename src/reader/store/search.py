"""Full-text search over the library: German text, English translations, folded for German.

Text is indexed folded (casefolded, so ß becomes ss; the tokenizer drops the umlauts' dots), so
"Fussball", "fußball" and "FUSSBALL" all find "Fußball". A term ending in `*` is a prefix query.
The match offsets for highlighting are found again in the original text, word by word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from reader.articles.model import Article, text_key
from reader.store.db import Guarded, Store

_WORD = re.compile(r"\w+")
_QUERY_TERM = re.compile(r"(\w+)(\*?)")
MAX_QUERY_TERMS = 16
MAX_QUERY_CHARS = 500


_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def fold(text: str) -> str:
    """Casefold and strip diacritics: "Straße" → "strasse", "Müller" → "muller"."""
    folded = text.casefold()
    return folded if folded.isascii() else _MARKS.sub("", unicodedata.normalize("NFKD", folded))


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching sentence (or title: `sentence` None); `matches` are offsets into `text`."""

    article: str
    title: str
    sentence: int | None
    text: str
    lang: str
    matches: tuple[tuple[int, int], ...]

    def as_json(self) -> dict[str, object]:
        return {
            "article": self.article,
            "title": self.title,
            "sentence": self.sentence,
            "text": self.text,
            "lang": self.lang,
            "matches": [list(m) for m in self.matches],
        }


def _insert(conn: Guarded, rows: list[tuple[str, int, int | None, str, str]]) -> None:
    first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM passages").fetchone()[0]
    full = [(first + n, a, b, u, lang, text, fold(text)) for n, (a, b, u, lang, text) in enumerate(rows)]
    conn.executemany(
        "INSERT INTO passages (id, article, block, unit, lang, text, folded) VALUES (?, ?, ?, ?, ?, ?, ?)",
        full,
    )
    conn.executemany("INSERT INTO passages_fts (rowid, folded) VALUES (?, ?)", [(r[0], r[6]) for r in full])


def add_article(conn: Guarded, article: Article, *, split: bool) -> None:
    """Index the title and text; split articles by sentence (with their reference English, if any)."""
    rows: list[tuple[str, int, int | None, str, str]] = [(article.id, -1, None, "de", article.title)]
    if split:
        rows += [(article.id, u.block, u.index, "de", u.sentence.text) for u in article.units]
        conn.executemany(
            "INSERT OR REPLACE INTO units (article, unit, key) VALUES (?, ?, ?)",
            [(article.id, u.index, text_key(u.sentence.text)) for u in article.units],
        )
        if article.reference:
            rows += [
                (article.id, article.units[i].block, i, "en", text)
                for i, text in enumerate(article.reference.sentences)
            ]
    else:
        rows += [(article.id, b, None, "de", block.text) for b, block in enumerate(article.blocks)]
    _insert(conn, rows)


def drop_article(conn: Guarded, article_id: str) -> None:
    """Forget an article's passages; an external-content index is told exactly what it held."""
    rows = conn.execute("SELECT id, folded FROM passages WHERE article = ?", (article_id,)).fetchall()
    conn.executemany("INSERT INTO passages_fts (passages_fts, rowid, folded) VALUES ('delete', ?, ?)", rows)
    conn.execute("DELETE FROM passages WHERE article = ?", (article_id,))
    conn.execute("DELETE FROM units WHERE article = ?", (article_id,))


def index_english(store: Store, engine: str, pair: str = "de-en", limit: int = 5000) -> int:
    """Index the memory's translations of library sentences not yet indexed; how many were added."""
    rows = store.conn.execute(
        "SELECT u.article, u.unit, t.text FROM units u"
        " JOIN translations t ON t.key = u.key AND t.engine = ? AND t.pair = ?"
        " WHERE NOT EXISTS (SELECT 1 FROM passages p"
        "   WHERE p.article = u.article AND p.lang = 'en' AND p.unit = u.unit) LIMIT ?",
        (engine, pair, limit),
    ).fetchall()
    if rows:
        with store.write(cache=True) as conn:
            _insert(conn, [(a, -2, u, "en", text) for a, u, text in rows])
    return len(rows)


def parse_query(query: str) -> list[tuple[str, bool]]:
    """The query's terms, folded, each with whether it is a prefix (`term*`)."""
    terms = [(fold(m.group(1)), bool(m.group(2))) for m in _QUERY_TERM.finditer(query[:MAX_QUERY_CHARS])]
    return terms[:MAX_QUERY_TERMS]


def _fts_query(terms: list[tuple[str, bool]]) -> str:
    return " ".join(f'"{t}"' + ("*" if prefix else "") for t, prefix in terms)


def _variants() -> dict[str, str]:
    """For each ASCII letter, the Latin letters that fold to it: "u" → "uúùûü…"."""
    table: dict[str, str] = {}
    for c in map(chr, range(0xC0, 0x250)):
        f = fold(c)
        if len(f) == 1 and f.isascii() and f.isalpha():
            table[f] = table.get(f, f) + c
    return table


_VARIANTS = _variants()
_COMBINING = "[\u0300-\u036f]*"


def _term_pattern(term: str, prefix: bool) -> str:
    parts, i = [], 0
    while i < len(term):
        if term.startswith("ss", i):
            parts.append("(?:ss|ß|ẞ)")
            i += 2
            continue
        chars = _VARIANTS.get(term[i])
        parts.append(f"[{re.escape(chars)}]" if chars else re.escape(term[i]))
        parts.append(_COMBINING)
        i += 1
    return r"(?<!\w)" + "".join(parts) + (r"\w*" if prefix else r"(?!\w)")


def search(
    store: Store, query: str, *, limit: int = 50, lang: str | None = None, article: str | None = None
) -> list[SearchHit]:
    """Sentences (and titles) matching every term of `query`, German and English, most recently indexed
    first (so the newest imports lead, without scoring every match).

    A hit in an article not yet split is reported with `sentence` None and its paragraph as text;
    `sentence_hits` splits such articles when the sentence number matters.
    """
    terms = parse_query(query)
    if not terms:
        return []
    sql = (
        "SELECT p.article, a.title, p.unit, p.text, p.lang FROM passages_fts f"
        " JOIN passages p ON p.id = f.rowid JOIN articles a ON a.id = p.article"
        " WHERE passages_fts MATCH ?"
    )
    args: list[object] = [_fts_query(terms)]
    if lang:
        sql += " AND p.lang = ?"
        args.append(lang)
    if article:
        sql += " AND p.article = ?"
        args.append(article)
    # Newest passages first: the index's own order, so no score is computed for every match.
    sql += " ORDER BY f.rowid DESC LIMIT ?"
    args.append(limit)
    pattern = re.compile("|".join(_term_pattern(t, p) for t, p in terms), re.IGNORECASE)
    return [
        SearchHit(a, title, unit, text, lng, tuple(m.span() for m in pattern.finditer(text)))
        for a, title, unit, text, lng in store.conn.execute(sql, args)
    ]


def has_unsplit(hits: list[SearchHit]) -> set[str]:
    """Articles among `hits` whose paragraphs are not yet split (a paragraph matched, not a sentence)."""
    return {h.article for h in hits if h.sentence is None and h.lang == "de" and h.text != h.title}
