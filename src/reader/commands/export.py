"""`reader export ARTICLE`: write an article, its English and its highlighted names to Markdown."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from reader.articles.model import Article
from reader.errors import UserError
from reader.export.markdown import HIGHLIGHTS, LAYOUTS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Export an article to Markdown: German and English sentence by sentence, names highlighted, "
        "your marks and notes included. Uses only translations known offline (the reference or the "
        "translation memory); untranslated sentences are shown as such."
    )
    parser.add_argument(
        "article", metavar="ARTICLE", help="an article file, or the id or title of one in the library"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE, or to standard output for '-' (default: a new file in the export folder)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    parser.add_argument(
        "--engine", help="use the translations remembered from this engine (default: the configured one)"
    )
    parser.add_argument("--layout", choices=LAYOUTS, default="interleaved", help="default: %(default)s")
    parser.add_argument("--highlight", choices=HIGHLIGHTS, default="bold", help="default: %(default)s")


def find_article(store: object, query: str) -> Article:
    """A path on disk, else a library article by exact id, else the one whose title contains `query`."""
    from reader.commands.common import read_named
    from reader.store.library import find_articles, get_article

    path = Path(query).expanduser()
    if path.is_file():
        return read_named(path)
    if path.is_dir():
        raise UserError(f"{query} is a folder: export one article file at a time")
    article = get_article(store, query)  # type: ignore[arg-type]
    if article is not None:
        return article
    found = find_articles(store, query)  # type: ignore[arg-type]
    exact = [s for s in found if s.title.casefold() == query.casefold()]
    if len(exact) == 1 or len(found) == 1:
        article = get_article(store, (exact or found)[0].id)  # type: ignore[arg-type]
        if article is not None:
            return article
    if not found:
        raise UserError(f"{query}: no such file, and no article in the library has that id or title")
    shown = "; ".join(f"{s.id} ({s.title})" for s in found[:5])
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    raise UserError(f"{query}: {len(found)} library articles match: {shown}{more}. Give an id.")


def run(args: argparse.Namespace) -> int:
    from reader.commands.common import check_engine_name, opened_store
    from reader.export.markdown import render_markdown
    from reader.export.service import document_for
    from reader.export.write import export_stem, write_export
    from reader.settings import load_settings

    settings = load_settings()
    if args.engine:
        settings.translation.engine = args.engine
    check_engine_name(settings.translation.engine)  # export asks no engine, but a typo must not pass
    output = Path(args.output).expanduser() if args.output and args.output != "-" else None
    if output is not None and output.exists() and not output.is_dir() and not args.force:
        raise UserError(f"{output} already exists (use --force to overwrite it)")
    with opened_store(settings) as store:
        article = find_article(store, args.article)
        document = document_for(store, settings, article)
        markdown = render_markdown(document, args.layout, args.highlight)
    named = args.article if Path(args.article).expanduser().is_file() else article.id
    _warn_untranslated(document.untranslated, len(document.pairs), named, settings.translation.engine)
    if args.output == "-":
        sys.stdout.write(markdown)
        sys.stdout.flush()
        return 0
    if output is None or output.is_dir():
        path = write_export(markdown, output or settings.export_dir, export_stem(article.title, article.id))
    else:
        path = output
        try:
            from reader.private import open_private

            with open_private(path, "w", encoding="utf-8") as f:
                f.write(markdown)
        except OSError as exc:
            raise UserError(f"cannot write the export to {path}: {exc.strerror or exc}") from exc
    print(path)
    return 0


def _warn_untranslated(missing: int, total: int, named: str, engine: str) -> None:
    """Exported all the same, but say on stderr that sentences have no English, and how to get it."""
    if not missing:
        return
    which = "no sentence has" if missing == total else f"{missing} of {total} sentences have"
    print(
        f'reader: {which} English yet (shown as "(untranslated)"); '
        f"`reader translate {shlex.quote(named)}` fetches it from {engine}, then export again",
        file=sys.stderr,
    )
