"""`reader lookup WORD` and `reader lookup --jsonl`: dictionary entries for German words."""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from reader.errors import UserError

MAX_INPUT = 256  # characters read of one stdin line; a word is never longer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Look a German word up: its lemma, part of speech and dictionary entries, best first (the exact "
        "headword, then the lemma, then a compound's parts). The dictionary is a Ding-format file "
        "([lookup] dictionary, default /usr/share/trans/de-en from the trans-de-en package), indexed "
        "into the store on first use. Without one, the translation memory or the engine answers."
    )
    parser.add_argument("word", nargs="?", metavar="WORD", help="the word to look up")
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help='read one word per line on stdin; write {"word", "lemma", "pos", "via", "entries"} per line',
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="for WORD: text, or one JSON object (default: %(default)s)",
    )
    parser.add_argument("--dictionary", metavar="FILE", help="a Ding-format file, overriding the config")
    parser.add_argument(
        "--freedict", metavar="FILE", help='a FreeDict .index file, or "none", overriding the config'
    )
    parser.add_argument("--engine", metavar="NAME", help="translation engine for words with no entry")
    parser.add_argument("--offline", action="store_true", help="never ask a translation engine")


def _engine(settings: Any, args: argparse.Namespace) -> str | None:
    """The engine asked for words no dictionary has (through the translation pool), or None."""
    return None if args.offline else str(args.engine or settings.translation.engine)


def _progress(done: int, total: int) -> None:
    print(f"\rindexing the dictionary… {100 * done // max(total, 1)}%", end="", file=sys.stderr, flush=True)


def open_lookup(settings: Any, args: argparse.Namespace, store: Any) -> Any:
    """A Lookup on the store, with the dictionary indexed first if it is new or changed."""
    from reader.lookup import index
    from reader.lookup.service import Lookup

    path = Path(args.dictionary).expanduser() if args.dictionary else settings.lookup.dictionary_path()
    if path is not None:
        if not path.is_file():
            raise UserError(
                f"{path}: dictionary not found (set [lookup] dictionary, or `apt install trans-de-en`)"
            )
        progress = _progress if sys.stderr.isatty() else None
        try:
            index.ensure(store, path, progress)
        finally:
            if progress is not None:
                print("\r\x1b[K", end="", file=sys.stderr, flush=True)
    from reader.enrich.english import pair_of

    pair = pair_of(settings)
    if args.freedict:
        free = None if args.freedict.lower() == "none" else Path(args.freedict).expanduser()
        if free is not None and not free.is_file():
            raise UserError(f"{free}: FreeDict index not found (`apt install dict-freedict-deu-eng`)")
    else:
        free = settings.lookup.freedict_path()
    return Lookup(
        store,
        engine=_engine(settings, args),
        settings=settings,
        pair=pair,
        dictionary=path is not None,
        freedict=free,
    )


def _text(result: Any, out: TextIO) -> None:
    head = result.word
    if (result.lemma and result.lemma != result.word) or result.pos:
        head += f"  ({', '.join(x for x in (result.lemma, result.pos) if x)})"
    labels = {
        "compound": "compound: " + " + ".join(result.parts),
        "memory": "from the translation memory",
        "phrase": "in phrases",
        "english": "an English word",
    }
    if result.via == "engine":
        labels["engine"] = "from the translation engine"
    if result.via in labels:
        head += f"  [{labels[result.via]}]"
    out.write(head + "\n")
    for entry in result.entries:
        notes = [*entry.labels, *(["FreeDict"] if entry.source == "freedict" else [])]
        out.write(f"  {entry.de} — {entry.en}" + "".join(f"  · {n}" for n in notes) + "\n")


def run_jsonl(lookup: Any, stdin: Any, out: TextIO) -> None:
    """One JSON object per input line, in input order; a blank line gets an object with via "none"."""
    for raw in stdin:
        word = raw[:MAX_INPUT].strip()
        result = lookup.lookup(word)
        out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        out.flush()


def _bounded_lines(stream: Any) -> Any:
    """Lines of a text stream, each cut at MAX_INPUT characters (the rest of a longer line dropped)."""
    while line := stream.readline(MAX_INPUT):
        if not line.endswith("\n"):
            while (rest := stream.readline(MAX_INPUT)) and not rest.endswith("\n"):
                continue  # reading on to the end of an over-long line, kept out of memory
        yield line


def _jsonl_stdio(lookup: Any) -> None:
    out = sys.stdout
    if isinstance(out, io.TextIOWrapper):
        out.reconfigure(encoding="utf-8")
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream put in place of stdin (tests)
        run_jsonl(lookup, _bounded_lines(sys.stdin), out)
        return
    stdin = io.TextIOWrapper(buffer, encoding="utf-8", errors="replace", newline="\n")
    try:
        run_jsonl(lookup, _bounded_lines(stdin), out)
    finally:
        stdin.detach()  # leave sys.stdin's buffer open


def run(args: argparse.Namespace) -> int:
    if args.jsonl == bool(args.word):
        raise UserError("give either a WORD or --jsonl (one word per line on stdin)")
    from reader.settings import load_settings
    from reader.store import open_store

    settings = load_settings()
    store = open_store(settings)
    for notice in store.notices:
        print(f"reader: {notice}", file=sys.stderr)
    try:
        lookup = open_lookup(settings, args, store)
        if args.jsonl:
            if not lookup.has_dictionary:
                from reader.lookup.service import INSTALL_HINT

                print(f"reader: {INSTALL_HINT}", file=sys.stderr)
            _jsonl_stdio(lookup)
            return 0
        result = lookup.lookup(args.word)
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        _text(result, sys.stdout)
    if result.hint:
        print(f"reader: {result.hint}", file=sys.stderr)
    if result.via == "none":
        print(f"reader: no entry for {result.word!r}", file=sys.stderr)
        return 1
    return 0
