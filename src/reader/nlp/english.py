"""Projecting German entities onto the aligned English sentence, so both panes highlight the same names.

Signals, strongest first: the same string (also inside compounds: "US-Regierung" → "US government"),
the German→English name table (`reader.nlp.names`), fuzzy matching of transliterations
("Naryschkin" → "Naryshkin"), and, for whatever is left, HanTa's English proper-noun tags paired by
position. Each German entity gets at most one English span; spans never overlap.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from reader.nlp.names import name_table
from reader.nlp.types import Entity

# Ranks of the signals, a lower rank trusted more: matches of the whole name before matches of a part, so
# "Markus Söder" takes "Markus Soeder" (a variant of the whole) rather than "Markus" (an identical part).
IDENTICAL, TABLE, FUZZY = 0, 1, 2
IDENTICAL_PART, TABLE_PART, FUZZY_PART = 3, 4, 5

FUZZY_THRESHOLD = 0.85  # "Russland" and "Russian" are 0.8 apart
# Names whose key is this short must match exactly: "Iran" and "Oman" are 0.75 apart.
FUZZY_MIN_LENGTH = 5
# How far apart (as a fraction of the sentence) a tagger-only pairing may be.
TAGGER_MAX_SHIFT = 0.35
TAGGER_MAX_SHIFT_UNEVEN = 0.15

# Quotes and punctuation a recogniser may leave on a span: "„Moscow Times“".
_EDGE_PUNCTUATION = " \t\n„“”\"«»‚‘’'.,;:!?()[]"
_PIECE_SPLIT = re.compile(r"[\s\-‐‑–]+")
_SEPARATOR = r"[\s\-‐‑–]+"
_JOIN = re.compile(r"[ \-‐‑–]")
_WORD = re.compile(r"[^\W\d_]\w*")
# Tokens for the tagger: "Russia's" is "Russia" and "'s", "anti-war" stays whole.
_TAG_TOKEN = re.compile(r"\w+(?:-\w+)*|['’]\w*|[^\w\s]")
# Capitalised English words that the tagger calls proper nouns but that never translate a German name.
_NOT_NAMES = frozenset(
    """I Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March
    April May June July August September October November December President Chancellor Minister Prime
    General Secretary Chief Director Former Ex The A An""".split()  # noqa: SIM905
)
_JOINERS = frozenset({"of", "for", "on"})
_TRANSLITERATION = (
    ("tsch", "ch"),
    ("sch", "sh"),
    ("ck", "k"),
    ("ph", "f"),
    ("w", "v"),
    ("z", "s"),
    ("ij", "y"),
    ("j", "y"),
    ("iy", "y"),
    ("yy", "y"),
    ("ts", "s"),
    ("ei", "ey"),
)


def english_name(de_name: str, label: str) -> str | None:
    """The usual English form of a German name (Moskau → Moscow), or None when the table doesn't know it."""
    forms = name_table().lookup(de_name, label)
    return forms[0] if forms else None


def project_entities(de_text: str, de_entities: list[Entity], en_text: str) -> list[Entity]:
    """Entities in `en_text` for the German ones found in `de_text`, sorted and non-overlapping."""
    found = [e for e in align_entities(de_text, de_entities, en_text) if e is not None]
    return sorted(found, key=lambda e: (e.start, e.end))


def align_entities(de_text: str, de_entities: list[Entity], en_text: str) -> list[Entity | None]:
    """For the i-th German entity, its English counterpart in `en_text`, or None when none was found."""
    result: list[Entity | None] = [None] * len(de_entities)
    if not de_entities or not en_text.strip():
        return result
    de_len = max(len(de_text), 1)
    en_len = max(len(en_text), 1)
    centres = [(e.start + e.end) / 2 / de_len for e in de_entities]

    candidates: list[_Candidate] = []
    for i, entity in enumerate(de_entities):
        candidates.extend(_candidates(i, entity, centres[i], en_text, en_len))
    taken: list[tuple[int, int]] = []
    partial: list[int] = []  # entities placed by a part of their name only
    for cand in sorted(candidates, key=lambda c: (c.rank, c.priority, c.shift, c.start)):
        if result[cand.index] is None and not _overlaps(cand.start, cand.end, taken):
            result[cand.index] = _entity(de_entities[cand.index], cand.start, cand.end, en_text)
            taken.append((cand.start, cand.end))
            if cand.rank >= IDENTICAL_PART:
                partial.append(cand.index)

    names = [e.text for e in de_entities]
    left = [i for i, e in enumerate(result) if e is None and _unknown_name(de_entities[i])]
    if left:
        for i, (start, end) in _pair_by_tagger(left, names, centres, en_text, taken).items():
            result[i] = _entity(de_entities[i], start, end, en_text)
            taken.append((start, end))
    for i in partial:
        found = result[i]
        if found is not None and len(_PIECE_SPLIT.split(names[i].strip())) > 1:
            result[i] = _extend(de_entities[i], found, en_text, taken)
    return result


def _unknown_name(entity: Entity) -> bool:
    """Whether the tagger may look for this entity: a capitalised name the table knows nothing of.

    The English of a known name ("Russland") is known; when it is not in the sentence, the
    translation left the name out. A lower-case adjective ("russischen") is never an English proper noun.
    """
    name = entity.text.strip(_EDGE_PUNCTUATION)
    if not name or not name[0].isupper():
        return False
    table = name_table()
    return not any(table.lookup(part, entity.label) for part in _name_parts(name))


def _extend(german: Entity, found: Entity, en_text: str, taken: list[tuple[int, int]]) -> Entity:
    """Grow a span found through one word of a longer name to the English name around it:
    "Europäische Gerichtshof" found "European" in "the European Court of Justice"."""
    others = [span for span in taken if span != (found.start, found.end)]
    for start, end in proper_noun_runs(en_text, others):
        if start <= found.start and found.end <= end and (start, end) != (found.start, found.end):
            return _entity(german, start, end, en_text)
    return found


@dataclass(frozen=True, slots=True)
class _Candidate:
    rank: int
    priority: int  # order of the form within its rank: the whole name before its parts
    shift: float  # distance between relative positions in the two sentences
    index: int
    start: int
    end: int


def _entity(german: Entity, start: int, end: int, en_text: str) -> Entity:
    return Entity(start, end, german.label, en_text[start:end])


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < t_end and t_start < end for t_start, t_end in taken)


def _candidates(i: int, entity: Entity, centre: float, en_text: str, en_len: int) -> Iterator[_Candidate]:
    def spans(rank: int, forms: list[str], plural: bool) -> Iterator[_Candidate]:
        for priority, form in enumerate(forms):
            for start, end in _occurrences(form, en_text, plural):
                shift = abs((start + end) / 2 / en_len - centre)
                yield _Candidate(rank, priority, shift, i, start, end)

    table = name_table()
    name = entity.text.strip(_EDGE_PUNCTUATION)
    if not name:
        return
    whole, *parts = _name_parts(name)
    yield from spans(IDENTICAL, [whole], plural=False)
    known = table.lookup(whole, entity.label)
    yield from spans(TABLE, list(known), plural=True)
    part_forms: list[str] = []
    for part in parts:
        part_forms.extend(f for f in table.lookup(part, entity.label) if f not in part_forms)
    # A part that is in English the name of something else is not this name: "Moscow" in "Moscow Times"
    # stands for "Moskau".
    same = [p for p in parts if not table.german_sources(p) or p in table.german_sources(p)]
    found_parts = [*spans(IDENTICAL_PART, same, plural=False), *spans(TABLE_PART, part_forms, plural=True)]
    for start, end in _chains(sorted({(c.start, c.end) for c in found_parts}), en_text):
        # Several parts side by side: "Russland-Ukraine-Krieg" → "Russia-Ukraine".
        shift = abs((start + end) / 2 / en_len - centre)
        yield _Candidate(IDENTICAL_PART, -1, shift, i, start, end)
    yield from found_parts
    if known:
        return  # the table's forms are the spellings to expect; a near miss is another word
    for start, end, score, of_whole in _fuzzy(name, en_text):
        sources = table.german_sources(en_text[start:end])
        if not of_whole and sources and not sources.intersection(parts):
            continue
        shift = abs((start + end) / 2 / en_len - centre)
        rank = FUZZY if of_whole else FUZZY_PART
        yield _Candidate(rank, round((1 - score) * 100), shift, i, start, end)


def _chains(spans: list[tuple[int, int]], en_text: str) -> Iterator[tuple[int, int]]:
    """Maximal chains of spans joined by one space or hyphen, each of two spans or more."""
    chain: list[tuple[int, int]] = []
    for span in spans:
        if chain and span[0] > chain[-1][1] and _JOIN.fullmatch(en_text[chain[-1][1] : span[0]]):
            chain.append(span)
            continue
        if len(chain) > 1:
            yield chain[0][0], chain[-1][1]
        chain = [span] if not chain or span[0] >= chain[-1][1] else chain
    if len(chain) > 1:
        yield chain[0][0], chain[-1][1]


def _name_parts(text: str) -> list[str]:
    """The name, then its runs of words, longest first: "CIA-Chef William Burns" → …, "CIA"."""
    pieces = [p for p in _PIECE_SPLIT.split(text.strip()) if p]
    out = [text.strip()]
    for size in range(len(pieces) - 1, 0, -1):
        for first in range(len(pieces) - size + 1):
            run = pieces[first : first + size]
            if all(_name_like(p) for p in (run[0], run[-1])):
                out.append(" ".join(run))
    return list(dict.fromkeys(out))


def _name_like(piece: str) -> bool:
    return len(piece) >= 2 and (piece[0].isupper() or piece[0].isdigit())


def _occurrences(form: str, text: str, plural: bool) -> Iterator[tuple[int, int]]:
    words = [w for w in _PIECE_SPLIT.split(form) if w]
    if not words:
        return
    first = re.escape(words[0])
    if words[0][0].islower():
        # "federal government" also at the start of a sentence.
        first = f"[{words[0][0]}{words[0][0].upper()}]{re.escape(words[0][1:])}"
    body = _SEPARATOR.join([first, *map(re.escape, words[1:])])
    suffix = "(?:s|es)?" if plural else ""
    for match in re.finditer(rf"(?<!\w){body}{suffix}(?!\w)", text):
        yield match.start(), match.end()


def _key(text: str) -> str:
    """A spelling-neutral form for comparing transliterations: "Selenskyj" and "Zelensky" agree."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if c.isalpha() or c == " ")
    for old, new in _TRANSLITERATION:
        text = text.replace(old, new)
    return text


def _similar(a: str, b: str) -> float:
    if len(a) < FUZZY_MIN_LENGTH or len(b) < FUZZY_MIN_LENGTH:
        return 1.0 if a == b else 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _fuzzy(german: str, en_text: str) -> Iterator[tuple[int, int, float, bool]]:
    """English runs of capitalised words that are spelling variants of the German name or of one of its words.

    Yields (start, end, similarity, whether it matched the whole name).
    """
    de_words = [p for p in _PIECE_SPLIT.split(german) if _name_like(p)]
    if not de_words:
        return
    whole = _key(" ".join(de_words))
    singles = [_key(w) for w in de_words]
    for run in _capitalised_runs(en_text):
        for size in range(1, min(len(run), len(de_words) + 1) + 1):
            for first in range(len(run) - size + 1):
                start, end = run[first][0], run[first + size - 1][1]
                key = _key(en_text[start:end])
                score = _similar(whole, key)
                if score >= FUZZY_THRESHOLD:
                    yield start, end, score, True
                elif size == 1 and len(singles) > 1:
                    score = max(_similar(s, key) for s in singles)
                    if score >= FUZZY_THRESHOLD:
                        yield start, end, score, False


def _capitalised_runs(text: str) -> list[list[tuple[int, int]]]:
    """Runs of capitalised words joined by a space or hyphen, as word spans."""
    runs: list[list[tuple[int, int]]] = []
    for match in _WORD.finditer(text):
        if not match.group()[0].isupper():
            continue
        if runs and re.fullmatch(r"[ \-]", text[runs[-1][-1][1] : match.start()]):
            runs[-1].append((match.start(), match.end()))
        else:
            runs.append([(match.start(), match.end())])
    return runs


def _may_translate(english: str, german_names: list[str]) -> bool:
    """Whether a free English name may stand for one of the German names no other signal placed.

    A name the table knows ("Ukraine") is the counterpart of its German form, which would have found
    it, so it cannot translate some other name ("Dmytro Kuleba"), unless the German is an inflection
    the table missed ("Auswärtige Amt" for "Auswärtiges Amt").
    """
    sources = name_table().german_sources(english)
    if not sources:
        return True
    return any(g[:4].lower() == s[:4].lower() for g in german_names for s in sources)


def _pair_by_tagger(
    left: list[int], names: list[str], centres: list[float], en_text: str, taken: list[tuple[int, int]]
) -> dict[int, tuple[int, int]]:
    """Pair German entities no other signal placed with free English proper nouns, by position."""
    if not any(w.group()[0].isupper() for w in _WORD.finditer(en_text)):
        return {}
    en_len = max(len(en_text), 1)
    free = [
        span
        for span in proper_noun_runs(en_text, taken)
        if _may_translate(en_text[span[0] : span[1]], [names[i] for i in left])
    ]
    if not free:
        return {}
    en_centres = [(s + e) / 2 / en_len for s, e in free]
    pairs: dict[int, tuple[int, int]] = {}
    if len(free) == len(left):
        for i, j in zip(left, range(len(free)), strict=True):
            if abs(centres[i] - en_centres[j]) <= TAGGER_MAX_SHIFT:
                pairs[i] = free[j]
        return pairs
    # Uneven counts: only mutual nearest neighbours that sit close together.
    for i in left:
        j = min(range(len(free)), key=lambda j: abs(centres[i] - en_centres[j]))
        nearest = min(left, key=lambda k: abs(centres[k] - en_centres[j]))
        if nearest == i and abs(centres[i] - en_centres[j]) <= TAGGER_MAX_SHIFT_UNEVEN:
            pairs[i] = free[j]
    return pairs


_tagger_lock = threading.Lock()
_tagger: Any = None


def _english_tagger() -> Any:
    """HanTa's English model, loaded on first use: it ships inside the HanTa wheel."""
    global _tagger
    with _tagger_lock:
        if _tagger is None:
            from HanTa import HanoverTagger

            _tagger = HanoverTagger.HanoverTagger("morphmodel_en.pgz")
        return _tagger


def proper_noun_runs(en_text: str, skip: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Spans of English names, leaving out words inside `skip`.

    A name is a run of capitalised words that HanTa tags as proper nouns (NP0), or that are capitalised
    where a common word would not be: after the first word, or followed by another capitalised word.
    HanTa alone tags "Federal Network Agency" as adjective and nouns. "of", "for" and "on" may join
    two parts: "Federal Office for Information Security".
    """
    skip = skip or []
    tokens = [(m.start(), m.end()) for m in _TAG_TOKEN.finditer(en_text)]
    if not tokens:
        return []
    words = [en_text[s:e] for s, e in tokens]
    tagger = _english_tagger()
    with _tagger_lock:  # one tagger serves every worker thread; don't assume it is re-entrant
        tags = [t[2] for t in tagger.tag_sent(words, taglevel=1)]

    def capitalised(k: int) -> bool:
        return k < len(words) and words[k][0].isupper() and words[k] not in _NOT_NAMES

    def is_name(k: int) -> bool:
        if not capitalised(k) or _overlaps(*tokens[k], skip):
            return False
        if tags[k].startswith("AJ") and not (capitalised(k + 1) or (k > 0 and capitalised(k - 1))):
            return False  # "Bavarian" alone is an adjective; "Federal Network Agency" a name
        return tags[k] == "NP0" or (k > 0 and tags[k - 1] != "PUN") or capitalised(k + 1)

    runs: list[list[int]] = []
    for k in range(len(tokens)):
        if not is_name(k):
            continue
        joined = k >= 2 and words[k - 1] in _JOINERS and bool(runs) and runs[-1][-1] == k - 2
        if runs and (runs[-1][-1] == k - 1 or joined):
            runs[-1].append(k)
        else:
            runs.append([k])
    # One capitalised word the tagger doesn't call a proper noun is more often a heading's or a
    # sentence's odd capital than a name.
    return [(tokens[run[0]][0], tokens[run[-1]][1]) for run in runs if len(run) > 1 or tags[run[0]] == "NP0"]
