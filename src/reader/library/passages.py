"""What a search found in an article, and where: the one result type, `SearchHit`, and its passages.

The index says which articles match; a page of results reads those articles and finds the query's
words again, each with how it matched (its form, its lemma, or as a compound's part), then picks each
article's best sentences: the ones that match best and hold the most of the query's words. An article
never opened is not split for this: a paragraph of it is shown whole, with where its first match is, so
that the sentence can be found once the article is split on opening.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.articles.model import Article, Unit
from reader.library import words
from reader.store.library import StoredArticle
from reader.store.search import Analysis, fold

VIAS = ("form", "lemma", "compound")
Span = tuple[int, int, str, int]  # start, end, via, which term
Term = tuple[tuple[str, ...], frozenset[str], bool, bool]  # words, lemmas, exact, prefix


@dataclass(frozen=True, slots=True)
class Passage:
    """Where a result is in its article, and what to show: a sentence (`sentence`, its unit index), the
    title (`sentence` None, `block` -1), or a paragraph not yet split (`sentence` None, `block` its
    index, `offset` its first match, so that the sentence can be found once the article is split)."""

    text: str
    lang: str
    sentence: int | None = None
    block: int = -1
    offset: int = 0
    matches: tuple[tuple[int, int], ...] = ()

    @property
    def is_title(self) -> bool:
        return self.sentence is None and self.block < 0

    def where(self) -> str:
        """Where it is, as a person counts: "title", "sentence 4", "paragraph 2"."""
        if self.sentence is not None:
            return f"sentence {self.sentence + 1}"
        return "title" if self.block < 0 else f"paragraph {self.block + 1}"


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result: an article and its best passages (the first is where it opens); `via` says how the
    words matched ("form", "lemma", "compound"; "" for an entity result, whose passage says who)."""

    article: str
    title: str
    passages: tuple[Passage, ...]
    score: float = 0.0
    via: str = ""

    @property
    def first(self) -> Passage:
        return self.passages[0]

    def as_json(self) -> dict[str, object]:
        first = self.first
        out: dict[str, object] = {
            "article": self.article,
            "title": self.title,
            "sentence": first.sentence,
            "text": first.text,
            "lang": first.lang,
            "matches": [list(m) for m in first.matches],
            "score": round(-self.score, 4),
            "via": self.via,
        }
        if first.sentence is None and first.block >= 0:
            out["paragraph"] = first.block
        if len(self.passages) > 1:
            out["more"] = [
                {
                    "sentence": p.sentence,
                    "text": p.text,
                    "lang": p.lang,
                    "matches": [list(m) for m in p.matches],
                }
                for p in self.passages[1:]
            ]
        return out


class Matcher:
    """Finds a query's words in a text, each with how it matched and which of the query's terms it is.

    `terms` are (words, lemmas, exact, prefix), as `reader.library.search.Term` holds them.
    """

    def __init__(self, analyser: words.Analyser, terms: Sequence[Term], forms: Sequence[str] = ()) -> None:
        self.analyser = analyser
        # A word can only match if its folded form holds one of these: a term's form or lemma (a lemma
        # is in its inflected forms and compounds: "hauser", "krankenhauser" hold "haus"), or a form of
        # the library with that lemma ("ging" for gehen); so most words are never analysed.
        needles = {w for t in terms for w in (*t[0], *t[1])} | {fold(f) for f in forms}
        self.needles = sorted((n for n in needles if n), key=len)
        self.plain = []
        for i, (forms, lemmas, exact, prefix) in enumerate(terms):
            if not (exact or prefix):
                stems = set(words.english_stems(sorted({*forms, *lemmas})))
                self.plain.append((i, set(forms), set(lemmas), stems))
        self.exact = [(i, t[0]) for i, t in enumerate(terms) if t[2]]
        self.prefixes = [(i, t[0][0]) for i, t in enumerate(terms) if t[3]]

    def _may_hold(self, folded: str) -> bool:
        return any(n in folded for n in self.needles)

    def spans(self, text: str, lang: str) -> list[Span]:
        """Each word (or phrase) of `text` that the query matches."""
        if lang == "de" and not self._may_hold(fold(text)):
            return []
        found = words.tokens(text)
        folded = [fold(t) for _, _, t in found]
        maybe = [lang != "de" or self._may_hold(f) for f in folded]
        analyses = (
            self.analyser.analyse((t for (_, _, t), m in zip(found, maybe, strict=True) if m), save=False)
            if lang == "de"
            else {}
        )
        stems = words.english_stems(folded) if lang == "en" else []
        out: list[Span] = []
        for k, (start, end, token) in enumerate(found):
            if not maybe[k]:
                continue
            f = folded[k]
            match = next(((0, i) for i, prefix in self.prefixes if f.startswith(prefix)), None)
            for i, forms, lemmas, term_stems in self.plain:
                via = _via(f, analyses.get(token), stems[k] if stems else None, forms, lemmas, term_stems)
                if via is not None and (match is None or via < match[0]):
                    match = (via, i)
            if match is not None:
                out.append((start, end, VIAS[match[0]], match[1]))
        for i, phrase in self.exact:
            for k in range(len(found) - len(phrase) + 1):
                if tuple(folded[k : k + len(phrase)]) == phrase:
                    out.append((found[k][0], found[k + len(phrase) - 1][1], "form", i))
        return sorted(out)


def _via(
    folded: str,
    analysis: Analysis | None,
    stem: str | None,
    forms: set[str],
    lemmas: set[str],
    stems: set[str],
) -> int | None:
    """How a word matches one plain term: 0 its form, 1 its lemma (or English stem), 2 a compound's part."""
    if folded in forms:
        return 0
    if folded in lemmas or (stem is not None and stem in stems):
        return 1
    if analysis is None:
        return None
    if analysis.lemma and analysis.lemma in lemmas:
        return 1
    if (analysis.head and analysis.head in lemmas) or (
        analysis.parts and lemmas & set(analysis.parts.split())
    ):
        return 2
    return None


def _rank(spans: Sequence[Span]) -> tuple[int, int]:
    """How good a passage's matches are: the best way a word matched, then how many of the terms."""
    return (min(VIAS.index(s[2]) for s in spans), -len({s[3] for s in spans}))


def _offsets(spans: Sequence[Span], shift: int = 0) -> tuple[tuple[int, int], ...]:
    return tuple((s - shift, e - shift) for s, e, _, _ in spans)


def german_passages(stored: StoredArticle, matcher: Matcher) -> list[tuple[tuple[int, int], Passage]]:
    """Every passage of an article's German with a match, each with its rank (lower is better): the
    sentences of an article split before, else its paragraphs whole; then the title."""
    article = stored.article
    out: list[tuple[tuple[int, int], Passage]] = []
    units: dict[int, list[Unit]] = {}
    for u in article.units:
        units.setdefault(u.block, []).append(u)
    for b, block in enumerate(article.blocks):
        spans = matcher.spans(block.text, "de")
        if not spans:
            continue
        if not stored.split:
            out.append((_rank(spans), Passage(block.text, "de", None, b, spans[0][0], _offsets(spans))))
            continue
        for u in units.get(b, []):
            s0, e0 = u.sentence.start, u.sentence.end
            inside = [s for s in spans if s0 <= s[0] < e0]
            if inside:
                out.append(
                    (_rank(inside), Passage(u.sentence.text, "de", u.index, b, s0, _offsets(inside, s0)))
                )
    title = matcher.spans(article.title, "de")
    if title:  # last: among passages as good, the text is shown rather than the title again
        out.append((_rank(title), Passage(article.title, "de", None, -1, 0, _offsets(title))))
    return out


def english_passages(rows: dict[int, str], matcher: Matcher) -> list[tuple[tuple[int, int], Passage]]:
    """The English sentences (unit → text; -1 the title) with a match, each with its rank."""
    out = []
    for unit, text in sorted(rows.items()):
        spans = matcher.spans(text, "en")
        if spans:
            where = None if unit < 0 else unit
            out.append((_rank(spans), Passage(text, "en", where, -1, 0, _offsets(spans))))
    return out


def unit_at(article: Article, block: int, offset: int) -> int | None:
    """The sentence (unit index) of a split article that holds `offset` of paragraph `block`."""
    found = None
    for u in article.units:
        if u.block == block and u.sentence.start <= offset:
            found = u.index
        elif u.block > block:
            break
    return found


def best(found: list[tuple[tuple[int, int], Passage]], count: int) -> tuple[list[Passage], str]:
    """The `count` best passages (best first; in reading order among equals) and how the best matched."""
    ordered = sorted(found, key=lambda rp: rp[0])  # stable: reading order among equals
    return [p for _, p in ordered[:count]], (VIAS[ordered[0][0][0]] if ordered else "")
