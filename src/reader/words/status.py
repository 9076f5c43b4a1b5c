"""Marking words: new, learning (levels 1–4), known or ignored, always by lemma, per profile.

An inflected form marks its lemma ("Häuser" marks Haus), so every form of the word takes the status.
A word put in learning gets a review card (`review`); one that leaves learning loses it. Every change
returns what is needed to undo it (`undo`). `finish_article` marks every word of an article that is
still new known, as Lute's "mark the rest as known" does, and notes the article read.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.errors import UserError
from reader.store import Store, word_counts
from reader.store import words as store_words
from reader.store.words import IGNORED, KNOWN, LEARNING, NEW, STATUSES, Applied, WordStatus
from reader.words import lemmas

__all__ = ["IGNORED", "KNOWN", "LEARNING", "NEW", "STATUSES", "Applied", "WordStatus"]


@dataclass(frozen=True, slots=True)
class WordMark:
    """One word of a sentence and its status for the reader, for the pane to mark."""

    start: int
    end: int
    key: str
    status: str  # new, learning, known or ignored
    level: int = 0


@dataclass(frozen=True, slots=True)
class Finished:
    """What finishing an article did: the words it marked known, and how to undo it."""

    article_id: str
    applied: tuple[Applied, ...]

    @property
    def count(self) -> int:
        return len(self.applied)


def check_status(status: str, level: int = 1) -> None:
    if status not in STATUSES:
        raise UserError(f"unknown status {status!r}; choose one of: {', '.join(STATUSES)}")
    if status == LEARNING and not 1 <= level <= store_words.MAX_LEVEL:
        raise UserError(f"a learning level is 1 to {store_words.MAX_LEVEL}, not {level}")


def wanted(form: str, status: str, level: int = 1, lemma: str | None = None) -> WordStatus:
    """The status a word form asks for, keyed by its lemma (given, e.g. from tagging its sentence, or
    found out of context)."""
    key, found = lemmas.lemma_of(form) if lemma is None else (lemma.lower(), lemma)
    return WordStatus(key, found, form, status, level if status == LEARNING else 0)


def mark(
    store: Store, forms: Iterable[str], status: str, level: int = 1, *, at: float | None = None
) -> list[Applied]:
    """Give each word (any form: its lemma is marked) a status; what changed, to undo it."""
    check_status(status, level)
    return apply(store, [wanted(f, status, level) for f in forms if f], at=at)


def mark_word(
    store: Store, form: str, status: str, level: int = 1, *, lemma: str | None = None, at: float | None = None
) -> list[Applied]:
    """Give one word a status, from the reading pane or the lookup panel (`lemma` from its sentence)."""
    check_status(status, level)
    return apply(store, [wanted(form, status, level, lemma)], at=at)


def apply(store: Store, changes: Sequence[WordStatus], *, at: float | None = None) -> list[Applied]:
    """Set statuses and keep the review cards in step: a word entering learning gets a card."""
    from reader.words import review

    applied = store_words.set_statuses(store, changes, at=at)
    review.ensure_cards(store, at=at)
    return applied


def undo(store: Store, applied: Sequence[Applied]) -> None:
    """Put every word back as it was before the change that returned `applied`."""
    from reader.words import review

    store_words.restore(store, applied)
    review.ensure_cards(store)


def sentence_marks(
    store: Store, sentences: Sequence[str], entities: Sequence[Sequence[tuple[int, int]]] = ()
) -> list[list[WordMark]]:
    """Each sentence's words (entities left out) with the reader's status of each, for the pane."""
    found = [lemmas.words(text, entities[i] if i < len(entities) else ()) for i, text in enumerate(sentences)]
    keys = [[lemmas.lemma_of(word)[0] for _, _, word in words] for words in found]
    known = store_words.statuses(store, (k for row in keys for k in row))
    out = []
    for words, row in zip(found, keys, strict=True):
        marks = []
        for (start, end, _), key in zip(words, row, strict=True):
            status = known.get(key)
            if status is None:
                marks.append(WordMark(start, end, key, NEW))
            else:
                marks.append(WordMark(start, end, key, status.status, status.level))
        out.append(marks)
    return out


def finish_article(store: Store, article_id: str, *, at: float | None = None) -> Finished:
    """Mark every word of the article that is still new known (learning words stay in learning).

    The article must be counted (`counting.count_article`, or `reader words scan`).
    """
    counts = word_counts.lemma_counts(store, article_id)
    if counts is None:
        raise UserError(f"{article_id}: the article's words are not counted yet; run `reader words scan`")
    now = time.time() if at is None else at
    present = store_words.statuses(store, counts)
    lemma_names = _lemma_names(store, article_id, [k for k in counts if k not in present])
    changes = [
        WordStatus(k, lemma_names.get(k, k), lemma_names.get(k, k), KNOWN) for k in counts if k not in present
    ]
    applied = apply(store, changes, at=now)
    from reader.words.progress import record_read

    record_read(store, article_id, at=now)
    return Finished(article_id, tuple(applied))


def _lemma_names(store: Store, article_id: str, keys: Sequence[str]) -> dict[str, str]:
    """The lemmas as written for these keys, from the article's own words (the keys are lower case)."""
    if not keys:
        return {}
    from reader.store.library import stored_article

    stored = stored_article(store, article_id)
    wanted_keys, names = set(keys), {}
    for unit in stored[0].units if stored else ():
        for _, _, word in lemmas.words(unit.sentence.text):
            key, lemma = lemmas.lemma_of(word)
            if key in wanted_keys and key not in names:
                names[key] = lemma
    return names
