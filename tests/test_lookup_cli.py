"""`reader lookup WORD`, `reader lookup --jsonl` and `reader vocab`, on the test dictionary."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader.cli import main
from reader.settings import load_settings
from reader.store import Store
from reader.store.vocab import VocabItem, save_word

if TYPE_CHECKING:
    from servers import GoogleServer

pytest_plugins = ["dictionary", "servers"]


def test_text_shows_lemma_and_entries(ding_settings: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "Eskalationsrisiken", "--offline"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Eskalationsrisiken  (Eskalationsrisiko, noun)  [compound: Eskalation + Risiko]"
    assert "  Risiko (n); Wagnis (n) (+Gen.) — risk (of sth.)" in lines
    assert main(["lookup", "Kumpel", "--offline"]) == 0
    out = capsys.readouterr().out
    assert "  Kumpel (m) — mate (British, colloquial); buddy (American, colloquial)  · colloquial" in out


def test_json_is_one_object(ding_settings: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "Jahren", "--format", "json", "--offline"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record == {
        "word": "Jahren",
        "lemma": "Jahr",
        "pos": "noun",
        "via": "lemma",
        "entries": [{"de": "Jahr (n)", "en": "year", "labels": [], "source": "ding"}],
        "parts": [],
    }


def test_an_unknown_word_exits_1_with_one_line(
    ding_settings: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lookup", "Merkel", "--offline"]) == 1
    assert capsys.readouterr().err == "reader: no entry for 'Merkel'\n"


def test_jsonl_answers_each_line_in_order(
    ding_settings: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("geht\n\nVerteidigungsbeamte\nHaus\n" + "x" * 5000 + "\n"))
    assert main(["lookup", "--jsonl", "--offline"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["word"] for r in records[:4]] == ["geht", "", "Verteidigungsbeamte", "Haus"]
    assert [r["via"] for r in records] == ["headword", "none", "compound", "headword", "none"]
    assert records[2]["parts"] == ["Verteidigung", "Beamter"]
    assert len(records) == 5 and len(records[4]["word"]) <= 64


def test_the_index_is_built_once(ding_settings: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "Haus", "--offline"]) == 0
    store = Store(load_settings().store_path)
    built = store.conn.execute("SELECT built_at FROM dict_source").fetchone()
    store.close()
    assert main(["lookup", "Tür", "--offline"]) == 0
    store = Store(load_settings().store_path)
    assert store.conn.execute("SELECT built_at FROM dict_source").fetchone() == built
    store.close()


def test_without_a_dictionary_it_says_how_to_install_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "none.toml"
    config.write_text('[lookup]\ndictionary = "none"\nfreedict = "none"\n', encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    assert main(["lookup", "Haus", "--offline"]) == 1
    err = capsys.readouterr().err
    assert "apt install trans-de-en" in err and "Traceback" not in err


def test_without_a_dictionary_the_engine_answers_labelled(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    google_server: GoogleServer,
) -> None:
    config = tmp_path / "engine.toml"
    config.write_text(
        f'[lookup]\ndictionary = "none"\nfreedict = "none"\n[engines.google]\nurl = "{google_server.url}"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("READER_CONFIG", str(config))
    assert main(["lookup", "Kumpel", "--engine", "google"]) == 0
    captured = capsys.readouterr()
    assert "[from the translation engine]" in captured.out.splitlines()[0]
    assert "  Kumpel — EN:Kumpel" in captured.out
    assert "apt install trans-de-en" in captured.err
    assert google_server.count == 1


def test_a_missing_dictionary_file_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lookup", "Haus", "--dictionary", str(tmp_path / "absent")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and "dictionary not found" in err and err.count("\n") == 1


def test_word_and_jsonl_are_exclusive(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup"]) == 2
    assert main(["lookup", "Haus", "--jsonl"]) == 2
    assert "either a WORD or --jsonl" in capsys.readouterr().err


def test_vocab_exports_csv_and_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(load_settings().store_path)
    save_word(store, VocabItem("Kanal", "Kanal", "noun", "Ein geheimer Kanal.", (("Kanal {m}", "channel"),)))
    store.close()
    assert main(["vocab"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("#separator:Comma") and "<b>Kanal</b>" in out
    assert main(["vocab", "--format", "jsonl"]) == 0
    assert json.loads(capsys.readouterr().out)["entries"] == [{"de": "Kanal {m}", "en": "channel"}]
    target = tmp_path / "cards.csv"
    assert main(["vocab", "-o", str(target)]) == 0
    assert "1 word written" in capsys.readouterr().err and "Ein geheimer <b>Kanal</b>." in target.read_text()


def test_vocab_when_empty_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["vocab", "--format", "jsonl"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "no saved words yet" in captured.err


def test_the_lookup_section_is_read_and_checked(tmp_path: Path) -> None:
    from reader.errors import UserError

    config = tmp_path / "c.toml"
    config.write_text('[lookup]\ndictionary = "~/dict/de-en"\n', encoding="utf-8")
    assert load_settings(config).lookup.dictionary_path() == Path("~/dict/de-en").expanduser()
    config.write_text('[lookup]\ndictionary = "none"\n', encoding="utf-8")
    assert load_settings(config).lookup.dictionary_path() is None
    config.write_text('[lookup]\ndictionry = "x"\n', encoding="utf-8")
    with pytest.raises(UserError, match=r"\[lookup\] dictionry: unknown setting; did you mean dictionary\?"):
        load_settings(config)
