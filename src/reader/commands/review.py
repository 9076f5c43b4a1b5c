"""`reader review`: the words due for review now, each with a sentence from the library."""

from __future__ import annotations

import argparse
import sys

from reader.commands.common import day, jsonl, plain


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "List the words due for review now (words in learning, and saved words), on the FSRS schedule, "
        "the longest overdue first, each with a German sentence from the library that holds it and its "
        "English when known. A word whose card is stable for 21 days is known and leaves review."
    )
    parser.add_argument(
        "--format",
        choices=("text", "jsonl"),
        default="text",
        help='jsonl: {"word", "lemma", "sentence", "english", "due"} per line (default: %(default)s)',
    )
    parser.add_argument("--limit", type=int, metavar="N", help="at most N cards")


def run(args: argparse.Namespace) -> int:
    from reader.commands.common import opened_store
    from reader.settings import load_settings
    from reader.words.review import due

    with opened_store(load_settings()) as store:
        items = due(store, limit=args.limit)
    for item in items:
        if args.format == "jsonl":
            jsonl(item.to_dict())
            continue
        head = plain(item.lemma) + (f" ({plain(item.word)})" if item.word != item.lemma else "")
        print(f"{day(item.due)}  {head}")
        if item.sentence:
            print(f"    {plain(item.sentence)}")
        if item.english:
            print(f"    {plain(item.english)}")
    if not items:
        print("reader: nothing due for review", file=sys.stderr)
    return 0
