"""Recovering a damaged store keeps every readable row of every table: a library of 1,000 real-length
articles with feeds, words, translations, positions and marks, pages overwritten at several offsets,
keeps at least 90 % of its articles, and the notice's counts are what the new store holds."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from reader.articles.parse import parse_article
from reader.articles.segment import unsplit
from reader.library.indexing import index_pending
from reader.library.search import search_library
from reader.store import Store, library, marks, reading, translations
from reader.store import feeds as feed_store
from reader.store.library import NewArticle, content_hash, save_articles
from reader.store.vocab import VocabItem, list_words, save_word

ARTICLES = 1000
WORDS = [
    "Regierung",
    "Bundestag",
    "Wirtschaft",
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
    "Kanzler",
    "Stadt",
    "Land",
    "Polizei",
    "Bericht",
    "Jahr",
    "Woche",
    "Montag",
    "Berlin",
    "München",
    "Europa",
    "Kinder",
    "Eltern",
    "Arbeit",
    "Gewerkschaft",
    "Verhandlung",
    "Ergebnis",
    "Zukunft",
    "Entscheidung",
    "Gesetz",
    "Antrag",
    "Mehrheit",
]
VERBS = [
    "hat beschlossen",
    "will prüfen",
    "kritisiert",
    "fordert",
    "verteidigt",
    "lehnt ab",
    "kündigt an",
    "meldet",
]


def text(rng: random.Random, n: int) -> str:
    sentences = []
    for _ in range(24):
        words = rng.sample(WORDS, 6)
        sentences.append(f"Die {words[0]} {rng.choice(VERBS)} die {words[1]} der {words[2]} in {words[3]}.")
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, 24, 4)]
    return f"Meldung {n}: {' '.join(rng.sample(WORDS, 4))}\n\n" + "\n\n".join(paragraphs)


def build(path: Path) -> None:
    rng = random.Random(17)
    store = Store(path)
    feeds = [f"https://www.example.de/feed{n}.xml" for n in range(3)]
    batch = []
    for n in range(ARTICLES):
        body = text(rng, n)
        article = parse_article(body, source=f"https://www.example.de/a/{n}", fmt="text", split=unsplit)
        batch.append(NewArticle(article, content_hash(body.encode()), split=False, feed=feeds[n % 3]))
    save_articles(store, batch)
    for feed in feeds:
        feed_store.subscribe(store, feed, f"Titel {feed[-5]}")
    for n in range(20):
        save_word(store, VocabItem(f"Wort{n}", f"wort{n}", "NN", f"Ein Satz mit Wort{n}."))
    translations.remember(store, "libre", "de-en", [(f"Satz {n}.", f"Sentence {n}.") for n in range(500)])
    for n in range(50):
        reading.save_position(store, f"a{n}", n)
    marks.set_mark(store, "a1", 3, marked=True, note="wichtig")
    store.close()


def overwrite(path: Path, fractions: tuple[float, ...]) -> None:
    """Two pages of junk at each of several places in the file (its header intact)."""
    size = path.stat().st_size
    with path.open("r+b") as f:
        for fraction in fractions:
            f.seek(int(size * fraction) // 4096 * 4096)
            f.write(b"\xa5" * 8192)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pristine") / "reader.db"
    build(path)
    return path


def counted(notice: str, noun: str) -> int:
    found = re.search(rf"(\d+)(?: of \d+)? {noun}\b", notice)
    assert found, notice
    return int(found.group(1))


DAMAGE = [(0.2, 0.45, 0.7, 0.9), (0.1, 0.3, 0.5), (0.35, 0.6, 0.85)]


@pytest.mark.parametrize("fractions", DAMAGE)
@pytest.mark.parametrize("tool", ["sqlite3 shell", "Python only"])
def test_recovery_keeps_what_is_readable_and_says_how_much(
    pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fractions: tuple[float, ...], tool: str
) -> None:
    if tool == "sqlite3 shell" and shutil.which("sqlite3") is None:
        pytest.skip("the sqlite3 shell is not installed (apt-get install sqlite3)")
    if tool == "Python only":
        monkeypatch.setenv("PATH", "/nonexistent")  # no shell to be found
    path = tmp_path / "reader.db"
    shutil.copy(pristine, path)
    overwrite(path, fractions)
    store = Store(path)
    [notice] = store.notices
    assert "The store was damaged" in notice
    kept = library.count(store)
    assert kept >= 0.9 * ARTICLES, notice
    assert counted(notice, "articles") == kept
    assert counted(notice, "feeds") == len(feed_store.feeds(store)) == 3
    assert counted(notice, "vocabulary words") == len(list_words(store)) == 20
    assert counted(notice, "remembered translations") == len(
        translations.lookup(store, "libre", "de-en", [f"Satz {n}." for n in range(500)])
    )
    assert counted(notice, "reading positions") == len(reading.positions(store))
    # The search index is made again from the articles kept (in the background, as after an import):
    # then each is found by its own title.
    index_pending(store, None)
    for summary in library.list_articles(store)[:: ARTICLES // 20]:
        found = search_library(store, f'"{summary.title.split(":")[0]}"', limit=0)
        assert summary.id in {hit.article for hit in found}
