"""The vocabulary: saved words, their Anki CSV and JSON lines, and where saved words occur again."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from reader.lookup.vocab import ANKI_HEADER, saved_spans, to_csv, to_jsonl
from reader.store import Store
from reader.store.vocab import VocabItem, delete_word, list_words, save_word, saved_forms

ITEM = VocabItem(
    word="Risiken",
    lemma="Risiko",
    pos="noun",
    sentence="Beide Seiten wollen die Risiken senken.",
    entries=(("Risiken {pl}", "risks"), ("Risiko {n}", "risk (of sth.)")),
    english="Both sides want to reduce the risks.",
    article_id="a1",
    article_title="Frieden möglich!",
)


def _rows(text: str) -> list[list[str]]:
    body = text[len(ANKI_HEADER) :]
    return list(csv.reader(io.StringIO(body)))


def test_saved_words_are_listed_in_order_and_saving_again_updates(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    save_word(store, ITEM)
    save_word(store, VocabItem("Kanal", "Kanal", "noun", "Ein geheimer Kanal."))
    save_word(store, VocabItem(**{**ITEM.__dict__, "english": "Both want fewer risks."}))
    items = list_words(store)
    assert [i.word for i in items] == ["Kanal", "Risiken"]  # the re-saved word moved last, once
    assert items[1].english == "Both want fewer risks."
    assert items[1].entries == ITEM.entries
    assert saved_forms(store) == {"risiken", "risiko", "kanal"}
    assert delete_word(store, "Kanal", "Ein geheimer Kanal.")
    assert [i.word for i in list_words(store)] == ["Risiken"]


def test_saved_text_is_sanitised(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    save_word(store, VocabItem("Haus\x1b]0;x\x07", "Haus", "noun", "Das \x1b[2JHaus."))
    item = list_words(store)[0]
    assert item.word == "Haus" and item.sentence == "Das Haus."


def test_the_csv_is_an_anki_basic_note_per_word() -> None:
    text = to_csv([ITEM])
    header = text.splitlines()[:5]
    assert header == [
        "#separator:Comma",
        "#html:true",
        "#notetype:Basic",
        "#tags column:3",
        "#columns:Front,Back,Tags",  # Anki splits the labels with the separator declared above
    ]
    [[front, back, tags]] = _rows(text)
    assert front == "<b>Risiken</b><br>Beide Seiten wollen die <b>Risiken</b> senken."
    assert back.split("<br>") == [
        "Risiko <i>(noun)</i>",
        "Risiken {pl} — risks",
        "Risiko {n} — risk (of sth.)",
        "<i>Both sides want to reduce the risks.</i>",
    ]
    assert tags == "reader::Frieden_möglich"


def test_the_csv_escapes_html_and_quotes() -> None:
    item = VocabItem(
        "Tür", "Tür", "noun", 'Er sagte: "<script>alert(1)</script>, Tür"', (("Tür {f}", "door"),)
    )
    [[front, back, _]] = _rows(to_csv([item]))
    assert "<script>" not in front and "&lt;script&gt;" in front
    assert back == "Tür <i>(noun)</i><br>Tür {f} — door"
    assert front.endswith("<b>Tür</b>&quot;")


def test_jsonl_keeps_everything() -> None:
    [record] = [json.loads(line) for line in to_jsonl([ITEM]).splitlines()]
    assert record["word"] == "Risiken" and record["lemma"] == "Risiko"
    assert record["entries"] == [
        {"de": "Risiken {pl}", "en": "risks"},
        {"de": "Risiko {n}", "en": "risk (of sth.)"},
    ]
    assert record["english"] == ITEM.english and record["article_title"] == "Frieden möglich!"


def test_saved_words_are_found_in_other_sentences_in_any_form() -> None:
    sentence = "Das Risiko steigt, die Risiken auch; kein Risikomanagement."
    spans = saved_spans(sentence, frozenset({"risiko"}))
    assert [sentence[a:b] for a, b in spans] == ["Risiko", "Risiken"]
    assert saved_spans(sentence, frozenset()) == []
