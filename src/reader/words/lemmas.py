"""Which word a token is: its lemma key, and the words of a text that count.

A word is keyed by its lemma in lower case, as HanTa gives it for the form out of context (so the key
is the same wherever the form occurs, and whoever marks it); the analysis is cached per form. The
words that count are letters (numbers and punctuation are not words) outside the entities recognised
in the text: names are not vocabulary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from reader.lookup import morph

Span = tuple[int, int]


@lru_cache(maxsize=100_000)
def lemma_of(form: str) -> tuple[str, str]:
    """(key, lemma) of a word form: "Häuser" → ("haus", "Haus"), "sagte" → ("sagen", "sagen")."""
    lemma = morph.analyze(form)[0] or form
    cut = form.rfind("-")  # "US-Teilnehmer": HanTa gives "Us-teilnehmer"; the key is the same either way
    if 0 < cut < len(form) - 1 and lemma[: cut + 1].casefold() == form[: cut + 1].casefold():
        tail = lemma[cut + 1 :]
        if form[cut + 1].isupper():
            tail = tail[:1].upper() + tail[1:]
        lemma = form[: cut + 1] + tail
    return lemma.lower(), lemma


def words(text: str, entities: Sequence[Span] = ()) -> list[tuple[int, int, str]]:
    """(start, end, word) of each word of `text` that counts: not inside (or across) an entity."""
    return [
        (start, end, word)
        for start, end, word in morph.words_of(text)
        if not any(s < end and start < e for s, e in entities)
    ]


def count(texts: Sequence[str], entities: Sequence[Sequence[Span]]) -> Counter[str]:
    """Tokens per lemma key over `texts` (each with its entity spans)."""
    counts: Counter[str] = Counter()
    for i, text in enumerate(texts):
        spans = entities[i] if i < len(entities) else ()
        for _, _, word in words(text, spans):
            counts[lemma_of(word)[0]] += 1
    return counts
