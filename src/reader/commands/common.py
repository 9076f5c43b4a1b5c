"""What the library commands share: the store with the seeds in it on first run, JSON lines, dates."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from reader.articles.sanitize import sanitize
from reader.store import Store


def library_store() -> Store:
    """The user's store; a library used for the first time gets the bundled seeds."""
    from reader.enrich.library import ensure_seeds
    from reader.settings import load_settings

    store = Store(load_settings().store_path)
    ensure_seeds(store)
    return store


def iso(when: float | None) -> str | None:
    return dt.datetime.fromtimestamp(when, dt.UTC).isoformat(timespec="seconds") if when is not None else None


def day(when: float | None) -> str:
    return dt.datetime.fromtimestamp(when, dt.UTC).strftime("%Y-%m-%d") if when is not None else "----------"


def jsonl(obj: dict[str, Any]) -> None:
    """One JSON object per line; text inside is sanitised (json escapes control characters anyway)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def plain(text: str) -> str:
    """Untrusted text for a terminal line: no escape sequences, no line breaks."""
    return sanitize(text).replace("\n", " ").replace("\t", " ")
