"""Score the embedded recogniser on GermEval 2014 dev: precision, recall, F1 per type and micro F1.

    python scripts/eval_ner.py                 # the shipped model, on gold tokens
    python scripts/eval_ner.py --text          # through recognize() on the sentence text (our tokeniser)
    python scripts/eval_ner.py --model /tmp/m  # a model written by train_ner.py --out /tmp/m

Scoring follows the shared task: exact spans, outer column, OTH = MISC, -deriv/-part are no entity.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from reader.nlp.embedded import DATA_DIR, EmbeddedRecognizer, spans_from_tags  # noqa: E402
from reader.nlp.features import read_conll  # noqa: E402
from reader.nlp.types import LABELS  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "germeval2014"


def gold_tags(tags: list[str]) -> list[str]:
    return [
        "O" if t.endswith(("deriv", "part")) or t in ("O", "") else t.replace("OTH", "MISC") for t in tags
    ]


def score(gold: set, pred: set) -> dict[str, tuple[float, float, float, int]]:
    """Per label and 'micro': (precision, recall, F1, gold count). Items are (..., label) tuples."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for item in pred:
        (tp if item in gold else fp)[item[-1]] += 1
    for item in gold - pred:
        fn[item[-1]] += 1
    out = {}
    for label in [*LABELS, "micro"]:
        if label == "micro":
            t, p, n = sum(tp.values()), sum(fp.values()), sum(fn.values())
        else:
            t, p, n = tp[label], fp[label], fn[label]
        prec = t / (t + p) if t + p else 0.0
        rec = t / (t + n) if t + n else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[label] = (prec, rec, f1, t + n)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=DATA_DIR)
    ap.add_argument("--file", type=Path, default=DATA / "NER-de-dev.tsv")
    ap.add_argument("--text", action="store_true", help="tag the space-joined sentence with our tokeniser")
    ap.add_argument(
        "--train", type=Path, default=DATA / "NER-de-train.tsv", help="for recall on names unseen in training"
    )
    args = ap.parse_args()

    rec = EmbeddedRecognizer(args.model)
    gold: set = set()
    pred: set = set()
    t0 = time.perf_counter()
    ntok = 0
    for n, (words, tags) in enumerate(read_conll(args.file)):
        ntok += len(words)
        if args.text:
            offsets, pos = [], 0
            for w in words:
                offsets.append((pos, pos + len(w)))
                pos += len(w) + 1
            for a, b, label in spans_from_tags(gold_tags(tags)):
                gold.add((n, offsets[a][0], offsets[b - 1][1], label))
            for e in rec.recognize(" ".join(words)):
                pred.add((n, e.start, e.end, e.label))
        else:
            gold.update((n, a, b, label) for a, b, label in spans_from_tags(gold_tags(tags)))
            pred.update((n, a, b, label) for a, b, label in spans_from_tags(rec.tag_words(words)))
    elapsed = time.perf_counter() - t0
    surfaces: dict = {}
    for n, (words, tags) in enumerate(read_conll(args.file)):
        for a, b, label in spans_from_tags(gold_tags(tags)):
            surfaces[(n, a, b, label)] = " ".join(words[a:b])
    print(f"{args.file.name}  model {rec.version}  {'text' if args.text else 'gold tokens'}")
    print(f"{'type':6} {'prec':>6} {'rec':>6} {'F1':>6} {'gold':>6}")
    for name, (p, r, f, g) in score(gold, pred).items():
        print(f"{name:6} {p:6.3f} {r:6.3f} {f:6.3f} {g:6d}")
    if args.train.exists() and not args.text:
        seen = {
            " ".join(words[a:b])
            for words, tags in read_conll(args.train)
            for a, b, _ in spans_from_tags(gold_tags(tags))
        }
        for name, keep in (("seen", True), ("unseen", False)):
            group = {g for g in gold if (surfaces[g] in seen) == keep}
            found = len(group & pred)
            print(f"recall on names {name} in training: {found / max(len(group), 1):.3f} of {len(group)}")
    print(f"{ntok} tokens in {elapsed:.1f}s ({ntok / elapsed:,.0f} tokens/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
