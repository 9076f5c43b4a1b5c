"""`reader vocab`: the saved vocabulary, as a CSV that Anki imports or as JSON lines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.errors import UserError
from reader.wording import count_of


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Export the saved words. csv: Anki's File → Import makes one Basic note per word (front: the "
        "word and its German sentence with the word in bold; back: lemma, entries, the English "
        "sentence). apkg: the same notes as an Anki deck file (needs -o FILE). jsonl: one JSON object "
        "per word, with everything saved."
    )
    parser.add_argument(
        "--format", choices=("csv", "apkg", "jsonl"), default="csv", help="(default: %(default)s)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def run(args: argparse.Namespace) -> int:
    from reader.lookup.vocab import to_csv, to_jsonl
    from reader.settings import load_settings
    from reader.store import open_store
    from reader.store.vocab import list_words

    settings = load_settings()
    store = open_store(settings)
    try:
        items = list_words(store)
    finally:
        store.close()
    if args.format == "apkg":
        return _apkg(items, args.output)
    text = to_csv(items) if args.format == "csv" else to_jsonl(items)
    if args.output and args.output != "-":
        path = Path(args.output).expanduser()
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UserError(f"{path}: cannot write: {exc.strerror}") from exc
        print(f"reader: {count_of(len(items), 'word')} written to {path}", file=sys.stderr)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    if not items:
        print("reader: no saved words yet", file=sys.stderr)
    return 0


def _apkg(items: list, output: str | None) -> int:
    from reader.lookup.vocab import write_apkg

    if not output or output == "-":
        raise UserError("an Anki deck is a file: give it with -o FILE.apkg")
    path = Path(output).expanduser()
    try:
        n = write_apkg(items, str(path))
        path.chmod(0o600)  # files we write are private
    except OSError as exc:
        raise UserError(f"{path}: cannot write: {exc.strerror}") from exc
    print(f"reader: {count_of(n, 'word')} written to {path} (an Anki deck)", file=sys.stderr)
    if not items:
        print("reader: no saved words yet", file=sys.stderr)
    return 0
