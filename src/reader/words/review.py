"""Review: words in learning come back on the FSRS schedule (the `fsrs` package, Anki's scheduler).

Each word in learning has one card per profile. Rating it Again, Hard, Good or Easy gives the card a
new stability (the days until recall falls to 90 %) and a due time. The word's learning level follows
the stability: level 1 below 1 day, 2 below 4 days, 3 below 10 days, 4 below 21 days; once the
stability reaches `KNOWN_STABILITY`, 21 days (what Anki calls a mature card), the word is known and
leaves review. A saved word (`reader vocab`) that has no status yet is in learning.

A card to review shows a sentence that holds the word: the one it was saved with, else one from the
library (the newest article that has the word), with its English when known.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import zlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from reader.errors import UserError
from reader.store import Store, cards, word_counts
from reader.store import words as store_words
from reader.store.cards import StoredCard
from reader.store.words import KNOWN, LEARNING, WordStatus
from reader.words import lemmas

KNOWN_STABILITY = 21.0  # days: a card this stable is a word known
LEVEL_STABILITY = (1.0, 4.0, 10.0)  # days: from each, the next learning level (2, 3, 4)
RATINGS = {"again": 1, "hard": 2, "good": 3, "easy": 4}
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A card due for review, with what a review screen shows."""

    key: str
    word: str  # the form it was marked or saved in
    lemma: str
    level: int
    due: float  # epoch seconds
    sentence: str = ""  # German, holding the word ("" when no sentence has it)
    english: str = ""  # the sentence's English, when known
    article_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        when = dt.datetime.fromtimestamp(self.due, dt.UTC).isoformat(timespec="seconds")
        return {
            "word": self.word,
            "lemma": self.lemma,
            "sentence": self.sentence,
            "english": self.english,
            "due": when,
        }


@dataclass(frozen=True, slots=True)
class Rated:
    key: str
    due: float
    stability: float
    level: int
    status: str  # learning, or known once the card is stable enough


@cache
def _scheduler() -> Any:
    from fsrs import Scheduler

    return Scheduler()  # the default parameters, desired retention 0.9, fuzzed intervals, as in Anki


def level_for(stability: float | None) -> int:
    """The learning level a card's stability stands for (1 to 4)."""
    return 1 + sum(1 for threshold in LEVEL_STABILITY if (stability or 0.0) >= threshold)


def _utc(when: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(when, dt.UTC)


def new_card(key: str, now: float) -> StoredCard:
    """A card that is due at once, as new cards are."""
    from fsrs import Card

    card = Card(card_id=zlib.crc32(key.encode("utf-8")) or 1, due=_utc(now))
    return StoredCard(key, json.dumps(card.to_dict()), now, None)


def ensure_cards(store: Store, *, at: float | None = None) -> int:
    """Cards for every word in learning that has none, saved words first made learning; how many."""
    now = time.time() if at is None else at
    _learn_saved(store, now)
    missing = cards.learning_without_card(store)
    return cards.add_cards(store, [new_card(key, now) for key in missing]) if missing else 0


def _learn_saved(store: Store, now: float) -> None:
    """Saved words with no status yet go into learning (level 1)."""
    from reader.store.vocab import saved_lemmas

    saved = saved_lemmas(store)
    if not saved:
        return
    present = store_words.statuses(store, saved)
    new = [WordStatus(k, lemma, word, LEARNING, 1) for k, (lemma, word) in saved.items() if k not in present]
    if new:
        store_words.set_statuses(store, new, at=now)


def due_count(store: Store, now: float | None = None) -> int:
    """How many cards are due now (for the status line)."""
    return cards.due_count(store, time.time() if now is None else now)


def due(store: Store, now: float | None = None, limit: int | None = None) -> list[ReviewItem]:
    """The cards due now, the longest overdue first, each with a sentence that holds the word."""
    now = time.time() if now is None else now
    ensure_cards(store, at=now)
    due_cards = cards.due_cards(store, now, limit)
    info = store_words.statuses(store, (c.key for c in due_cards))
    return [_item(store, c, info.get(c.key)) for c in due_cards]


def next_card(store: Store, now: float | None = None) -> ReviewItem | None:
    """The next card to review, or None when nothing is due."""
    items = due(store, now, limit=1)
    return items[0] if items else None


def rate(store: Store, key: str, rating: int | str, now: float | None = None) -> Rated:
    """Rate a card: 1 Again, 2 Hard, 3 Good, 4 Easy (or their names). The word's level follows its
    stability; at `KNOWN_STABILITY` the word is known and leaves review."""
    from fsrs import Card, Rating

    value = RATINGS.get(rating.lower(), 0) if isinstance(rating, str) else int(rating)
    if value not in RATINGS.values():
        raise UserError(f"a rating is again, hard, good or easy (1 to 4), not {rating!r}")
    now = time.time() if now is None else now
    stored = cards.card(store, key)
    if stored is None:
        raise UserError(f"{key!r} has no review card")
    with _lock:
        card, _log = _scheduler().review_card(Card.from_json(stored.card), Rating(value), _utc(now))
    stability = float(card.stability or 0.0)
    updated = StoredCard(key, json.dumps(card.to_dict()), card.due.timestamp(), stability)
    cards.save_review(store, updated, value, now)
    status = store_words.statuses(store, [key]).get(key)
    lemma, word = (status.lemma, status.word) if status else (key, key)
    if stability >= KNOWN_STABILITY:
        store_words.set_statuses(store, [WordStatus(key, lemma, word, KNOWN)], at=now)
        return Rated(key, updated.due, stability, 0, KNOWN)
    level = level_for(stability)
    if status is None or status.level != level:
        store_words.set_statuses(store, [WordStatus(key, lemma, word, LEARNING, level)], at=now)
    return Rated(key, updated.due, stability, level, LEARNING)


def _item(store: Store, stored: StoredCard, status: WordStatus | None) -> ReviewItem:
    lemma, word, level = (status.lemma, status.word, status.level) if status else (stored.key, stored.key, 1)
    sentence, english, article = _sentence(store, stored.key, word)
    return ReviewItem(stored.key, word, lemma, level, stored.due, sentence, english, article)


def _sentence(store: Store, key: str, word: str) -> tuple[str, str, str]:
    """(German sentence, its English, article id) holding the word: where it was saved, else the library."""
    from reader.store.vocab import saved_sentence

    saved = saved_sentence(store, key, word)
    if saved is not None:
        return saved
    from reader.store.library import stored_article

    for article_id in word_counts.articles_with(store, key, limit=5):
        stored = stored_article(store, article_id)
        if stored is None:
            continue
        article = stored[0]
        for unit in article.units:
            text = unit.sentence.text
            if any(lemmas.lemma_of(w)[0] == key for _, _, w in lemmas.words(text)):
                return text, _english(store, article, unit.index), article_id
    return "", "", ""


def _english(store: Store, article: Any, index: int) -> str:
    """A sentence's English: the article's reference translation, else the translation memory."""
    if article.reference and index < len(article.reference.sentences):
        return str(article.reference.sentences[index])
    from reader.store.translations import engines_for

    found = engines_for(store, "de-en", article.units[index].sentence.text)
    return next(iter(found.values()), "")
