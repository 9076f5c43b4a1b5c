"""A reader's progress as data, per day: words known, words reviewed, articles read.

Drawn from the events the word tools record (`store.words`): a word becoming known or stopping being
known, a review, an article finished or marked read. Days are local calendar days.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from reader.store import Store
from reader.store import words as store_words


@dataclass(frozen=True, slots=True)
class Day:
    day: dt.date
    known: int  # words known at the end of the day
    learned: int  # words that became known that day, less those that stopped being known
    reviewed: int  # distinct words reviewed
    reviews: int  # reviews, a word reviewed twice counted twice
    read: int  # distinct articles read


def record_read(store: Store, article_id: str, *, at: float | None = None) -> None:
    """Note that the reader read an article (finished it, or marked it read)."""
    store_words.record(store, "read", article_id, 1, at=at)


def series(store: Store, days: int = 30, today: dt.date | None = None) -> list[Day]:
    """The last `days` days, oldest first, each with its figures (a day with nothing has zeros)."""
    today = today or dt.date.today()
    first = today - dt.timedelta(days=days - 1)
    start = time.mktime(first.timetuple())
    known = store_words.known_before(store, start)
    learned: dict[dt.date, int] = {}
    reviewed: dict[dt.date, set[str]] = {}
    reviews: dict[dt.date, int] = {}
    read: dict[dt.date, set[str]] = {}
    for at, kind, key, value in store_words.events(store, start):
        day = dt.date.fromtimestamp(at)
        if kind == "known":
            learned[day] = learned.get(day, 0) + value
        elif kind == "review":
            reviewed.setdefault(day, set()).add(key)
            reviews[day] = reviews.get(day, 0) + 1
        elif kind == "read":
            read.setdefault(day, set()).add(key)
    out = []
    for n in range(days):
        day = first + dt.timedelta(days=n)
        known += learned.get(day, 0)
        changed, seen = learned.get(day, 0), len(reviewed.get(day, ()))
        out.append(Day(day, known, changed, seen, reviews.get(day, 0), len(read.get(day, ()))))
    return out
