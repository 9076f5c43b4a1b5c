"""The library at 10,000 real-length articles: import, list, search, first open, and the sidebar.

    python bench/library.py [--articles 10000] [--germeval ../shared/data/germeval2014]

Articles are built from GermEval 2014 sentences (real German news and Wikipedia text): each takes
~20 consecutive-looking sentences drawn with a fixed seed, in paragraphs of 3–5, about 2–3 KB, with a
short title. Without the data folder, a built-in German word list makes stand-ins of the same shape.
Prints: import rate (files → store, no sentence splitting), listing the library, search over the
folded index, the first and the second open of an article, and the sidebar filled batch by batch.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.widgets.article_rows import ArticleEntry

GERMEVAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "germeval2014"  # ../shared
NO_SPACE_BEFORE = set(".,;:!?)]}%“") | {"'s", "''"}
NO_SPACE_AFTER = set("([{„")


def _detokenize(tokens: list[str]) -> str:
    out = ""
    for tok in tokens:
        if out and tok not in NO_SPACE_BEFORE and out[-1] not in NO_SPACE_AFTER:
            out += " "
        out += tok
    return out.replace(' " ', " ").replace('"', "")


def germeval_sentences(folder: Path) -> list[str]:
    sentences: list[str] = []
    tokens: list[str] = []
    for name in ("NER-de-train.tsv", "NER-de-dev.tsv"):
        path = folder / name
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                continue
            if not line.strip():
                if 6 <= len(tokens) <= 45 and tokens[-1] in {".", "!", "?"}:
                    sentences.append(_detokenize(tokens))
                tokens = []
                continue
            parts = line.split("\t")
            if len(parts) >= 2:
                tokens.append(parts[1])
    return sentences


def fallback_sentences(n: int = 5000) -> list[str]:
    rng = random.Random(1)
    words = [
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
        "Europa",
        "Gespräche",
        "Polizei",
        "Stadt",
        "Markt",
        "Forschung",
        "Straße",
        "Fußball",
    ]
    return [
        f"Die {rng.choice(words)} in Berlin meldet am Montag neue Zahlen zur {rng.choice(words)}, sagte "
        f"ein Sprecher der {rng.choice(words)} nach einem Treffen mit Vertretern der {rng.choice(words)}."
        for _ in range(n)
    ]


def write_articles(folder: Path, n: int, sentences: list[str]) -> int:
    """n article files of ~20 sentences in paragraphs; returns the total bytes written."""
    rng = random.Random(7)
    total = 0
    for i in range(n):
        start = rng.randrange(len(sentences) - 25)
        body = sentences[start : start + 20]
        rng.shuffle(body)  # distinct texts even where two articles start near each other
        title_words = body[0].rstrip(".!?").split()[:8]
        paragraphs, k = [], 0
        while k < len(body):
            size = rng.randint(3, 5)
            paragraphs.append(" ".join(body[k : k + size]))
            k += size
        text = f"{' '.join(title_words)} ({i})\n\n" + "\n\n".join(paragraphs) + "\n"
        data = text.encode("utf-8")
        (folder / f"{i:05d}.txt").write_bytes(data)
        total += len(data)
    return total


async def _sidebar(
    entries: list[ArticleEntry], batch: int
) -> tuple[tuple[float, float], tuple[float, float], float, float]:
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    from reader.widgets.sidebar import ArticleList

    class Bench(App[None]):
        def compose(self) -> ComposeResult:
            yield ArticleList()

    app = Bench()
    async with app.run_test(size=(100, 30)) as pilot:
        sidebar = app.query_one(ArticleList)
        idle = []
        for _ in range(5):  # what a pause costs with nothing to do: the floor under every figure below
            start = time.perf_counter()
            await pilot.pause()
            idle.append(time.perf_counter() - start)
        stalls, calls = [], []
        for i in range(0, len(entries), batch):
            start = time.perf_counter()
            sidebar.add_entries(entries[i : i + batch])  # what an import worker's message handler does
            calls.append(time.perf_counter() - start)
            await pilot.pause()
            stalls.append(time.perf_counter() - start)
        await sidebar.start_filter()
        await pilot.pause()
        box = sidebar.query_one(Input)
        times = []
        for text in ("9", "99", "999", "9", ""):
            start = time.perf_counter()
            box.value = text
            await pilot.pause()
            times.append(time.perf_counter() - start)
        return (
            (max(calls), statistics.median(calls)),
            (max(stalls), statistics.median(stalls)),
            statistics.median(times),
            statistics.median(idle),
        )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--germeval", type=Path, default=GERMEVAL)
    parser.add_argument("--batch", type=int, default=200, help="sidebar entries per import message")
    parser.add_argument("--entities", type=int, default=100, help="articles to index entities of")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="reader-library-"))
    os.environ["READER_HOME"] = str(home)
    from reader.library.importing import add_paths
    from reader.library.indexing import index_pending
    from reader.library.search import find
    from reader.store import Store
    from reader.store.library import list_articles, open_article
    from reader.store.outcome import Outcome
    from reader.widgets.article_rows import ArticleEntry

    sentences = germeval_sentences(args.germeval) or fallback_sentences()
    folder = home / "articles"
    folder.mkdir()
    size = write_articles(folder, args.articles, sentences)
    store = Store(home / "reader.db")

    start = time.perf_counter()
    results = [r for r in add_paths(store, [folder]) if isinstance(r, Outcome)]
    cold = time.perf_counter() - start
    added = sum(r.kind == "added" for r in results)
    start = time.perf_counter()
    again = [r for r in add_paths(store, [folder]) if isinstance(r, Outcome)]
    warm = time.perf_counter() - start

    list_times = []
    for _ in range(5):
        start = time.perf_counter()
        listed = list_articles(store)
        list_times.append(time.perf_counter() - start)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    start = time.perf_counter()
    index_pending(store, None)  # the words of every article, as the background job does
    word_index = time.perf_counter() - start
    queries = ["Fussball", "Bundes*", "strasse", "Regierung", "münchen", "Polizei Berlin"]
    search_times: dict[str, tuple[float, int]] = {}
    for q in queries:
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            hits = find(store, q).page(store, 0, 50)
            runs.append(time.perf_counter() - start)
        search_times[q] = (statistics.median(runs), len(hits))

    ids = [s.id for s in listed[:: max(1, len(listed) // 20)]][:20]
    first, second = [], []
    for article_id in ids:
        start = time.perf_counter()
        open_article(store, article_id)
        first.append(time.perf_counter() - start)
        start = time.perf_counter()
        open_article(store, article_id)
        second.append(time.perf_counter() - start)

    from reader.nlp.recognizers import load_recognizer
    from reader.settings import EntitySettings

    recognizer = load_recognizer(EntitySettings(backend="embedded"))
    start = time.perf_counter()
    indexed = index_pending(store, lambda: recognizer, limit=args.entities).entities  # paragraphs: no SoMaJo
    entity_time = time.perf_counter() - start

    entries = [ArticleEntry(s.id, s.title, not s.read, s.feed, s.date, s.starred) for s in reversed(listed)]
    (call_max, call_med), (worst, typical), key, idle = asyncio.run(_sidebar(entries, args.batch))

    print(
        f"articles: {added} added from {len(sentences)} GermEval sentences,"
        f" {size / len(results) / 1000:.1f} KB each"
    )
    print(f"import (files → store, no splitting):  {cold:6.2f} s = {added / cold:6.0f} articles/s")
    print(f"import again (all duplicates):         {warm:6.2f} s = {len(again) / warm:6.0f} articles/s")
    print(f"list the library (summaries):          {_ms(statistics.median(list_times))} median of 5")
    print(
        f"peak RSS before the sidebar:           {rss_before / 1024:7.1f} MB (whole process, with the list)"
    )
    print(f"word index (background job):           {word_index / added * 1000:6.2f} ms an article")
    for q, (t, n) in search_times.items():
        print(f"search {q!r:22}          {_ms(t)} ({n} hits, limit 50)")
    print(f"first open (SoMaJo split, stored):     {_ms(statistics.median(first))} median of {len(first)}")
    print(f"second open (stored split):            {_ms(statistics.median(second))} median")
    print(f"entity index (recognise, no split):    {indexed / entity_time:6.1f} articles/s over {indexed}")
    print(
        f"sidebar: add_entries({args.batch}) call, worst   {_ms(call_max)} (median {_ms(call_med).strip()})"
    )
    print(f"sidebar: the call + repaint, worst     {_ms(worst)} (median {_ms(typical).strip()})")
    print(f"sidebar: one filter keystroke:         {_ms(key)} median of 5")
    print(f"sidebar: an idle pilot.pause():        {_ms(idle)} median of 5 (included in the above)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS at the end:                   {peak:7.1f} MB")


if __name__ == "__main__":
    main()
