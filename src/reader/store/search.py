"""The library's full-text index (SQLite FTS5): what it holds, and the ranked query over it.

One row per article for its German (title and paragraphs), and one per English sentence known. Each
row has four columns: the
folded forms of its words, their lemmas (English: Snowball stems), the heads of its compounds and
their other parts, where these add something to the forms. The index is contentless, so no text is
stored twice: a row's text is read back from the article itself (or, for English, from
`search_english`), and the columns are worked out by `reader.library.words`.

A row's id says where it is: the article's number in the index (`search_articles.n`) shifted left
by 12 bits, then a slot: `GERMAN`, `ENGLISH_TITLE`, or `ENGLISH` + u for sentence u. The number is
the article's date (published, else added) in seconds, shifted left by 10 bits, plus a count among
those of the same second: ordered by row id, matches are ordered by date. One row per
article keeps the rows few (bm25 is worked out for every row that matches): where in the article the
words are is found again when a page of results is shown.
Folding: casefolded, diacritics removed (ß becomes ss, so "Fussball" finds "Fußball").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.store import entity_index
from reader.store.db import Guarded, Store

SHIFT = 12
SLOTS = 1 << SHIFT
SAME_SECOND = 1 << 10  # articles numbered within one second (more spill into the next)
# Row ids fit in 63 bits: a date in seconds (32 bits, to 2106), 10 for the same second, 12 for slots.
GERMAN = 0
ENGLISH_TITLE = 1
ENGLISH = 2
MAX_UNIT = SLOTS - ENGLISH - 1
# bm25 weights of the columns: a word's own form counts most, then its lemma, a compound's head, a part.
WEIGHTS = (1.0, 0.6, 0.3, 0.1)
WORDS, ENTITIES = "words", "entities"  # the background tasks, in index_queue
# bm25 is worked out for every row it ranks (about 3 µs each at 100,000 articles on the development
# machine): a word found in more articles than this has its newest matches ranked, the rest follow.
RANKED = 5_000

_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def fold(text: str) -> str:
    """Casefold and strip diacritics: "Straße" → "strasse", "Müller" → "muller"."""
    folded = text.casefold()
    return folded if folded.isascii() else _MARKS.sub("", unicodedata.normalize("NFKD", folded))


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the index adds to a German word form, folded: its lemma ("" when that is the form
    itself), a compound's head ("" for no compound) and its other parts (space separated)."""

    lemma: str
    head: str
    parts: str


@dataclass(frozen=True, slots=True)
class Ranked:
    """A matching article by its number in the index: its score (bm25, lower is better; 0.0 for an
    older match that was not ranked) and its best row."""

    n: int
    score: float
    row: int


@dataclass(frozen=True, slots=True)
class Matches:
    """What a query matches: `rows` rows (one per article, and one per English sentence that matches).
    The rows from rowid `bound` up (the newest articles, at most about `RANKED` rows) are ranked; the
    older ones follow newest first. `bound` 0: every row is ranked."""

    expression: str
    where: str
    args: tuple[object, ...]
    rows: int
    bound: int = 0


@dataclass(frozen=True, slots=True)
class Coverage:
    """How far the background indexes have come: articles indexed of all, per task."""

    articles: int
    words: int
    entities: int

    @property
    def complete(self) -> bool:
        return self.words >= self.articles and self.entities >= self.articles

    def note(self, task: str = WORDS) -> str:
        """ "" when the index `task` is complete, else how far it is, in a few words."""
        done = self.words if task == WORDS else self.entities
        return "" if done >= self.articles else f"indexed {done:,} of {self.articles:,} articles so far"


def slot_of_unit(unit: int) -> int:
    return ENGLISH + min(unit, MAX_UNIT)


# -- word forms ----------------------------------------------------------------------------------
def stored_forms(store: Store, forms: Iterable[str]) -> dict[str, Analysis]:
    wanted = list(forms)
    out: dict[str, Analysis] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        rows = store.conn.execute(
            f"SELECT form, lemma, head, parts FROM word_forms WHERE form IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        out.update((f, Analysis(lemma, head, parts)) for f, lemma, head, parts in rows)
    return out


def save_forms(store: Store, analyses: dict[str, Analysis]) -> None:
    with store.write() as conn:
        conn.executemany(
            "INSERT OR IGNORE INTO word_forms (form, lemma, head, parts) VALUES (?, ?, ?, ?)",
            [(f, a.lemma, a.head, a.parts) for f, a in analyses.items()],
        )


def forms_with_lemma(store: Store, lemmas: Sequence[str], limit: int = 200) -> list[str]:
    """Forms in the library whose lemma is one of `lemmas` (folded)."""
    if not lemmas:
        return []
    rows = store.conn.execute(
        f"SELECT form FROM word_forms WHERE lemma IN ({','.join('?' * len(lemmas))}) LIMIT ?",
        [*lemmas, limit],
    )
    return [r[0] for r in rows]


def forms_like(store: Store, prefix: str, limit: int = 50) -> list[str]:
    """Forms in the library that begin like `prefix` (as written; for suggestions)."""
    rows = store.conn.execute(
        "SELECT form FROM word_forms WHERE form >= ? AND form < ? LIMIT ?",
        (prefix, prefix + "\U0010ffff", limit),
    )
    return [r[0] for r in rows]


# -- the queue and the rows ----------------------------------------------------------------------
def enqueue(conn: Guarded, article_ids: Sequence[str]) -> None:
    """Queue new articles for the background indexes (inside the import's transaction)."""
    conn.executemany(
        "INSERT OR IGNORE INTO index_queue (task, article) VALUES (?, ?)",
        [(task, a) for a in article_ids for task in (WORDS, ENTITIES)],
    )


def pending(store: Store, task: str, limit: int) -> list[str]:
    rows = store.conn.execute("SELECT article FROM index_queue WHERE task = ? LIMIT ?", (task, limit))
    return [r[0] for r in rows]


def coverage(store: Store, tasks: Sequence[str] = (WORDS, ENTITIES)) -> Coverage:
    """Articles, and how many of them the background indexes `tasks` hold (the queue says what is left;
    an index not asked about counts as complete). Cheap when the queue is short."""
    total = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    left = {
        task: store.conn.execute("SELECT count(*) FROM index_queue WHERE task = ?", (task,)).fetchone()[0]
        for task in tasks
    }
    return Coverage(total, total - left.get(WORDS, 0), total - left.get(ENTITIES, 0))


def take(conn: Guarded, task: str, article_id: str) -> bool:
    """Take an article off the queue; False if another indexer took it first."""
    return (
        conn.execute("DELETE FROM index_queue WHERE task = ? AND article = ?", (task, article_id)).rowcount
        > 0
    )


def number(conn: Guarded, article_id: str, date: float) -> int:
    """The article's number in the index, given now if it has none."""
    row = conn.execute("SELECT n FROM search_articles WHERE article = ?", (article_id,)).fetchone()
    if row:
        return int(row[0])
    second = max(0, int(date))
    while True:
        base = second * SAME_SECOND
        top = conn.execute(
            "SELECT max(n) FROM search_articles WHERE n BETWEEN ? AND ?", (base, base + SAME_SECOND - 1)
        ).fetchone()[0]
        n = base if top is None else top + 1
        if n < base + SAME_SECOND:
            break
        second += 1
    conn.execute("INSERT INTO search_articles (n, article, date) VALUES (?, ?, ?)", (n, article_id, date))
    return n


def insert_rows(conn: Guarded, rows: Sequence[tuple[int, tuple[str, str, str, str]]]) -> None:
    conn.executemany(
        "INSERT INTO search_fts (rowid, form, lemma, head, part) VALUES (?, ?, ?, ?, ?)",
        [(rowid, *columns) for rowid, columns in rows],
    )


def delete_rows(conn: Guarded, rows: Sequence[tuple[int, tuple[str, str, str, str]]]) -> None:
    """Take rows out of the contentless index, given exactly what they held."""
    conn.executemany(
        "INSERT INTO search_fts (search_fts, rowid, form, lemma, head, part)"
        " VALUES ('delete', ?, ?, ?, ?, ?)",
        [(rowid, *columns) for rowid, columns in rows],
    )


def article_number(store: Store, article_id: str) -> int | None:
    row = store.conn.execute("SELECT n FROM search_articles WHERE article = ?", (article_id,)).fetchone()
    return int(row[0]) if row else None


def forget(conn: Guarded, article_id: str) -> None:
    """Drop an article from the index (it is being replaced or removed). Its rows stay in the FTS
    index, unreachable, since no article has its number any more; `orphans` counts such articles, and
    the background job rebuilds the index when there are many."""
    conn.execute("DELETE FROM index_queue WHERE article = ?", (article_id,))
    row = conn.execute("SELECT n FROM search_articles WHERE article = ?", (article_id,)).fetchone()
    if row is None:
        return
    n = int(row[0])
    conn.execute("UPDATE search_articles SET article = NULL WHERE n = ?", (n,))  # its number is not reused
    conn.execute(
        "DELETE FROM search_english WHERE rowid BETWEEN ? AND ?", (n << SHIFT, (n << SHIFT) + SLOTS - 1)
    )
    entity_index.drop(conn, n)
    set_meta(conn, "orphans", str(int(meta(conn, "orphans") or 0) + 1))


def meta(conn: Guarded, key: str) -> str | None:
    row = conn.execute("SELECT value FROM index_meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(conn: Guarded, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO index_meta (key, value) VALUES (?, ?)", (key, value))


def start_again(conn: Guarded, task: str) -> None:
    """Empty one index and queue every article for it (what makes its rows has changed)."""
    if task == WORDS:
        conn.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
        conn.execute("DELETE FROM search_english")
        conn.execute("DELETE FROM search_articles WHERE article IS NULL")  # no row holds them any more
        conn.execute("DELETE FROM index_meta WHERE key LIKE 'english:%'")
        set_meta(conn, "orphans", "0")
    else:
        conn.execute("DELETE FROM entity_mentions")
        conn.execute("DELETE FROM entity_articles")
        conn.execute("DELETE FROM entity_links")
        conn.execute("DELETE FROM entity_names")
    conn.execute("INSERT OR IGNORE INTO index_queue (task, article) SELECT ?, id FROM articles", (task,))


def english_rows(store: Store, first: int, last: int) -> dict[int, str]:
    rows = store.conn.execute(
        "SELECT rowid, text FROM search_english WHERE rowid BETWEEN ? AND ?", (first, last)
    )
    return {r[0]: r[1] for r in rows}


def has_work(store: Store, engine: str, pair: str) -> bool:
    """Whether anything waits to be indexed: an article queued, or English newer than the index's."""
    if store.conn.execute("SELECT EXISTS (SELECT 1 FROM index_queue)").fetchone()[0]:
        return True
    return newest_english(store, engine, pair) > float(meta(store.conn, f"english:{engine}:{pair}") or 0)


def newest_english(store: Store, engine: str, pair: str) -> float:
    row = store.conn.execute(
        "SELECT max(created_at) FROM translations WHERE engine = ? AND pair = ?", (engine, pair)
    ).fetchone()
    return float(row[0] or 0)


def new_english(
    store: Store, engine: str, pair: str, since: float, until: float
) -> list[tuple[int, int, str]]:
    """Translations from the memory of library sentences made after `since`, up to `until`: (article
    number, unit, English), oldest first."""
    rows = store.conn.execute(
        "SELECT s.n, u.unit, t.text FROM translations t"
        " JOIN units u ON u.key = t.key JOIN search_articles s ON s.article = u.article"
        " WHERE t.engine = ? AND t.pair = ? AND t.created_at > ? AND t.created_at <= ?"
        " ORDER BY t.created_at",
        (engine, pair, since, until),
    )
    return [(r[0], r[1], r[2]) for r in rows]


# -- querying ------------------------------------------------------------------------------------
def _lang_filter(lang: str | None) -> str:
    if lang == "de":
        return f" AND (rowid & {SLOTS - 1}) = {GERMAN}"
    if lang == "en":
        return f" AND (rowid & {SLOTS - 1}) != {GERMAN}"
    return ""


def _range(store: Store, article: str | None) -> tuple[str, list[object]] | None:
    if article is None:
        return "", []
    n = article_number(store, article)
    return None if n is None else (" AND rowid BETWEEN ? AND ?", [n << SHIFT, (n << SHIFT) + SLOTS - 1])


def matches(store: Store, expression: str, *, lang: str | None = None, article: str | None = None) -> Matches:
    """How many rows match the FTS5 `expression`, and which of them are ranked."""
    within = _range(store, article)
    if within is None:
        return Matches(expression, "", (), 0)
    where = _lang_filter(lang) + within[0]
    args = (expression, *within[1])
    total = store.conn.execute(
        f"SELECT count(*) FROM search_fts WHERE search_fts MATCH ?{where}", args
    ).fetchone()[0]
    bound = 0
    if total > RANKED:
        row = store.conn.execute(
            f"SELECT rowid FROM search_fts WHERE search_fts MATCH ?{where}"
            " ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            [*args, RANKED],
        ).fetchone()[0]
        bound = ((row >> SHIFT) + 1) << SHIFT  # whole articles: every row of those above is ranked
    return Matches(expression, where, tuple(args), total, bound)


def ranked_rows(store: Store, found: Matches, start: int, count: int | None) -> list[Ranked]:
    """Ranked rows `start` to `start + count` (None: to the end): best first, then the newest."""
    limit = "" if count is None else f" LIMIT {int(count)} OFFSET {int(start)}"
    rows = store.conn.execute(
        "SELECT rowid, bm25(search_fts, ?, ?, ?, ?) AS s FROM search_fts"
        f" WHERE search_fts MATCH ?{found.where}"
        f" AND rowid >= ? ORDER BY s, rowid DESC{limit}",
        [*WEIGHTS, *found.args, found.bound],
    )
    return [Ranked(row >> SHIFT, score, row) for row, score in rows]


def older_rows(store: Store, found: Matches, below: int, count: int) -> list[Ranked]:
    """Up to `count` rows under rowid `below` (and `found.bound`), newest first, not ranked."""
    rows = store.conn.execute(
        f"SELECT rowid FROM search_fts WHERE search_fts MATCH ?{found.where} AND rowid < ?"
        " ORDER BY rowid DESC LIMIT ?",
        [*found.args, min(below, found.bound), count],
    )
    return [Ranked(row >> SHIFT, 0.0, row) for (row,) in rows]


def articles_of(store: Store, numbers: Sequence[int]) -> dict[int, str]:
    """Article ids by their numbers in the index (those still there)."""
    if not numbers:
        return {}
    rows = store.conn.execute(
        f"SELECT n, article FROM search_articles WHERE n IN ({','.join('?' * len(numbers))})", list(numbers)
    )
    return {n: a for n, a in rows}
