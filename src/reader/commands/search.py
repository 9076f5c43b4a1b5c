"""`reader search QUERY` over German text and English translations; `--entity NAME` over the entity index."""

from __future__ import annotations

import argparse
import sys

from reader.commands.common import jsonl, library_store, plain
from reader.errors import UserError
from reader.store import Store


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Search the library: German text, the English translations known offline, and (with --entity) "
        "the names of persons, places and organisations. A word finds its forms, its lemma's forms and "
        'the compounds it is part of (Kind finds Kindern and Enkelkind); "quotes" keep the exact form or '
        "phrase; Bundes* is a prefix; umlauts and ß fold (Fussball finds Fußball). Results are ranked "
        "(bm25: a word's own form above its lemma above a compound part, then newest), one per article, "
        "with its best sentence. Text: ID, where (sentence numbers count from 1; ¶N a paragraph of an "
        'article never opened), language, text. jsonl: {"article", "title", "sentence", "text", "lang", '
        '"matches", "score", "via"} where "sentence" is the 0-based sentence index as in reader show\'s '
        '"n" (null for the title, or for a paragraph of an article never opened, which "paragraph" then '
        'gives, 0-based), "via" is form, lemma or compound, and "more" holds further sentences.'
    )
    parser.add_argument("query", nargs="?", default="", metavar="QUERY")
    parser.add_argument(
        "--entity", metavar="NAME", help="articles mentioning this entity, under any of its names"
    )
    parser.add_argument("--format", choices=("text", "jsonl"), default="text", help="default: %(default)s")
    parser.add_argument("--lang", choices=("de", "en"), help="only German or only English text")
    parser.add_argument(
        "--limit", type=int, default=50, help="at most this many results; 0 for all (default: 50)"
    )


def run(args: argparse.Namespace) -> int:
    if not (args.query.strip() or args.entity):
        raise UserError("give a QUERY or --entity NAME")
    if args.limit < 0:
        raise UserError("--limit must be 0 (all) or more")
    store = library_store()
    try:
        return _entity(store, args) if args.entity else _text(store, args)
    finally:
        store.close()


def where(sentence: int | None, block: int) -> str:
    """Where a result is, as a person counts: sentence 1 is the first; ¶2 the second paragraph."""
    if sentence is not None:
        return str(sentence + 1)
    return "title" if block < 0 else f"¶{block + 1}"


def _progress(store: Store, task: str) -> None:
    from reader.store.search import coverage

    note = coverage(store, (task,)).note(task)
    if note:
        print(f"reader: the index is not complete ({note}); `reader index` completes it", file=sys.stderr)


def _text(store: Store, args: argparse.Namespace) -> int:
    from reader.library.search import find

    results = find(store, args.query, lang=args.lang)
    hits = results.page(store, 0, args.limit)
    for hit in hits:
        if args.format == "jsonl":
            jsonl(hit.as_json())
        else:
            first = hit.first
            print(
                f"{hit.article:16} {where(first.sentence, first.block):>5} {first.lang}  {plain(first.text)}"
            )
    _progress(store, "words")
    if not hits:
        print(plain(results.note()), file=sys.stderr)
    return 0


def _entity(store: Store, args: argparse.Namespace) -> int:
    from reader.library.names import find_entity

    shown = 0
    for entity, found, hit in find_entity(store, args.entity).page_rows(store, 0, args.limit):
        shown += 1
        if args.format == "jsonl":
            jsonl(
                {
                    "entity": entity.name,
                    "names": list(entity.names),
                    "label": entity.label,
                    "article": hit.article,
                    "title": hit.title,
                    "mentions": found.mentions,
                }
            )
        else:
            names = "/".join(entity.names)
            line = f"{plain(names)} ({entity.label})  {hit.article:16} {found.mentions:>3}×"
            print(f"{line}  {plain(hit.title)}")
    _progress(store, "entities")
    if not shown and args.format == "text":
        print(f"no article mentions {plain(args.entity)!r}", file=sys.stderr)
    return 0
