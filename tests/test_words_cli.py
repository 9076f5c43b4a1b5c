"""`reader words mark|list|import|scan`, `reader review`, the figures in `reader list` and
`reader vocab --format apkg`, run through `reader.cli.main` as a user types them."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from reader.cli import main
from reader.settings import load_settings
from reader.store import Store
from reader.store.vocab import VocabItem, save_word


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_mark_sets_the_lemma_and_list_shows_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["words", "mark", "known", "Häuser", "sagte"]) == 0
    assert "2 lemmas now known: Haus, sagen" in capsys.readouterr().err
    assert main(["words", "mark", "learning", "Regierung", "--level", "2"]) == 0
    capsys.readouterr()
    assert main(["words", "list", "--format", "jsonl"]) == 0
    records = {r["lemma"]: r for r in _jsonl(capsys.readouterr().out)}
    assert set(records["Haus"]) == {"word", "lemma", "status", "level", "due"}
    assert records["Haus"] == {
        "word": "Häuser",
        "lemma": "Haus",
        "status": "known",
        "level": None,
        "due": None,
    }
    assert records["Regierung"]["status"] == "learning" and records["Regierung"]["level"] == 2
    assert records["Regierung"]["due"] is not None  # a learning word has a review card
    assert main(["words", "list", "--status", "learning"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("learning 2  Regierung")


def test_mark_reads_words_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Haus Schule\ngehen\n\n"))
    assert main(["words", "mark", "ignored", "-"]) == 0
    assert "3 lemmas now ignored" in capsys.readouterr().err


def test_mark_says_what_it_left_alone_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["words", "mark", "known", "Haus", "2024", "a;b"]) == 1
    err = capsys.readouterr().err
    assert "1 lemma now known: Haus" in err and "not words, left alone: 2024, a;b" in err
    with pytest.raises(SystemExit) as exc:
        main(["words", "mark", "fluent", "Haus"])  # argparse: not a status
    assert exc.value.code == 2
    assert main(["words", "mark", "learning", "Haus", "--level", "7"]) == 2
    assert "learning level is 1 to 4" in capsys.readouterr().err


def test_profiles_keep_their_own_words(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["words", "mark", "known", "Haus", "--profile", "ann"]) == 0
    assert main(["words", "--profile", "bob", "mark", "known", "Schule"]) == 0
    capsys.readouterr()
    assert main(["words", "list", "--format", "jsonl", "--profile", "ann"]) == 0
    assert [r["lemma"] for r in _jsonl(capsys.readouterr().out)] == ["Haus"]
    monkeypatch.delenv("READER_PROFILE")  # --profile is for one run; here every run shares the process
    assert main(["words", "list", "--format", "jsonl"]) == 0  # the default profile has none
    captured = capsys.readouterr()
    assert captured.out == "" and "no words marked yet" in captured.err
    assert main(["words", "list", "--profile=-bad"]) == 2  # not a profile name: one line


def test_list_gains_figures_after_a_scan_and_filters_and_sorts_by_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["list", "--format", "jsonl"]) == 0
    (seed,) = _jsonl(capsys.readouterr().out)
    assert seed["new_words"] is None and seed["known"] is None  # not counted yet
    assert main(["words", "scan"]) == 0
    assert "1 article counted" in capsys.readouterr().err
    assert main(["list", "--format", "jsonl"]) == 0
    (seed,) = _jsonl(capsys.readouterr().out)
    assert seed["new_words"] > 50 and seed["known"] == 0.0
    assert main(["list", "--readable"]) == 0
    assert capsys.readouterr().out == ""  # nothing is 90 % known yet
    assert main(["words", "import", "--top", "3000"]) == 0
    capsys.readouterr()
    assert main(["list", "--format", "jsonl", "--min-known", "50", "--sort", "known"]) == 0
    (after,) = _jsonl(capsys.readouterr().out)
    assert after["known"] > 0.5 and after["new_words"] < seed["new_words"]
    assert main(["list", "--min-known", "150"]) == 2


def test_import_a_word_list_and_an_anki_package(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    words = tmp_path / "words.txt"
    words.write_text("Haus\ndie Schule\nein ganzer langer Satz\n", encoding="utf-8")
    assert main(["words", "import", str(words)]) == 0
    err = capsys.readouterr().err
    assert "2 words from" in err and "1 skipped" in err and "2 lemmas now known" in err
    import genanki

    model = genanki.Model(
        1,
        "Basic",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
    )
    deck = genanki.Deck(2, "Deutsch")
    deck.add_note(genanki.Note(model=model, fields=["<b>gehen</b>", "to go"]))
    package = tmp_path / "deck.apkg"
    genanki.Package(deck).write_to_file(str(package))
    assert main(["words", "import", str(package), "--status", "learning"]) == 0
    assert "(Anki package)" in capsys.readouterr().err
    assert main(["words", "list", "--status", "learning", "--format", "jsonl"]) == 0
    assert [r["lemma"] for r in _jsonl(capsys.readouterr().out)] == ["gehen"]


def test_import_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["words", "import"]) == 2
    assert "give a FILE, or --top N" in capsys.readouterr().err
    assert main(["words", "import", str(tmp_path / "absent.txt")]) == 2
    assert "cannot read" in capsys.readouterr().err
    new = tmp_path / "new.apkg"
    with zipfile.ZipFile(new, "w") as z:
        z.writestr("collection.anki21b", b"zstd")
    assert main(["words", "import", str(new)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "collection.anki21b" in err and "Traceback" not in err


def test_review_lists_due_words_with_a_library_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review"]) == 0
    assert "nothing due" in capsys.readouterr().err
    assert main(["words", "scan"]) == 0
    assert main(["words", "mark", "learning", "Kanal"]) == 0
    capsys.readouterr()
    assert main(["review", "--format", "jsonl"]) == 0
    (card,) = _jsonl(capsys.readouterr().out)
    assert set(card) == {"word", "lemma", "sentence", "english", "due"}
    assert card["lemma"] == "Kanal" and "geheimen Kanal" in card["sentence"]
    assert "secret channel" in card["english"]  # the seed's own English
    assert main(["review"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("  Kanal") and "geheimen Kanal" in lines[1]


def test_vocab_writes_a_real_anki_deck(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(load_settings().store_path)
    save_word(
        store, VocabItem("Kanal", "Kanal", "noun", "Ein <geheimer> Kanal.", (("Kanal (m)", "channel"),))
    )
    store.close()
    target = tmp_path / "words.apkg"
    assert main(["vocab", "--format", "apkg", "-o", str(target)]) == 0
    assert "1 word written" in capsys.readouterr().err
    assert target.stat().st_mode & 0o077 == 0  # private
    with zipfile.ZipFile(target) as z:
        data = z.read("collection.anki2")
    conn = sqlite3.connect(":memory:")
    conn.deserialize(data)
    (fields,) = conn.execute("SELECT flds FROM notes").fetchone()
    front, back = fields.split("\x1f")
    assert "<b>Kanal</b>" in front and "&lt;geheimer&gt;" in front  # escaped: the text came from outside
    assert "channel" in back
    assert main(["vocab", "--format", "apkg"]) == 2
    assert "-o FILE.apkg" in capsys.readouterr().err
