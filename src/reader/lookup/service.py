"""`Lookup.lookup(word)`: a word's lemma, part of speech and dictionary entries, best first.

Entries come from the exact headword (or inflected form the dictionary lists), then the lemma, then
the parts of a compound. Without a dictionary, or for a word it lacks, the translation memory and then
the engine (optional, built only when asked for) give the word's translation, labelled as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from reader.articles.sanitize import sanitize
from reader.lookup import index, morph
from reader.lookup.compounds import split as split_compound
from reader.lookup.ding import parse_line, tags_of
from reader.store import Store

Via = Literal["headword", "lemma", "compound", "memory", "engine", "none"]
INSTALL_HINT = "no dictionary: install one with `apt install trans-de-en`, or set [lookup] dictionary"
MAX_WORD = 64
MAX_SENSE = 400  # characters of one sense shown; Ding senses with examples run long
_NOUNS = {"noun", "name"}
# Which Ding tag kind each coarse part of speech agrees with.
_POS_KINDS = {
    "noun": "noun",
    "name": "noun",
    "verb": "verb",
    "adj": "adj",
    "adv": "adv",
    "pron": "pron",
    "article": "art",
    "prep": "prep",
    "conj": "conj",
    "num": "num",
    "interj": "interj",
}
_TAG_KINDS = {
    "vt": "verb",
    "vi": "verb",
    "v": "verb",
    "vr": "verb",
    "adj": "adj",
    "adv": "adv",
    "art": "art",
    "prp": "prep",
    "conj": "conj",
    "num": "num",
    "interj": "interj",
}


def _kinds(german: str) -> set[str]:
    """The kinds of word a Ding sense's tags say it is: {"noun"}, {"verb"}, ..."""
    kinds = set()
    for tag in tags_of(german):
        if tag in _TAG_KINDS:
            kinds.add(_TAG_KINDS[tag])
        elif "pron" in tag:
            kinds.add("pron")
        elif tag and set(tag.replace(",", "")) <= set("mfnpl") and tag not in ("l", "p"):
            kinds.add("noun")
    return kinds


@dataclass(frozen=True, slots=True)
class Entry:
    de: str
    en: str


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
        """The JSON form: {"word", "lemma", "pos", "via", "entries": [{"de", "en"}], "parts"}."""
        return {
            "word": self.word,
            "lemma": self.lemma,
            "pos": self.pos,
            "via": self.via,
            "entries": [{"de": e.de, "en": e.en} for e in self.entries],
            "parts": list(self.parts),
        }


def _clip(text: str) -> str:
    return text if len(text) <= MAX_SENSE else text[: MAX_SENSE - 1] + "…"


def _compound_lemma(word: str, head: str) -> str:
    """The compound with its last part in the dictionary's form: Eskalationsrisiken → Eskalationsrisiko."""
    lower, target = word.lower(), head.lower()
    for size in range(len(target), 2, -1):
        at = lower.rfind(target[:size])
        if at > 0 and at + size > len(lower) - 4:  # the match must reach close to the word's end
            return word[:at] + target
    return word


def _engine_failure(exc: BaseException) -> bool:
    """An engine's own failure (network, service, configuration), as opposed to a bug in reader."""
    from reader.errors import UserError

    module = type(exc).__module__
    return isinstance(exc, UserError | OSError) or module.startswith(
        ("deep_translator", "requests", "urllib3")
    )


@dataclass
class Lookup:
    """Looks words up in the store's dictionary index, the translation memory and, if given, an engine.

    `engine` is anything with `name` and `translate(text)` (reader.translation.engines.Engine).
    """

    store: Store
    engine: Any = None
    pair: str = "de-en"
    max_entries: int = 8
    dictionary: bool | None = None  # False: leave the index aside (its file is gone); None: use it if built
    _lines: dict[int, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.has_dictionary = self.dictionary is not False and index.is_ready(self.store)
        self.known = lru_cache(maxsize=100_000)(self._known)

    def _known(self, key: str) -> bool:
        return index.known(self.store, key)

    def _senses(self, line: int) -> list[Any]:
        if line not in self._lines:
            if len(self._lines) > 2_000:
                self._lines.clear()
            self._lines[line] = index.line_text(self.store, line)
        return parse_line(self._lines[line])

    def ranked(self, form: str, pos: str = "") -> list[tuple[int, Entry]]:
        """Entries listing `form`, each with how well its tags agree with `pos` (0 agree, 1 untagged,
        2 disagree); in order: agreeing, capitalised like `pos` wants, the line's own headword first."""
        noun = pos in _NOUNS if pos else form[:1].isupper()
        scored = []
        for hit in index.hits(self.store, form.lower()):
            senses = self._senses(hit.line)
            if hit.sense >= len(senses):
                continue
            sense, head = senses[hit.sense], senses[0]
            kinds = _kinds(sense.de) or _kinds(head.de)  # an inflection row carries no tags itself
            agree = (0 if _POS_KINDS.get(pos, "?") in kinds else 2) if kinds and pos else 1
            scored.append(((agree, hit.cap != noun, hit.rank, hit.line), sense, head))
        scored.sort(key=lambda item: item[0])
        out: list[tuple[int, Entry]] = []
        seen: set[Entry] = set()
        for key, sense, head in scored:
            # An inflection or a derived form is followed by the line's headword, which explains it.
            for chosen in (sense, head) if sense is not head else (sense,):
                entry = Entry(_clip(chosen.de), _clip(chosen.en))
                if entry not in seen and entry.en:
                    seen.add(entry)
                    out.append((key[0], entry))
        return out

    def entries_for(self, form: str, pos: str = "") -> list[Entry]:
        return [entry for _, entry in self.ranked(form, pos)]

    def lemma_of(self, word: str) -> str:
        return morph.analyze(word)[0]

    def lookup(
        self, word: str, *, lemma: str | None = None, pos: str | None = None, online: bool = True
    ) -> LookupResult:
        """Look one word up. `lemma` and `pos` may come from tagging its sentence; with `online` False
        the engine is never asked (the gloss looks up every word of a sentence)."""
        word = " ".join(sanitize(word).split())[:MAX_WORD]
        if not word or not morph.WORD.fullmatch(word):
            return LookupResult(word, word, "", "none")
        if lemma is None or pos is None:
            lemma, pos = morph.analyze(word)
        lemma = sanitize(lemma)[:MAX_WORD] or word
        if not self.has_dictionary:
            return self._translated(word, lemma, pos, INSTALL_HINT, online)
        # Agreeing entries first, the exact form before the lemma; entries of another part of speech
        # ("Ehemalige {m,f}" for the adjective) after them.
        candidates = [(agree >= 2, 0, i, e) for i, (agree, e) in enumerate(self.ranked(word, pos))]
        if lemma.lower() != word.lower():
            candidates += [(agree >= 2, 1, i, e) for i, (agree, e) in enumerate(self.ranked(lemma, pos))]
        candidates.sort(key=lambda c: c[:3])
        entries: list[Entry] = []
        for _, _, _, entry in candidates:
            if entry not in entries:
                entries.append(entry)
        if entries:
            via: Via = "headword" if candidates[0][1] == 0 else "lemma"
            return LookupResult(word, lemma, pos, via, tuple(entries[: self.max_entries]))
        parts = split_compound(word, self.known, self.lemma_of)
        if parts:
            found: list[Entry] = []
            for part in parts:
                found += [
                    e
                    for e in self.entries_for(part, "noun" if part[:1].isupper() else "")[:2]
                    if e not in found
                ]
            if found:
                lemma = _compound_lemma(word, parts[-1])
                if parts[-1][:1].isupper():  # a compound is what its last part is: "-beamte" is a noun
                    pos = "noun"
                return LookupResult(
                    word, lemma, pos, "compound", tuple(found[: self.max_entries]), tuple(parts)
                )
        return self._translated(word, lemma, pos, "", online)

    def _translated(self, word: str, lemma: str, pos: str, hint: str, online: bool) -> LookupResult:
        """The word's translation from the memory, else from the engine, else nothing."""
        from reader.store.translations import engines_for, remember

        remembered = engines_for(self.store, self.pair, word)
        if remembered:
            preferred = getattr(self.engine, "name", None)
            text = remembered.get(preferred) if preferred in remembered else next(iter(remembered.values()))
            return LookupResult(word, lemma, pos, "memory", (Entry(word, sanitize(text or "")),), hint=hint)
        if self.engine is not None and online:
            try:
                answer = self.engine.translate(word)
            except Exception as exc:
                if not _engine_failure(exc):
                    raise  # a bug shows its traceback
                from reader.translation.failures import failure_reason

                # Offline, timed out, refused, a bad key: said on the one hint line.
                reason = f"engine {self.engine.name}: {failure_reason(exc)}"
                return LookupResult(word, lemma, pos, "none", hint=f"{hint}; {reason}" if hint else reason)
            if isinstance(answer, str) and answer.strip():
                text = " ".join(sanitize(answer).split())[:MAX_SENSE]
                remember(self.store, self.engine.name, self.pair, [(word, text)])
                return LookupResult(word, lemma, pos, "engine", (Entry(word, text),), hint=hint)
        return LookupResult(word, lemma, pos, "none", hint=hint)
