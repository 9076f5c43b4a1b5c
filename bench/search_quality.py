"""Recall and precision of search on inflected and compound queries over real articles, before (the
exact folded form, as search matched until issue 19) and after (forms, lemma, compound heads).

    python bench/search_quality.py [--dir /tmp/reader-search-bench] [--germeval PATH]

Uses the 1,000-article GermEval-built library of bench/search.py (built there if missing). The
relevant articles of each query are those holding one of the forms listed for it in
bench/search_relevance.toml, which were judged by hand: the noun in some form or as the head of a
compound. Prints per query and in total (micro) recall and precision, and precision among the
first ten results.
"""

from __future__ import annotations

import argparse
import os
import re
import tomllib
from pathlib import Path

from library import GERMEVAL
from search import build

HERE = Path(__file__).resolve().parent
TOKEN = re.compile(r"[^\W_]+")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, default=Path("/tmp/reader-search-bench"))
    parser.add_argument("--germeval", type=Path, default=GERMEVAL)
    args = parser.parse_args()
    home = args.dir / "1000"
    build(home, 1000, args.germeval)
    os.environ["READER_HOME"] = str(home)
    from reader.library.indexing import index_pending
    from reader.library.search import find
    from reader.settings import Settings
    from reader.store import Store
    from reader.store import search as index
    from reader.store.library import list_articles, stored_articles

    store = Store(Settings().store_path)
    index_pending(store, None)  # up to date with this version of the index (nothing to do if it is)
    ids = [s.id for s in list_articles(store)]
    tokens = {
        s.article.id: set(TOKEN.findall("\n".join([s.article.title, *(b.text for b in s.article.blocks)])))
        for s in stored_articles(store, ids)
    }
    judged = tomllib.loads((HERE / "search_relevance.toml").read_text(encoding="utf-8"))
    totals = {"before": [0, 0, 0], "after": [0, 0, 0], "heads": [0, 0, 0]}  # relevant found, found, relevant
    top = [0, 0]  # after: relevant among the first ten, of
    print(
        f"{'query':11} {'relevant':>8}   {'before: recall':>14} {'precision':>9}"
        f"   {'after: recall':>13} {'precision':>9} {'P@10':>5}   {'no other part: P':>16}"
    )
    for query, entry in judged.items():
        forms = set(entry["relevant"])
        relevant = {a for a, words in tokens.items() if words & forms}
        line = f"{query:11} {len(relevant):8}"
        results = find(store, query)
        ranked = [h.article for h in results.page(store, 0, 0)]
        # the same without the "other part" column: what a compound's head, form or lemma alone finds
        heads = index.matches(store, "{form lemma head} : " + results.expression)
        numbers = [r.n for r in index.ranked_rows(store, heads, 0, None)]
        by_head = set(index.articles_of(store, numbers).values())
        before = {h.article for h in find(store, f'"{query}"').page(store, 0, 0)}
        for when, found in (("before", before), ("after", set(ranked)), ("heads", by_head)):
            hit = len(found & relevant)
            totals[when][0] += hit
            totals[when][1] += len(found)
            totals[when][2] += len(relevant)
            recall = hit / len(relevant) if relevant else 1.0
            precision = hit / len(found) if found else 1.0
            if when == "heads":
                line += f"   {precision:16.2f}"
            else:
                line += f"   {recall:14.2f} {precision:9.2f}"
            if when == "after":
                first = set(ranked[:10])
                top[0] += len(first & relevant)
                top[1] += len(first)
                line += f" {len(first & relevant) / max(1, len(first)):5.2f}"
        print(line)
    b, a, h = totals["before"], totals["after"], totals["heads"]
    print(
        f"{'all (micro)':11} {b[2]:8}   {b[0] / b[2]:14.2f} {b[0] / max(1, b[1]):9.2f}"
        f"   {a[0] / a[2]:13.2f} {a[0] / max(1, a[1]):9.2f} {top[0] / max(1, top[1]):5.2f}"
        f"   {h[0] / max(1, h[1]):16.2f}"
    )
    store.close()


if __name__ == "__main__":
    main()
