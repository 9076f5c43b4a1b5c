"""Looking a word up: headword, lemma and compound entries, and the memory or engine without a dictionary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader.lookup import index
from reader.lookup.service import INSTALL_HINT, Lookup
from reader.store import Store
from reader.store.translations import remember

if TYPE_CHECKING:
    from servers import GoogleServer

pytest_plugins = ["dictionary", "servers"]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "s.db")


@pytest.fixture
def lookup(store: Store, ding_file: Path) -> Lookup:
    index.build(store, ding_file)
    return Lookup(store)


def pairs(result) -> list[tuple[str, str]]:
    return [(e.de, e.en) for e in result.entries]


def test_an_exact_headword_comes_first(lookup: Lookup) -> None:
    result = lookup.lookup("Haus")
    assert (result.word, result.lemma, result.pos, result.via) == ("Haus", "Haus", "noun", "headword")
    assert pairs(result)[:2] == [("Haus (n)", "house"), ("Haus (n); Zuhause (n)", "home")]


def test_an_inflected_form_the_dictionary_lists_shows_its_headword_too(lookup: Lookup) -> None:
    result = lookup.lookup("geht")
    assert result.via == "headword" and result.lemma == "gehen" and result.pos == "verb"
    assert pairs(result)[:2] == [("er/sie geht", "he/she goes"), ("gehen", "to go (went; gone)")]


def test_an_inflection_it_lacks_is_found_by_its_lemma(lookup: Lookup) -> None:
    result = lookup.lookup("Jahren")
    assert (result.lemma, result.via) == ("Jahr", "lemma")
    assert pairs(result)[0] == ("Jahr (n)", "year")


def test_markup_becomes_labels_and_synonyms_are_kept(lookup: Lookup) -> None:
    entry = lookup.lookup("Kumpel").entries[0]
    assert entry.de == "Kumpel (m)" and entry.labels == ("colloquial",)  # no braces or brackets left
    assert entry.en == "mate (British, colloquial); buddy (American, colloquial)"  # each synonym's own
    verteidigung = lookup.lookup("Verteidigung").entries[0]
    assert (verteidigung.de, verteidigung.labels) == ("Verteidigung (f)", ("military",))
    assert verteidigung.en == "defence (British); defense (American)"
    assert lookup.lookup("Regierung").entries[0].en == "government (Gov.; Govt.)"  # /Gov./ as (Gov.)


def test_the_part_of_speech_picks_the_right_entry_first(lookup: Lookup) -> None:
    # As an adjective, "Ehemalige" is "former", though the dictionary lists the noun under that form.
    result = lookup.lookup("Ehemalige", lemma="ehemalig", pos="adj")
    assert result.via == "lemma"
    assert pairs(result)[0] == ("ehemalig; einstig", "former; erstwhile")
    assert ("Ehemalige (m, f); Ehemaliger (m)", "alumnus; former student") in pairs(result)
    # As an article, "einen" is "a", not the verb "to unite".
    assert pairs(lookup.lookup("einen", lemma="ein", pos="article"))[0][1] == "a; an"


@pytest.mark.parametrize(
    ("word", "parts", "lemma", "first"),
    [
        ("Eskalationsrisiken", ["Eskalation", "Risiko"], "Eskalationsrisiko", "escalation (of sth.)"),
        (
            "Verteidigungsbeamte",
            ["Verteidigung", "Beamter"],
            "Verteidigungsbeamter",
            "defence (British); defense (American)",
        ),
        ("Kriegsende", ["Krieg", "Ende"], "Kriegsende", "war"),
        ("Schulbuch", ["Schule", "Buch"], "Schulbuch", "school"),
        ("US-Verteidigungsbeamte", ["US", "Verteidigung", "Beamter"], "US-Verteidigungsbeamter", None),
    ],
)
def test_compounds_split_with_linking_elements(
    lookup: Lookup, word: str, parts: list[str], lemma: str, first: str | None
) -> None:
    result = lookup.lookup(word)
    assert result.via == "compound"
    assert list(result.parts) == parts
    assert result.pos == "noun"
    assert result.lemma == lemma
    if first:
        assert result.entries[0].en == first
    assert any(e.de.startswith(parts[-1]) for e in result.entries)  # the last part's own entry


def test_a_word_that_is_nowhere_gets_none(lookup: Lookup) -> None:
    result = lookup.lookup("Merkel")
    assert result.via == "none" and not result.entries and not result.hint


def test_input_is_sanitised_and_bounded(lookup: Lookup) -> None:
    assert lookup.lookup("\x1b[31mHaus\x1b[0m").via == "headword"
    assert lookup.lookup("Haus; rm -rf").via == "none"  # not a word
    assert len(lookup.lookup("a" * 10_000).word) <= 64


def test_entries_carry_no_escape_sequences(lookup: Lookup) -> None:
    result = lookup.lookup("Bösewicht")
    assert pairs(result) == [("Bösewicht (m)", "villain")]


def test_the_json_form_has_the_documented_keys(lookup: Lookup) -> None:
    record = lookup.lookup("Risiken").to_dict()
    assert {"word", "lemma", "pos", "via", "entries"} <= set(record)
    assert record["entries"][0] == {
        "de": "Risiken (pl); Risikos (pl)",
        "en": "risks",
        "labels": [],
        "source": "ding",
    }
    assert {
        "de": "Risiko (n); Wagnis (n) (+Gen.)",
        "en": "risk (of sth.)",
        "labels": [],
        "source": "ding",
    } in record["entries"]


def test_without_a_dictionary_the_memory_answers_and_says_how_to_install_one(store: Store) -> None:
    remember(store, "google", "de-en", [("Kumpel", "mate")])
    result = Lookup(store).lookup("Kumpel")
    assert result.via == "memory" and pairs(result) == [("Kumpel", "mate")]
    assert result.hint == INSTALL_HINT and "apt install trans-de-en" in result.hint


def test_a_built_index_is_left_aside_when_its_file_is_gone(lookup: Lookup, store: Store) -> None:
    assert Lookup(store, dictionary=False).lookup("Haus").via == "none"


def test_without_a_dictionary_the_engine_answers_once(store: Store, google_server: GoogleServer) -> None:
    settings = google_server.settings()
    result = Lookup(store, engine="google", settings=settings).lookup("Kumpel")
    assert result.via == "engine" and pairs(result) == [("Kumpel", "EN:Kumpel")]
    assert result.hint == INSTALL_HINT
    again = Lookup(store, engine="google", settings=settings).lookup(
        "Kumpel"
    )  # remembered: no second request
    assert again.via == "memory" and google_server.count == 1


def test_the_engine_is_not_asked_when_offline(store: Store, google_server: GoogleServer) -> None:
    settings = google_server.settings()
    assert Lookup(store, engine="google", settings=settings).lookup("Kumpel", online=False).via == "none"
    assert google_server.count == 0


def test_an_engine_that_fails_is_one_line_in_the_hint(store: Store, refused_url: str, make_settings) -> None:
    result = Lookup(store, engine="google", settings=make_settings("google", refused_url)).lookup("Kumpel")
    assert result.via == "none" and not result.entries
    assert result.hint.startswith(INSTALL_HINT) and "engine google: offline" in result.hint
    assert "\n" not in result.hint


def test_an_english_loanword_no_dictionary_has_is_said_to_be_english(lookup: Lookup) -> None:
    result = lookup.lookup("Slowdowns")
    assert result.via == "english" and [(e.en, e.labels) for e in result.entries] == [
        ("slowdown", ("English",))
    ]
    assert lookup.lookup("Merkel").via == "none"  # a name is no English word
