"""The vocabulary: words the profile saved, each with its sentence, lemma, entries and article."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from reader.articles.sanitize import sanitize
from reader.store.db import Store

MAX_TEXT = 2_000  # a sentence or an entry longer than this is cut: the list must stay small


@dataclass(frozen=True)
class VocabItem:
    word: str
    lemma: str
    pos: str
    sentence: str
    entries: tuple[tuple[str, str], ...] = ()  # (de, en), best first
    english: str = ""  # the sentence's English, when known
    article_id: str = ""
    article_title: str = ""
    added_at: float = field(default=0.0, compare=False)


def _clean(text: str) -> str:
    return " ".join(sanitize(text).split())[:MAX_TEXT]


def save_word(store: Store, item: VocabItem) -> VocabItem:
    """Save (or refresh) a word with its sentence; saving the same word in the same sentence again
    updates it rather than adding a second card."""
    clean = VocabItem(
        _clean(item.word),
        _clean(item.lemma) or _clean(item.word),
        _clean(item.pos),
        _clean(item.sentence),
        tuple((_clean(de), _clean(en)) for de, en in item.entries[:20]),
        _clean(item.english),
        _clean(item.article_id),
        _clean(item.article_title),
        time.time(),
    )
    if not clean.word:
        raise ValueError("an empty word cannot be saved")
    entries = json.dumps([{"de": de, "en": en} for de, en in clean.entries], ensure_ascii=False)
    with store.write() as conn:
        conn.execute(
            "INSERT INTO vocabulary (profile, word, lemma, pos, sentence, english, entries, article_id,"
            " article_title, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (profile, word, sentence) DO UPDATE SET lemma = excluded.lemma, pos = excluded.pos,"
            " english = excluded.english, entries = excluded.entries, article_id = excluded.article_id,"
            " article_title = excluded.article_title, added_at = excluded.added_at",
            (
                store.profile,
                clean.word,
                clean.lemma,
                clean.pos,
                clean.sentence,
                clean.english,
                entries,
                clean.article_id,
                clean.article_title,
                clean.added_at,
            ),
        )
    return clean


def list_words(store: Store) -> list[VocabItem]:
    """Every saved word, oldest first (the order they were met in)."""
    rows = store.conn.execute(
        "SELECT word, lemma, pos, sentence, entries, english, article_id, article_title, added_at"
        " FROM vocabulary WHERE profile = ? ORDER BY added_at, id",
        (store.profile,),
    ).fetchall()
    items = []
    for word, lemma, pos, sentence, entries, english, article_id, title, added in rows:
        try:
            pairs = tuple((str(e["de"]), str(e["en"])) for e in json.loads(entries))
        except (ValueError, TypeError, KeyError):  # a damaged row still exports its word
            pairs = ()
        items.append(VocabItem(word, lemma, pos, sentence, pairs, english, article_id, title, added))
    return items


def count(store: Store) -> int:
    """How many words are saved."""
    row = store.conn.execute("SELECT COUNT(*) FROM vocabulary WHERE profile = ?", (store.profile,))
    (n,) = row.fetchone()
    return int(n)


def delete_word(store: Store, word: str, sentence: str) -> bool:
    with store.write() as conn:
        cursor = conn.execute(
            "DELETE FROM vocabulary WHERE profile = ? AND word = ? AND sentence = ?",
            (store.profile, _clean(word), _clean(sentence)),
        )
    return cursor.rowcount > 0


def saved_forms(store: Store) -> frozenset[str]:
    """The saved words and their lemmas in lower case, so a view can underline them anywhere."""
    rows = store.conn.execute(
        "SELECT word, lemma FROM vocabulary WHERE profile = ?", (store.profile,)
    ).fetchall()
    return frozenset(form.lower() for row in rows for form in row if form)


def saved_lemmas(store: Store) -> dict[str, tuple[str, str]]:
    """{lemma in lower case: (lemma, word)} of the saved words, the first saved of each lemma."""
    rows = store.conn.execute(
        "SELECT lemma, word FROM vocabulary WHERE profile = ? ORDER BY added_at DESC, id DESC",
        (store.profile,),
    ).fetchall()
    return {lemma.lower(): (lemma, word) for lemma, word in rows if lemma}


def saved_sentence(store: Store, key: str, word: str) -> tuple[str, str, str] | None:
    """(sentence, English, article id) a word with this lemma key (or form) was last saved with."""
    rows = store.conn.execute(
        "SELECT lemma, word, sentence, english, article_id FROM vocabulary WHERE profile = ?"
        " ORDER BY added_at DESC, id DESC",
        (store.profile,),
    ).fetchall()
    form = word.lower()
    for lemma, saved, sentence, english, article_id in rows:  # SQLite's lower() leaves umlauts alone
        if lemma.lower() == key or saved.lower() == form:
            return str(sentence), str(english), str(article_id)
    return None
