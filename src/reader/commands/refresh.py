"""`reader refresh`: fetch every subscribed feed and add its new articles."""

from __future__ import annotations

import argparse
import sys

from reader.commands.common import library_store


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Fetch every subscribed feed (conditional requests: an unchanged feed costs one short answer) "
        "and add new articles. Ends with a summary: added, duplicate, unchanged, failed with the reason."
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="print only failures and the summary")


def run(args: argparse.Namespace) -> int:
    from reader.sources.importer import refresh
    from reader.store import feeds

    store = library_store()
    counts = {"added": 0, "duplicate": 0, "unchanged": 0, "failed": 0}
    try:
        if not feeds.feeds(store):
            print("no feeds subscribed: reader add --feed URL|NAME (reader add --known lists some)")
            return 0
        for outcome in refresh(store):
            counts[outcome.kind] += 1
            if outcome.kind == "failed":
                print(outcome.line(), file=sys.stderr, flush=True)
            elif not args.quiet and outcome.kind != "duplicate":
                print(outcome.line(), flush=True)
        if counts["added"]:
            from reader.commands.common import index_library

            index_library(store, quiet=args.quiet)  # the new articles join the search and entity indexes
    finally:
        store.close()
    print("summary: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    return 0
