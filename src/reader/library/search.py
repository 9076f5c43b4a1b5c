"""Searching the library: a query's words in every form, ranked, one result per article.

A plain word matches its forms, its lemma's forms and the compounds whose head it is (or, ranked lower,
another part of): `Kind` finds Kindern and Enkelkind. `"…"` keeps the exact form or phrase and
`Bundes*` is a prefix of forms. Articles are ranked by FTS5's bm25 with a word's own form weighted above
its lemma above a compound part, then newest first; each result brings its best sentences, with how
it matched (`via`: form, lemma or compound). `find` ranks every match at once (a list of numbers);
`Results.page` reads the text of a page of them. Nothing here splits an article or indexes one: a
paragraph of an article never opened is shown whole, and its sentence found when it is opened.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from reader.library import words
from reader.library.passages import Matcher, Passage, SearchHit, best, english_passages, german_passages
from reader.store import Store, library
from reader.store import search as index
from reader.store.search import ENGLISH, ENGLISH_TITLE, GERMAN, SLOTS, Coverage, Matches, Ranked, fold

MAX_QUERY_CHARS = 500
MAX_TERMS = 16
PASSAGES = 2  # sentences shown per result
OLDER_BATCH = 200  # older, unranked matches read at a time
ROWS_AT_ONCE = 40  # ranked rows read at a time (each read ranks every row again)
_TERM = re.compile(r'"([^"]*)"?|([^\W_]+)(\*?)')


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a query: a word (several for a phrase), folded; `lemmas` for a plain word."""

    words: tuple[str, ...]
    exact: bool = False
    prefix: bool = False
    lemmas: frozenset[str] = frozenset()

    def fts(self) -> str:
        quoted = " ".join(self.words)
        if self.prefix:
            return f'form : "{quoted}"*'
        if self.exact:
            return f'form : "{quoted}"'
        return "(" + " OR ".join(f'"{w}"' for w in sorted({*self.words, *self.lemmas})) + ")"

    def describe(self) -> str:
        word = " ".join(self.words)
        if self.prefix:
            return f"words beginning {word!r}"
        if self.exact:
            return f"exactly {word!r}"
        others = sorted(self.lemmas - {word})
        return (
            f"{word!r}" + (f", its lemma {', '.join(map(repr, others))}" if others else "") + " and compounds"
        )


def parse(query: str) -> list[Term]:
    """The query's terms: plain words, "quoted" forms or phrases, and prefixes ending in *."""
    terms: list[Term] = []
    for m in _TERM.finditer(query[:MAX_QUERY_CHARS]):
        if m.group(2) is not None:
            terms.append(Term((fold(m.group(2)),), prefix=bool(m.group(3))))
        else:
            quoted = tuple(fold(t) for t in words.TOKEN.findall(m.group(1) or ""))
            if quoted:
                terms.append(Term(quoted, exact=True))
    return terms[:MAX_TERMS]


_ENDINGS = ("ern", "en", "er", "es", "em", "e", "n", "s")
_UMLAUTS = str.maketrans("äöüÄÖÜ", "aouAOU")


def _lemmas(store: Store, word: str, raw: str) -> frozenset[str]:
    """The folded lemmas of a query word, from the library's own analyses of its forms. A word the
    library does not hold is taken without a common ending and umlaut ("Häuser" → haus), so that it
    still finds its lemma's forms and compounds; no analyser is loaded for a query."""
    variants = {raw, raw[:1].upper() + raw[1:], raw.lower()}
    known = index.stored_forms(store, variants)
    if known:
        return frozenset({word, *(a.lemma for a in known.values() if a.lemma)})
    stems = {word}
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stems.add(word[: -len(ending)])
    guesses = {fold(s.translate(_UMLAUTS)) for s in stems} | stems
    known = index.stored_forms(store, {g[:1].upper() + g[1:] for g in guesses} | guesses)
    return frozenset({*guesses, *(a.lemma for a in known.values() if a.lemma)})


def expand(store: Store, query: str) -> list[Term]:
    """The query's terms, each plain word with its lemmas."""
    raw = {fold(w): w for w in words.TOKEN.findall(query[:MAX_QUERY_CHARS])}
    return [
        Term(t.words, t.exact, t.prefix, _lemmas(store, t.words[0], raw.get(t.words[0], t.words[0])))
        if not (t.exact or t.prefix)
        else t
        for t in parse(query)
    ]


@dataclass
class Results:
    """Every article that matches, best first; `page` reads the passages of some of them."""

    query: str
    terms: list[Term]
    coverage: Coverage
    lang: str | None = None
    matches: Matches = field(default_factory=lambda: Matches("", "", (), 0))
    suggestions: list[str] = field(default_factory=list)
    _order_so_far: list[Ranked] = field(default_factory=list)
    _seen: set[int] = field(default_factory=set)
    _rows_read: int = 0
    _older: bool = False  # the ranked rows are read: older rows now
    _below: int = 0  # the oldest row read so far
    _done: bool = False
    _english: bool = False

    @property
    def expression(self) -> str:
        return " AND ".join(t.fts() for t in self.terms)

    def __len__(self) -> int:
        """How many articles match (rows, so about, if English sentences match too; see `exact`)."""
        return self.matches.rows

    @property
    def exact(self) -> bool:
        return self._done and not self._english

    def note(self) -> str:
        """Why there is nothing, what was tried and what might do; and how far the index is."""
        parts = []
        if not len(self) and self.terms:
            tried = "; ".join(t.describe() for t in self.terms)
            parts.append(f"Nothing matches {self.query.strip()!r} (tried {tried}).")
            if self.suggestions:
                parts.append("Try: " + ", ".join(self.suggestions) + ".")
        elif not self.terms:
            parts.append("Type a word to search for.")
        progress = self.coverage.note()
        if progress:
            parts.append(f"The search index is being built: {progress}; this answer is from those.")
        return " ".join(parts)

    def _order(self, store: Store, end: int | None) -> list[Ranked]:
        """The first `end` matching articles (None: all), best first; rows are read as needed."""
        while not self._done and (end is None or len(self._order_so_far) < end):
            want = None if end is None else max(ROWS_AT_ONCE, 2 * (end - len(self._order_so_far)))
            if not self._older:
                rows = index.ranked_rows(store, self.matches, self._rows_read, want)
                if want is None or len(rows) < want:
                    self._older = True  # the ranked rows are all read; older ones (if any) follow
            else:
                rows = index.older_rows(
                    store, self.matches, self._below or self.matches.bound, want or OLDER_BATCH
                )
                self._done = not rows
                if rows:
                    self._below = rows[-1].row
            self._rows_read += len(rows)
            for r in rows:
                if r.n in self._seen:
                    self._english = True  # an article that matches in two rows: the count is about
                    continue
                self._seen.add(r.n)
                self._order_so_far.append(r)
            if self._older and not self.matches.bound:
                self._done = True
        return self._order_so_far[:end]

    def page(self, store: Store, start: int, count: int) -> list[SearchHit]:
        """Results `start` to `start + count` (count 0: to the end), each with its best passages."""
        chosen = self._order(store, start + count if count else None)[start:]
        if not chosen:
            return []
        ids = index.articles_of(store, [r.n for r in chosen])
        stored = {s.article.id: s for s in library.stored_articles(store, list(ids.values()))}
        matcher = Matcher(
            words.analyser_for(store), [(t.words, t.lemmas, t.exact, t.prefix) for t in self.terms]
        )
        hits = []
        for r in chosen:
            article = stored.get(ids.get(r.n, ""))
            if article is None:
                continue  # removed since the search
            found = german_passages(article, matcher) if self.lang != "en" else []
            if (r.row & (SLOTS - 1)) != GERMAN or not found:
                base = r.row & ~(SLOTS - 1)
                english = index.english_rows(store, base | ENGLISH_TITLE, base | (SLOTS - 1))
                rows = {(row & (SLOTS - 1)) - ENGLISH: text for row, text in english.items()}
                found += english_passages(rows, matcher)
            passages, via = best(found, PASSAGES)
            title = article.article.title
            hit = SearchHit(
                article.article.id, title, tuple(passages) or (Passage(title, "de"),), r.score, via
            )
            hits.append(hit)
        return hits


def find(store: Store, query: str, *, lang: str | None = None, article: str | None = None) -> Results:
    """Every article matching `query`, ranked (the index as far as it is built; nothing is indexed here)."""
    terms = expand(store, query)
    results = Results(query, terms, index.coverage(store, (index.WORDS,)), lang)
    if not terms:
        return results
    results.matches = index.matches(store, results.expression, lang=lang, article=article)
    results._done = not results.matches.rows
    if not len(results):
        results.suggestions = suggest(store, terms)
    return results


def search_library(store: Store, query: str, *, limit: int = 50, lang: str | None = None) -> list[SearchHit]:
    """The first `limit` results (0: all) of `query`."""
    results = find(store, query, lang=lang)
    return results.page(store, 0, limit)


def suggest(store: Store, terms: list[Term], count: int = 5) -> list[str]:
    """Forms in the library close to the query's words (for a query that found nothing)."""
    out: list[str] = []
    for term in terms:
        word = term.words[0]
        if len(word) < 3:
            continue
        candidates: set[str] = set()
        for stem in {word[:3], word[:3].capitalize()}:
            candidates.update(index.forms_like(store, stem, 3000))
        folded = {fold(c): c for c in candidates}
        for close in difflib.get_close_matches(word, list(folded), n=count, cutoff=0.7):
            if folded[close] not in out and close != word:
                out.append(folded[close])
    return out[:count]
