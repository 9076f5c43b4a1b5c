"""`reader list`: the library, newest first, one article per line, with each article's word figures."""

from __future__ import annotations

import argparse

from reader.commands.common import day, iso, jsonl, library_store, plain
from reader.errors import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Print the library, newest first (by publication date, else the date added). Each article's "
        "figures for your words: how many new words (distinct lemmas neither known nor ignored, names "
        "and numbers left out) and the share of its words known (or ignored); unknown (null, '-') until "
        "its words are counted: `reader words scan`, or in the app."
    )
    parser.add_argument("--format", choices=("text", "jsonl"), default="text", help="default: %(default)s")
    parser.add_argument(
        "--feed", metavar="URL", help="only this feed's articles ('' for those added by hand)"
    )
    parser.add_argument("--unread", action="store_true", help="only unread articles")
    parser.add_argument("--starred", action="store_true", help="only starred articles")
    parser.add_argument(
        "--min-known",
        type=float,
        metavar="PCT",
        help="only articles with at least PCT %% of their words known (counted articles only)",
    )
    parser.add_argument("--readable", action="store_true", help="articles you can read: --min-known 90")
    parser.add_argument(
        "--sort",
        choices=("date", "known", "new"),
        default="date",
        help="date (newest first), known (most known first) or new (fewest new words first)",
    )


def run(args: argparse.Namespace) -> int:
    from reader.store.library import list_articles
    from reader.words.counting import READABLE, figures

    minimum = READABLE if args.readable else None
    if args.min_known is not None:
        if not 0 <= args.min_known <= 100:
            raise UserError(f"--min-known takes a percentage from 0 to 100, not {args.min_known:g}")
        minimum = args.min_known / 100
    store = library_store()
    try:
        rows = list_articles(store, feed=args.feed, unread=args.unread, starred=args.starred)
        found = figures(store)
    finally:
        store.close()
    if minimum is not None:
        rows = [s for s in rows if s.id in found and found[s.id].known >= minimum - 1e-9]
    if args.sort == "known":
        rows.sort(key=lambda s: -found[s.id].known if s.id in found else 1.0)
    elif args.sort == "new":
        rows.sort(key=lambda s: found[s.id].new_words if s.id in found else float("inf"))
    for s in rows:
        f = found.get(s.id)
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
                    "new_words": f.new_words if f else None,
                    "known": round(f.known, 4) if f else None,
                }
            )
        else:
            flags = ("*" if s.starred else " ") + (" " if s.read else "●")
            words = f"{f.known:4.0%} {f.new_words:4}" if f else "   -    -"
            print(f"{flags} {day(s.date)}  {words}  {s.id:16}  {plain(s.title)}")
    return 0
