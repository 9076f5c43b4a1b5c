"""Checking the config's [keys] against the bindings that exist: each binding id, and each key name."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.binding import Binding

from reader.config_check import Problems, show, unknown

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


def binding_ids(*owners: type) -> set[str]:
    """The ids of every remappable binding of these classes."""
    return {
        b.id for owner in owners for b in getattr(owner, "BINDINGS", ()) if isinstance(b, Binding) and b.id
    }


def key_problem(key: str) -> str | None:
    """Why `key` is not a key Textual knows ("j", "down", "ctrl+p", "question_mark"), or None."""
    from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

    *modifiers, base = key.split("+")
    if not base or any(m not in MODIFIERS for m in modifiers):
        return "a key like j, down, ctrl+p or question_mark"
    if len(base) == 1:
        return None if base.isprintable() and not base.isspace() else "a printable character"
    names = {k.value for k in Keys}
    if base in names or base in KEY_NAME_REPLACEMENTS.values() or key_to_character(base) is not None:
        return None
    return "a key like j, down, ctrl+p or question_mark"


def check_keymap(keys: dict[str, str], ids: Iterable[str], path: Path | None) -> None:
    """Every unknown binding id or key name in `keys`, raised together as one UserError."""
    known = set(ids)
    problems = Problems(path or Path("config.toml"))
    for ident, value in keys.items():
        where = f"[keys] {show(ident).strip(chr(34))}"
        if ident not in known:
            problems.add(unknown("[keys] ", ident, known))
            continue
        for key in (k.strip() for k in value.split(",")):
            reason = key_problem(key)
            if reason:
                problems.add(f"{where}: expected {reason}, got {show(key)}")
    problems.raise_any()
