"""Search at 1,000, 10,000 and 100,000 real-length articles: import, the background index, its size,
and query latency for common words, rare words, lemmas, compounds and entities.

    python bench/search.py --sizes 1000 10000 100000 --dir /tmp/reader-search-bench [--runs 20]
    python bench/search.py --sizes 100000 --dir /tmp/reader-search-bench --rss   # the app's memory too

Articles are built from GermEval 2014 sentences as bench/library.py builds them (~20 sentences, 2–3 KB
each). A library is built once per size under --dir and reused by later runs (delete the folder to
build it again). Prints, per size: import rate (files → store, the index only queued), the background
index's time per article (words: forms, lemmas, compound parts; entities), the store's size against
the raw text and by part, and per query kind the latency p50/p99 of a query to its first page of
results (`find` + `page(0, 30)`), measured in this process after a warm-up round; the first query in a
fresh process right after the import is reported on its own. --rss starts the app headless on the
library, waits for it to settle, searches, and reports its peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from library import GERMEVAL, fallback_sentences, germeval_sentences, write_articles

PAGE = 30
COMMON = ["Regierung", "Polizei", "Stadt", "Jahr", "Millionen"]
LEMMAS = ["Kindern", "Häuser", "Gesprächen", "Flüchtlinge", "Wahlen"]
COMPOUNDS = ["Haus", "Kind", "Schule", "Minister", "Zeitung"]
ENTITIES = ["@Merkel", "@Berlin", "@SPD", "@Obama", "@Deutschland"]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def build(home: Path, size: int, germeval: Path) -> dict[str, float]:
    """Build the library once: article files, import, then the background index; the timings."""
    marker = home / "built.json"
    if marker.exists():
        return dict(json.loads(marker.read_text()))
    os.environ["READER_HOME"] = str(home)
    from reader.library.importing import add_paths
    from reader.library.indexing import index_pending
    from reader.nlp.recognizers import load_recognizer
    from reader.settings import EntitySettings, Settings
    from reader.store import Store
    from reader.store.outcome import Outcome

    folder = home / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    raw = write_articles(folder, size, germeval_sentences(germeval) or fallback_sentences())
    store = Store(Settings().store_path)
    start = time.perf_counter()
    added = sum(1 for a in add_paths(store, [folder]) if isinstance(a, Outcome) and a.kind == "added")
    imported = time.perf_counter() - start
    start = time.perf_counter()
    words = index_pending(store, None).words
    words_time = time.perf_counter() - start
    recogniser = load_recognizer(EntitySettings(backend="embedded"))
    start = time.perf_counter()
    entities = index_pending(store, lambda: recogniser).entities
    entities_time = time.perf_counter() - start
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    timings = {
        "articles": added,
        "raw_bytes": raw,
        "import_s": imported,
        "words_ms": words_time / max(1, words) * 1000,
        "entities_ms": entities_time / max(1, entities) * 1000,
    }
    marker.write_text(json.dumps(timings))
    return timings


def sizes_by_part(path: Path) -> dict[str, int]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    finally:
        conn.close()
    parts = {"bodies": 0, "search index": 0, "entity index": 0, "word forms": 0, "other": 0}
    for name, size in rows:
        if name.startswith("articles"):
            parts["bodies"] += size
        elif name.startswith(("search_", "index_")):
            parts["search index"] += size
        elif name.startswith("entity_"):
            parts["entity index"] += size
        elif name.startswith("word_forms"):
            parts["word forms"] += size
        else:
            parts["other"] += size
    return parts


def rare_words(store: object, count: int = 5) -> list[str]:
    """Forms of the library found in one to three articles (chosen with a fixed seed)."""
    from reader.store.search import fold

    conn = store.conn  # type: ignore[attr-defined]
    forms = [r[0] for r in conn.execute("SELECT form FROM word_forms WHERE length(form) >= 7 ORDER BY form")]
    rng = random.Random(5)
    rng.shuffle(forms)
    out = []
    for form in forms:
        n = conn.execute(
            "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?", (f'form : "{fold(form)}"',)
        )
        if 1 <= n.fetchone()[0] <= 3:
            out.append(form)
        if len(out) == count:
            break
    return out


def latency(home: Path, runs: int) -> tuple[dict[str, tuple[float, float, float, float, int]], list[str]]:
    """p50 and p99 (seconds; wall, then CPU time: what the query costs on a quiet machine) and matches,
    per query kind, over `runs` interleaved rounds after a warm-up."""
    os.environ["READER_HOME"] = str(home)
    from reader.library.names import find_entity
    from reader.library.search import find
    from reader.settings import Settings
    from reader.store import Store

    store = Store(Settings().store_path)
    kinds = {
        "common": COMMON,
        "rare": rare_words(store),
        "lemma": LEMMAS,
        "compound": COMPOUNDS,
        "entity": ENTITIES,
    }

    def query(q: str) -> int:
        answer = find_entity(store, q[1:]) if q.startswith("@") else find(store, q)
        answer.page(store, 0, PAGE)
        return len(answer)

    for qs in kinds.values():  # warm-up: the process's caches, as in an app that has searched before
        for q in qs:
            query(q)
    times: dict[str, list[float]] = {k: [] for k in kinds}
    cpu: dict[str, list[float]] = {k: [] for k in kinds}
    counts: dict[str, int] = {}
    for _ in range(runs):
        for kind, qs in kinds.items():
            for q in qs:
                start, used = time.perf_counter(), time.process_time()
                counts[q] = query(q)
                times[kind].append(time.perf_counter() - start)
                cpu[kind].append(time.process_time() - used)
    store.close()
    result = {
        k: (
            statistics.median(v),
            _pct(v, 99),
            statistics.median(cpu[k]),
            _pct(cpu[k], 99),
            sum(counts[q] for q in kinds[k]) // len(kinds[k]),
        )
        for k, v in times.items()
    }
    return result, kinds["rare"]


FIRST = """
import os, sys, time
t0 = time.perf_counter()
from reader.library.search import find
from reader.settings import Settings
from reader.store import Store
store = Store(Settings().store_path)
t1, c1 = time.perf_counter(), time.process_time()
answer = find(store, sys.argv[1]); answer.page(store, 0, {page})
print(time.perf_counter() - t1, time.process_time() - c1)
"""


def first_query(home: Path, words: list[str]) -> list[tuple[float, float]]:
    """The first query of a fresh process (cold caches), for each word: seconds, wall and CPU."""
    out = []
    for word in words:
        env = {**os.environ, "READER_HOME": str(home)}
        done = subprocess.run(
            [sys.executable, "-c", FIRST.format(page=PAGE), word], env=env, capture_output=True, text=True
        )
        wall, used = done.stdout.strip().splitlines()[-1].split()
        out.append((float(wall), float(used)))
    return out


APP = """
import asyncio, sys
from reader.app import make_app
from reader.settings import Settings
from textual.widgets import Input

async def main():
    settings = Settings(); settings.translation.auto = False
    app = make_app(settings)
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(600):
            await pilot.pause(0.1)
            if not any(w.is_running for w in app.workers): break
        for query in ("Regierung", "Kindern", "@Merkel"):
            await pilot.press("f")
            await pilot.pause(0.2)
            app.screen.query_one(Input).value = query
            for _ in range(100):
                await pilot.pause(0.1)
                if not any(w.is_running for w in app.workers): break
            await pilot.press("escape")
    heavy = [m for m in ("HanTa", "wordfreq", "Stemmer", "pycrfsuite", "somajo") if m in sys.modules]
    print(" ".join(heavy))
    # VmHWM, not ru_maxrss: ru_maxrss survives exec, so it would count the parent (this bench) too
    status = open("/proc/self/status").read()
    print(int(status.split("VmHWM:")[1].split()[0]) / 1024)

asyncio.run(main())
"""


def app_rss(home: Path) -> tuple[float, str]:
    """Peak RSS (MB) of the app started headless on the library, after it settles and searches, and
    the heavy modules it loaded."""
    env = {**os.environ, "READER_HOME": str(home)}
    done = subprocess.run([sys.executable, "-c", APP], env=env, capture_output=True, text=True, check=True)
    lines = done.stdout.strip().splitlines()
    return float(lines[-1]), lines[-2] if len(lines) > 1 else ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/reader-search-bench"))
    parser.add_argument("--germeval", type=Path, default=GERMEVAL)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rss", action="store_true", help="also the app's peak RSS on each library")
    args = parser.parse_args()
    for size in args.sizes:
        home = args.dir / str(size)
        built = build(home, size, args.germeval)
        from reader.settings import Settings

        os.environ["READER_HOME"] = str(home)
        db = Settings().store_path
        store_bytes = db.stat().st_size + sum(
            p.stat().st_size for p in db.parent.glob(db.name + "-wal") if p.exists()
        )
        raw = built["raw_bytes"]
        print(f"== {int(built['articles']):,} articles, raw text {raw / 1e6:.1f} MB")
        print(
            f"import (files → store, index queued):  {built['articles'] / built['import_s']:7.0f} articles/s"
        )
        print(f"background index, words:               {built['words_ms']:7.2f} ms an article")
        print(f"background index, entities:            {built['entities_ms']:7.2f} ms an article")
        print(f"store: {store_bytes / 1e6:.1f} MB = {store_bytes / raw:.2f}× the raw text")
        for part, size_bytes in sizes_by_part(db).items():
            print(f"  {part:14} {size_bytes / 1e6:8.1f} MB = {size_bytes / raw:.2f}×")
        kinds, rare = latency(home, args.runs)
        print(f"query → first {PAGE} results, {args.runs} rounds (rare words: {', '.join(rare)}):")
        for kind, (p50, p99, c50, c99, n) in kinds.items():
            print(
                f"  {kind:9} p50 {_ms(p50)}  p99 {_ms(p99)}   CPU p50 {_ms(c50)}  p99 {_ms(c99)}"
                f"  ({n:,} articles a query on average)"
            )
        cold = first_query(home, ["Regierung", "Kindern", "Haus"])
        shown = ", ".join(f"{_ms(wall).strip()} (CPU {_ms(used).strip()})" for wall, used in cold)
        print(f"first query of a fresh process: {shown} (Regierung, Kindern, Haus)")
        if args.rss:
            rss, loaded = app_rss(home)
            loaded = loaded or "none of the analysers"
            print(f"app peak RSS (settled, three searches): {rss:.0f} MB (loaded: {loaded})")


if __name__ == "__main__":
    main()
