"""The search screen over a library of real-length articles: from the last key to the results drawn.

    python bench/search_screen.py [--articles 10000] [--germeval /work/shared/data/germeval2014]

Articles are built as in bench/library.py (GermEval 2014 sentences, ~20 a article, 2–3 KB), added to
the library unsplit and indexed (words and entities), as `reader add` leaves them. The app is driven
headless at 80x24: `f` opens the search, each query is typed, and the time runs from its last key until
the results are on screen. That includes the debounce (DEBOUNCE, printed). Nothing is split or
indexed by a search; each query runs twice (cold, warm). Also prints the longest main-thread stall
seen while the searches ran (a timer's lateness).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from library import GERMEVAL, fallback_sentences, germeval_sentences, write_articles

QUERIES = ["Fussball", "Regierung", "Bundes*", "Berlin Polizei"]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


# query → (seconds to the first results, to the final ones, how many, the longest main-thread stall)
Runs = dict[str, tuple[float, float, int, float]]


async def _drive(queries: list[str], entity: str) -> Runs:
    from textual.widgets import Input

    from reader.app import make_app
    from reader.screens.search import Found, SearchScreen
    from reader.settings import Settings

    settings = Settings()
    settings.translation.auto = False
    app = make_app(settings)
    runs: Runs = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("f")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        box = screen.query_one(Input)
        stalls: list[float] = []
        tick = 0.01
        last = time.perf_counter()

        def beat() -> None:
            nonlocal last
            now = time.perf_counter()
            stalls.append(now - last - tick)
            last = now

        shown: list[tuple[str, float]] = []
        show = screen._show

        def timed_show(found: Found) -> None:  # the bench's stopwatch on the one drawing call
            show(found)
            shown.append((found.query, time.perf_counter()))

        screen._show = timed_show  # type: ignore[method-assign]
        timer = app.set_interval(tick, beat)
        for round_ in ("cold", "warm"):
            for query in [*queries, entity]:
                box.value = ""
                await pilot.pause()
                stalls.clear()
                shown.clear()
                start = time.perf_counter()
                box.value = query  # as the last key of the query would
                while not any(q == query for q, _ in shown) or any(
                    w.group == "search" and w.is_running for w in app.workers
                ):
                    await asyncio.sleep(0.002)
                first = min(t for q, t in shown if q == query)
                done = max(t for q, t in shown if q == query)
                runs[f"{query!r} ({round_})"] = (
                    first - start,
                    done - start,
                    len(screen.found),
                    max(stalls, default=0.0),
                )
        timer.stop()
    return runs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--germeval", type=Path, default=GERMEVAL)
    parser.add_argument("--entity", default="@Berlin")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="reader-search-"))
    os.environ["READER_HOME"] = str(home)
    from reader.library.importing import add_paths
    from reader.library.indexing import index_pending
    from reader.nlp.recognizers import load_recognizer
    from reader.screens.search import DEBOUNCE
    from reader.settings import EntitySettings, Settings
    from reader.store import Store

    sentences = germeval_sentences(args.germeval) or fallback_sentences()
    folder = home / "articles"
    folder.mkdir()
    write_articles(folder, args.articles, sentences)
    store = Store(Settings().store_path)
    start = time.perf_counter()
    list(add_paths(store, [folder]))
    added = time.perf_counter() - start
    start = time.perf_counter()
    index_pending(store, lambda: load_recognizer(EntitySettings(backend="embedded")))
    store.close()
    indexed = time.perf_counter() - start
    print(f"{args.articles} articles added in {added:.1f} s (unsplit), indexed in {indexed:.1f} s")
    runs = asyncio.run(_drive(QUERIES, args.entity))
    print(f"from the last key to the results on screen (debounce {DEBOUNCE * 1000:.0f} ms included):")
    print(f"  {'query':32} {'first':>10} {'final':>10} {'results':>8} {'longest stall':>14}")
    for name, (first, final, count, stall) in runs.items():
        print(f"  {name:32} {_ms(first)} {_ms(final)} {count:8} {_ms(stall):>14}")


if __name__ == "__main__":
    main()
