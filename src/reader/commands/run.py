"""`reader [PATH ...]`: open the app on files and directories, by default the bundled seeds."""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.articles.load import expand_paths
from reader.errors import UserError
from reader.settings import load_settings
from reader.translation.engines import check_engine


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    if args.engine:
        settings.translation.engine = args.engine
    check_engine(settings, settings.translation.engine)  # an unknown engine or missing key fails now
    paths = [Path(p) for p in args.paths]
    if paths and not expand_paths(paths):  # a missing path raises; an empty directory is also an error
        raise UserError(f"no article files (.txt, .md) in {', '.join(map(str, paths))}")
    from reader.app import make_app

    make_app(settings, paths).run()
    return 0
