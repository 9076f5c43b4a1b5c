"""The config file's schema: every section, key, type and range, checked at start-up.

Plain checks on the settings dataclasses (no validation library: it would cost start-up time for a
dozen keys). Each mistake is one line naming the file, the key and what was expected, e.g.
`config.toml: [translation] read_timeout: expected a number of seconds, got "fast"`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.articles.sanitize import sanitize
from reader.errors import UserError


@dataclass(frozen=True, slots=True)
class Rule:
    kind: type  # bool, int, float or str; an int is a float, a bool is neither
    expect: str
    check: Callable[[Any], bool] | None = None


def _seconds(low: float, high: float) -> Rule:
    return Rule(float, f"a number of seconds from {low:g} to {high:g}", lambda v: low <= v <= high)


def _whole(low: int, high: int, what: str = "a whole number") -> Rule:
    return Rule(int, f"{what} from {low} to {high}", lambda v: low <= v <= high)


# The engines reader knows, in the order they are offered; reader.translation.engines builds each one
# (a test keeps the two in step). Named here so that checking a config imports no translation code.
ENGINE_NAMES = ("google", "deepl", "microsoft", "mymemory", "libre", "baidu")


def _engines() -> tuple[str, ...]:
    return ENGINE_NAMES


def _code(v: str) -> bool:
    return 2 <= len(v) <= 12 and v.replace("-", "").isalpha()


SECTIONS: dict[str, dict[str, Rule]] = {
    "translation": {
        "engine": Rule(str, "an engine name", lambda v: v in _engines()),
        "auto": Rule(bool, "true or false"),
        "source": Rule(str, 'a language code, like "de"', _code),
        "target": Rule(str, 'a language code, like "en"', _code),
        "connect_timeout": Rule(float, "a number of seconds", lambda v: 0 < v <= 300),
        "read_timeout": Rule(float, "a number of seconds", lambda v: 0 < v <= 300),
        "retries": _whole(0, 10),
        "max_in_flight": _whole(1, 32),
        "chunk_chars": _whole(50, 4900, "a number of characters"),
        "backoff_base": _seconds(0, 60),
        "backoff_max": _seconds(0, 600),
    },
    "sources": {
        "connect_timeout": Rule(float, "a number of seconds", lambda v: 0 < v <= 300),
        "read_timeout": Rule(float, "a number of seconds", lambda v: 0 < v <= 300),
        "total_timeout": Rule(float, "a number of seconds", lambda v: 0 < v <= 3600),
        "allow_private": Rule(bool, "true or false"),
    },
    "feeds": {
        "refresh_every": _whole(0, 1440, "a number of minutes (0: only when asked)"),
    },
    "entities": {
        "backend": Rule(
            str, 'one of "auto", "embedded", "spacy"', lambda v: v in ("auto", "embedded", "spacy")
        ),
        "model": Rule(str, "a spaCy pipeline name or path", bool),
    },
    "lookup": {
        "dictionary": Rule(str, 'a Ding dictionary file, or "none"', lambda v: True),
        "freedict": Rule(str, 'a FreeDict .index file, or "none"', lambda v: True),
    },
}
TOP_LEVEL: dict[str, Rule] = {
    "export_dir": Rule(str, "a folder path", bool),
    "theme": Rule(str, 'a Textual theme name, like "textual-dark"', bool),
}
ENGINE_OPTIONS: dict[str, Rule] = {
    "url": Rule(str, "a URL", lambda v: v.startswith(("http://", "https://"))),
    "api_key": Rule(str, "a key, as text", bool),
    "free": Rule(bool, "true or false"),
    "region": Rule(str, "a region name, as text", bool),
    "email": Rule(str, "an e-mail address", bool),
    "appid": Rule(str, "an app id, as text", bool),
    "appkey": Rule(str, "an app key, as text", bool),
}
TABLES = ("engines", "keys")


def show(value: Any) -> str:
    """A value as it was written in TOML, one short line, safe to print."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, dict):
        text = "a table"
    elif isinstance(value, list):
        text = "a list"
    else:
        text = str(value)
    text = " ".join(sanitize(text).split())
    return text if len(text) <= 60 else text[:57] + "…"


def _typed(value: Any, kind: type) -> bool:
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def _hint(name: str, known: Iterable[str]) -> str:
    import difflib  # only when there is a mistake to explain

    known = sorted(known)
    close = difflib.get_close_matches(name, known, n=1)
    return f"did you mean {close[0]}?" if close else f"known: {', '.join(known)}"


def unknown(where: str, name: str, known: Iterable[str]) -> str:
    return f"{where}{show(name).strip(chr(34))}: unknown setting; {_hint(name, known)}"


class Problems:
    """The mistakes found, each one line; raised together as one UserError."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: list[str] = []

    def add(self, line: str) -> None:
        self.lines.append(f"{self.path}: {line}")

    def value(self, where: str, value: Any, rule: Rule) -> None:
        ok = _typed(value, rule.kind) and (rule.check is None or rule.check(value))
        if not ok:
            expect = rule.expect
            if where.endswith(" engine"):
                expect += f" ({', '.join(_engines())})"
            self.add(f"{where}: expected {expect}, got {show(value)}")

    def raise_any(self) -> None:
        if self.lines:
            raise UserError("\n".join(self.lines) if len(self.lines) == 1 else "\nreader: ".join(self.lines))


def check_config(data: dict[str, Any], path: Path) -> None:
    """Every mistake in a parsed config file, raised as a UserError, one line each."""
    problems = Problems(path)
    for name, value in data.items():
        if name in SECTIONS:
            if not isinstance(value, dict):
                problems.add(f"[{name}]: expected a table, got {show(value)}")
                continue
            rules = SECTIONS[name]
            for key, item in value.items():
                if key not in rules:
                    problems.add(unknown(f"[{name}] ", key, rules))
                else:
                    problems.value(f"[{name}] {key}", item, rules[key])
        elif name in TOP_LEVEL:
            problems.value(name, value, TOP_LEVEL[name])
        elif name == "engines":
            _check_engines(value, problems)
        elif name == "keys":
            _check_keys(value, problems)
        else:
            known = [*SECTIONS, *TABLES, *TOP_LEVEL]
            shown = f"[{name}]" if isinstance(value, dict) else name
            what = "section" if isinstance(value, dict) else "setting"
            problems.add(f"{show(shown).strip(chr(34))}: unknown {what}; {_hint(name, known)}")
    problems.raise_any()


def _check_engines(value: Any, problems: Problems) -> None:
    if not isinstance(value, dict):
        problems.add(f"engines: expected [engines.NAME] tables, got {show(value)}")
        return
    for engine, options in value.items():
        where = f"[engines.{show(engine).strip(chr(34))}]"
        if engine not in ENGINE_NAMES:
            problems.add(f"{where}: unknown engine; choose one of: {', '.join(ENGINE_NAMES)}")
        elif not isinstance(options, dict):
            problems.add(f"{where}: expected a table, got {show(options)}")
        else:
            for key, item in options.items():
                if key not in ENGINE_OPTIONS:
                    problems.add(unknown(f"{where} ", key, ENGINE_OPTIONS))
                else:
                    problems.value(f"{where} {key}", item, ENGINE_OPTIONS[key])


def _check_keys(value: Any, problems: Problems) -> None:
    if not isinstance(value, dict):
        problems.add(f'keys: expected a [keys] table, like next_sentence = "j,down", got {show(value)}')
        return
    for ident, keys in value.items():
        if not isinstance(keys, str) or not keys.strip():
            where = f"[keys] {show(ident).strip(chr(34))}"
            problems.add(f'{where}: expected keys as text, like "j,down", got {show(keys)}')
    # Which ids and key names exist is the UI's to say: reader.screens.keymap checks them when the app
    # is built, so that nothing here imports Textual.
