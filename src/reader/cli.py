"""The `reader` command line: `reader [PATH ...]` opens the app; sub-commands do the rest."""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
from collections.abc import Sequence

from reader import __version__
from reader.commands.options import leading_profile, profile_argument
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
    "profile": "profile",
    "words": "words",
    "review": "review",
    "index": "index",
    "feeds": "feeds",
    "remove": "remove",
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
    profile_argument(parser)
    return parser


# Commands that touch nothing of a person's own: they take no --profile.
SHARED_ONLY = {"serve", "translate", "entities", "refresh", "index", "remove"}  # remove: every profile's


def _use_profile(args: argparse.Namespace | None, name: str | None = None) -> None:
    """`--profile NAME` for this run: checked now, then read by `load_settings` like READER_PROFILE."""
    name = getattr(args, "profile", None) or name
    if name is not None:
        from reader.store.profiles import check_name

        os.environ["READER_PROFILE"] = check_name(name)


def _command_parser(name: str) -> tuple[argparse.ArgumentParser, object]:
    module = importlib.import_module(f"reader.commands.{COMMANDS[name]}")
    parser = argparse.ArgumentParser(prog=f"reader {name}")
    module.add_arguments(parser)
    if name not in SHARED_ONLY:
        profile_argument(parser)
    return parser, module


def _private_files() -> None:
    """What reader writes from here on is its user's alone, and so is what older versions left."""
    from reader import locations
    from reader.private import restrict_umask, tighten

    restrict_umask()  # also for what SQLite, logging and the servers' children create
    tighten(locations.data_dir())


# Writing the output failed because of where it goes: a closed pipe (`| head -1`), a full disk
# (`> /dev/full`), a quota. The user's environment, not a bug: one line, no traceback.
OUTPUT_ERRNOS = (errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO)


def main(argv: Sequence[str] | None = None) -> int:
    _private_files()
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        code = _run(args_list)
        sys.stdout.flush()  # now, while a failure can still be told in one line
        return code
    except UserError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        if exc.errno not in OUTPUT_ERRNOS or exc.filename is not None:
            raise
        _drop_stdout()
        reason = "it was closed before the end" if exc.errno == errno.EPIPE else (exc.strerror or str(exc))
        print(f"reader: cannot write the output: {reason.lower()}", file=sys.stderr)
        return 1


def _run(args_list: list[str]) -> int:
    profile, rest = leading_profile(args_list)
    if profile is not None and rest and rest[0] in COMMANDS:  # reader --profile NAME COMMAND …
        _use_profile(None, profile)
        args_list = rest
    if args_list and args_list[0] in COMMANDS:
        parser, module = _command_parser(args_list[0])
        args = parser.parse_args(args_list[1:])
        _use_profile(args)
        return int(module.run(args))  # type: ignore[attr-defined]
    args = _main_parser().parse_args(args_list)
    _use_profile(args)
    from reader.commands import run as run_command

    return run_command.run(args)


def _drop_stdout() -> None:
    """Send what is still buffered for stdout nowhere, so that exiting does not fail on it again
    ("Exception ignored … BrokenPipeError")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test's capture): nothing will be flushed at exit
