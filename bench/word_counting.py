"""The app's responsiveness while the library's words are counted in the background: how late the
event loop runs a timer (what a key press waits for before it is handled) while the counting worker
runs, against once it has finished, side by side in one run.

    python bench/word_counting.py [--articles 300]

The library is `--articles` real-length articles (about 20 GermEval 2014 sentences each, as
bench/library.py writes them; a fallback text without the data), added before the app starts, so
none is counted. The app runs headless (Textual's run_test) at 120x36 with the dictionary off (its
index is built in the background too); a coroutine asks to wake every 10 ms and records how late it
wakes. (Pilot's own `press` waits until every widget's messages are handled, which the counting's
progress messages keep busy: it measures Pilot, not the keys.)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # `settle`: wait for workers the way the tests do
sys.path.insert(0, str(ROOT / "bench"))


async def _lags(until: float) -> list[float]:
    """How late (seconds) a 10 ms sleep on the event loop wakes, repeatedly, until `until`."""
    lags = []
    while time.perf_counter() < until:
        started = time.perf_counter()
        await asyncio.sleep(0.01)
        lags.append(time.perf_counter() - started - 0.01)
    return lags


def _say(label: str, lags: list[float]) -> None:
    ms = sorted(t * 1000 for t in lags)
    p99 = ms[int(len(ms) * 0.99)]
    median = statistics.median(ms)
    print(f"{label}: {len(ms)} wakes, median {median:.1f} ms late, p99 {p99:.1f}, max {ms[-1]:.1f}")


async def run(seconds: float) -> None:
    from apps import build, quiet_settings, reading, settle

    settings = quiet_settings()
    settings.lookup.dictionary = "none"
    app = build([], settings)
    async with app.run_test(size=(120, 36)) as pilot:
        from reader.screens.learning import Learning

        part = reading(app).part(Learning)
        while not part.counting:  # the open article's words first, then the library's
            await pilot.pause()
        started = time.perf_counter()
        busy: list[float] = []
        while part.counting:
            busy += await _lags(time.perf_counter() + 0.5)
        took = time.perf_counter() - started
        await settle(pilot)
        from reader.store import word_counts

        counted = len(word_counts.figures(app.services.store))
        idle = await _lags(time.perf_counter() + min(seconds, took))
    print(f"counting the library took {took:.1f} s ({counted} articles counted in all)")
    _say("while counting", busy)
    _say("after counting", idle)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--idle", type=float, default=5.0, help="seconds measured after the counting")
    args = parser.parse_args()
    from library import GERMEVAL, fallback_sentences, germeval_sentences, write_articles

    os.environ["READER_HOME"] = tempfile.mkdtemp(prefix="reader-bench-counting-")
    folder = Path(tempfile.mkdtemp(prefix="reader-bench-articles-"))
    sentences = germeval_sentences(GERMEVAL) if GERMEVAL.is_dir() else fallback_sentences()
    write_articles(folder, args.articles, sentences)
    from reader.library.importing import add_paths
    from reader.settings import Settings
    from reader.store import open_store

    for _ in add_paths(open_store(Settings()), [folder]):
        pass
    asyncio.run(run(args.idle))


if __name__ == "__main__":
    main()
