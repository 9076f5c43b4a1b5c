"""Profiles: whose reading state a store handle reads and writes.

Articles, feeds, the translation memory, the entity cache and the dictionary index are shared by
everyone who reads the library. What belongs to one person (reading positions and the last article,
read and starred flags, marks and notes, saved words, word statuses, review cards, theme and key
remaps) is stored per profile. A `Store` is opened for one profile (`store.profile`) and every
per-person query is keyed by it, so one reader never sees or changes another's state.
"""

from __future__ import annotations

from reader.errors import UserError

DEFAULT = "default"  # local `reader`, and the state of a store made before profiles existed
MAX_NAME = 64
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@+:")


def check_name(name: str) -> str:
    """`name` if it can name a profile (letters, digits and . _ - @ + :, at most 64), else a UserError."""
    if not name or len(name) > MAX_NAME or not set(name) <= _NAME_CHARS or name[0] in ".-":
        raise UserError(
            f"{name[:MAX_NAME]!r} cannot name a profile: use up to {MAX_NAME} letters, digits and . _ - @ + :"
        )
    return name


def name_from(text: str) -> str:
    """A valid profile name made from free text (an SSH key's comment): other characters become '-'."""
    cleaned = "".join(c if c in _NAME_CHARS else "-" for c in text.strip())[:MAX_NAME].lstrip(".-")
    return cleaned or DEFAULT


def shown_as(profile: str, read_only: bool = False) -> str:
    """How the status line names whose state is open: a named profile, a public session, or nothing
    for the default profile."""
    if read_only:
        return "public · read-only"
    return "" if profile == DEFAULT else profile
