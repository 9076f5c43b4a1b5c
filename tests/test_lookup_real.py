"""The lookup against the real Ding dictionary (Debian's trans-de-en), when it is installed.

.ci/run tries `apt-get install trans-de-en`; without the file these tests are skipped with the reason.
Building the index from the real file takes several seconds, once for the module.
"""

from __future__ import annotations

import pytest

from reader.lookup import index
from reader.lookup.gloss import gloss_sentence, layout
from reader.lookup.service import Lookup
from reader.settings import SYSTEM_DICTIONARY, SYSTEM_FREEDICT
from reader.store import Store

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not SYSTEM_DICTIONARY.is_file(),
        reason=f"{SYSTEM_DICTIONARY} is absent: the Debian package trans-de-en is not installed",
    ),
]

SENTENCE = (
    "Ehemalige US-Verteidigungsbeamte und hochrangige Mitglieder der russischen Regierung haben offenbar "
    "einen geheimen Kanal für diplomatische Gespräche aufgebaut."
)


@pytest.fixture(scope="module")
def lookup(tmp_path_factory: pytest.TempPathFactory) -> Lookup:
    store = Store(tmp_path_factory.mktemp("real") / "reader.db")
    info = index.build(store, SYSTEM_DICTIONARY)
    assert info is not None and info.lines > 150_000
    return Lookup(store)


@pytest.mark.parametrize(
    ("word", "via", "english"),
    [
        ("Haus", "headword", "house"),
        ("Jahren", "lemma", "year"),
        ("sagte", "lemma", "said"),  # "sagen — to say (said; said)" before the row "ich/er/sie sagte"
        ("türkischen", "lemma", "Turkish"),
        ("Zeitung", "headword", "newspaper"),
    ],
)
def test_common_words_are_found(lookup: Lookup, word: str, via: str, english: str) -> None:
    result = lookup.lookup(word)
    assert result.via == via
    assert any(english in e.en for e in result.entries[:4])


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Verteidigungsbeamte", ["Verteidigung", "Beamter"]),
        ("Eskalationsrisiken", ["Eskalation", "Risiko"]),
        ("Geheimverhandlungen", ["Geheim", "Verhandlung"]),
        ("Sicherheitsgarantien", ["Sicherheit", "Garantie"]),
    ],
)
def test_compounds_of_the_seed_split(lookup: Lookup, word: str, parts: list[str]) -> None:
    result = lookup.lookup(word)
    assert (result.via, list(result.parts)) == ("compound", parts)


def test_a_seed_sentence_glosses_readably_at_80_columns(lookup: Lookup) -> None:
    glosses = gloss_sentence(lookup, SENTENCE)
    assert sum(1 for g in glosses if g.gloss) >= len(glosses) - 1
    rows = layout(SENTENCE, glosses, 80)
    assert len(rows) <= 4 and all(len(line) <= 80 for row in rows for line in row)


def test_senses_are_ranked_for_the_word_in_its_sentence(lookup: Lookup) -> None:
    by_word = {g.word: g.gloss for g in gloss_sentence(lookup, SENTENCE)}
    assert by_word["offenbar"] == "apparently"  # the adverb, not the rarer "manifest" or "confessedly"
    assert "bulk" not in by_word["aufgebaut"]  # the plain verb, not the sport idiom
    assert lookup.lookup("für", lemma="für", pos="prep").entries[0].en == "for"
    assert lookup.lookup("Regierung").entries[0].en.startswith("government")


def test_markup_is_rendered_and_spellings_fold(lookup: Lookup) -> None:
    result = lookup.lookup("Fussball")
    assert result.via == "headword" and any("football" in e.en for e in result.entries)
    assert all("{" not in e.de and "[" not in e.de + e.en for e in lookup.lookup("Haus").entries)


@pytest.mark.parametrize(("word", "english"), [("Polizei", "police"), ("kein", "no"), ("zwar", "")])
def test_words_without_an_entry_of_their_own_are_explained_by_phrases(
    lookup: Lookup, word: str, english: str
) -> None:
    result = lookup.lookup(word)
    assert result.via == "phrase" and result.entries
    assert any(english in e.en.lower() for e in result.entries)


@pytest.mark.skipif(
    not SYSTEM_FREEDICT.is_file(),
    reason=f"{SYSTEM_FREEDICT} is absent: the Debian package dict-freedict-deu-eng is not installed",
)
def test_freedict_adds_what_ding_lacks_below_it(lookup: Lookup) -> None:
    merged = Lookup(lookup.store, freedict=SYSTEM_FREEDICT)
    result = merged.lookup("bzw")  # the token: Ding lists "bzw." only as an abbreviation
    assert any("respectively" in e.en for e in result.entries)
    haus = merged.lookup("Haus").entries
    first_free = (
        next(i for i, e in enumerate(haus) if e.source == "freedict")
        if any(e.source == "freedict" for e in haus)
        else len(haus)
    )
    assert all(e.source == "ding" for e in haus[:first_free])  # Ding first
