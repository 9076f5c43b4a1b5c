"""The persistent library: fast import, split on first open, flags, feeds, search and the entity index."""

from __future__ import annotations

import random
import time
from pathlib import Path

from reader.articles.model import Article, Block, Sentence
from reader.library.importing import add_paths, ensure_seeds
from reader.library.indexing import index_pending
from reader.library.search import find
from reader.store import Store
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
    index_pending(store, None)
    started = time.perf_counter()
    results = find(store, "zeppelin")
    hits = results.page(store, 0, 50)
    search_time = time.perf_counter() - started
    assert [h.article for h in hits] == ["a4321"] and search_time < 0.2
    started = time.perf_counter()
    hits = find(store, "strasse").page(store, 0, 50)
    assert len(hits) == 50 and time.perf_counter() - started < 0.2
    # a hit in an article never opened is its paragraph: nothing is split by searching
    [hit] = find(store, "spass").page(store, 0, 0)
    assert hit.first.sentence is None and hit.first.text.startswith("Der Zeppelin")
    assert store.conn.execute("SELECT count(*) FROM articles WHERE split = 1").fetchone() == (0,)


def test_an_html_file_is_extracted(tmp_path: Path) -> None:
    from newssite import page

    path = tmp_path / "seite.html"
    path.write_text(page("strassenbau"), encoding="utf-8")
    store = Store(tmp_path / "r.db")
    [added] = [a for a in add_paths(store, [path]) if isinstance(a, Outcome)]
    assert added.kind == "added" and added.title.startswith("Neue Straße in Köln")
    article = open_article(store, added.article_id)
    assert article is not None and "Impressum" not in "".join(b.text for b in article.blocks)
