"""`reader entities`: names in German text, as JSON lines (stdin) or as a table for one article."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from reader.errors import UserError
from reader.nlp.types import Entity, Recognizer

if TYPE_CHECKING:
    from reader.settings import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Find persons (PER), places (LOC), organisations (ORG) and other names (MISC) in German text. "
        "With --jsonl, read lines on standard input and write one JSON object per line; "
        "with PATH, show an article's names as a table."
    )
    parser.add_argument("path", nargs="?", metavar="PATH", help="an article file")
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help='read UTF-8 lines on stdin; write {"entities": [{start, end, label, text}]} per line',
    )
    parser.add_argument(
        "--backend", choices=("auto", "embedded", "spacy"), help="recogniser, overriding the config"
    )
    parser.add_argument("--model", metavar="NAME", help="spaCy pipeline name or path, overriding the config")


def _recognizer(args: argparse.Namespace) -> tuple[Recognizer, Settings]:
    from reader.nlp.recognizers import load_recognizer
    from reader.settings import load_settings

    settings = load_settings()
    if args.backend:
        settings.entities.backend = args.backend
    if args.model:
        settings.entities.model = args.model
    return load_recognizer(settings.entities), settings


def entity_json(entities: list[Entity]) -> str:
    """The --jsonl line for one input line. Keep this stable: evaluation reads it."""
    return json.dumps(
        {"entities": [{"start": e.start, "end": e.end, "label": e.label, "text": e.text} for e in entities]},
        ensure_ascii=False,
    )


def run_jsonl(recognizer: Recognizer, stdin: object, stdout: object) -> None:
    """One output line per input line, in order, empty lines included; offsets exclude the newline."""
    for raw in stdin:  # type: ignore[attr-defined]
        line = raw[:-1] if raw.endswith("\n") else raw
        if line.endswith("\r"):
            line = line[:-1]
        entities = recognizer.recognize(line) if line.strip() else []
        stdout.write(entity_json(entities) + "\n")  # type: ignore[attr-defined]
        stdout.flush()  # type: ignore[attr-defined]


def _jsonl_stdio(recognizer: Recognizer) -> None:
    """UTF-8 in and out whatever the locale; split on "\n" only, so a stray "\r" never splits a line."""
    out = sys.stdout
    if isinstance(out, io.TextIOWrapper):
        out.reconfigure(encoding="utf-8")
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream put in place of stdin (tests)
        run_jsonl(recognizer, sys.stdin, out)
        return
    stdin = io.TextIOWrapper(buffer, encoding="utf-8", errors="replace", newline="\n")
    try:
        run_jsonl(recognizer, stdin, out)
    finally:
        stdin.detach()  # leave sys.stdin's buffer open


def run(args: argparse.Namespace) -> int:
    if args.jsonl == bool(args.path):
        raise UserError("give either --jsonl (read lines on stdin) or an article PATH")
    recognizer, settings = _recognizer(args)
    if args.jsonl:
        _jsonl_stdio(recognizer)
        return 0
    return _table(Path(args.path), recognizer, settings)


def _table(path: Path, recognizer: Recognizer, settings: Settings) -> int:
    from rich.console import Console
    from rich.table import Table

    from reader.commands.common import opened_store, read_named
    from reader.enrich.entities import article_entities

    article = read_named(path)
    with opened_store(settings) as store:
        per_unit = article_entities(store, recognizer, article)
    counts = Counter((e.text, e.label) for ents in per_unit for e in ents)
    table = Table(title=f"{article.title} — {recognizer.name} {recognizer.version}")
    table.add_column("entity")
    table.add_column("type")
    table.add_column("count", justify="right")
    for (text, label), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][1], kv[0][0])):
        table.add_row(text, label, str(n))
    Console().print(table)
    if not counts:
        print("no names found", file=sys.stderr)
    return 0
