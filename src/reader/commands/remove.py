"""`reader remove ID…`: remove articles from the library, with everything kept about them."""

from __future__ import annotations

import argparse

from reader.commands.common import opened_store, plain
from reader.errors import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Remove articles from the library: the article, its place in the search index, its entities and "
        "word counts, and every profile's read and starred flags, reading position, marks and notes. "
        "An article from a feed is not added again by a refresh (`reader add URL` brings it back)."
    )
    parser.add_argument("ids", nargs="+", metavar="ID", help="an article's id (see reader list)")


def run(args: argparse.Namespace) -> int:
    from reader.settings import load_settings
    from reader.store.removal import remove_articles

    with opened_store(load_settings()) as store:
        store.require_writable()
        removed = remove_articles(store, args.ids)
    for item in removed:
        print(f"removed: {item.id} ({plain(item.title)})")
    missing = [i for i in dict.fromkeys(args.ids) if i not in {r.id for r in removed}]
    if missing:
        raise UserError(f"not in the library: {', '.join(missing)} (see reader list)")
    return 0
