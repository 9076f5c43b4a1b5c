"""Lemma and part of speech for German words (HanTa, imported on first use), and word tokens.

HanTa was chosen over simplemma (bench/lemma.py measures both on a hand-checked list of inflected news
words): it is as accurate or better, it gives the part of speech, which simplemma does not, and it is
already a dependency. Its model ships inside its wheel; nothing is downloaded.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

_lock = threading.Lock()
_tagger: Any = None

# Words as a reader sees them: letters with inner hyphens or apostrophes ("US-Teilnehmer", "geht's").
WORD = re.compile(r"[^\W\d_](?:[\w]|[-'’](?=\w))*")

# STTS tags (HanTa writes "VV(FIN)") to the coarse names a reader knows.
_COARSE = {
    "NN": "noun",
    "NE": "name",
    "VV": "verb",
    "VA": "verb",
    "VM": "verb",
    "ADJ": "adj",
    "ADV": "adv",
    "ART": "article",
    "APPR": "prep",
    "APPRART": "prep",
    "APPO": "prep",
    "APZR": "prep",
    "KON": "conj",
    "KOUS": "conj",
    "KOUI": "conj",
    "KOKOM": "conj",
    "CARD": "num",
    "PTKZU": "particle",
    "PTKNEG": "particle",
    "PTKVZ": "particle",
    "PTKANT": "particle",
    "PTKA": "particle",
    "ITJ": "interj",
    "PPER": "pron",
    "PRF": "pron",
    "PPOS": "pron",
    "PDS": "pron",
    "PDAT": "pron",
    "PIS": "pron",
    "PIAT": "pron",
    "PRELS": "pron",
    "PRELAT": "pron",
    "PWS": "pron",
    "PWAT": "pron",
    "PWAV": "adv",
    "PAV": "adv",
    "PROAV": "adv",
}


def coarse(tag: str) -> str:
    """`VV(FIN)` → verb, `NN` → noun; an unknown tag in lower case."""
    base = tag.split("(", 1)[0]
    return _COARSE.get(base, base.lower())


def _load() -> Any:
    global _tagger
    if _tagger is None:
        from HanTa import HanoverTagger

        _tagger = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
    return _tagger


@lru_cache(maxsize=20_000)
def analyze(word: str) -> tuple[str, str]:
    """(lemma, coarse part of speech) of one word out of context."""
    with _lock:
        lemma, tag = _load().analyze(word)
    return str(lemma), coarse(str(tag))


def tag_words(words: list[str]) -> list[tuple[str, str]]:
    """(lemma, coarse part of speech) for each word of a sentence, using its context."""
    if not words:
        return []
    with _lock:
        tagged = _load().tag_sent(words, taglevel=1)
    return [(str(lemma), coarse(str(tag))) for _, lemma, tag in tagged]


def words_of(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, word) for each word of a sentence; numbers and punctuation are not words."""
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(sentence)]
