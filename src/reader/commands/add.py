"""`reader add PATH|URL … [--feed URL|NAME …] [--opml FILE]`: bring articles into the library."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reader.commands.common import FAILED, failures, library_store, plain, summary_line
from reader.errors import UserError

if TYPE_CHECKING:
    from reader.store.outcome import Outcome

MAX_OPML_BYTES = 2_000_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Add articles to the library: files and folders (.txt, .md, the seed format, .html), web pages "
        "by URL (the main text, title and date are extracted), RSS/Atom feeds (subscribed, so `reader "
        "refresh` fetches them again) and OPML subscription lists. Ends with a summary: added, "
        "duplicate, failed with the reason."
    )
    parser.add_argument("items", nargs="*", metavar="PATH|URL", help="files, folders or http(s) URLs")
    parser.add_argument(
        "--feed",
        action="append",
        default=[],
        metavar="URL|NAME",
        help="subscribe to a feed by URL, or by a bundled name (see --known); repeatable",
    )
    parser.add_argument("--opml", metavar="FILE", help="subscribe to every feed in an OPML file")
    parser.add_argument("--known", action="store_true", help="list the bundled German news feeds and exit")


def _known() -> int:
    from reader.sources.feeds import known_feeds

    for feed in known_feeds().values():
        print(f"{feed.name:16} {feed.title}  {feed.url}")
    print("subscribe with: reader add --feed NAME")
    return 0


def run(args: argparse.Namespace) -> int:
    if args.known:
        return _known()
    if not (args.items or args.feed or args.opml):
        raise UserError("nothing to add: give files, folders, URLs, --feed or --opml (see reader add --help)")
    from reader.library.importing import add_paths
    from reader.settings import load_settings
    from reader.sources.fetch import Fetcher
    from reader.sources.importer import add_feed, add_pages, resolve_feed

    urls = [i for i in args.items if "://" in i]
    paths = [Path(i).expanduser() for i in args.items if "://" not in i]
    feeds = [(resolve_feed(f)[0], True) for f in args.feed]  # an unknown name fails before any fetch
    if args.opml:  # an OPML file's entries are not typed by the user: no private addresses among them
        feeds += [(url, False) for url in _opml(Path(args.opml).expanduser())]
    settings = load_settings()
    store = library_store(settings, writes=True)
    fetcher = Fetcher.from_settings(settings)
    counts = {"added": 0, "duplicate": 0, "failed": 0}
    try:
        for item in add_paths(store, paths) if paths else ():
            _report(item, counts)
        for outcome in add_pages(store, urls, fetcher=fetcher):
            _report(outcome, counts)
        for url, typed in feeds:
            for outcome in add_feed(store, url, fetcher=fetcher, typed=typed):
                _report(outcome, counts)
        from reader.commands.common import index_library

        # What was added joins the search and entity indexes, and so does what an interrupted run left
        # queued (nothing queued: a query, about 0.1 s).
        index_library(store)
    finally:
        store.close()
        fetcher.close()
    print(f"summary: {summary_line(counts)}")
    return 1 if failures(counts) and not (counts["added"] or counts["duplicate"]) else 0


def _opml(path: Path) -> list[str]:
    from reader.errors import ParseError
    from reader.sources.feeds import parse_opml

    try:
        data = path.read_bytes()[: MAX_OPML_BYTES + 1]
    except OSError as exc:
        raise UserError(f"{path}: {exc.strerror or exc}") from exc
    if len(data) > MAX_OPML_BYTES:
        raise UserError(f"{path}: too large for an OPML file")
    try:
        found = parse_opml(data)
    except ParseError as exc:
        raise UserError(f"{path}: {exc}") from exc
    if not found:
        raise UserError(f"{path}: no feeds in this OPML file")
    return [url for url, _ in found]


def _report(item: Outcome | str, counts: dict[str, int]) -> None:
    if isinstance(item, str):
        print(plain(item), file=sys.stderr)
        return
    counts[item.kind] = counts.get(item.kind, 0) + 1
    print(item.line(), file=sys.stderr if item.kind in FAILED else sys.stdout, flush=True)
