"""The library at 10,000 articles: import into the store, full-text search, and the sidebar.

    python bench/library.py [--articles 10000]

Prints the time to import N generated articles (parse + store, first run), to import them again
(unchanged files come from the store), an FTS5 search, and filling and filtering the sidebar.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

WORDS = [
    "Regierung",
    "Bundestag",
    "Wirtschaft",
    "Berlin",
    "Energie",
    "Preise",
    "Krieg",
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
    "Land",
    "Markt",
    "Forschung",
]


def _write(folder: Path, n: int) -> None:
    rng = random.Random(7)
    for i in range(n):
        title = " ".join(rng.choice(WORDS) for _ in range(6))
        body = " ".join(
            f"Die {rng.choice(WORDS)} meldet {rng.choice(WORDS)} am {i % 28 + 1}. Mai." for _ in range(6)
        )
        (folder / f"{i:05d}.txt").write_text(f"ID: a{i}\n\n{title} {i}\n\n{body}\n", encoding="utf-8")


async def _sidebar(entries: list) -> tuple[float, float]:  # type: ignore[type-arg]
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    from reader.widgets.sidebar import ArticleList

    class Bench(App[None]):
        def compose(self) -> ComposeResult:
            yield ArticleList()

    app = Bench()
    async with app.run_test(size=(100, 30)) as pilot:
        sidebar = app.query_one(ArticleList)
        start = time.perf_counter()
        sidebar.set_entries(entries)
        await pilot.pause()
        fill = time.perf_counter() - start
        sidebar.start_filter()
        await pilot.pause()
        box = sidebar.query_one(Input)
        times = []
        for text in ("9", "99", "999", "9", ""):
            start = time.perf_counter()
            box.value = text  # what a keystroke does: Input.Changed, then the list filters and repaints
            await pilot.pause()
            times.append(time.perf_counter() - start)
        return fill, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="reader-library-"))
    os.environ["READER_HOME"] = str(home)
    from reader.enrich.library import import_paths
    from reader.store import Store
    from reader.store.library import search
    from reader.widgets.sidebar import ArticleEntry

    folder = home / "articles"
    folder.mkdir()
    _write(folder, args.articles)
    store = Store(home / "reader.db")
    start = time.perf_counter()
    articles = [a for a in import_paths(store, [folder]) if not isinstance(a, str)]
    cold = time.perf_counter() - start
    start = time.perf_counter()
    again = [a for a in import_paths(store, [folder]) if not isinstance(a, str)]
    warm = time.perf_counter() - start
    start = time.perf_counter()
    hits = search(store, "Streik")
    query = time.perf_counter() - start
    entries = [ArticleEntry(a.id, a.title, True) for a in articles]
    fill, key = asyncio.run(_sidebar(entries))
    print(f"articles: {len(articles)} (again: {len(again)})")
    print(f"import, first run (parse + store): {cold:7.2f} s")
    print(f"import, unchanged files:           {warm:7.2f} s")
    print(f"full-text search 'Streik':         {query * 1000:7.1f} ms ({len(hits)} hits shown)")
    print(f"sidebar, fill with all articles:   {fill * 1000:7.1f} ms")
    print(f"sidebar, one filter keystroke:     {key * 1000:7.1f} ms (median of 5, filter and repaint)")


if __name__ == "__main__":
    main()
