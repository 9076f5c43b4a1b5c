"""`reader refresh`: fetch every subscribed feed and add its new articles."""

from __future__ import annotations

import argparse
import sys

from reader.commands.common import FAILED, failures, library_store, summary_line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Fetch every subscribed feed (conditional requests: an unchanged feed costs one short answer) "
        "and add new articles. Ends with a summary: added, duplicate, unchanged, failed with the reason."
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="print only failures and the summary")


def run(args: argparse.Namespace) -> int:
    from reader.settings import load_settings
    from reader.sources.fetch import Fetcher
    from reader.sources.importer import refresh
    from reader.store import feeds

    settings = load_settings()
    # Feeds only: the seeds can wait, and damage is found by using the file, not by reading all of it.
    store = library_store(settings, writes=True, seeds=False, check=False)
    fetcher = Fetcher.from_settings(settings)
    counts = {"added": 0, "duplicate": 0, "unchanged": 0, "failed": 0}
    try:
        if not feeds.feeds(store):
            print("no feeds subscribed: reader add --feed URL|NAME (reader add --known lists some)")
            return 0
        for outcome in refresh(store, fetcher=fetcher):
            counts[outcome.kind] = counts.get(outcome.kind, 0) + 1
            if outcome.kind in FAILED:
                print(outcome.line(), file=sys.stderr, flush=True)
            elif not args.quiet and outcome.kind not in ("duplicate", "skipped"):
                print(outcome.line(), flush=True)
        if counts["added"]:
            from reader.commands.common import index_library

            index_library(store, quiet=args.quiet)  # the new articles join the search and entity indexes
    finally:
        store.close()
        fetcher.close()
    print(f"summary: {summary_line(counts)}")
    return (
        1 if failures(counts) and not (counts["added"] or counts["duplicate"] or counts["unchanged"]) else 0
    )
