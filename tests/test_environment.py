"""The user's environment is no bug: a closed or full stdout ends a command with one line and a
non-zero code (no traceback, no "Exception ignored" at exit), and a config file that is huge, endless
or nested without end is refused in one line naming it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader import locations
from reader.articles.parse import parse_article
from reader.articles.segment import unsplit
from reader.library.indexing import index_pending
from reader.store import Store
from reader.store.library import NewArticle, content_hash, save_articles


@pytest.fixture
def library() -> Path:
    """A library whose `reader list` is far longer than a pipe's buffer (64 KB)."""
    store = Store(locations.store_path())
    items = []
    for n in range(2000):
        text = f"Eine recht lange Überschrift für die Meldung Nummer {n}\n\nDer Text der Meldung {n}."
        items.append(
            NewArticle(
                parse_article(text, source=f"m{n}", fmt="text", split=unsplit), content_hash(text.encode())
            )
        )
    save_articles(store, items)
    index_pending(store, None)  # searchable, as after `reader add`
    store.close()
    return locations.store_path()


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "reader", *args]


@pytest.mark.parametrize("args", [["list"], ["list", "--format", "jsonl"], ["search", "Meldung"]])
def test_a_full_stdout_is_one_line(library: Path, args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(command(*args), stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr == "reader: cannot write the output: no space left on device\n"


def test_a_closed_pipe_is_one_line_and_no_noise_at_exit(library: Path) -> None:
    proc = subprocess.Popen(command("list"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline()  # as `reader list | head -1` does
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert err == "reader: cannot write the output: it was closed before the end\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("a = " + "[" * 100_000, "invalid TOML: nested too deeply"),
        ("# " + "x" * 2_000_000 + "\n", "not a config file: larger than 1 MB"),
        (b"\xff\xfe[translation]\n", "cannot read config: it is not UTF-8 text"),
    ],
    ids=["nested", "huge", "not UTF-8"],
)
def test_a_config_that_cannot_be_one_is_one_line(tmp_path: Path, content: str | bytes, expected: str) -> None:
    config = tmp_path / "config.toml"
    if isinstance(content, bytes):
        config.write_bytes(content)
    else:
        config.write_text(content, encoding="utf-8")
    done = subprocess.run(
        command("list"), env={**os.environ, "READER_CONFIG": str(config)}, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr == f"reader: {config}: {expected}\n"


def test_an_endless_config_is_refused_at_once() -> None:
    start = time.monotonic()
    done = subprocess.run(
        command("list"),
        env={**os.environ, "READER_CONFIG": "/dev/zero"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr == "reader: /dev/zero: not a config file: larger than 1 MB\n"
    assert time.monotonic() - start < 10
