"""How the search index sees words: a German word form with its lemma and compound parts, an English
word with its Snowball stem.

Each form is analysed once and the analysis kept in the store (`word_forms`), since a few thousand
forms make up most of the text: HanTa gives the lemma ("Kindern" → Kind, "Krankenhäuser" →
Krankenhaus), our compound splitter the parts of a noun, the last marked as the head
("Landesregierungen" → head Regierung, part Land). It checks parts against the lexicon that ships
with the entity recogniser (Wiktionary's nouns, words seen in lower case), and never takes a function
word for a part ("Einsatz" is not ein + Satz). Everything the index holds is folded (`fold`).
"""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from reader.store import search as index
from reader.store.search import Analysis, fold

if TYPE_CHECKING:
    from reader.nlp.features import Lexicon
    from reader.store import Store

TOKEN = re.compile(r"[^\W_]+")  # a token as FTS5's unicode61 tokenizer sees it
_NOUNISH = {"noun", "adj"}  # written with a capital: a noun, or an adjective as one ("Polizeibeamte")
MIN_COMPOUND = 6  # letters: two parts of three
MAX_FORM = 64
MIN_ZIPF = 2.5  # a part must be at least this common: about once in 3 million words
# Parts of speech that are never a compound's part (HanTa's coarse names, reader.lookup.morph).
_FUNCTION = {"prep", "article", "pron", "conj", "particle", "interj"}


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, token) for each token of `text`, as the index splits it."""
    return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    from reader.nlp.embedded import DATA_DIR
    from reader.nlp.features import load_lexicon

    return load_lexicon(DATA_DIR / "lexicon.tsv.gz")


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """German word frequencies (wordfreq's small list: 39,000 words, 5 MB in memory)."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("de", wordlist="small")


def _zipf(lower: str) -> float:
    """A word's Zipf frequency (log10 per billion words); 0 for a word not in the list."""
    f = _frequencies().get(lower.casefold())  # the list is casefolded: "fussball"
    return math.log10(f) + 9 if f else 0.0


@lru_cache(maxsize=200_000)
def _known(lower: str) -> bool:
    """Whether a lower-case string is a word that can be a compound's part: a common German word (so not
    Wiktionary's rare "Atze" or "Stag") that is a noun, or a content word seen in lower case (an
    adjective, a verb), never a preposition, article or particle."""
    from reader.lookup import morph
    from reader.nlp.features import LOWER, NOUN

    zipf = _zipf(lower)
    if zipf < MIN_ZIPF or (zipf >= 5 and morph.analyze(lower)[1] in _FUNCTION):  # "unter", "bei"
        return False
    lexicon = _lexicon()
    noun = lower[:1].upper() + lower[1:]
    if NOUN in lexicon.get(noun):  # a frequent word must be used as a noun: not "Ist", "Unter"
        return zipf < 5 or morph.analyze(noun)[1] in ("noun", "name")
    if LOWER not in lexicon.get(lower) or len(lower) < 4:
        return False
    return morph.analyze(lower)[1] not in _FUNCTION


@lru_cache(maxsize=200_000)
def _part(lower: str) -> bool:
    """A compound's part: a word (`_known`), or a verb's stem ("Wohnhaus": wohn-, of wohnen)."""
    if _known(lower):
        return True
    if len(lower) < 3 or _zipf(lower + "en") < MIN_ZIPF:
        return False
    from reader.lookup import morph

    return morph.analyze(lower + "en")[1] == "verb"


def _worth_splitting(word: str, parts: list[str]) -> bool:
    """Koehn and Knight's test: split only if the parts are more frequent, on average (geometric mean),
    than the word itself, so that "Einsatz" is not eins + Satz while "Enkelkind" is Enkel + Kind."""
    return sum(_zipf(p.lower()) for p in parts) / len(parts) > _zipf(word.lower())


@lru_cache(maxsize=50_000)
def _lemma(word: str) -> str:
    from reader.lookup import morph

    return morph.analyze(word)[0]


@lru_cache(maxsize=100_000)
def analyse_german(form: str) -> Analysis:
    """The lemma and compound parts of one word form, folded ("" where there is nothing to add)."""
    from reader.lookup import morph
    from reader.lookup.compounds import split

    if len(form) > MAX_FORM or not form.isalpha():
        return Analysis("", "", "")
    lemma, pos = morph.analyze(form)
    folded, lemma_folded = fold(form), fold(lemma)
    head = parts = ""
    if pos in _NOUNISH and len(form) >= MIN_COMPOUND and form[:1].isupper() and not form.isupper():
        word = lemma if lemma[:1].isupper() else form
        found = split(word, _part, _lemma, _zipf)
        if found and found[-1][:1].isupper() and _worth_splitting(word, found):  # a noun's head is a noun
            firsts = [
                fold(_lemma(p[:1].upper() + p[1:])) for p in found[:-1] if len(p) >= 3
            ]  # "Landes" → land
            heads = [fold(found[-1])]
            inner = analyse_german(found[-1]) if len(found[-1]) >= MIN_COMPOUND else None
            if inner is not None and inner.head:  # "Bundesfinanzminister": Finanzminister, and Minister
                heads += inner.head.split()
                firsts += inner.parts.split()
            head = " ".join(dict.fromkeys(heads))
            parts = " ".join(dict.fromkeys(firsts))
    return Analysis("" if lemma_folded == folded else lemma_folded, head, parts)


@lru_cache(maxsize=1)
def _stemmer() -> object:
    import Stemmer  # PyStemmer: the Snowball stemmers in C

    return Stemmer.Stemmer("english")


def english_stems(words: Sequence[str]) -> list[str]:
    """The Snowball (Porter 2) stem of each folded English word."""
    return list(_stemmer().stemWords(list(words)))  # type: ignore[attr-defined]


_analysers: weakref.WeakKeyDictionary[Store, Analyser] = weakref.WeakKeyDictionary()


def analyser_for(store: Store) -> Analyser:
    """The one analyser of a store handle, so that searches share what it has read."""
    analyser = _analysers.get(store)
    if analyser is None:
        analyser = _analysers[store] = Analyser(store)
    return analyser


class Analyser:
    """Analyses of German word forms: from memory, else from the store, else worked out and stored."""

    def __init__(self, store: Store, capacity: int = 200_000) -> None:
        self.store = store
        self.capacity = capacity
        self._memory: dict[str, Analysis] = {}

    def analyse(self, forms: Iterable[str], *, save: bool = True) -> dict[str, Analysis]:
        """The analysis of each form; new ones are worked out (HanTa, ~0.4 ms each) and, with `save`,
        stored for next time; without it (a search showing what matched), a form not analysed yet is
        left out, so that no analyser is loaded for a query."""
        wanted = {f for f in forms if f.isalpha() and len(f) <= MAX_FORM}
        out = {f: self._memory[f] for f in wanted if f in self._memory}
        missing = wanted - out.keys()
        if missing:
            stored = index.stored_forms(self.store, missing)
            out.update(stored)
            fresh = {f: analyse_german(f) for f in missing - stored.keys()} if save else {}
            if fresh and save:
                index.save_forms(self.store, fresh)
            out.update(fresh)
            if len(self._memory) > self.capacity:
                self._memory.clear()
            self._memory.update(stored)
            self._memory.update(fresh)
        return out


@dataclass(frozen=True, slots=True)
class Columns:
    """What the index holds for one text: its folded forms, and the lemmas (English: stems), compound
    heads and other compound parts that add something to them."""

    form: str
    lemma: str
    head: str
    part: str

    def as_row(self) -> tuple[str, str, str, str]:
        return (self.form, self.lemma, self.head, self.part)


def german_columns(text: str, analyses: dict[str, Analysis]) -> Columns:
    lemmas: list[str] = []
    heads: list[str] = []
    parts: list[str] = []
    for _, _, token in tokens(text):
        a = analyses.get(token)
        if a is None:
            continue
        if a.lemma:
            lemmas.append(a.lemma)
        if a.head:
            heads.append(a.head)
        if a.parts:
            parts.append(a.parts)
    return Columns(fold(text), " ".join(lemmas), " ".join(heads), " ".join(parts))


def english_columns(text: str) -> Columns:
    folded = fold(text)
    words = TOKEN.findall(folded)
    stems = [s for w, s in zip(words, english_stems(words), strict=True) if s != w]
    return Columns(folded, " ".join(stems), "", "")
