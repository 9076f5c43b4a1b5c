"""Projection of German entities onto the English sentence, measured on the seed against hand-written gold."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from reader.articles.load import read_article
from reader.nlp.english import align_entities, english_name, project_entities
from reader.nlp.names import name_table
from reader.nlp.types import Entity

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_4cf55c76e33746fd.txt"

# Every entity mention in the seed's 21 sentences, by GermEval 2014 conventions (a name inside a
# compound is its part: "US" in "US-Regierung"), with the English counterpart in the reference
# translation. Mentions are in order within each sentence.
GOLD: list[tuple[int, str, str, str]] = [
    (0, "US", "LOC", "US"),
    (1, "US", "LOC", "US"),
    (1, "Moscow Times", "ORG", "Moscow Times"),
    (3, "Moskau", "LOC", "Moscow"),
    (3, "Washington", "LOC", "Washington"),
    (4, "Moscow Times", "ORG", "Moscow Times"),
    (8, "USA", "LOC", "USA"),
    (8, "Russland", "LOC", "Russia"),
    (9, "Russland", "LOC", "Russia"),
    (9, "Zentralasien", "LOC", "Central Asia"),
    (10, "Ukraine", "LOC", "Ukraine"),
    (10, "Russland", "LOC", "Russia"),
    (11, "US", "LOC", "US"),
    (11, "Moskau", "LOC", "Moscow"),
    (12, "Ukraine", "LOC", "Ukraine"),
    (14, "Russland", "LOC", "Russia"),
    (14, "Krim", "LOC", "Crimea"),
    (15, "US", "LOC", "US"),
    (16, "Putin", "PER", "Putin"),
    (17, "US", "LOC", "US"),
    (17, "Putin", "PER", "Putin"),
    (18, "Russland", "LOC", "Russia"),
    (18, "USA", "LOC", "USA"),
    (18, "CIA", "ORG", "CIA"),
    (18, "William Burns", "PER", "William Burns"),
    (18, "Sergei Naryschkin", "PER", "Sergei Naryshkin"),
    (20, "USA", "LOC", "USA"),
    (20, "Kreml", "LOC", "Kremlin"),
]

# The -deriv mentions GermEval tags (and scores as no entity). A recogniser may still return them as
# MISC, so they should project too.
DERIVED: list[tuple[int, str, str, str]] = [
    (0, "russischen", "MISC", "Russian"),
    (5, "russischen", "MISC", "Russian"),
    (10, "europäische", "MISC", "European"),
    (13, "Ukrainer", "MISC", "Ukrainians"),
    (15, "russischen", "MISC", "Russian"),
    (16, "russische", "MISC", "Russian"),
    (17, "russische", "MISC", "Russian"),
    (18, "russischen", "MISC", "Russia"),
    (19, "russischen", "MISC", "Russian"),
    (19, "Amerikaner", "MISC", "Americans"),
]


def locate(text: str, mentions: list[tuple[str, str]]) -> list[Entity]:
    """Entities for `mentions` (surface, label), found left to right in `text`."""
    out: list[Entity] = []
    pos = 0
    for surface, label in mentions:
        start = text.index(surface, pos)
        out.append(Entity(start, start + len(surface), label, surface))  # type: ignore[arg-type]
        pos = start + len(surface)
    return out


def seed_coverage(gold: list[tuple[int, str, str, str]]) -> tuple[int, int, list[str]]:
    """(mentions whose English counterpart was highlighted exactly, mentions, misses described)."""
    article = read_article(SEED)
    assert article.reference is not None, "the seed's reference translation is missing"
    hits, misses = 0, []
    for index in sorted({g[0] for g in gold}):
        rows = [g for g in gold if g[0] == index]
        de = article.units[index].sentence.text
        en = article.reference.sentences[index]
        entities = locate(de, [(surface, label) for _, surface, label, _ in rows])
        for (_, surface, _, expected), got in zip(rows, align_entities(de, entities, en), strict=True):
            if got is not None and got.text == expected:
                hits += 1
            else:
                misses.append(f"{index}: {surface} -> {got.text if got else None} (want {expected})")
    return hits, len(gold), misses


def test_gold_is_written_against_the_seed() -> None:
    article = read_article(SEED)
    assert len(article.units) == 21
    assert article.reference is not None and len(article.reference.sentences) == 21
    for index, surface, _, expected in [*GOLD, *DERIVED]:
        assert surface in article.units[index].sentence.text
        assert expected in article.reference.sentences[index]


def test_seed_coverage_is_at_least_90_percent() -> None:
    hits, total, misses = seed_coverage(GOLD)
    assert hits / total >= 0.9, misses


def test_seed_derived_mentions_project() -> None:
    hits, total, misses = seed_coverage(DERIVED)
    assert hits / total >= 0.9, misses


def test_the_whole_seed_projects_without_spurious_spans() -> None:
    """Each sentence's gold, all at once: every projected span is the expected counterpart."""
    article = read_article(SEED)
    assert article.reference is not None
    for index in range(21):
        rows = [g for g in [*GOLD, *DERIVED] if g[0] == index]
        de = article.units[index].sentence.text
        rows.sort(key=lambda g: de.index(g[1]))
        entities = locate(de, [(s, label) for _, s, label, _ in rows])
        projected = project_entities(de, entities, article.reference.sentences[index])
        assert sorted(e.text for e in projected) == sorted(g[3] for g in rows), index


@pytest.mark.parametrize("offset", [3, 7, 11])
def test_misaligned_sentences_only_project_the_same_name(offset: int) -> None:
    """German sentence i against English sentence i+offset: whatever is found must be the same name."""
    article = read_article(SEED)
    assert article.reference is not None
    rows_all = [*GOLD, *DERIVED]
    for index in range(21):
        de = article.units[index].sentence.text
        rows = sorted((g for g in rows_all if g[0] == index), key=lambda g: de.index(g[1]))
        entities = locate(de, [(s, label) for _, s, label, _ in rows])
        en = article.reference.sentences[(index + offset) % 21]
        for entity, got in zip(entities, align_entities(de, entities, en), strict=True):
            if got is None:
                continue
            same = {g[3] for g in rows_all if g[1] == entity.text}
            same |= set(name_table().lookup(entity.text, entity.label))
            assert got.text in same, (index, entity.text, got.text, en)


def pair(de: str, mentions: list[tuple[str, str]], en: str) -> list[str | None]:
    entities = locate(de, mentions)
    return [e.text if e else None for e in align_entities(de, entities, en)]


def test_inflected_names_and_adjectives() -> None:
    assert pair(
        "Die Ukrainer hoffen auf Hilfe des Kremls und auf die Armee Russlands.",
        [("Ukrainer", "MISC"), ("Kremls", "LOC"), ("Russlands", "LOC")],
        "Ukrainians are hoping for help from the Kremlin and for Russia's army.",
    ) == ["Ukrainians", "Kremlin", "Russia"]
    assert pair(
        "Die russischen Truppen zogen sich aus der Krim zurück.",
        [("russischen", "MISC"), ("Krim", "LOC")],
        "Russian troops withdrew from Crimea.",
    ) == ["Russian", "Crimea"]


def test_names_inside_compounds() -> None:
    # The recogniser may return the part ("US") or the whole compound; either finds "US".
    assert pair(
        "Die US-Regierung schickte den CIA-Chef William Burns nach Moskau.",
        [("US-Regierung", "LOC"), ("CIA-Chef", "ORG"), ("William Burns", "PER"), ("Moskau", "LOC")],
        "The US government sent CIA director William Burns to Moscow.",
    ) == ["US", "CIA", "William Burns", "Moscow"]


def test_inflected_multi_word_names_and_city_adjectives() -> None:
    assert pair(
        "Das Auswärtige Amt rät von Reisen in den Nahen Osten ab, meldet das Kiewer Militär.",
        [("Auswärtige Amt", "ORG"), ("Nahen Osten", "LOC"), ("Kiewer", "MISC")],
        "The Foreign Office advises against travel to the Middle East, the military in Kyiv reports.",
    ) == ["Foreign Office", "Middle East", "Kyiv"]


def test_compounds_of_several_names_and_partly_translated_names() -> None:
    assert pair(
        "Im Russland-Ukraine-Krieg urteilte der Europäische Gerichtshof gegen Polen.",
        [("Russland-Ukraine-Krieg", "MISC"), ("Europäische Gerichtshof", "ORG"), ("Polen", "LOC")],
        "In the Russia-Ukraine war, the European Court of Justice ruled against Poland.",
    ) == ["Russia-Ukraine", "European Court of Justice", "Poland"]


def test_transliterated_names() -> None:
    assert pair(
        "Selenskyj sprach mit Sergej Naryschkin und Dmitri Peskow in Saporischschja.",
        [
            ("Selenskyj", "PER"),
            ("Sergej Naryschkin", "PER"),
            ("Dmitri Peskow", "PER"),
            ("Saporischschja", "LOC"),
        ],
        "Zelenskyy spoke to Sergey Naryshkin and Dmitry Peskov in Zaporizhzhia.",
    ) == ["Zelenskyy", "Sergey Naryshkin", "Dmitry Peskov", "Zaporizhzhia"]
    # Not in the table: found by spelling similarity alone.
    assert pair(
        "Markus Söder traf Olexandr Syrskyj in Tschernihiw.",
        [("Markus Söder", "PER"), ("Olexandr Syrskyj", "PER"), ("Tschernihiw", "LOC")],
        "Markus Soeder met Oleksandr Syrskyi in Chernihiv.",
    ) == ["Markus Soeder", "Oleksandr Syrskyi", "Chernihiv"]


def test_a_name_the_translation_leaves_out_is_not_highlighted() -> None:
    assert pair(
        "Laut Dmytro Kuleba sei die Lage in der Ukraine ernst.",
        [("Dmytro Kuleba", "PER"), ("Ukraine", "LOC")],
        "According to Ukraine's foreign minister, the situation in the country is serious.",
    ) == [None, "Ukraine"]
    assert pair(
        "Er sprach mit Kanzler Scholz am Montag in Bad Tölz, berichtete die Tagesschau.",
        [("Scholz", "PER"), ("Bad Tölz", "LOC"), ("Tagesschau", "ORG")],
        "He spoke with Chancellor Scholz in a Bavarian spa town on Monday, according to reports.",
    ) == ["Scholz", None, None]


def test_tagger_pairs_a_translated_name_by_position() -> None:
    # "Auswärtiges Amt" is in the table, "Bundesnetzagentur" is not: HanTa finds the proper noun.
    assert pair(
        "Die Bundesnetzagentur warnte vor Engpässen.",
        [("Bundesnetzagentur", "ORG")],
        "The Federal Network Agency warned of shortages.",
    ) == ["Federal Network Agency"]


def test_projection_is_sorted_and_non_overlapping() -> None:
    de = "Moskau und die “Moscow Times” widersprechen sich, sagte man in Moskau."
    entities = locate(de, [("Moskau", "LOC"), ("Moscow Times", "ORG"), ("Moskau", "LOC")])
    en = "Moscow and the “Moscow Times” contradict each other, people in Moscow said."
    projected = project_entities(de, entities, en)
    assert [(e.text, e.label) for e in projected] == [
        ("Moscow", "LOC"),
        ("Moscow Times", "ORG"),
        ("Moscow", "LOC"),
    ]
    assert all(a.end <= b.start for a, b in itertools.pairwise(projected))
    assert all(en[e.start : e.end] == e.text for e in projected)


def test_empty_inputs() -> None:
    assert project_entities("Nichts.", [], "Nothing.") == []
    assert align_entities("Moskau.", [Entity(0, 6, "LOC", "Moskau")], "") == [None]


@pytest.mark.parametrize(
    ("german", "label", "english"),
    [
        ("Moskau", "LOC", "Moscow"),
        ("Krim", "LOC", "Crimea"),
        ("Russland", "LOC", "Russia"),
        ("Russlands", "LOC", "Russia"),
        ("USA", "LOC", "US"),
        ("Ukraine", "LOC", "Ukraine"),
        ("Kreml", "LOC", "Kremlin"),
        ("Zentralasien", "LOC", "Central Asia"),
        ("Frankreich", "LOC", "France"),  # from pycountry's German catalogue
        ("russischen", "MISC", "Russian"),
        ("Polen", "LOC", "Poland"),
        ("Polen", "MISC", "Poles"),
        ("Gerhard Schröder", "PER", None),
    ],
)
def test_english_name(german: str, label: str, english: str | None) -> None:
    assert english_name(german, label) == english


def test_name_table_has_pycountry_and_curated_names() -> None:
    table = name_table()
    assert len(table) > 500
    assert table.lookup("Vereinigtes Königreich")[0] == "United Kingdom"


def test_models_load_lazily_and_only_when_needed() -> None:
    """Importing loads nothing; names every signal before the tagger can place leave HanTa unloaded."""
    code = """
import sys
from reader.nlp.english import project_entities
from reader.nlp.types import Entity
assert "pycountry" not in sys.modules and "HanTa" not in sys.modules
de = "Die US-Regierung warnt Moskau."
ents = [Entity(4, 6, "LOC", "US"), Entity(23, 29, "LOC", "Moskau")]
assert [e.text for e in project_entities(de, ents, "The US government warns Moscow.")] == ["US", "Moscow"]
assert "HanTa" not in sys.modules
"""
    subprocess.run([sys.executable, "-c", code], check=True)
