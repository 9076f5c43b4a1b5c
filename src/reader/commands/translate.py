"""`reader translate ARTICLE`: print an article's sentences beside their English, as text or JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reader.articles.model import Article
from reader.commands.common import read_named
from reader.settings import load_settings
from reader.translation.types import FAILED, English, Translated

if TYPE_CHECKING:
    from reader.store import Store


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Translate an article sentence by sentence and print the aligned pairs. Known sentences come "
        "from the article's reference translation or the translation memory; the rest from the engine. "
        "Exits 1 if any sentence could not be translated."
    )
    parser.add_argument(
        "path",
        metavar="ARTICLE",
        help="an article file, or the id of an article in the library (reader list)",
    )
    parser.add_argument("--engine", metavar="NAME", help="translation engine, overriding the config")
    parser.add_argument(
        "--format",
        choices=("text", "jsonl"),
        default="text",
        help="text: each German sentence and its English below it; jsonl: one JSON object per "
        'sentence, {"de", "en", "source", "error"} (default: %(default)s)',
    )


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    engine = args.engine or settings.translation.engine
    from reader.translation.engines import check_engine

    check_engine(settings, engine)  # a bad name or a missing key fails before the file is read

    from reader.commands.common import opened_store
    from reader.enrich.english import translate_article

    progress = _progress if sys.stderr.isatty() else None
    with opened_store(settings) as store:
        article = _article(store, args.path)
        for notice in article.notices:
            print(f"reader: {notice}", file=sys.stderr)
        try:
            english = translate_article(store, settings, article, engine, on_update=progress)
        finally:
            if progress is not None:
                print("\r\x1b[K", end="", file=sys.stderr, flush=True)

    out = sys.stdout
    if args.format == "jsonl":
        _jsonl(article, english, out)
    else:
        _text(article, english, out)
    out.flush()
    failed = [t for t in (english.title, *english.units) if t.source == FAILED]
    if failed:
        reason = failed[0].error or "failed"
        print(f"reader: {len(failed)} sentences not translated: {reason}", file=sys.stderr)
        return 1
    return 0


def _article(store: Store, name: str) -> Article:
    """The file `name`, else the library's article with that id; a missing file is named as such."""
    path = Path(name).expanduser()
    if not path.exists():
        from reader.store.library import open_article

        article = open_article(store, name)
        if article is not None:
            return article
    return read_named(path)


def _progress(updates: list[tuple[int, Translated]], done: int, total: int) -> None:
    print(f"\rtranslating… {done}/{total}", end="", file=sys.stderr, flush=True)


def _english(t: Translated) -> str:
    if t.ok:
        return t.text or ""
    return f"[not translated: {t.error}]" if t.source == FAILED else "[not translated]"


def _text(article: Article, english: English, out: TextIO) -> None:
    out.write(f"# {article.title}\n  {_english(english.title)}\n")
    block = None
    for unit, t in zip(article.units, english.units, strict=True):
        if unit.block != block:
            out.write("\n")
            block = unit.block
        prefix = "## " if unit.kind == "heading" else ""
        out.write(f"{prefix}{unit.sentence.text}\n  {_english(t)}\n")


def _record(de: str, t: Translated, index: int, kind: str) -> str:
    record = {"de": de, "en": t.text, "source": t.source, "error": t.error, "index": index, "kind": kind}
    return json.dumps(record, ensure_ascii=False) + "\n"


def _jsonl(article: Article, english: English, out: TextIO) -> None:
    out.write(_record(article.title, english.title, -1, "title"))
    for unit, t in zip(article.units, english.units, strict=True):
        out.write(_record(unit.sentence.text, t, unit.index, unit.kind))
