"""Grouping an article's mentions into entities: one canonical name and one type per entity."""

from __future__ import annotations

from conftest import SEED
from reader.articles.load import read_article
from reader.nlp.embedded import EmbeddedRecognizer
from reader.nlp.grouping import group_entities
from reader.nlp.types import Entity, Label


def mention(text: str, label: Label = "PER") -> Entity:
    return Entity(0, len(text), label, text)


def test_inflected_forms_are_one_entity_under_the_plain_name() -> None:
    sentences = [
        [mention("Süddeutschen Zeitung", "ORG")],
        [mention("Süddeutsche Zeitung", "ORG"), mention("Putins")],
        [mention("„Süddeutschen Zeitung“", "ORG"), mention("Putin")],
    ]
    grouped = group_entities(sentences)
    rows = {(g.name, g.label, g.count) for g in grouped.groups}
    assert rows == {("Süddeutsche Zeitung", "ORG", 3), ("Putin", "PER", 2)}
    assert [g.name for g in grouped.mentions[1]] == ["Süddeutsche Zeitung", "Putin"]
    assert grouped.sentences_of("Putin") == [1, 2]


def test_a_surname_joins_the_one_full_name_it_ends() -> None:
    sentences = [
        [mention("Franz Beckenbauer")],
        [mention("Beckenbauer")],
        [mention("Beckenbauers")],
        [mention("Thomas Müller"), mention("Gerd Müller")],
        [mention("Müller")],
    ]
    grouped = group_entities(sentences)
    rows = {(g.name, g.count) for g in grouped.groups}
    # Two Müllers: the lone surname is not guessed at.
    assert rows == {("Franz Beckenbauer", 3), ("Thomas Müller", 1), ("Gerd Müller", 1), ("Müller", 1)}


def test_different_names_stay_apart() -> None:
    sentences = [
        [mention("Hamburg", "LOC"), mention("Hamburger Hafen", "LOC"), mention("Hans"), mention("Han")]
    ]
    assert len(group_entities(sentences).groups) == 4


def test_an_entity_gets_one_type_the_majority_and_the_first_mention_breaks_a_tie() -> None:
    tie = [[mention("Moscow Times", "ORG")], [mention("Moscow Times", "PER")]]
    grouped = group_entities(tie)
    assert [(g.name, g.label, g.count) for g in grouped.groups] == [("Moscow Times", "ORG", 2)]
    assert [[e.label for e in s] for s in grouped.relabelled(tie)] == [["ORG"], ["ORG"]]
    majority = [
        [mention("Moscow Times", "PER")],
        [mention("Moscow Times", "ORG")],
        [mention("Moscow Times", "ORG")],
    ]
    assert group_entities(majority).groups[0].label == "ORG"


def test_the_seed_lists_each_entity_once_with_one_type() -> None:
    article = read_article(SEED)
    found = EmbeddedRecognizer().recognize_many([u.sentence.text for u in article.units])
    grouped = group_entities(found)
    names = [g.name for g in grouped.groups]
    assert len(names) == len(set(names))
    assert names.count("Moscow Times") == 1
    labels = {e.label for s in grouped.relabelled(found) for e in s if e.text == "Moscow Times"}
    assert len(labels) == 1
    assert sum(g.count for g in grouped.groups) == sum(len(s) for s in found)


def test_a_leading_article_a_short_form_and_an_abbreviation_join_the_full_name() -> None:
    sentences = [
        [mention("Der Bayerische Rundfunk", "ORG")],
        [mention("Bayerischen Rundfunks", "ORG"), mention("BR", "ORG")],
        [mention("Frankfurter Allgemeinen Zeitung", "ORG")],
        [mention("Frankfurter Allgemeinen", "ORG")],
        [mention("SC Paderborn", "ORG"), mention("SPD", "ORG")],  # not the initials: apart
    ]
    grouped = group_entities(sentences)
    rows = {(g.name, g.count) for g in grouped.groups}
    assert rows == {
        ("Bayerische Rundfunk", 3),
        ("Frankfurter Allgemeinen Zeitung", 2),
        ("SC Paderborn", 1),
        ("SPD", 1),
    }


def test_the_full_name_decides_the_type() -> None:
    sentences = [[mention("Emmanuel Macron")], [mention("Macron", "LOC")], [mention("Macron", "LOC")]]
    [macron] = group_entities(sentences).groups
    assert (macron.name, macron.label) == ("Emmanuel Macron", "PER")


def test_clubs_and_places_are_typed_as_a_reader_expects() -> None:
    found = EmbeddedRecognizer().recognize(
        "Jahn Regensburg schlug Greuther Fürth. Die Reise führt über München/Wien."
    )
    assert [(e.text, e.label) for e in found] == [
        ("Jahn Regensburg", "ORG"),
        ("Greuther Fürth", "ORG"),
        ("München", "LOC"),
        ("Wien", "LOC"),
    ]
