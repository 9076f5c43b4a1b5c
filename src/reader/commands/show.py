"""`reader show ID`: one library article as plain text, or one sentence per line as JSON."""

from __future__ import annotations

import argparse

from reader.commands.common import jsonl, library_store, plain
from reader.errors import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Print one library article: its title and paragraphs as plain text, or with --format jsonl "
        'one sentence per line: {"n", "de", "en"}, where "n" is the sentence\'s 0-based index (the app and '
        "the text of reader search count from 1, so n 0 is sentence 1) and en is null when no translation "
        "is known offline."
    )
    parser.add_argument("id", metavar="ID", help="the article's id (see reader list)")
    parser.add_argument("--format", choices=("text", "jsonl"), default="text", help="default: %(default)s")
    parser.add_argument("--engine", help="use the translations remembered from this engine")


def run(args: argparse.Namespace) -> int:
    from reader.enrich.english import known_english
    from reader.settings import load_settings
    from reader.store.library import open_article

    store = library_store()
    try:
        article = open_article(store, args.id)  # the stored split; split once if never opened
        if article is None:
            raise UserError(f"{args.id}: no article with this id in the library (see reader list)")
        if args.format == "text":
            print(plain(article.title))
            for block in article.blocks:
                print()
                print(plain(block.text))
            return 0
        settings = load_settings()
        english = known_english(store, settings, article, args.engine or settings.translation.engine)
        for unit, en in zip(article.units, english.units, strict=True):
            jsonl({"n": unit.index, "de": unit.sentence.text, "en": en.text if en.ok else None})
    finally:
        store.close()
    return 0
