"""What the sub-commands share: opening the store (its notices said once on stderr), the library with
the seeds in it on first run, reading a named article file, JSON lines and dates."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.articles.sanitize import sanitize
from reader.errors import ParseError, UserError
from reader.store import Store, open_store

if TYPE_CHECKING:
    from reader.articles.model import Article
    from reader.settings import Settings


@contextmanager
def opened_store(settings: Settings) -> Iterator[Store]:
    """The store of `settings`, for their profile; a notice (damage repaired, a read-only copy) goes to
    stderr once, as it comes."""
    store = open_store(settings)
    shown = 0

    def show() -> None:
        nonlocal shown
        for notice in store.notices[shown:]:
            print(f"reader: {' '.join(sanitize(notice).split())}", file=sys.stderr)
        shown = len(store.notices)

    show()
    try:
        yield store
    finally:
        show()  # damage found by a later query is said too
        store.close()


def library_store(
    settings: Settings | None = None, *, writes: bool = False, seeds: bool = True, check: bool = True
) -> Store:
    """The user's store; a library used for the first time gets the bundled seeds (`seeds`).

    `writes`: the command is asked to store something, so a store that would not keep it (a copy in
    memory: the folder is read-only or the disk full) is an error now, not a summary that says "added".
    """
    from reader.settings import load_settings

    store = open_store(settings or load_settings(), check=check)
    for notice in store.notices:
        print(f"reader: {' '.join(sanitize(notice).split())}", file=sys.stderr)
    if writes:
        try:
            store.require_writable()
        except BaseException:
            store.close()
            raise
    if seeds:
        from reader.library.importing import ensure_seeds

        if ensure_seeds(store):
            index_library(store, quiet=True)  # the seed is searchable from the first command on
    return store


FAILED = ("failed", "refused")  # outcomes said on stderr


def summary_line(counts: dict[str, int]) -> str:
    """'3 added, 1 duplicate, 0 failed': those three always, the other kinds when there are any."""
    always = ("added", "duplicate", "failed")
    return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n or kind in always)


def failures(counts: dict[str, int]) -> int:
    return sum(counts.get(kind, 0) for kind in FAILED)


def read_named(path: Path) -> Article:
    """The article in `path`; every problem is a UserError that starts with the file's name."""
    from reader.articles.load import read_article

    if path.is_dir():
        raise UserError(f"{path}: is a folder; give one article file")
    if not path.exists():
        raise UserError(f"{path}: no such file")
    try:
        return read_article(path)
    except ParseError as exc:
        if str(exc).startswith(str(path)):
            raise
        raise ParseError(f"{path}: {exc}") from exc


def check_engine_name(name: str) -> None:
    """An engine name that does not exist is an error even where no engine is asked (export)."""
    from reader.translation.engines import ENGINES

    if name not in ENGINES:
        raise UserError(f"unknown translation engine {name!r}; choose one of: {', '.join(ENGINES)}")


def iso(when: float | None) -> str | None:
    import datetime as dt

    return dt.datetime.fromtimestamp(when, dt.UTC).isoformat(timespec="seconds") if when is not None else None


def day(when: float | None) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(when, dt.UTC).strftime("%Y-%m-%d") if when is not None else "----------"


def jsonl(obj: dict[str, Any]) -> None:
    """One JSON object per line; text inside is sanitised (json escapes control characters anyway)."""
    import json

    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def plain(text: str) -> str:
    """Untrusted text for a terminal line: no escape sequences, no line breaks."""
    return sanitize(text).replace("\n", " ").replace("\t", " ")


PROGRESS_EVERY = 1.0  # seconds between progress lines
TASKS = {"words": "search index", "entities": "names"}


def index_library(store: Store, *, quiet: bool = False, machine: bool = False) -> None:
    """Index what is pending, with progress on stderr (at most one line a second); with `machine`,
    on stdout as "TASK DONE TOTAL" after every batch."""
    from reader.enrich.english import pair_of
    from reader.library.indexing import index_pending
    from reader.nlp.recognizers import load_recognizer
    from reader.settings import load_settings

    settings = load_settings()
    shown = 0.0

    def report(task: str, done: int, total: int) -> None:
        nonlocal shown
        if machine:
            print(f"{task} {done} {total}", flush=True)
        elif not quiet and (time.monotonic() - shown > PROGRESS_EVERY or done == total):
            shown = time.monotonic()
            print(f"indexing the {TASKS.get(task, task)}: {done}/{total}", file=sys.stderr, flush=True)

    outcome = index_pending(
        store,
        lambda: load_recognizer(settings.entities),
        engine=settings.translation.engine,
        pair=pair_of(settings),
        report=report,
    )
    if outcome.busy and not quiet:
        print("another reader is indexing this library; it goes on there", file=sys.stderr)
