"""`reader words mark|list|import|scan`: the words you know, by lemma, from the shell."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from reader.commands.common import iso, jsonl, plain
from reader.errors import UserError
from reader.wording import count_of

MAX_LINE = 4096  # characters read of one stdin line
STATUSES = ("new", "learning", "known", "ignored")


def _profile(parser: argparse.ArgumentParser) -> None:
    # Also after the action (`reader words list --profile ann`); the one before it is `reader words`'s.
    parser.add_argument("--profile", metavar="NAME", default=argparse.SUPPRESS, help="whose words")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "The words you know, by lemma (an inflected form stands for its lemma: marking 'Häuser' marks "
        "Haus). A word is new until marked; then learning (levels 1-4, reviewed with `reader review`), "
        "known, or ignored (names, numbers, foreign words: counted as known)."
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    mark = actions.add_parser("mark", help="give words a status", description="Give words a status.")
    mark.add_argument("status", choices=STATUSES)
    mark.add_argument(
        "words", nargs="+", metavar="WORD", help="any form of each word; - reads words from stdin"
    )
    mark.add_argument("--level", type=int, default=1, help="the learning level, 1 to 4 (default 1)")
    _profile(mark)
    listing = actions.add_parser(
        "list", help="the words that are not new", description="The words marked so far, by lemma."
    )
    listing.add_argument("--status", choices=STATUSES[1:], help="only words of this status")
    listing.add_argument(
        "--format",
        choices=("text", "jsonl"),
        default="text",
        help='jsonl: {"word", "lemma", "status", "level", "due"} per line (default: %(default)s)',
    )
    _profile(listing)
    imports = actions.add_parser(
        "import",
        help="mark the words of a file known",
        description="Mark the words of a word list (one word a line), an Anki export (CSV or TSV text, "
        "or an .apkg package: the first field of each note) known; and/or, with --top N, the N most "
        "frequent German words (wordfreq's list, shipped with it).",
    )
    imports.add_argument("file", nargs="?", metavar="FILE", help="a word list, CSV, TSV or .apkg")
    imports.add_argument("--top", type=int, metavar="N", help="also the N most frequent German words")
    imports.add_argument(
        "--status", choices=("known", "learning", "ignored"), default="known", help="(default: %(default)s)"
    )
    _profile(imports)
    scan = actions.add_parser(
        "scan",
        help="count the words of every article",
        description="Count the words of every article not counted yet (recognising its entities "
        "first), so `reader list` can show each article's new words and known share.",
    )
    _profile(scan)


def _stdin_words() -> list[str]:
    words: list[str] = []
    while line := sys.stdin.readline(MAX_LINE):
        words += line.split()
    return words


def _lemmas(applied: list[Any]) -> str:
    names = [a.after.lemma if a.after else a.before.lemma for a in applied]
    shown = ", ".join(plain(n) for n in names[:10])
    return shown + (f" and {len(names) - 10} more" if len(names) > 10 else "")


def run(args: argparse.Namespace) -> int:
    from reader.commands.common import opened_store
    from reader.settings import load_settings

    settings = load_settings()
    with opened_store(settings) as store:
        if args.action == "mark":
            return _mark(store, args)
        if args.action == "list":
            return _list(store, args)
        if args.action == "import":
            return _import(store, args)
        return _scan(store, settings)


def _mark(store: Any, args: argparse.Namespace) -> int:
    from reader.lookup import morph
    from reader.words.status import check_status, mark

    check_status(args.status, args.level)
    given = [w for word in args.words for w in (_stdin_words() if word == "-" else [word])]
    if not given:
        raise UserError("no words given (on stdin)")
    words = [w for w in given if morph.WORD.fullmatch(w)]
    odd = [w for w in given if not morph.WORD.fullmatch(w)]
    applied = mark(store, words, args.status, args.level)
    unchanged = len(set(words)) - len(applied)
    summary = f"reader: {count_of(len(applied), 'lemma')} now {args.status}"
    if applied:
        summary += f": {_lemmas(applied)}"
    if unchanged > 0:
        summary += f" ({unchanged} already were, or shared a lemma)"
    print(summary, file=sys.stderr)
    if odd:
        print(f"reader: not words, left alone: {', '.join(plain(w) for w in odd[:10])}", file=sys.stderr)
        return 1
    return 0


def _list(store: Any, args: argparse.Namespace) -> int:
    from reader.store.cards import due_by_key
    from reader.store.words import list_statuses

    rows = list_statuses(store, args.status)
    due = due_by_key(store, [r.key for r in rows if r.status == "learning"])
    for row in rows:
        when = iso(due[row.key]) if row.key in due else None
        if args.format == "jsonl":
            jsonl(
                {
                    "word": row.word,
                    "lemma": row.lemma,
                    "status": row.status,
                    "level": row.level or None,
                    "due": when,
                }
            )
        else:
            level = str(row.level) if row.level else "-"
            print(f"{row.status:8} {level}  {plain(row.lemma):24} {plain(row.word):24} {when or ''}".rstrip())
    if not rows:
        print("reader: no words marked yet" + (f" {args.status}" if args.status else ""), file=sys.stderr)
    return 0


def _import(store: Any, args: argparse.Namespace) -> int:
    from reader.words.importing import read_file, top_words
    from reader.words.status import mark

    if args.file is None and not args.top:
        raise UserError("give a FILE, or --top N for the most frequent German words")
    if args.top is not None and not 0 < args.top <= 100_000:
        raise UserError(f"--top takes 1 to 100000 words, not {args.top}")
    words: list[str] = []
    notes: list[str] = []
    if args.file is not None:
        path = Path(args.file).expanduser()
        found = read_file(path)
        words += found.words
        skipped = f"; {found.skipped} skipped: not a single word" if found.skipped else ""
        notes.append(f"{len(found.words)} words from {path} ({found.kind}{skipped})")
        if not found.words:
            raise UserError(f"{path}: no words found ({found.kind}{skipped})")
    if args.top:
        top = top_words(args.top)
        words += top
        notes.append(f"the {len(top)} most frequent German words")
    applied = mark(store, words, args.status)
    print(f"reader: {'; '.join(notes)}: {len(applied)} lemmas now {args.status}", file=sys.stderr)
    return 0


def _scan(store: Any, settings: Any) -> int:
    from reader.library.importing import ensure_seeds
    from reader.nlp.recognizers import load_recognizer
    from reader.words.counting import index_words

    ensure_seeds(store)  # a library used for the first time holds the bundled seeds, as `reader list` shows
    show = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show:
            print(f"\rcounting words… {done}/{total}", end="", file=sys.stderr, flush=True)

    n = index_words(store, load_recognizer(settings.entities), progress=progress)
    if show:
        print("\r\x1b[K", end="", file=sys.stderr, flush=True)
    print(f"reader: {count_of(n, 'article')} counted", file=sys.stderr)
    return 0
