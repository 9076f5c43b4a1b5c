"""The persistent library: fast import, split on first open, flags, feeds, search and the entity index."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from pathlib import Path

from conftest import SEEDS
from reader.articles.model import Article, Block, Sentence
from reader.library.importing import add_paths, ensure_seeds
from reader.library.indexing import index_entities
from reader.library.search import search_library
from reader.nlp.types import Entity
from reader.store import Store, translations
from reader.store.entity_index import articles_mentioning
from reader.store.library import (
    NewArticle,
    feed_counts,
    list_articles,
    mark_all_read,
    open_article,
    save_articles,
    set_read,
    set_starred,
)
from reader.store.outcome import Outcome
from reader.store.search import index_english, search

TEXT = (
    "Der FC Bayern hat das Spiel gewonnen. Die Fans feierten in der Straße vor dem Stadion.\n\n"
    "Trainer Müller sagte, die Mannschaft habe gut gespielt. Am Mittwoch folgt das nächste Spiel.\n"
)


def _write(folder: Path, name: str, title: str, body: str = TEXT) -> Path:
    path = folder / name
    path.write_text(f"{title}\n\n{body}", encoding="utf-8")
    return path


def test_import_does_not_split_and_the_first_open_splits_once(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    path = _write(tmp_path, "a.txt", "Bayern gewinnt")
    [added] = [a for a in add_paths(store, [path]) if isinstance(a, Outcome)]
    assert added.kind == "added"
    stored = store.conn.execute("SELECT split FROM articles WHERE id = ?", (added.article_id,)).fetchone()
    assert stored == (0,)
    calls: list[str] = []

    def counting(text: str) -> tuple[Sentence, ...]:
        from reader.articles.segment import split_sentences

        calls.append(text)
        return split_sentences(text)

    article = open_article(store, added.article_id, split=counting)
    assert article is not None and len(article.units) == 4
    assert article.units[1].sentence.text == "Die Fans feierten in der Straße vor dem Stadion."
    again = open_article(store, added.article_id, split=counting)
    assert again == article and len(calls) == 2  # two paragraphs, split once each, never again


def test_the_same_text_is_never_added_twice(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    a = _write(tmp_path, "a.txt", "Bayern gewinnt")
    b = _write(tmp_path, "b.txt", "Bayern  gewinnt", TEXT.replace(". ", ".  "))  # other bytes, same text
    kinds = [x.kind for x in add_paths(store, [a, b, a]) if isinstance(x, Outcome)]
    assert kinds == ["added", "duplicate", "duplicate"]
    assert len(list_articles(store)) == 1


def test_missing_and_broken_files_are_one_line_each_and_the_rest_arrive(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    good = _write(tmp_path, "good.txt", "Gut")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    results = [x for x in add_paths(store, [tmp_path / "nowhere.txt", tmp_path / "bin.txt", good])]
    assert [(r.kind, Path(r.what).name) for r in results if isinstance(r, Outcome)] == [
        ("failed", "nowhere.txt"),
        ("failed", "bin.txt"),
        ("added", "good.txt"),
    ]
    assert "no such file" in results[0].line()  # type: ignore[union-attr]


def test_first_run_holds_the_seeds_and_later_runs_do_not_add_them_again(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    assert ensure_seeds(store) == 1
    assert ensure_seeds(store) == 0
    [seed] = list_articles(store)
    article = open_article(store, seed.id)
    assert article is not None and article.reference is not None  # a seed with a reference is split at once


def _article(i: int, title: str, paragraphs: list[str]) -> Article:
    blocks = tuple(Block("paragraph", p, (Sentence(p, 0, len(p)),)) for p in paragraphs)
    return Article(f"a{i}", title, blocks, source=f"/x/{i}.txt")


def test_list_is_newest_first_with_flags_and_counts_per_feed(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    save_articles(
        store,
        [
            NewArticle(
                _article(1, "Alt", ["Ein alter Text."]), "d1", split=False, feed="f1", published=100.0
            ),
            NewArticle(
                _article(2, "Neu", ["Ein neuer Text."]), "d2", split=False, feed="f1", published=300.0
            ),
            NewArticle(
                _article(3, "Mitte", ["Ein mittlerer Text."]), "d3", split=False, feed="f2", published=200.0
            ),
        ],
    )
    assert [s.title for s in list_articles(store)] == ["Neu", "Mitte", "Alt"]
    set_read(store, ["a2"])
    set_starred(store, "a1")
    assert [(c.feed, c.total, c.unread) for c in feed_counts(store)] == [("f1", 2, 1), ("f2", 1, 1)]
    assert [s.id for s in list_articles(store, unread=True)] == ["a3", "a1"]
    assert [s.id for s in list_articles(store, starred=True)] == ["a1"]
    assert mark_all_read(store, "f1") == ["a1"]
    assert [(c.feed, c.unread) for c in feed_counts(store)] == [("f1", 0), ("f2", 1)]
    set_read(store, ["a2"], read=False)
    assert [s.id for s in list_articles(store, feed="f1", unread=True)] == ["a2"]


def test_search_folds_umlauts_and_sharp_s_and_takes_prefixes(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    path = _write(tmp_path, "a.txt", "Fußball: Bayern gewinnt")
    list(add_paths(store, [path]))
    hits = search_library(store, "strasse")
    assert [(h.sentence, h.lang) for h in hits] == [(1, "de")]
    hit = hits[0]
    assert [hit.text[s:e] for s, e in hit.matches] == ["Straße"]
    assert [h.sentence for h in search_library(store, "MULLER")] == [2]
    assert search_library(store, "Fussball")[0].sentence is None  # the title
    assert {h.sentence for h in search_library(store, "spiel*")} == {0, 3}  # not "gespielt"
    assert search_library(store, "Spie") == []  # a whole word unless it ends in *
    assert search_library(store, '"; DROP TABLE articles; --') == []


def test_search_finds_english_translations_from_the_memory(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    list(add_paths(store, [_write(tmp_path, "a.txt", "Bayern gewinnt")]))
    [summary] = list_articles(store)
    article = open_article(store, summary.id)
    assert article is not None
    translations.remember(
        store,
        "google",
        "de-en",
        [(article.units[2].sentence.text, "Coach Müller said the team played well.")],
    )
    assert index_english(store, "google") == 1
    assert index_english(store, "google") == 0  # indexed once
    [hit] = search(store, "coach", lang="en")
    assert (hit.article, hit.sentence, hit.lang) == (summary.id, 2, "en")
    assert hit.text[hit.matches[0][0] : hit.matches[0][1]] == "Coach"


class _Names:
    """A stand-in recogniser for the index tests: it marks the capitalised names it is given."""

    name, version = "test", "1"

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def recognize(self, text: str) -> list[Entity]:
        found = []
        for name, label in self.names.items():
            start = text.find(name)
            while start >= 0:
                found.append(Entity(start, start + len(name), label, name))  # type: ignore[arg-type]
                start = text.find(name, start + 1)
        return sorted(found, key=lambda e: e.start)

    def recognize_many(self, texts: Sequence[str]) -> list[list[Entity]]:
        return [self.recognize(t) for t in texts]


def test_entity_index_groups_inflected_names(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    _write(tmp_path, "a.txt", "Erster", "Putin sprach in Moskau. Putins Rede war lang.\n")
    _write(tmp_path, "b.txt", "Zweiter", "In Moskau sprach Putin erneut.\n")
    _write(tmp_path, "c.txt", "Dritter", "Paris ist schön.\n")
    list(add_paths(store, [tmp_path]))
    recognizer = _Names({"Putins": "PER", "Putin": "PER", "Moskau": "LOC", "Paris": "LOC"})
    assert index_entities(store, recognizer) == 3
    assert index_entities(store, recognizer) == 0  # done once per recogniser version
    # nothing was split for it: mentions are placed by paragraph until an article is opened
    assert store.conn.execute("SELECT max(split), max(unit) FROM articles, article_entities").fetchone() == (
        0,
        -1,
    )
    [putin] = articles_mentioning(store, "Putin")
    assert putin.label == "PER" and set(putin.names) == {"Putin", "Putins"}
    assert [(title, n) for _, title, n in putin.articles] == [("Erster", 3), ("Zweiter", 1)]
    assert [g.canonical for g in articles_mentioning(store, "putins")] == ["putin"]
    [paris] = articles_mentioning(store, "Paris")
    assert [t for _, t, _ in paris.articles] == ["Dritter"]
    # opened, the article is indexed again by sentence
    open_article(store, putin.articles[0][0])
    assert index_entities(store, recognizer) == 1
    units = store.conn.execute(
        "SELECT DISTINCT unit FROM article_entities WHERE article = ? ORDER BY unit", (putin.articles[0][0],)
    ).fetchall()
    assert units == [(0,), (1,)]  # "Putin sprach in Moskau." and "Putins Rede war lang."


def test_real_recogniser_indexes_the_seed(tmp_path: Path) -> None:
    from reader.nlp.recognizers import load_recognizer
    from reader.settings import EntitySettings

    store = Store(tmp_path / "r.db")
    list(add_paths(store, [SEEDS]))
    index_entities(store, load_recognizer(EntitySettings(backend="embedded")))
    groups = articles_mentioning(store, "Naryschkin")
    assert groups and {g.articles[0][0] for g in groups} == {"17794"}
    assert any("Naryschkin" in name for g in groups for name in g.names)


WORDS = [
    "Regierung",
    "Bundestag",
    "Wirtschaft",
    "Berlin",
    "Energie",
    "Preise",
    "Frieden",
    "Wahl",
    "Partei",
    "Gericht",
    "Klima",
    "Schule",
    "Bahn",
    "Streik",
    "Haushalt",
    "Minister",
    "Europa",
    "Gespräche",
    "Polizei",
    "Stadt",
    "Markt",
    "Forschung",
    "Straße",
    "Brücke",
]


def test_ten_thousand_articles_list_and_search_fast(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    rng = random.Random(3)
    batch = []
    for i in range(10_000):
        paragraphs = [
            " ".join(
                f"Die {rng.choice(WORDS)} meldet {rng.choice(WORDS)} am {i % 28 + 1}. Mai." for _ in range(3)
            )
            for _ in range(4)
        ]
        if i == 4321:
            paragraphs[2] = "Der Zeppelin über Köln war ein großer Spaß für alle Kinder."
        art = _article(i, f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}", paragraphs)
        batch.append(NewArticle(art, f"d{i}", split=False, feed=f"feed{i % 7}", published=float(i)))
    for start in range(0, len(batch), 1000):
        save_articles(store, batch[start : start + 1000])
    started = time.perf_counter()
    listed = list_articles(store)
    list_time = time.perf_counter() - started
    assert len(listed) == 10_000 and listed[0].id == "a9999" and listed[-1].id == "a0"
    assert list_time < 1.0
    started = time.perf_counter()
    hits = search(store, "zeppelin")
    search_time = time.perf_counter() - started
    assert [h.article for h in hits] == ["a4321"] and search_time < 0.2
    started = time.perf_counter()
    hits = search(store, "strasse", limit=50)
    assert len(hits) == 50 and time.perf_counter() - started < 0.2
    # opening a hit splits only that article
    [hit] = search_library(store, "spass")
    assert hit.sentence is not None and hit.text.startswith("Der Zeppelin")
    assert store.conn.execute("SELECT count(*) FROM articles WHERE split = 1").fetchone() == (1,)


def test_articles_stored_before_the_index_existed_are_indexed(tmp_path: Path) -> None:
    from reader.store.library import index_missing

    store = Store(tmp_path / "r.db")
    list(add_paths(store, [_write(tmp_path, "a.txt", "Bayern gewinnt")]))
    with store.write() as conn:  # what a store from before migration 2 looks like: no passages
        conn.execute("DELETE FROM passages")
        conn.execute("INSERT INTO passages_fts (passages_fts) VALUES ('rebuild')")
    assert search(store, "stadion") == []
    assert index_missing(store) == 1 and index_missing(store) == 0
    assert [h.article for h in search(store, "stadion")] == [list_articles(store)[0].id]


def test_an_html_file_is_extracted(tmp_path: Path) -> None:
    from newssite import page

    path = tmp_path / "seite.html"
    path.write_text(page("strassenbau"), encoding="utf-8")
    store = Store(tmp_path / "r.db")
    [added] = [a for a in add_paths(store, [path]) if isinstance(a, Outcome)]
    assert added.kind == "added" and added.title.startswith("Neue Straße in Köln")
    article = open_article(store, added.article_id)
    assert article is not None and "Impressum" not in "".join(b.text for b in article.blocks)
