"""Seed coverage and cost of projecting German entities onto the English sentence.

Run: python bench/projection.py

Coverage uses the hand-written gold list in tests/test_projection.py against the seed's reference
translation: a mention counts when its exact English counterpart is highlighted.
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def load_gold() -> ModuleType:
    spec = importlib.util.spec_from_file_location("test_projection", ROOT / "tests" / "test_projection.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    t0 = time.perf_counter()
    from reader.nlp import english
    from reader.nlp.names import name_table

    table = name_table()
    table_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    english._english_tagger()
    tagger_ms = (time.perf_counter() - t0) * 1000

    gold = load_gold()
    hits, total, misses = gold.seed_coverage(gold.GOLD)
    print(f"seed coverage: {hits}/{total} = {100 * hits / total:.1f}% of German entity mentions (gold)")
    for miss in misses:
        print(f"  missed {miss}")
    d_hits, d_total, d_misses = gold.seed_coverage(gold.DERIVED)
    print(f"derived mentions (-deriv, e.g. 'russischen'): {d_hits}/{d_total}")
    for miss in d_misses:
        print(f"  missed {miss}")

    article = gold.read_article(gold.SEED)
    rows = []
    for unit, en in zip(article.units, article.reference.sentences, strict=True):
        de = unit.sentence.text
        mentions = sorted(
            (g for g in [*gold.GOLD, *gold.DERIVED] if g[0] == unit.index), key=lambda g: de.index(g[1])
        )
        rows.append((de, gold.locate(de, [(s, label) for _, s, label, _ in mentions]), en))
    times = []
    for _ in range(20):
        for de, entities, en in rows:
            t0 = time.perf_counter()
            english.project_entities(de, entities, en)
            times.append(time.perf_counter() - t0)
    print(f"name table: {len(table)} entries, built in {table_ms:.0f} ms (first use)")
    print(f"HanTa English model: loaded in {tagger_ms:.0f} ms (first use that needs it)")
    print(
        f"projection per sentence: median {1000 * statistics.median(times):.2f} ms, "
        f"max {1000 * max(times):.2f} ms"
    )

    try:
        from reader.nlp.embedded import EmbeddedRecognizer

        recognizer = EmbeddedRecognizer()
    except (ImportError, OSError) as exc:  # the recogniser is another part of the issue: report, go on
        print(f"embedded recogniser: not measured ({type(exc).__name__}: {exc})")
        return 0
    found = projected = 0
    for unit, en in zip(article.units, article.reference.sentences, strict=True):
        entities = recognizer.recognize(unit.sentence.text)
        found += len(entities)
        projected += len(english.project_entities(unit.sentence.text, entities, en))
    print(f"embedded recogniser's own entities on the seed: {projected}/{found} projected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
