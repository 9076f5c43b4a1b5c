"""`reader add PATH|URL … [--feed URL|NAME …] [--opml FILE]`: bring articles into the library."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.commands.common import library_store, plain
from reader.errors import UserError

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
    from reader.sources.importer import add_feed, add_pages, resolve_feed

    urls = [i for i in args.items if "://" in i]
    paths = [Path(i).expanduser() for i in args.items if "://" not in i]
    feeds = [resolve_feed(f)[0] for f in args.feed]  # an unknown name fails before anything is fetched
    if args.opml:
        feeds += _opml(Path(args.opml).expanduser())
    store = library_store()
    counts = {"added": 0, "duplicate": 0, "failed": 0, "unchanged": 0}
    try:
        for item in add_paths(store, paths) if paths else ():
            _report(item, counts)
        for outcome in add_pages(store, urls):
            _report(outcome, counts)
        for url in feeds:
            for outcome in add_feed(store, url):
                _report(outcome, counts)
        if counts["added"]:
            from reader.commands.common import index_library

            index_library(store)  # what was added joins the search and entity indexes
    finally:
        store.close()
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n or kind != "unchanged")
    print(f"summary: {summary}")
    return 1 if counts["failed"] and not (counts["added"] or counts["duplicate"]) else 0


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


def _report(item: object, counts: dict[str, int]) -> None:
    if isinstance(item, str):
        print(plain(item), file=sys.stderr)
        return
    kind = item.kind  # type: ignore[attr-defined]
    counts[kind] = counts.get(kind, 0) + 1
    print(item.line(), file=sys.stderr if kind == "failed" else sys.stdout, flush=True)  # type: ignore[attr-defined]
