"""The interlinear gloss: a short gloss under each word, aligned, wrapped within the width."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from reader.lookup import index
from reader.lookup.gloss import Gloss, gloss_sentence, layout, render
from reader.lookup.service import Lookup
from reader.store import Store

pytest_plugins = ["dictionary"]

SENTENCE = "Ehemalige Verteidigungsbeamte und Mitglieder der russischen Regierung haben einen geheimen Kanal."


@pytest.fixture
def lookup(tmp_path: Path, ding_file: Path) -> Lookup:
    store = Store(tmp_path / "s.db")
    index.build(store, ding_file)
    return Lookup(store)


def test_each_word_gets_the_first_sense_of_its_best_entry(lookup: Lookup) -> None:
    glosses = gloss_sentence(lookup, SENTENCE)
    assert [g.word for g in glosses][:3] == ["Ehemalige", "Verteidigungsbeamte", "und"]
    by_word = {g.word: g.gloss for g in glosses}
    assert by_word["Ehemalige"] == "former"  # the adjective, not the noun "alumnus"
    assert by_word["Verteidigungsbeamte"] == "defence+official"  # a compound: its parts, shortest sense
    assert by_word["Regierung"] == "government"  # "/Gov.; Govt./" is left out
    assert by_word["haben"] == "have"  # "to have": the verb plain
    assert by_word["einen"] == "a"  # the article in this sentence
    assert all(SENTENCE[g.start : g.end] == g.word for g in glosses)


def _check_aligned(rows: list[tuple[str, str]], glosses: list[Gloss]) -> None:
    """Every gloss starts in the column where its word starts."""
    flat = [(top, bottom) for top, bottom in rows]
    remaining = list(glosses)
    for top, bottom in flat:
        column = 0
        while remaining and column < len(top):
            g = remaining[0]
            at = top.find(g.word, column)
            if at < 0:
                break
            if g.gloss:
                assert bottom[at : at + len(g.gloss)] == g.gloss
            column = at + len(g.word)
            remaining.pop(0)
    assert not remaining


@pytest.mark.parametrize("width", [80, 40, 24])
def test_layout_aligns_and_wraps_within_the_width(lookup: Lookup, width: int) -> None:
    glosses = gloss_sentence(lookup, SENTENCE)
    rows = layout(SENTENCE, glosses, width)
    assert all(cell_len(line) <= width for row in rows for line in row)
    _check_aligned(rows, glosses)
    assert " ".join(" ".join(top for top, _ in rows).split()) == SENTENCE  # nothing lost, punctuation kept
    if width == 80:
        assert len(rows) == 2


def test_layout_is_pure_and_handles_wide_and_long_words() -> None:
    sentence = "Das Donaudampfschifffahrtsgesellschaftskapitänsmütze 東京"
    glosses = [
        Gloss(0, 3, "Das", "the", "headword"),
        Gloss(4, 52, sentence[4:52], "captain's cap", "compound"),
        Gloss(53, 55, "東京", "Tokyo", "none"),
    ]
    rows = layout(sentence, glosses, 20)
    assert all(cell_len(line) <= 20 for row in rows for line in row)
    assert rows[-1] == ("東京", "Tokyo")
    assert render(sentence, glosses, 20).count("\n\n") == len(rows) - 1


def test_an_empty_sentence_has_no_rows(lookup: Lookup) -> None:
    assert gloss_sentence(lookup, "") == []
    assert layout("", [], 80) == []
