"""The word tools in the running app: start-up until the dictionary is ready (indexed in the background
after the first frame), the first `d`, `l` with the panel open, and `i`.

    python bench/lookup_panel.py [--dictionary /usr/share/trans/de-en] [--steps 15]

The app runs headless (Textual's run_test) at 80x24 on the bundled seed article (a 2–3 KB news
article, ~20 sentences), in a throwaway READER_HOME, with the engine pointed at a refused local port
so nothing leaves the machine. Each figure is from the key press until every worker has finished and
its reply has been drawn (tests/apps.py `settle`), so it includes the Pilot's own pauses.
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
SEED = ROOT / "seeds" / "000_4cf55c76e33746fd.txt"
sys.path.insert(0, str(ROOT / "tests"))  # `settle`: wait for workers the way the tests do


async def run(dictionary: str, steps: int) -> None:
    from apps import build, quiet_settings, settle, state

    settings = quiet_settings(engine="libre")
    settings.engines = {"libre": {"url": "http://127.0.0.1:9/", "api_key": "k"}}
    settings.lookup.dictionary = dictionary
    app = build([SEED], settings)
    started = time.perf_counter()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        print(
            "start-up until every background worker is done (the dictionary indexed, HanTa and"
            f" wordfreq loaded, the library's words counted): {time.perf_counter() - started:.2f} s"
        )
        started = time.perf_counter()
        await pilot.press("d")
        await settle(pilot)
        print(f"first d (lemma, tagging, look up): {time.perf_counter() - started:.2f} s")
        times = []
        for _ in range(steps):
            started = time.perf_counter()
            await pilot.press("l")
            await settle(pilot)
            times.append(time.perf_counter() - started)
        median, worst = statistics.median(times) * 1000, max(times) * 1000
        print(f"l with the lookup panel open ({steps} words): median {median:.0f} ms, max {worst:.0f} ms")
        await pilot.press("escape", "j")
        started = time.perf_counter()
        await pilot.press("i")
        await settle(pilot)
        words = len(state(app).words())
        print(f"i (gloss of a {words}-word sentence): {(time.perf_counter() - started) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dictionary", default="/usr/share/trans/de-en")
    parser.add_argument("--steps", type=int, default=15)
    args = parser.parse_args()
    if not Path(args.dictionary).is_file():
        sys.exit(f"lookup_panel: {args.dictionary}: no dictionary (apt install trans-de-en)")
    os.environ["READER_HOME"] = tempfile.mkdtemp(prefix="reader-bench-")
    asyncio.run(run(args.dictionary, args.steps))


if __name__ == "__main__":
    main()
