"""The `reader` command line: `reader [PATH ...]` opens the app; sub-commands do the rest."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from reader import __version__
from reader.errors import UserError

# name -> module in reader.commands with add_parser(subparsers) and run(args) -> int
COMMANDS = {
    "translate": "translate",
    "entities": "entities",
    "export": "export",
    "serve": "serve",
    "lookup": "lookup",
    "vocab": "vocab",
    "add": "add",
    "refresh": "refresh",
    "list": "listing",
    "show": "show",
    "search": "search",
    "index": "index",
}


def _main_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read German news beside its English translation. "
        f"Sub-commands: {', '.join(COMMANDS)} (see `reader COMMAND --help`).",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="article files or directories (default: the bundled seeds)",
    )
    parser.add_argument("--engine", help="translation engine, overriding the config")
    _profile_argument(parser)
    return parser


# Commands that touch nothing of a person's own: they take no --profile.
SHARED_ONLY = {"serve", "translate", "entities", "refresh", "index"}


def _profile_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profile",
        metavar="NAME",
        help="whose reading state (positions, flags, marks, words) to use (default: READER_PROFILE or "
        "'default')",
    )


def _use_profile(args: argparse.Namespace) -> None:
    """`--profile NAME` for this run: checked now, then read by `load_settings` like READER_PROFILE."""
    name = getattr(args, "profile", None)
    if name is not None:
        from reader.store.profiles import check_name

        os.environ["READER_PROFILE"] = check_name(name)


def _command_parser(name: str) -> tuple[argparse.ArgumentParser, object]:
    module = importlib.import_module(f"reader.commands.{COMMANDS[name]}")
    parser = argparse.ArgumentParser(prog=f"reader {name}")
    module.add_arguments(parser)
    if name not in SHARED_ONLY:
        _profile_argument(parser)
    return parser, module


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] in COMMANDS:
            parser, module = _command_parser(args_list[0])
            args = parser.parse_args(args_list[1:])
            _use_profile(args)
            return int(module.run(args))  # type: ignore[attr-defined]
        args = _main_parser().parse_args(args_list)
        _use_profile(args)
        from reader.commands import run as run_command

        return run_command.run(args)
    except UserError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
