"""Ranking dictionary senses for a word in its sentence.

The order, most telling first: the part of speech the tagger gives agrees with the sense's tags (an
adjective agrees with adverb senses too, since German uses adjectives as adverbs unchanged); then how
plain the sense is: `labels.plainness` (no special field, register or regional label, the word itself
rather than a phrase) plus how common its English gloss is (`rare_english`, by `wordfreq`'s English
frequencies, which ship inside its wheel); then the dictionary's own order.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from reader.lookup.ding import first_sense, tags_of

# How common a sense's English gloss is (wordfreq's Zipf scale: 4 is once in 100,000 words, 3 once in a
# million): 0 common, 1 uncommon, 2 rare. "apparently" 4.8, "manifest" 3.7, "confessedly" 1.3.
COMMON_ZIPF = 4.0
UNCOMMON_ZIPF = 3.0
# Which kind of sense each coarse part of speech from the tagger agrees with.
POS_KINDS = {
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
_NEAR = {"adj": {"adv"}, "adv": {"adj"}}  # German adjectives serve as adverbs unchanged ("offenbar")
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
_lock = threading.Lock()


def kinds(german: str) -> set[str]:
    """The kinds of word a Ding sense's tags say it is: {"noun"}, {"verb"}, ..."""
    found = set()
    for tag in (t.strip() for group in tags_of(german) for t in group.replace(";", ",").split(",")):
        if tag in _TAG_KINDS:
            found.add(_TAG_KINDS[tag])
        elif "pron" in tag:
            found.add("pron")
        elif tag in ("m", "f", "n", "pl"):
            found.add("noun")
    return found


def agreement(pos: str, sense_kinds: set[str] | frozenset[str]) -> int:
    """0: the sense is the tagger's part of speech (or an adjective's adverb); 1: untagged; 2: another."""
    if not sense_kinds or not pos:
        return 1
    want = POS_KINDS.get(pos, "?")
    if want in sense_kinds:
        return 0
    return 0 if sense_kinds & _NEAR.get(want, set()) else 2


@lru_cache(maxsize=50_000)
def _zipf(text: str) -> float:
    with _lock:  # wordfreq loads its list on first use
        from wordfreq import zipf_frequency

        return float(zipf_frequency(text, "en"))


def rare_english(english: str) -> int:
    """0 if the sense's first English gloss is a common word or phrase, 1 if uncommon, 2 if rare."""
    gloss = first_sense(english).removeprefix("to ").replace(" sth.", "").replace(" sb.", "").strip()
    if not gloss or len(gloss) > 40:
        return 0
    zipf = _zipf(gloss.lower())
    return 0 if zipf >= COMMON_ZIPF else 1 if zipf >= UNCOMMON_ZIPF else 2


ENGLISH_ZIPF = 3.0  # an English word at least this common (and commoner than in German) is a loanword


@lru_cache(maxsize=20_000)
def english_word(word: str) -> str | None:
    """The English word a word no German dictionary has is ("Label", "Slowdowns" → slowdown), if it is
    a common English word and a rarer German one (wordfreq's lists); else None."""
    lower = word.lower()
    if not lower.isascii() or not lower.isalpha() or len(lower) < 3:
        return None
    from wordfreq import zipf_frequency

    with _lock:
        for form in dict.fromkeys((lower, lower.removesuffix("s"))):
            english, german = zipf_frequency(form, "en"), zipf_frequency(form, "de")
            if english >= ENGLISH_ZIPF and english > german:
                return form
    return None
