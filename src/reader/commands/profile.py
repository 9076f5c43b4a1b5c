"""`reader profile`: whose reading state this is, the profiles there are, and a profile's theme and keys.

reader profile [show]                # the profile in use (--profile NAME, READER_PROFILE or default)
reader profile list [--format jsonl] # every profile with what it holds
reader profile theme NAME            # its theme (also saved when chosen in the app's palette)
reader profile keys [ID=KEYS …]      # its key remaps over the config's [keys]; --reset to clear
"""

from __future__ import annotations

import argparse
import sys

from reader.commands.common import day, jsonl, opened_store, plain
from reader.commands.options import profile_argument
from reader.errors import UserError
from reader.store.prefs import ProfileSummary


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Profiles keep each reader's own state (positions, read and starred flags, marks and notes, "
        "saved words, theme and key remaps) apart; the library itself is shared."
    )
    actions = parser.add_subparsers(dest="action", metavar="{show,list,theme,keys}")
    show = actions.add_parser("show", help="the profile in use, its theme and key remaps")
    listing = actions.add_parser("list", help="every profile, with what it holds")
    listing.add_argument("--format", choices=("text", "jsonl"), default="text", help="default: %(default)s")
    theme = actions.add_parser("theme", help="set the profile's theme")
    theme.add_argument("theme", metavar="NAME", help="a Textual theme, like textual-light or nord")
    keys = actions.add_parser("keys", help="set the profile's key remaps (binding id = keys)")
    keys.add_argument("remaps", nargs="*", metavar="ID=KEYS", help='e.g. next_sentence="j,down"')
    keys.add_argument("--reset", action="store_true", help="forget the profile's remaps first")
    for action in (show, listing, theme, keys):
        profile_argument(action)


def run(args: argparse.Namespace) -> int:
    from reader.settings import load_settings
    from reader.store import prefs as store_prefs

    settings = load_settings()
    with opened_store(settings) as store:
        if args.action == "list":
            return _list(store_prefs.profiles(store), args.format)
        if args.action == "theme":
            _check_theme(args.theme)
            _saved(store_prefs.save_theme(store, args.theme))
        elif args.action == "keys":
            current = {} if args.reset else dict(store_prefs.prefs(store).keys)
            current.update(_remaps(args.remaps))
            _check_keys(current, store.profile)
            _saved(store_prefs.save_keys(store, current))
        own = store_prefs.prefs(store)
        print(f"profile: {store.profile}")
        print(f"theme: {own.theme or settings.theme + ' (from the config)'}")
        for ident, value in sorted((settings.keys | own.keys).items()):
            origin = "" if ident in own.keys else " (from the config)"
            print(f"keys: {ident} = {value}{origin}")
    return 0


def _saved(done: bool) -> None:
    if not done:
        raise UserError("this is a public, read-only session: nothing is saved")


def _remaps(items: list[str]) -> dict[str, str]:
    remaps = {}
    for item in items:
        ident, sep, keys = item.partition("=")
        if not sep or not ident.strip() or not keys.strip():
            raise UserError(f"{item!r}: expected ID=KEYS, like next_sentence=j,down")
        remaps[ident.strip()] = keys.strip()
    return remaps


def _check_keys(keys: dict[str, str], profile: str) -> None:
    from pathlib import Path

    from reader.app import ReaderApp
    from reader.screens.keymap import binding_ids, check_keymap
    from reader.screens.reading import ReadingScreen

    check_keymap(keys, binding_ids(ReaderApp, ReadingScreen), Path(f"profile {profile}"))


def _check_theme(name: str) -> None:
    from textual.theme import BUILTIN_THEMES

    if name not in BUILTIN_THEMES:
        raise UserError(f"unknown theme {name!r}; choose one of: {', '.join(sorted(BUILTIN_THEMES))}")


def _list(rows: list[ProfileSummary], fmt: str) -> int:
    for row in rows:
        if fmt == "jsonl":
            jsonl(
                {
                    "name": row.name,
                    "read": row.read,
                    "marks": row.marks,
                    "words": row.words,
                    "last_read": day(row.last_read_at) if row.last_read_at else None,
                }
            )
        else:
            last = day(row.last_read_at) if row.last_read_at else "never"
            sys.stdout.write(
                f"{plain(row.name):<24} last read {last}  {row.read} read  {row.marks} marks  "
                f"{row.words} words\n"
            )
    return 0
