"""Benchmark the embedded recogniser: load time, and tokens/s on GermEval 2014 dev after load, on one core.

    python bench/ner.py [--rounds 3]

Throughput runs the whole public path, `recognize(sentence)` with our tokeniser, on the space-joined
dev sentences; the first round starts with an empty word cache. Load time is measured in fresh
processes (imports included).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

DEV = ROOT.parent / "shared" / "data" / "germeval2014" / "NER-de-dev.tsv"
LOAD = (
    "import time; t = time.perf_counter(); from reader.nlp.embedded import EmbeddedRecognizer; "
    "EmbeddedRecognizer(); print(time.perf_counter() - t)"
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--dev", type=Path, default=DEV)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    from reader.nlp.embedded import EmbeddedRecognizer
    from reader.nlp.features import read_conll

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    loads = [
        float(
            subprocess.run(
                [sys.executable, "-c", LOAD], capture_output=True, text=True, env=env, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    print(
        f"load (fresh process, imports included): median {statistics.median(loads):.3f}s, "
        f"max {max(loads):.3f}s"
    )

    sentences = [(" ".join(words), len(words)) for words, _ in read_conll(args.dev)]
    tokens = sum(n for _, n in sentences)
    rec = EmbeddedRecognizer()
    for r in range(args.rounds):
        t0 = time.perf_counter()
        found = sum(len(rec.recognize(text)) for text, _ in sentences)
        elapsed = time.perf_counter() - t0
        note = "cold word cache" if r == 0 else "warm word cache"
        print(
            f"round {r + 1}: {tokens} tokens, {len(sentences)} sentences, {found} entities in {elapsed:.2f}s "
            f"= {tokens / elapsed:,.0f} tokens/s on one core ({note})"
        )
    print(f"model {rec.version}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
