"""`reader [PATH ...]`: open the app on files and directories, by default the bundled seeds."""

from __future__ import annotations

import argparse
import gc
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.articles.load import expand_paths
from reader.errors import UserError
from reader.settings import load_settings
from reader.translation.engines import check_engine

if TYPE_CHECKING:
    from textual.app import App


def run(args: argparse.Namespace) -> int:
    # No garbage collection until the first frame (the app turns it on when ready, `ReaderApp.on_ready`):
    # collections while the imports build their objects cost 10-20 ms of start-up, and find little.
    gc.disable()
    settings = load_settings()
    if settings.keys:  # the ids and key names are checked against the app's bindings, before any file
        from reader.app import ReaderApp
        from reader.screens.keymap import binding_ids, check_keymap
        from reader.screens.reading import ReadingScreen

        check_keymap(settings.keys, binding_ids(ReaderApp, ReadingScreen), settings.config_path)
    if args.engine:
        settings.translation.engine = args.engine
    check_engine(settings, settings.translation.engine)  # an unknown engine or missing key fails now
    paths = [Path(p) for p in args.paths]
    if paths and not expand_paths(paths):  # a missing path raises; an empty directory is also an error
        raise UserError(f"no article files (.txt, .md) in {', '.join(map(str, paths))}")
    from reader.app import make_app

    return run_app(make_app(settings, paths))


# What a session imports as it starts and draws its first screens, besides the app itself.
_SESSION_MODULES = (
    "reader.app",
    "reader.cli",
    "reader.config_check",
    "reader.screens.keymap",
    "reader.enrich.english",
    "reader.enrich.entities",
    "reader.library.importing",
    "reader.lookup.vocab",
    "reader.nlp.english",
    "html",
    "textual.drivers.linux_driver",
    "textual.layouts.factory",
    "textual.layouts.horizontal",
    "textual.layouts.stream",
    "textual.scrollbar",
    "textual.pilot",
    "concurrent.futures.thread",
)


def preload() -> None:
    """What the fork server of `reader serve ssh` loads before it forks sessions of `reader`.

    The app's code, and the read-only models and tables a session loads as it reads (each tens of MB:
    the entity recogniser, the German and English taggers, the sentence splitter, the name table,
    the terminal's character widths), loaded once here and shared by every session, page for page.
    No settings file, store or article: each session reads those for itself, when it starts.
    """
    import importlib

    for name in _SESSION_MODULES:
        importlib.import_module(name)
    from rich.cells import cell_len

    from reader.articles.segment import split_sentences
    from reader.lookup.morph import analyze
    from reader.nlp.english import proper_noun_runs
    from reader.nlp.names import name_table
    from reader.nlp.recognizers import embedded_recognizer

    cell_len("中")  # a wide character: loads rich's table of character widths
    embedded_recognizer()
    name_table()
    split_sentences("Das ist ein Satz. Hier ist noch einer.")  # SoMaJo
    analyze("Häuser")  # HanTa's German model (word lookup)
    proper_noun_runs("Angela Merkel met Joe Biden in Berlin.")  # HanTa's English model (names)


def run_app(app: App[Any], **options: Any) -> int:
    """Run `app`; its exit code, and after a crash one line on stderr naming a log with the traceback.

    Textual prints a crash's traceback (with local variables, which can hold keys) on the terminal
    after the app ends; it goes to the log file instead.
    """
    from rich.console import Console

    errors = io.StringIO()
    app.error_console = Console(file=errors, markup=False, highlight=False, width=120, color_system=None)
    # The objects the imports made live as long as the process: out of the collector's way, a full
    # collection no longer scans them (one during start-up cost 20-40 ms, before the first frame).
    gc.freeze()
    try:
        app.run(**options)
    except Exception:  # failed before Textual could catch it (starting the driver, say)
        import traceback

        errors.write(traceback.format_exc())
        return _crashed(errors.getvalue())
    code = app.return_code or 0
    if errors.getvalue().strip():
        return _crashed(errors.getvalue(), code or 1)
    return code


def _crashed(text: str, code: int = 1) -> int:
    from reader.articles.sanitize import sanitize

    lines = [line.strip(" │╰╯─") for line in text.splitlines()]
    last = next((line for line in reversed(lines) if line), "an unknown error")
    from reader import crashlog

    where = crashlog.write(text)
    print(f"reader: stopped by an error ({sanitize(last)[:200]}); details in {where}", file=sys.stderr)
    return code
