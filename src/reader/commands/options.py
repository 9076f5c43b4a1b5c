"""Options more than one command takes (imported by the CLI at start-up: keep it light)."""

from __future__ import annotations

import argparse


def profile_argument(parser: argparse.ArgumentParser) -> None:
    """`--profile NAME`, which every command that reads or writes a person's own state takes."""
    parser.add_argument(
        "--profile",
        metavar="NAME",
        default=argparse.SUPPRESS,  # a sub-command's own option must not reset the one given before it
        help="whose reading state (positions, flags, marks, words) to use (default: READER_PROFILE or "
        "'default')",
    )


def leading_profile(args: list[str]) -> tuple[str | None, list[str]]:
    """`reader --profile NAME COMMAND …`: the name given before the command, and the rest."""
    if args and args[0] == "--profile" and len(args) > 1:
        return args[1], args[2:]
    if args and args[0].startswith("--profile="):
        return args[0].partition("=")[2], args[1:]
    return None, args
