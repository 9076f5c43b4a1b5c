"""Words you know on a large library: counting articles, the figures for every article, status changes.

    python bench/word_figures.py [--articles 10000] [--count 300] [--germeval ../shared/data/germeval2014]

Builds a library of real-length articles from GermEval 2014 sentences (as bench/library.py does),
counts the words of `--count` of them with the embedded recogniser (articles a second, cold HanTa
cache and warm), then gives every article synthetic counts copied from the counted ones (so the
figures cover the whole library without counting 10,000 articles) and times: the figures of the whole
library (what the sidebar and `reader list` ask), marking one word known (the figures kept up to date
incrementally), and marking the 5,000 most frequent German words known (recomputed whole).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from library import GERMEVAL, fallback_sentences, germeval_sentences, write_articles


def timed(label: str, work: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    each = ", ".join(f"{t:.0f}" for t in times)
    print(f"{label}: median {statistics.median(times):.1f} ms (of {runs}: {each})")
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--count", type=int, default=300, help="articles counted for real (default 300)")
    parser.add_argument("--germeval", type=Path, default=GERMEVAL)
    args = parser.parse_args()

    from reader.library.importing import add_paths
    from reader.nlp.embedded import EmbeddedRecognizer
    from reader.store import Store, word_counts
    from reader.store.library import list_articles
    from reader.words import counting
    from reader.words.importing import top_words
    from reader.words.status import mark

    sentences = germeval_sentences(args.germeval) if args.germeval.is_dir() else fallback_sentences()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        write_articles(folder, args.articles, sentences)
        store = Store(Path(tmp) / "reader.db")
        for _ in add_paths(store, [folder]):
            pass
        ids = [s.id for s in list_articles(store)]
        print(f"library: {len(ids):,} articles")

        recognizer = EmbeddedRecognizer()
        for label in ("cold (HanTa analyses each new form)", "warm (forms seen before)"):
            started = time.perf_counter()
            cpu = time.process_time()
            done = counting.index_words(store, recognizer, limit=args.count)
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
            rate, each = done / wall, cpu / done * 1000
            print(f"counting {done} articles, {label}: {rate:.1f} articles/s ({each:.0f} ms CPU each)")
            if label.startswith("cold"):  # count the same articles again, the forms now known
                with store.write() as conn:
                    conn.execute("DELETE FROM article_words")

        counted = [a for a in ids if word_counts.lemma_counts(store, a) is not None]
        samples = [word_counts.lemma_counts(store, a) or {} for a in counted]
        started = time.perf_counter()
        for i, article in enumerate(ids):
            if article not in counted:
                word_counts.save_counts(
                    store, article, "synthetic", counting.COUNT_VERSION, samples[i % len(samples)]
                )
        spent = time.perf_counter() - started
        print(f"synthetic counts for the other {len(ids) - len(counted):,} articles: {spent:.0f} s")
        rows = store.conn.execute("SELECT count(*) FROM article_lemmas").fetchone()[0]
        print(f"article_lemmas: {rows:,} rows; store {os.path.getsize(Path(tmp) / 'reader.db') / 1e6:.0f} MB")

        timed(f"figures of all {len(ids):,} articles, nothing known", lambda: counting.figures(store))
        top = top_words(5000)
        started = time.perf_counter()
        applied = mark(store, top, "known")
        spent = (time.perf_counter() - started) * 1000
        print(f"marking the 5,000 most frequent words known ({len(applied):,} lemmas): {spent:.0f} ms")
        timed(
            f"figures of all {len(ids):,} articles, {len(applied):,} lemmas known",
            lambda: counting.figures(store),
        )
        shares = [f.known for f in counting.figures(store).values()]
        readable = sum(1 for k in shares if k >= counting.READABLE)
        print(
            f"known share: median {statistics.median(shares):.0%}; articles at least 90 % known: {readable:,}"
        )
        words = iter(["Regierung", "Haus", "Gesetz", "Schule", "Wirtschaft", "Polizei", "Minister"])
        timed(
            "marking one word known (figures updated in place)", lambda: mark(store, [next(words)], "known")
        )
        store.close()
    print(f"(python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
