"""Lemmatisers for the lookup: HanTa against simplemma, on accuracy and speed.

    python bench/lemma.py [--rounds 3]

Gold: bench/data/lemma_gold.tsv, 269 inflected words from German news (verbs in every tense, plurals
and oblique cases, inflected and compared adjectives, articles and pronouns, a few compounds), each
lemma checked by hand. A lemma counts as right when it equals the gold one, ignoring case. HanTa is
asked out of context (`analyze`), as `reader lookup WORD` does. simplemma is optional
(`pip install simplemma`); without it only HanTa is measured.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "bench" / "data" / "lemma_gold.tsv"


def gold() -> list[tuple[str, str]]:
    rows = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, lemma = line.split("\t")
            rows.append((word, lemma))
    return rows


def hanta() -> Callable[[str], str]:
    from HanTa import HanoverTagger

    tagger = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
    return lambda word: str(tagger.analyze(word)[0])


def simplemma_() -> Callable[[str], str]:
    import simplemma

    simplemma.lemmatize("Häuser", lang="de")  # its data loads on the first call
    return lambda word: str(simplemma.lemmatize(word, lang="de"))


def measure(
    name: str, load: Callable[[], Callable[[str], str]], rows: list[tuple[str, str]], rounds: int
) -> None:
    started = time.perf_counter()
    lemmatise = load()
    loaded = time.perf_counter() - started
    t = time.perf_counter()
    answers = [lemmatise(w) for w, _ in rows]
    first = len(rows) / (time.perf_counter() - t)  # simplemma caches: later rounds see known words
    wrong = [(w, g, got) for (w, g), got in zip(rows, answers, strict=True) if got.lower() != g.lower()]
    speeds = []
    for _ in range(rounds):
        t = time.perf_counter()
        for word, _ in rows:
            lemmatise(word)
        speeds.append(len(rows) / (time.perf_counter() - t))
    right = len(rows) - len(wrong)
    print(
        f"{name:10} accuracy {right}/{len(rows)} = {right / len(rows):.1%}   "
        f"{first:,.0f} words/s first pass, {statistics.median(speeds):,.0f} again   load {loaded:.2f} s"
    )
    print("           wrong: " + ", ".join(f"{w}→{got} (not {g})" for w, g, got in wrong))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rows = gold()
    print(f"gold: {len(rows)} inflected news words ({GOLD.relative_to(ROOT)})")
    measure("HanTa", hanta, rows, args.rounds)
    try:
        import simplemma  # noqa: F401
    except ImportError:
        print("simplemma  not installed (pip install simplemma): not measured")
        return 0
    measure("simplemma", simplemma_, rows, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
