"""The saved vocabulary as an Anki CSV, an Anki deck (.apkg) or JSON lines, and where saved words
occur in a sentence.

The CSV carries Anki's file headers (`#separator`, `#html`, `#notetype`, `#tags column`, `#columns`),
so File → Import makes one Basic note per row: the front is the word and its German sentence with the
word in bold; the back is the lemma, the dictionary entries and the English sentence. The deck
(genanki) holds the same notes, each with a stable id, so importing it again updates them rather
than adding copies. Every field is HTML-escaped first, since the text came from outside.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterable

from reader.lookup import morph
from reader.store.vocab import VocabItem

# Anki reads `#columns` with the separator declared before it, so the labels are comma-separated too.
ANKI_HEADER = "#separator:Comma\n#html:true\n#notetype:Basic\n#tags column:3\n#columns:Front,Back,Tags\n"
MAX_ENTRIES = 4  # on a card; the JSON lines keep them all


def marked_sentence(sentence: str, word: str) -> str:
    """The sentence as HTML with each whole-word occurrence of `word` in bold."""
    if not word:
        return html.escape(sentence)
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(sentence):
        out += [html.escape(sentence[last : m.start()]), f"<b>{html.escape(m.group())}</b>"]
        last = m.end()
    out.append(html.escape(sentence[last:]))
    return "".join(out)


def front(item: VocabItem) -> str:
    return f"<b>{html.escape(item.word)}</b><br>{marked_sentence(item.sentence, item.word)}"


def back(item: VocabItem) -> str:
    head = html.escape(item.lemma) + (f" <i>({html.escape(item.pos)})</i>" if item.pos else "")
    lines = [head]
    lines += [f"{html.escape(de)} — {html.escape(en)}" for de, en in item.entries[:MAX_ENTRIES]]
    if item.english:
        lines.append(f"<i>{html.escape(item.english)}</i>")
    return "<br>".join(lines)


def _tag(title: str) -> str:
    """An Anki tag from the article title: no spaces, which separate tags."""
    return "reader" + ("::" + re.sub(r"[^\w-]+", "_", title).strip("_")[:60] if title.strip() else "")


def to_csv(items: Iterable[VocabItem]) -> str:
    buffer = io.StringIO()
    buffer.write(ANKI_HEADER)
    writer = csv.writer(buffer, lineterminator="\n")
    for item in items:
        writer.writerow([front(item), back(item), _tag(item.article_title)])
    return buffer.getvalue()


# Fixed ids: Anki recognises the note type and the deck on every import (random once, never change).
DECK_ID = 1_742_180_318
MODEL_ID = 1_742_180_319
DECK_NAME = "reader: saved words"


def write_apkg(items: Iterable[VocabItem], path: str) -> int:
    """Write the words as an Anki deck file; how many notes it holds."""
    import genanki

    model = genanki.Model(
        MODEL_ID,
        "reader word",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": '{{FrontSide}}<hr id="answer">{{Back}}'}],
    )
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    n = 0
    for item in items:
        guid = genanki.guid_for("reader", item.word, item.sentence)
        deck.add_note(
            genanki.Note(
                model=model, fields=[front(item), back(item)], tags=[_tag(item.article_title)], guid=guid
            )
        )
        n += 1
    genanki.Package(deck).write_to_file(path)
    return n


def to_jsonl(items: Iterable[VocabItem]) -> str:
    lines = []
    for item in items:
        record = {
            "word": item.word,
            "lemma": item.lemma,
            "pos": item.pos,
            "sentence": item.sentence,
            "english": item.english,
            "entries": [{"de": de, "en": en} for de, en in item.entries],
            "article_id": item.article_id,
            "article_title": item.article_title,
            "added_at": item.added_at,
        }
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)


def saved_spans(sentence: str, forms: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) of each word in `sentence` that is, or whose lemma is, a saved form."""
    if not forms:
        return []
    spans = []
    for start, end, word in morph.words_of(sentence):
        if word.lower() in forms or morph.analyze(word)[0].lower() in forms:
            spans.append((start, end))
    return spans
