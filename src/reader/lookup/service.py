"""`Lookup.lookup(word)`: a word's lemma, part of speech and dictionary entries, best first.

Entries come from the Ding index (the exact headword or an inflection it lists, then the lemma, then
a form it is listed under: "Jährige" → jährig, "Kontrahentin" → Kontrahent), ranked for the word in
its sentence (`rank`), with FreeDict's entries merged below them where they add something; then the
parts of a compound; then the phrases that hold the word; then, for an English loanword no dictionary
has, the English word it is. Without a dictionary, or for a word none has, the translation memory and
then the engine (optional, asked through the translation pool: its retries, timeouts and in-flight
cap) give the word's translation, labelled as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from reader.articles.sanitize import sanitize
from reader.lookup import index, morph
from reader.lookup.compounds import split as split_compound
from reader.lookup.ding import Sense, parse_line, strip_notes
from reader.lookup.freedict import FreeEntry, open_freedict
from reader.lookup.labels import plainness, render
from reader.lookup.lines import reader_for
from reader.lookup.rank import agreement, english_word, kinds, rare_english
from reader.store import Store
from reader.store.search import fold

if TYPE_CHECKING:
    from reader.settings import Settings

Via = Literal["headword", "lemma", "compound", "phrase", "english", "memory", "engine", "none"]
INSTALL_HINT = "no dictionary: install one with `apt install trans-de-en`, or set [lookup] dictionary"
MAX_WORD = 64
MAX_SENSE = 400  # characters of one sense shown; Ding senses with examples run long
MAX_PHRASE_WORDS = 6  # a longer German "sense" is an example sentence, not a phrase
_NOUNS = {"noun", "name"}
_UMLAUTS = str.maketrans("äöü", "aou")
_ADJECTIVE_ENDINGS = ("en", "er", "es", "em", "e")  # "Jährige" → jährig, "Ehemaligen" → ehemalig


@dataclass(frozen=True, slots=True)
class Entry:
    de: str
    en: str
    labels: tuple[str, ...] = ()  # field, register and region, named: ("military",), ("colloquial",)
    source: str = "ding"  # ding, freedict, memory or engine

    def to_dict(self) -> dict[str, Any]:
        return {"de": self.de, "en": self.en, "labels": list(self.labels), "source": self.source}


@dataclass(frozen=True)
class LookupResult:
    word: str
    lemma: str
    pos: str
    via: Via
    entries: tuple[Entry, ...] = ()
    parts: tuple[str, ...] = ()  # a compound's parts, when via == "compound"
    hint: str = ""  # one line for the user: no dictionary, or why the engine failed

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: {"word", "lemma", "pos", "via", "entries": [{"de", "en", "labels", "source"}],
        "parts"}."""
        return {
            "word": self.word,
            "lemma": self.lemma,
            "pos": self.pos,
            "via": self.via,
            "entries": [e.to_dict() for e in self.entries],
            "parts": list(self.parts),
        }


def _clip(text: str) -> str:
    return text if len(text) <= MAX_SENSE else text[: MAX_SENSE - 1] + "…"


def entry_of(sense: Sense) -> Entry:
    """A Ding sense as a reader sees it: markup rendered, labels named."""
    de, en = render(sense.de), render(sense.en, english=True)
    labels = tuple(dict.fromkeys(de.labels + en.labels))
    return Entry(_clip(de.text), _clip(en.text), labels)


def _compound_lemma(word: str, head: str) -> str:
    """The compound with its last part in the dictionary's form: Eskalationsrisiken → Eskalationsrisiko."""
    lower, target = word.lower(), head.lower()
    for size in range(len(target), 2, -1):
        at = lower.rfind(target[:size])
        if at > 0 and at + size > len(lower) - 4:  # the match must reach close to the word's end
            return word[:at] + target
    return word


def _english_items(english: str) -> set[str]:
    return {" ".join(strip_notes(p).lower().split()) for p in re.split(r"[;,]", english)} - {""}


def listed_forms(word: str) -> list[str]:
    """Forms a word may be listed under when neither it nor its lemma is: a nominalised adjective's
    adjective ("Jährige" → jährig), a pronoun's listed form ("manchen" → manche), a feminine noun's
    masculine ("Kontrahentin" → Kontrahent, "Landrätin" → Landrat)."""
    forms = []
    if word[:1].isupper():
        for ending in ("innen", "in"):
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                base = word[: -len(ending)]
                forms += [base, base.translate(_UMLAUTS)]
    lower = word[:1].lower() + word[1:]
    stems = [lower[: -len(e)] for e in _ADJECTIVE_ENDINGS if lower.endswith(e) and len(lower) - len(e) >= 3]
    forms += [s + ending for s in stems for ending in ("", "e", "er")]
    return list(dict.fromkeys(forms))


@dataclass
class Lookup:
    """Looks words up in the store's Ding index, FreeDict, the translation memory and an engine.

    `engine` names a translation engine (None: never ask one); it is asked through the translation
    pool with `settings` (default settings if None).
    """

    store: Store
    engine: str | None = None
    settings: Settings | None = None
    pair: str = "de-en"
    max_entries: int = 8
    dictionary: bool | None = None  # False: leave the index aside (its file is gone); None: use it if built
    freedict: Path | None = None  # a FreeDict .index file
    _senses_cache: dict[int, list[Sense]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.has_dictionary = self.dictionary is not False and index.is_ready(self.store)
        source = index.source_path(self.store) if self.has_dictionary else None
        self._reader = reader_for(source) if source is not None else None
        self._lines = self._reader.line if self._reader is not None else (lambda offset: "")
        self.free = open_freedict(self.freedict) if self.freedict is not None else None
        self.hits = lru_cache(maxsize=20_000)(self._hits)
        # Whether a lower-case form is a headword somewhere (compound splitting asks this).
        self.known = lru_cache(maxsize=100_000)(self._known)

    def _hits(self, form: str) -> tuple[index.Hit, ...]:
        if not self.has_dictionary:
            return ()
        return tuple(index.hits(self.store, form, reader=self._reader))

    def _known(self, key: str) -> bool:
        if self.has_dictionary and index.is_headword(self.store, key, self._reader):
            return True
        return self.free is not None and bool(self.free.locations(key))

    def _senses(self, line: int) -> list[Sense]:
        if line not in self._senses_cache:
            if len(self._senses_cache) > 5_000:
                self._senses_cache.clear()
            self._senses_cache[line] = parse_line(self._lines(line))
        return self._senses_cache[line]

    def ranked(
        self, form: str, pos: str = "", extra: tuple[index.Hit, ...] = ()
    ) -> list[tuple[int, int, Entry]]:
        """Entries listing `form`, each with its agreement with `pos` (0 agrees, 1 untagged or near, 2
        another kind) and how plain it is (0 plainest), in the order they should be shown."""
        noun = pos in _NOUNS if pos else form[:1].isupper()
        scored = []
        for hit in (*self.hits(form), *extra):
            senses = self._senses(hit.line)
            if hit.sense >= len(senses):
                continue
            sense, head = senses[hit.sense], senses[0]
            agree = agreement(pos, kinds(sense.de) or kinds(head.de))  # an inflection row has no tags
            plain = plainness(sense.de, sense.en, head.de if sense is not head else "")
            plain += rare_english(sense.en)
            order = (agree, plain, not hit.exact, hit.cap != noun, hit.rank, hit.line)
            scored.append((order, sense, head))
        scored.sort(key=lambda item: item[0])
        out: list[tuple[int, int, Entry]] = []
        seen: set[Entry] = set()
        for order, sense, head in scored:
            # An inflection or a derived form is followed by the line's headword, which explains it.
            for chosen in (sense, head) if sense is not head else (sense,):
                entry = entry_of(chosen)
                if entry not in seen and entry.en:
                    seen.add(entry)
                    out.append((order[0], order[1], entry))
        return out

    def entries_for(self, form: str, pos: str = "") -> list[Entry]:
        """Ding's entries for a form, else FreeDict's (a compound's part, "…jährig", may be only there)."""
        found = [entry for _, _, entry in self.ranked(form, pos)]
        if not found and self.free is not None:
            found = [Entry(f.de, f.en, f.labels, "freedict") for f in self.free.entries(form)]
        return found

    def lemma_of(self, word: str) -> str:
        return morph.analyze(word)[0]

    def lookup(
        self, word: str, *, lemma: str | None = None, pos: str | None = None, online: bool = True
    ) -> LookupResult:
        """Look one word up. `lemma` and `pos` may come from tagging its sentence; with `online` False
        the engine is never asked (the gloss looks up every word of a sentence)."""
        word = " ".join(sanitize(word).split())[:MAX_WORD]
        while word and not word[-1].isalpha():  # "km²": the unit is km
            word = word[:-1]
        if not word or not morph.WORD.fullmatch(word):
            return LookupResult(word, word, "", "none")
        if lemma is None or pos is None:
            lemma, pos = morph.analyze(word)
        lemma = sanitize(lemma)[:MAX_WORD] or word
        if not self.has_dictionary and self.free is None:
            return self._translated(word, lemma, pos, INSTALL_HINT, online)
        entries, via = self._entries(word, lemma, pos)
        if entries:
            return LookupResult(word, lemma, pos, via, tuple(entries[: self.max_entries]))
        parts = split_compound(word, self.known, self.lemma_of)
        if parts:
            found: list[Entry] = []
            for part in parts:
                noun = "noun" if part[:1].isupper() else ""
                found += [e for e in self.entries_for(part, noun)[:2] if e not in found]
            if found:
                lemma = _compound_lemma(word, parts[-1])
                if parts[-1][:1].isupper():  # a compound is what its last part is: "-beamte" is a noun
                    pos = "noun"
                return LookupResult(
                    word, lemma, pos, "compound", tuple(found[: self.max_entries]), tuple(parts)
                )
        phrases = self.phrases(word, lemma)
        if phrases:
            return LookupResult(word, lemma, pos, "phrase", tuple(phrases[: self.max_entries]))
        english = english_word(word)
        if english is not None:  # a loanword: German news is full of them ("Label", "Slowdowns")
            entry = Entry(word, english, ("English",), "wordfreq")
            return LookupResult(word, lemma, pos, "english", (entry,))
        hint = "" if self.has_dictionary else INSTALL_HINT
        return self._translated(word, lemma, pos, hint, online)

    def _entries(self, word: str, lemma: str, pos: str) -> tuple[list[Entry], Via]:
        """Ding's entries for the word, then its lemma, ranked; FreeDict's below them."""
        candidates = [
            (agree >= 2, plain, 0, i, e) for i, (agree, plain, e) in enumerate(self.ranked(word, pos))
        ]
        if lemma.lower() != word.lower():
            # The form may be an inflection listed in the lemma's own lines ("ist" in "sein").
            inflections = tuple(
                h
                for lemma_hit in self.hits(lemma)
                for h in index.hits_in(self._lines(lemma_hit.line), lemma_hit.line, word)
                if lemma_hit.sense == 0 and h not in self.hits(word)
            )
            if inflections:
                extra = self.ranked(word, pos, inflections)
                candidates = [(agree >= 2, plain, 0, i, e) for i, (agree, plain, e) in enumerate(extra)]
            ranked = self.ranked(lemma, pos)
            candidates += [(agree >= 2, plain, 1, i, e) for i, (agree, plain, e) in enumerate(ranked)]
        if not candidates:
            for stem in listed_forms(word):
                kind = "noun" if stem[:1].isupper() else "adj" if pos in _NOUNS else pos
                ranked = self.ranked(stem, kind)
                candidates += [(agree >= 2, plain, 1, i, e) for i, (agree, plain, e) in enumerate(ranked)]
                if candidates:
                    break
        candidates.sort(key=lambda c: c[:4])
        entries: list[Entry] = []
        for *_, entry in candidates:
            if entry not in entries:
                entries.append(entry)
        via: Via = "headword" if candidates and candidates[0][2] == 0 else "lemma"
        free = self._free(word, lemma, pos, entries)
        if free and not entries:
            via = "headword" if free[0][0] == 0 else "lemma"
        entries += [e for _, e in free]
        return entries, via

    def _free(self, word: str, lemma: str, pos: str, above: list[Entry]) -> list[tuple[int, Entry]]:
        """FreeDict's entries for the word and its lemma that add English the entries above lack."""
        if self.free is None:
            return []
        known = set().union(*(_english_items(e.en) for e in above)) if above else set()
        scored: list[tuple[tuple[int, int, int], int, FreeEntry]] = []
        forms = [word] if lemma.lower() == word.lower() else [word, lemma]
        for which, form in enumerate(forms):
            for i, free in enumerate(self.free.entries(form)):
                scored.append(((agreement(pos, free.kinds) >= 2, rare_english(free.en), i), which, free))
        scored.sort(key=lambda s: (s[0][0], s[1], s[0][1], s[0][2]))
        out: list[tuple[int, Entry]] = []
        for _, which, free in scored:
            items = _english_items(free.en)
            if items and not items <= known:
                known |= items
                out.append((which, Entry(free.de, free.en, free.labels, "freedict")))
        return out

    def phrases(self, word: str, lemma: str) -> list[Entry]:
        """Short phrases that hold the word or its lemma ("die Polizei rufen"), shortest and plainest
        first: what explains a word that no dictionary lists on its own."""
        if not self.has_dictionary:
            return []
        targets = {fold(word), fold(lemma)}
        scored = []
        for offset in index.candidates(self.store, word)[:400]:
            for sense in self._senses(offset):
                tokens = [fold(t) for t in morph.WORD.findall(strip_notes(sense.de))]
                if 1 < len(tokens) <= MAX_PHRASE_WORDS and targets & set(tokens) and sense.en:
                    scored.append(((len(tokens), plainness(sense.de, sense.en), offset), sense))
        scored.sort(key=lambda s: s[0])
        out: list[Entry] = []
        for _, sense in scored:
            entry = entry_of(sense)
            if entry not in out:
                out.append(entry)
        return out

    def _translated(self, word: str, lemma: str, pos: str, hint: str, online: bool) -> LookupResult:
        """The word's translation from the memory, else from the engine, else nothing."""
        from reader.store.translations import engines_for, remember

        remembered = engines_for(self.store, self.pair, word)
        if remembered:
            text = (
                remembered.get(self.engine) if self.engine in remembered else next(iter(remembered.values()))
            )
            entry = Entry(word, sanitize(text or ""), source="memory")
            return LookupResult(word, lemma, pos, "memory", (entry,), hint=hint)
        if self.engine is not None and online:
            from reader.errors import UserError
            from reader.settings import Settings
            from reader.translation.service import translate_texts

            try:
                answer = translate_texts(self.settings or Settings(), self.engine, [word]).get(word)
            except UserError as exc:  # an unknown engine or a missing key: said on the hint line
                answer = None
                reason = f"engine {self.engine}: {exc}"
            else:
                reason = (
                    f"engine {self.engine}: {answer.error}" if answer is not None and not answer.ok else ""
                )
            if answer is not None and answer.ok and (answer.text or "").strip():
                text = " ".join(sanitize(answer.text or "").split())[:MAX_SENSE]
                remember(self.store, self.engine, self.pair, [(word, text)])
                entry = Entry(word, text, source="engine")
                return LookupResult(word, lemma, pos, "engine", (entry,), hint=hint)
            if reason:  # offline, timed out, refused, a bad key: one line
                return LookupResult(word, lemma, pos, "none", hint=f"{hint}; {reason}" if hint else reason)
        return LookupResult(word, lemma, pos, "none", hint=hint)


def prepare(
    store: Store,
    settings: Settings,
    progress: index.ReportRead | None = None,
    should_stop: index.ShouldStop | None = None,
) -> index.IndexInfo | None:
    """All the first lookup would otherwise wait for, for a worker to run after start-up: the configured
    dictionary indexed (if it needs it), HanTa's model and wordfreq's English list loaded. The index
    built, or None when there was nothing to build."""
    info = index.ensure_configured(store, settings.lookup, progress, should_stop)
    if should_stop is None or not should_stop():
        morph.analyze("Haus")
        rare_english("house")
    return info
