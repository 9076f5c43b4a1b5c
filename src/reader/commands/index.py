"""`reader index`: bring the library's search and entity indexes up to date (what `add` and `refresh`
also do after adding). Resumable: a run stopped half way leaves nothing half done."""

from __future__ import annotations

import argparse

from reader.commands.common import index_library, library_store


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Index the articles not indexed yet: their words (forms, lemmas, compound parts) and the English "
        "known offline, for search; their entities, for search by name. reader add and reader refresh do "
        "this for what they add; the app does it in the background. Stopping it (ctrl+c) loses nothing: "
        "the next run goes on from there."
    )
    parser.add_argument("--status", action="store_true", help="only say how far the indexes are")
    parser.add_argument(
        "--progress",
        action="store_true",
        help='progress on stdout, one line per batch: "TASK DONE TOTAL" (for the app, which runs this)',
    )


def run(args: argparse.Namespace) -> int:
    store = library_store()
    try:
        if args.status:
            from reader.store.search import coverage

            done = coverage(store)
            print(f"articles: {done.articles}; search index: {done.words}; names: {done.entities}")
            return 0
        index_library(store, machine=args.progress)
    finally:
        store.close()
    return 0
