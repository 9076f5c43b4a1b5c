"""FreeDict (dictd format: a sorted .index and a dictzip .dict.dz) read directly, and merged below Ding."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from reader.cli import main
from reader.lookup import index
from reader.lookup.freedict import FreeDict, open_freedict, parse_entry
from reader.lookup.service import Lookup
from reader.store import Store

pytest_plugins = ["dictionary"]


def test_entries_are_found_by_binary_search_and_read_from_chunks(freedict_file: Path) -> None:
    free = FreeDict(freedict_file)
    assert [(e.de, e.en) for e in free.entries("Polizei")] == [("Polizei (f)", "police, constabulary")]
    assert free.entries("Polizei")[0].labels == ("British",)
    assert [e.en for e in free.entries("haus")] == ["house", "volta bracket"]  # both, in file order
    assert free.entries("Haus")[1].labels == ("colloquial", "music")
    assert free.entries("bzw")[0].de == "beziehungsweise"
    assert free.entries("zwielicht")[0].en == "twilight"  # the first and the last key
    assert free.entries("offenbar")[0].kinds == frozenset({"adv"})
    assert free.entries("Hau") == [] and free.entries("zz") == [] and free.entries("") == []


def test_the_dictzip_file_is_real_gzip(freedict_file: Path) -> None:
    with gzip.open(freedict_file.with_suffix(".dict.dz")) as f:  # any gzip reader opens it whole
        assert b"volta bracket" in f.read()


def test_a_plain_dict_file_works_too(tmp_path: Path) -> None:
    from dictionary import write_freedict

    free = FreeDict(write_freedict(tmp_path, compress=False))
    assert free.entries("polizei")[0].en == "police, constabulary"


def test_entries_carry_no_escape_sequences(freedict_file: Path) -> None:
    entry = FreeDict(freedict_file).entries("zwielicht")[0]
    assert "\x1b" not in entry.de + entry.en and entry.de == "Zwielicht (n)"


def test_parse_leaves_out_examples_synonyms_and_references() -> None:
    entry = parse_entry(
        'Kanal /kanˈaːl/ <masc, n, sg>\nchannel <n>\n      "ein Kanal"  - a channel\n see: {X}\n'
    )
    assert entry is not None and (entry.de, entry.en, entry.kinds) == (
        "Kanal (m)",
        "channel",
        frozenset({"noun"}),
    )
    assert parse_entry("") is None and parse_entry("Kopf only\n") is None


def test_a_missing_or_broken_pair_is_no_dictionary(tmp_path: Path) -> None:
    assert open_freedict(tmp_path / "absent.index") is None
    (tmp_path / "x.index").write_text("haus\tA\tB\n", encoding="utf-8")
    (tmp_path / "x.dict.dz").write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 6)  # gzip, but no chunk table
    assert open_freedict(tmp_path / "x.index") is None


def test_freedict_is_merged_below_ding_without_repeating_it(
    tmp_path: Path, ding_file: Path, freedict_file: Path
) -> None:
    store = Store(tmp_path / "s.db")
    index.build(store, ding_file)
    result = Lookup(store, freedict=freedict_file).lookup("Haus")
    sources = [e.source for e in result.entries]
    assert sources[0] == "ding" and "freedict" in sources
    assert sources.index("freedict") > max(i for i, s in enumerate(sources) if s == "ding")  # below Ding
    free = [e for e in result.entries if e.source == "freedict"]
    assert [e.en for e in free] == ["volta bracket"]  # "house" is Ding's already
    polizei = Lookup(store, freedict=freedict_file).lookup("Polizei")  # not in the Ding test file
    assert polizei.via == "headword" and polizei.entries[0].en == "police, constabulary"


def test_freedict_alone_answers_without_ding(tmp_path: Path, freedict_file: Path) -> None:
    result = Lookup(Store(tmp_path / "s.db"), freedict=freedict_file).lookup("Polizei")
    assert result.via == "headword" and result.entries[0].source == "freedict" and not result.hint


def test_the_cli_labels_freedict_entries(
    ding_settings: Path, freedict_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lookup", "Polizei", "--offline", "--freedict", str(freedict_file)]) == 0
    assert "  Polizei (f) — police, constabulary  · British  · FreeDict" in capsys.readouterr().out
    assert main(["lookup", "Polizei", "--offline", "--freedict", "none"]) == 1
    assert (
        main(["lookup", "Polizei", "--freedict", str(tmp_path_missing := freedict_file.parent / "no")]) == 2
    )
    assert f"{tmp_path_missing}: FreeDict index not found" in capsys.readouterr().err
