"""Search that understands German: forms, lemmas and compounds, ranked one result per article, kept up
to date by the background index, never indexing or splitting at query time."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest

from reader.articles.model import Article, Block
from reader.articles.segment import unsplit
from reader.library.importing import add_paths
from reader.library.indexing import index_pending
from reader.library.names import NamedEntity, articles_of, entities_named
from reader.library.search import find
from reader.nlp.types import Entity
from reader.store import Store, translations
from reader.store import search as index
from reader.store.library import NewArticle, list_articles, open_article, save_articles
from reader.store.schema import MIGRATIONS

FILLER = [
    "Der Zug nach Hamburg fuhr pünktlich ab. Die Fahrgäste lasen Zeitung.",
    "Im Herbst fallen die Blätter. Der Wind weht kalt über das Feld.",
    "Die Bäckerei öffnet um sechs Uhr. Frisches Brot duftet in der Gasse.",
    "Am See sitzen Angler. Ein Boot treibt langsam ans Ufer.",
    "Das Konzert begann spät. Die Musiker spielten bis Mitternacht.",
    "Der Markt war voll. Händler boten Äpfel und Birnen an.",
]


def _library(tmp_path: Path, articles: dict[str, str], filler: bool = True) -> tuple[Store, dict[str, str]]:
    """A store holding `articles` (title → text) and some unrelated ones, indexed; title → id."""
    folder = tmp_path / "articles"
    folder.mkdir()
    texts = dict(articles)
    if filler:
        texts.update({f"Sonst {i}": text for i, text in enumerate(FILLER)})
    for i, (title, text) in enumerate(texts.items()):
        (folder / f"{i:02d}.txt").write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    store = Store(tmp_path / "r.db")
    list(add_paths(store, [folder]))
    index_pending(store, None)
    return store, {s.title: s.id for s in list_articles(store)}


def _titles(store: Store, query: str, **kw: str) -> list[str]:
    return [h.title for h in find(store, query, **kw).page(store, 0, 0)]


def test_a_word_finds_its_forms_its_lemma_and_compounds_ranked_form_lemma_compound(tmp_path: Path) -> None:
    store, _ = _library(
        tmp_path,
        {
            "Enkel": "Das Enkelkind besuchte die Großeltern am Sonntag.",
            "Spielplatz": "Auf dem Spielplatz spielen die Kindern zugedachten Geräte.",
            "Schlaf": "Das Kind schläft tief und fest.",
        },
    )
    hits = find(store, "Kind").page(store, 0, 0)
    assert [(h.title, h.via) for h in hits] == [
        ("Schlaf", "form"),
        ("Spielplatz", "lemma"),
        ("Enkel", "compound"),
    ]
    enkel = hits[2].first
    assert [enkel.text[s:e] for s, e in enkel.matches] == ["Enkelkind"]
    assert hits[0].score < hits[1].score < hits[2].score < 0  # bm25: lower is better


def test_haus_finds_krankenhauser_and_regierung_finds_landesregierungen(tmp_path: Path) -> None:
    store, _ = _library(
        tmp_path,
        {
            "Kliniken": "Die Krankenhäuser im Land sind überfüllt.",
            "Länder": "Mehrere Landesregierungen beraten über das Gesetz.",
            "Bund": "Die Bundesregierung schweigt dazu.",
        },
    )
    assert _titles(store, "Haus") == ["Kliniken"]
    assert set(_titles(store, "Regierung")) == {"Länder", "Bund"}
    assert _titles(store, "Häuser") == ["Kliniken"]  # a form not in the library: its lemma, Haus
    assert _titles(store, "Bundesregierungen") == ["Bund"]  # its lemma's forms


def test_quotes_keep_the_exact_form_and_a_star_is_a_prefix(tmp_path: Path) -> None:
    store, _ = _library(
        tmp_path,
        {
            "Genau": "Die Bundesregierung tagt.",
            "Mehrzahl": "Zwei Bundesregierungen tagten.",
            "Land": "Die Landesregierung tagt auch.",
            "Ort": "Die Straße in der Stadt ist neu.",
        },
    )
    assert _titles(store, '"Bundesregierung"') == ["Genau"]
    assert set(_titles(store, "Bundesregierung")) == {"Genau", "Mehrzahl"}
    assert set(_titles(store, "Bundes*")) == {"Genau", "Mehrzahl"}
    assert _titles(store, '"in der Stadt"') == ["Ort"]
    assert _titles(store, '"der Stadt in"') == []
    assert _titles(store, "strasse") == ["Ort"]  # ß and umlauts fold
    assert _titles(store, "Bundesreg") == []  # a whole word unless it ends in *
    assert _titles(store, '"; DROP TABLE articles; --') == []


def test_one_result_per_article_with_its_best_sentences(tmp_path: Path) -> None:
    store, ids = _library(
        tmp_path,
        {"Viel": "Die Polizei kam spät.\n\nDie Polizei nahm zwei Männer fest. Die Polizei sucht Zeugen."},
    )
    [hit] = find(store, "Polizei").page(store, 0, 0)
    assert [p.where() for p in hit.passages] == ["paragraph 1", "paragraph 2"]  # never opened: paragraphs
    open_article(store, ids["Viel"])  # opening splits it: now sentences
    [hit] = find(store, "Polizei").page(store, 0, 0)
    assert [p.where() for p in hit.passages] == ["sentence 1", "sentence 2"]
    assert hit.as_json()["sentence"] == 0 and hit.as_json()["via"] == "form"


def test_results_page_in_rank_order_and_past_the_ranked_ones_newest_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "r.db")
    batch = []
    for i in range(30):  # published a day apart
        text = "Die Polizei kam. " + "Sonst nichts. " * (i % 5)
        article = Article(f"a{i}", f"Artikel {i}", (Block("paragraph", text, unsplit(text)),))
        batch.append(NewArticle(article, f"d{i}", split=False, published=1e9 + i * 86400))
    save_articles(store, batch)
    index_pending(store, None)
    everything = _titles(store, "Polizei")
    results = find(store, "Polizei")
    paged = [h.title for start in range(0, 30, 7) for h in results.page(store, start, 7)]
    assert paged == everything and len(set(paged)) == 30 and len(results) == 30
    monkeypatch.setattr(index, "RANKED", 10)  # a word in more articles: the newest ranked, then the rest
    capped = find(store, "Polizei")
    titles = [h.title for h in capped.page(store, 0, 0)]
    assert sorted(titles) == sorted(everything) and capped.matches.bound != 0
    older = [int(t.split()[1]) for t in titles[10:]]  # newest first after the ranked
    assert older == sorted(older, reverse=True) and max(older) < min(int(t.split()[1]) for t in titles[:10])


def test_nothing_matches_says_what_was_tried_and_suggests_forms(tmp_path: Path) -> None:
    store, _ = _library(tmp_path, {"Luft": "Der Zeppelin schwebt über der Stadt."})
    results = find(store, "Zepelin")
    assert len(results) == 0
    assert results.note().startswith("Nothing matches 'Zepelin' (tried 'zepelin'")
    assert "Try: Zeppelin." in results.note()


def test_english_from_the_memory_is_found_by_its_stem(tmp_path: Path) -> None:
    store, ids = _library(tmp_path, {"Sport": "Der Trainer lobte die Mannschaft. Sie spielte gut."})
    article = open_article(store, ids["Sport"])
    assert article is not None
    translations.remember(
        store, "google", "de-en", [(article.units[0].sentence.text, "The coach praised the team.")]
    )
    assert _titles(store, "coaches") == []  # not indexed until the background job runs
    assert index_pending(store, None, engine="google").english == 1
    assert index_pending(store, None, engine="google").english == 0  # once
    [hit] = find(store, "coaches").page(store, 0, 0)
    assert (hit.first.lang, hit.first.sentence, hit.via) == ("en", 0, "lemma")
    assert _titles(store, "coach", lang="de") == []


def test_a_query_never_indexes_or_splits_and_says_how_far_the_index_is(tmp_path: Path) -> None:
    store, _ = _library(tmp_path, {"Erst": "Die Polizei kam."})
    folder = tmp_path / "more"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(f"Neu {i}\n\nDie Polizei kam wieder.\n", encoding="utf-8")
    list(add_paths(store, [folder]))
    results = find(store, "Polizei")
    assert [h.title for h in results.page(store, 0, 0)] == ["Erst"]  # from what is indexed
    assert "indexed 7 of 10 articles so far" in results.note()
    assert index.coverage(store).words == 7  # the query indexed nothing
    assert store.conn.execute("SELECT count(*) FROM articles WHERE split = 1").fetchone() == (0,)


def test_indexing_is_resumable_and_never_indexes_an_article_twice(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(250):
        (folder / f"{i:03d}.txt").write_text(f"Titel {i}\n\nDie Polizei kam um {i} Uhr.\n", encoding="utf-8")
    store = Store(tmp_path / "r.db")
    list(add_paths(store, [folder]))
    calls = 0

    def stop() -> bool:  # as if the process were stopped after the first batch
        nonlocal calls
        calls += 1
        return calls > 1

    first = index_pending(store, None, should_stop=stop)
    assert 0 < first.words < 250 and first.coverage.words == first.words
    assert len(find(store, "Polizei")) == first.words
    second = index_pending(store, None)
    assert first.words + second.words == 250 and second.coverage.words == 250
    assert len(find(store, "Polizei")) == 250
    assert index_pending(store, None).words == 0


def test_a_store_from_before_migrates_and_is_indexed_again(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for step, script in enumerate(MIGRATIONS[:3]):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {step + 1}")
    body = {
        "id": "a",
        "title": "Alt",
        "source": "",
        "blocks": [["paragraph", "Die Kinder lachen.", [[0, 18]]]],
    }
    conn.execute(  # as migration 3 stored it: the body as JSON text
        "INSERT INTO articles (id, title, content_hash, parser_version, body, added_at)"
        " VALUES ('a', 'Alt', 'h', 1, ?, 0)",
        (json.dumps(body),),
    )
    conn.commit()
    conn.close()
    store = Store(path)
    assert index.coverage(store).words == 0  # queued by the migration
    index_pending(store, None)
    assert _titles(store, "Kind") == ["Alt"]


def _titles_of(store: Store, entity: NamedEntity) -> set[str]:
    ids = index.articles_of(store, [a.n for a in articles_of(store, entity)])
    titles = {s.id: s.title for s in list_articles(store)}
    return {titles[i] for i in ids.values()}


class _Names:
    """A stand-in recogniser: it marks the names it is given, wherever they are."""

    name, version = "test", "1"

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def recognize(self, text: str) -> list[Entity]:
        found: list[Entity] = []
        for name, label in sorted(self.names.items(), key=lambda kv: -len(kv[0])):
            start = text.find(name)
            while start >= 0:
                if not any(e.start <= start < e.end for e in found):
                    found.append(Entity(start, start + len(name), label, name))  # type: ignore[arg-type]
                start = text.find(name, start + 1)
        return sorted(found, key=lambda e: e.start)

    def recognize_many(self, texts: Sequence[str]) -> list[list[Entity]]:
        return [self.recognize(t) for t in texts]


def test_one_name_one_entity_across_the_library(tmp_path: Path) -> None:
    store, _ = _library(
        tmp_path,
        {
            "Gipfel": "Wladimir Putin traf den Präsidenten. Putin lächelte.",
            "Rede": "Putins Rede dauerte lange.",
            "Kreml": "Im Kreml sprach Putin mit Beratern.",
            "Moskau": "Vladimir Putin reiste ab.",
            "Sender": "Der Bayerische Rundfunk berichtete. Der BR sendet live.",
            "Programm": "Im BR lief ein Film.",
            "Paris": "Paris ist schön.",
        },
    )
    names = {
        "Wladimir Putin": "PER",
        "Vladimir Putin": "PER",
        "Putins": "PER",
        "Putin": "PER",
        "Bayerische Rundfunk": "ORG",
        "BR": "ORG",
        "Paris": "LOC",
        "Kreml": "LOC",
    }
    index_pending(store, lambda: _Names(names))
    [putin] = entities_named(store, "Putin")
    assert putin.name == "Wladimir Putin" and putin.label == "PER"
    assert _titles_of(store, putin) == {"Gipfel", "Rede", "Kreml", "Moskau"}
    assert set(putin.names) == {"Wladimir Putin", "Vladimir Putin", "Putin", "Putins"}
    assert [e.name for e in entities_named(store, "Wladimir Putin")] == ["Wladimir Putin"]
    assert _titles_of(store, entities_named(store, "putins")[0]) == {"Gipfel", "Rede", "Kreml", "Moskau"}
    [br] = entities_named(store, "BR")
    assert br.name == "Bayerische Rundfunk" and _titles_of(store, br) == {"Sender", "Programm"}
    assert _titles_of(store, entities_named(store, "Bayerischer Rundfunk")[0]) == {
        "Sender",
        "Programm",
    }
    [paris] = entities_named(store, "Paris")  # a name ending in s keeps it
    assert _titles_of(store, paris) == {"Paris"}


def test_an_article_whose_body_cannot_be_read_is_skipped_not_fatal(tmp_path: Path) -> None:
    store, _ = _library(tmp_path, {"Gut": "Die Polizei kam."}, filler=False)
    folder = tmp_path / "zwei"
    folder.mkdir()
    (folder / "a.txt").write_text("Kaputt\n\nDie Polizei auch.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Heil\n\nDie Polizei wieder.\n", encoding="utf-8")
    list(add_paths(store, [folder]))
    with store.write() as conn:
        conn.execute("UPDATE articles SET body = x'00ff' WHERE title = 'Kaputt'")
    index_pending(store, None)
    assert set(_titles(store, "Polizei")) == {"Gut", "Heil"}
    assert not index.pending(store, index.WORDS, 10)


def test_a_name_never_runs_across_two_sentences_of_a_paragraph(tmp_path: Path) -> None:
    from reader.nlp.recognizers import load_recognizer
    from reader.settings import EntitySettings

    store, _ = _library(
        tmp_path,
        {"Rede": "Das sagte Bundespräsident Horst Köhler. Berlin ist groß.", "Stadt": "Berlin wächst."},
    )
    index_pending(store, lambda: load_recognizer(EntitySettings(backend="embedded")))
    [berlin] = entities_named(store, "Berlin")
    assert (berlin.name, berlin.label) == ("Berlin", "LOC") and _titles_of(store, berlin) == {"Rede", "Stadt"}
    [koehler] = entities_named(store, "Köhler")
    assert koehler.name == "Horst Köhler"


def test_an_index_made_by_an_older_version_is_made_again(tmp_path: Path) -> None:
    from reader.library.indexing import needs_work

    store, _ = _library(tmp_path, {"Kinder": "Die Kinder lachen."}, filler=False)
    recogniser = _Names({"Kinder": "MISC"})
    index_pending(store, lambda: recogniser)
    assert not needs_work(store, recogniser, "google", "de-en")
    with store.write() as conn:  # as a store indexed by an older reader would say
        index.set_meta(conn, index.WORDS, "0")
        index.set_meta(conn, index.ENTITIES, "test:0")
    assert needs_work(store, recogniser, "google", "de-en")
    again = index_pending(store, lambda: recogniser)
    assert (again.words, again.entities) == (1, 1) and _titles(store, "Kind") == ["Kinder"]
    assert not needs_work(store, recogniser, "google", "de-en")
