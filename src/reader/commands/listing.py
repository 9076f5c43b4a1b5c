"""`reader list`: the library, newest first, one article per line."""

from __future__ import annotations

import argparse

from reader.commands.common import day, iso, jsonl, library_store, plain


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = "Print the library, newest first (by publication date, else the date added)."
    parser.add_argument("--format", choices=("text", "jsonl"), default="text", help="default: %(default)s")
    parser.add_argument(
        "--feed", metavar="URL", help="only this feed's articles ('' for those added by hand)"
    )
    parser.add_argument("--unread", action="store_true", help="only unread articles")
    parser.add_argument("--starred", action="store_true", help="only starred articles")


def run(args: argparse.Namespace) -> int:
    from reader.store.library import list_articles

    store = library_store()
    try:
        rows = list_articles(store, feed=args.feed, unread=args.unread, starred=args.starred)
    finally:
        store.close()
    for s in rows:
        if args.format == "jsonl":
            jsonl(
                {
                    "id": s.id,
                    "title": s.title,
                    "source": s.source,
                    "feed": s.feed or None,
                    "published": iso(s.published),
                    "added": iso(s.added),
                    "read": s.read,
                    "starred": s.starred,
                }
            )
        else:
            flags = ("*" if s.starred else " ") + (" " if s.read else "●")
            print(f"{flags} {day(s.date)}  {s.id:16}  {plain(s.title)}")
    return 0
