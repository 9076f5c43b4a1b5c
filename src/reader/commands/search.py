"""`reader search QUERY` over German text and English translations; `--entity NAME` over the entity index."""

from __future__ import annotations

import argparse
import sys

from reader.commands.common import jsonl, library_store, plain
from reader.errors import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Search the library: German text, the English translations known offline, and (with --entity) "
        "the names of persons, places and organisations. Umlauts and ß fold (Fussball finds Fußball); "
        "end a word with * for a prefix (Bundes*). One result per line; jsonl gives "
        '{"article", "title", "sentence", "text", "lang", "matches"}.'
    )
    parser.add_argument("query", nargs="?", default="", metavar="QUERY")
    parser.add_argument("--entity", metavar="NAME", help="articles mentioning this entity, by canonical name")
    parser.add_argument("--format", choices=("text", "jsonl"), default="text", help="default: %(default)s")
    parser.add_argument("--lang", choices=("de", "en"), help="only German or only English text")
    parser.add_argument("--limit", type=int, default=50, help="at most this many results (default: 50)")


def run(args: argparse.Namespace) -> int:
    if not (args.query.strip() or args.entity):
        raise UserError("give a QUERY or --entity NAME")
    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    store = library_store()
    try:
        return _entity(store, args) if args.entity else _text(store, args)
    finally:
        store.close()


def _text(store: object, args: argparse.Namespace) -> int:
    from reader.library.search import search_library
    from reader.settings import load_settings
    from reader.store.library import index_missing
    from reader.store.search import index_english

    index_missing(store)  # type: ignore[arg-type]
    from reader.enrich.english import pair_of

    settings = load_settings()
    index_english(store, settings.translation.engine, pair_of(settings))  # type: ignore[arg-type]
    hits = search_library(store, args.query, limit=args.limit, lang=args.lang)  # type: ignore[arg-type]
    for hit in hits:
        if args.format == "jsonl":
            jsonl(hit.as_json())
        else:
            where = "title" if hit.sentence is None else f"{hit.sentence:>3}"
            print(f"{hit.article:16} {where} {hit.lang}  {plain(hit.text)}")
    if not hits and args.format == "text":
        print(f"nothing matches {plain(args.query)!r}", file=sys.stderr)
    return 0


def _entity(store: object, args: argparse.Namespace) -> int:
    from reader.library.indexing import index_entities
    from reader.nlp.recognizers import load_recognizer
    from reader.settings import load_settings
    from reader.store.entity_index import articles_mentioning, pending

    recognizer = load_recognizer(load_settings().entities)
    todo = pending(store, f"{recognizer.name}:{recognizer.version}", 100_000)  # type: ignore[arg-type]
    if todo:
        print(f"indexing the entities of {len(todo)} articles (once)…", file=sys.stderr, flush=True)
        index_entities(store, recognizer, limit=len(todo))  # type: ignore[arg-type]
    groups = articles_mentioning(store, args.entity, limit=args.limit)  # type: ignore[arg-type]
    for group in groups:
        for article, title, mentions in group.articles:
            if args.format == "jsonl":
                jsonl(
                    {
                        "entity": group.canonical,
                        "names": list(group.names),
                        "label": group.label,
                        "article": article,
                        "title": title,
                        "mentions": mentions,
                    }
                )
            else:
                names = "/".join(group.names)
                print(f"{plain(names)} ({group.label})  {article:16} {mentions:>3}×  {plain(title)}")
    if not groups and args.format == "text":
        print(f"no article mentions {plain(args.entity)!r}", file=sys.stderr)
    return 0
