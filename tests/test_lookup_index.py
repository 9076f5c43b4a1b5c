"""The Ding parser and the dictionary's index in the store: built once, rebuilt when the file changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.errors import UserError
from reader.lookup import index
from reader.lookup.ding import (
    MAX_LINE,
    first_sense,
    heads_of,
    parse_line,
    sense_heads,
    split_top,
)
from reader.lookup.lines import LineReader
from reader.store import Store

pytest_plugins = ["dictionary"]


def test_senses_pair_german_and_english_and_find_headwords() -> None:
    senses = parse_line(
        "gehen {vi} | gehend | er/sie geht | ich/er/sie ging"
        " :: to go {went; gone} | going | he/she goes | I went"
    )
    assert [s.de for s in senses] == ["gehen {vi}", "gehend", "er/sie geht", "ich/er/sie ging"]
    assert senses[0].en == "to go {went; gone}"  # the ";" inside braces does not split
    assert [s.heads for s in senses] == [("gehen",), ("gehend",), ("geht",), ("ging",)]


def test_headwords_leave_out_labels_glosses_placeholders_and_phrases() -> None:
    assert heads_of("Kumpel {m} [ugs.]") == ["Kumpel"]
    assert heads_of("Verschärfung {f} (von etw.) [pol.]") == ["Verschärfung"]
    assert heads_of("sich freuen") == ["freuen"]
    assert heads_of("etw. einen") == ["einen"]
    assert heads_of("nach Hause gehen") == []  # a phrase is no headword
    assert heads_of("er/sie ist/war") == ["ist", "war"]
    assert heads_of("er {ppron} (seiner; ihm; ihn)") == ["er"]  # a pronoun alone is its own headword


def test_abbreviations_and_adjective_endings_are_headwords() -> None:
    assert sense_heads("Zeitung {f} /Ztg./; Blatt {n} | Zeitungen {pl} :: newspaper | newspapers") == [
        ["Zeitung", "Blatt", "Ztg."],
        ["Zeitungen"],
    ]
    assert sense_heads("Vereinigte Staaten {pl} von Amerika /USA/ :: United States of America") == [["USA"]]
    assert sense_heads("sie {ppron} {pl} (ihrer; ihnen; sie) | sie sind :: they (them) | they are") == [
        ["sie", "ihrer", "ihnen"],
        ["sind"],
    ]
    assert sense_heads("der {art} (des; dem; den) :: the") == [["der", "des", "dem", "den"]]
    assert sense_heads("sogenannte/r/s {adj} :: so-called") == [
        ["sogenannte", "sogenannter", "sogenanntes", "sogenannt"]
    ]


def test_split_top_respects_brackets() -> None:
    assert split_top("to be {was, were; been}; to exist", ";") == ["to be {was, were; been}", "to exist"]
    assert split_top("Aal (a | b) | Aale", " | ") == ["Aal (a | b)", "Aale"]


def test_a_short_gloss_drops_abbreviations_and_notes() -> None:
    assert first_sense("government /Gov.; Govt./; administration [Am.]") == "government"
    assert first_sense("mate [Br.] [coll.]; buddy [Am.]", shortest=True) == "mate"


def test_lines_are_sanitised_and_overlong_lines_skipped(tmp_path: Path) -> None:
    data = (
        "Bösewicht {m} \x1b]0;pwned\x07 :: villain \x1b[2J\x9b31m\n"
        + "Lang {n} :: "
        + "x" * (MAX_LINE + 10)
        + "\n"
        + "no separator here\n# comment :: not an entry\nTür {f} :: door\n"
    ).encode()
    path = tmp_path / "de-en"
    path.write_bytes(data)
    store = Store(tmp_path / "s.db")
    info = index.build(store, path)
    assert info is not None and info.lines == 2  # the comment, the non-entry and the long line are not
    reader = LineReader(path)
    (hit,) = index.hits(store, "bösewicht")
    assert reader.line(hit.line) == "Bösewicht {m} :: villain"  # read back from the file, sanitised
    assert not index.hits(store, "lang") and not index.hits(store, "comment")
    assert index.hits(store, "tür")


def test_bad_bytes_do_not_stop_the_index(tmp_path: Path) -> None:
    path = tmp_path / "de-en"
    path.write_bytes(b"Haus {n} :: house\nT\xfcr {f} :: door\nBuch {n} :: book\n")
    store = Store(tmp_path / "s.db")
    info = index.build(store, path)
    assert info is not None and info.lines == 3
    assert index.hits(store, "buch")


def test_build_then_ready_and_lookups_by_lower_case_key(ding_file: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    assert index.status(store, ding_file) == "missing"
    seen: list[tuple[int, int]] = []
    info = index.build(store, ding_file, lambda done, total: seen.append((done, total)))
    assert info is not None and info.lines > 30
    assert seen[-1][0] == seen[-1][1] == ding_file.stat().st_size
    assert index.status(store, ding_file) == "ready"
    assert index.ensure(store, ding_file) is None  # nothing to do
    haus = index.hits(store, "haus")
    assert [h.sense for h in haus] == [0, 0] and haus[0].cap
    assert index.hits(store, "häuser")[0].sense == 1  # an inflection points at its line's sense
    assert not index.hits(store, "überlang")  # the over-long line was skipped
    assert not index.hits(store, "nach hause gehen")
    assert not index.hits(store, "nach")  # a word of a phrase is not a headword
    assert [h.sense for h in index.hits(store, "hauser")] == [1]  # folded: as search finds Häuser


def test_a_changed_file_is_indexed_again(ding_file: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    index.build(store, ding_file)
    assert not index.hits(store, "fenster")
    with ding_file.open("a", encoding="utf-8") as f:
        f.write("Fenster {n} | Fenster {pl} :: window | windows\n")
    assert index.status(store, ding_file) == "stale"
    assert index.ensure(store, ding_file) is not None
    assert index.hits(store, "fenster")
    assert index.hits(store, "haus")  # the old entries are still there, once
    assert len(index.hits(store, "haus")) == 2


def test_the_same_content_touched_is_not_rebuilt(ding_file: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    index.build(store, ding_file)
    st = ding_file.stat()
    os.utime(ding_file, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    assert index.status(store, ding_file) == "ready"  # the hash matched: only the record changed
    assert index.ensure(store, ding_file) is None


def test_the_index_survives_reopening_the_store(ding_file: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    index.build(store, ding_file)
    store.close()
    again = Store(tmp_path / "s.db")
    assert index.status(again, ding_file) == "ready"
    assert index.hits(again, "risiken")


def test_a_missing_or_odd_dictionary_is_a_user_error(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    with pytest.raises(UserError, match="cannot read the dictionary"):
        index.build(store, tmp_path / "absent")
    with pytest.raises(UserError, match="not a file"):
        index.build(store, tmp_path)


def test_an_index_built_by_another_version_is_rebuilt(ding_file: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    index.build(store, ding_file)
    with store.write() as conn:
        conn.execute("UPDATE dict_source SET digest = 'v1:' || substr(digest, 4)")
    assert index.status(store, ding_file) == "stale"
    assert index.ensure(store, ding_file) is not None
    assert index.status(store, ding_file) == "ready"


def test_a_stopped_build_leaves_the_index_missing_until_the_next(tmp_path: Path) -> None:
    from dictionary import LINES, write_dictionary

    # Enough lines for more than one batch, so the build is asked whether to stop.
    path = write_dictionary(tmp_path / "big", LINES + [f"Wort{i} {{n}} :: word {i}" for i in range(60_000)])
    store = Store(tmp_path / "s.db")
    assert index.build(store, path, should_stop=lambda: True) is None
    assert index.status(store, path) == "missing" and not index.is_ready(store)
    info = index.ensure(store, path)
    assert info is not None and info.lines > 60_000
    assert index.hits(store, "wort59999")


def test_the_configured_dictionary_is_indexed_for_the_app_once(ding_file: Path, tmp_path: Path) -> None:
    from reader.settings import LookupSettings

    store = Store(tmp_path / "s.db")
    assert index.ensure_configured(store, LookupSettings(dictionary="none")) is None
    assert index.ensure_configured(store, LookupSettings(dictionary=str(tmp_path / "absent"))) is None
    assert not index.is_ready(store)
    info = index.ensure_configured(store, LookupSettings(dictionary=str(ding_file)))
    assert info is not None and index.is_ready(store)
    assert index.ensure_configured(store, LookupSettings(dictionary=str(ding_file))) is None  # built already


def test_prepare_builds_the_index_and_loads_what_a_lookup_needs(ding_file: Path, tmp_path: Path) -> None:
    from reader.lookup import morph
    from reader.lookup.service import prepare
    from reader.settings import Settings

    settings = Settings()
    settings.lookup.dictionary = str(ding_file)
    store = Store(tmp_path / "s.db")
    assert prepare(store, settings) is not None and index.is_ready(store)
    assert morph.analyze.cache_info().currsize > 0  # HanTa loaded
    assert prepare(store, settings) is None  # nothing left to build
