"""The German pane's render time with the new and learning words marked, against without the marks.

    python bench/word_marks.py [--runs 200] [--size 120x36] [--known 2000]

The app runs headless (Textual's run_test) on the bundled seed article (2–3 KB of real news, 21
sentences) for a reader who knows the `--known` most frequent German words (wordfreq's list) and is
learning ten words of the article, so the pane marks about a quarter of its words: new ones underlined,
learning ones coloured. Each run drops the pane's cached lines and styled blocks and renders the whole
article, a screenful at a time, as the pane does when it is first drawn, when the theme changes or
when `N` is pressed; runs with the marks on and off alternate, so both see the same load. It prints
the median and the fastest quarter's median of each, in wall time and CPU time, and their ratios.
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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.widgets.pane import SentencePane

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_4cf55c76e33746fd.txt"
sys.path.insert(0, str(ROOT / "tests"))  # `settle`: wait for workers the way the tests do
LEARNING = ["Verhandlungen", "Niederlage", "Gesprächspartner", "ermöglichen", "betont", "gewollt", "Kanal"]


def _reader(known: int) -> None:
    from reader.settings import Settings
    from reader.store import open_store
    from reader.words import importing, status

    store = open_store(Settings())
    status.mark(store, importing.top_words(known), "known")
    for n, word in enumerate(LEARNING):
        status.mark_word(store, word, "learning", 1 + n % 4)


def _render_all(pane: SentencePane) -> tuple[float, float, int]:
    """Render every line of the article from cold caches; (wall, CPU) seconds, and the lines."""
    pane._styled = {}
    pane._strips = {}
    height = pane.scrollable_content_region.height
    total = pane.virtual_size.height
    wall = cpu = 0.0
    for top in range(0, total, height):
        pane.scroll_to(y=top, animate=False, immediate=True)
        started, started_cpu = time.perf_counter(), time.process_time()
        for y in range(height):
            pane.render_line(y)
        wall += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
    pane.scroll_to(y=0, animate=False, immediate=True)
    return wall, cpu, total


def _median_fastest(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(values), statistics.median(ordered[: max(1, len(ordered) // 4)])


async def run(runs: int, size: tuple[int, int]) -> None:
    from apps import build, quiet_settings, settle, state

    app = build([SEED], quiet_settings())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        from reader.widgets.pane import SentencePane

        pane = app.screen.query_one("#de", SentencePane)
        statuses = state(app).statuses or ()
        words = [m for unit in statuses for m in unit]
        marked = sum(m.status in ("new", "learning") for m in words)
        print(
            f"seed article: {len(SEED.read_bytes()):,} bytes, {len(words)} words outside names,"
            f" {marked} marked ({sum(m.status == 'learning' for m in words)} learning); {size[0]}x{size[1]}"
        )
        times: dict[bool, tuple[list[float], list[float]]] = {True: ([], []), False: ([], [])}
        lines = 0
        for n in range(2 * runs):
            shown = n % 2 == 0
            pane.word_marks = shown
            wall, cpu, lines = _render_all(pane)
            times[shown][0].append(wall)
            times[shown][1].append(cpu)
        print(f"{lines} lines rendered per run, {runs} runs each, alternating")
        for label, index in (("wall", 0), ("CPU", 1)):
            on, off = _median_fastest(times[True][index]), _median_fastest(times[False][index])
            print(
                f"{label}: marks on {on[0] * 1000:.2f} ms (fastest quarter {on[1] * 1000:.2f}),"
                f" off {off[0] * 1000:.2f} ms ({off[1] * 1000:.2f}); ratio {on[0] / off[0]:.2f}"
                f" ({on[1] / off[1]:.2f})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--size", default="120x36")
    parser.add_argument("--known", type=int, default=2000)
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    os.environ["READER_HOME"] = tempfile.mkdtemp(prefix="reader-bench-marks-")
    _reader(args.known)
    asyncio.run(run(args.runs, (width, height)))


if __name__ == "__main__":
    main()
