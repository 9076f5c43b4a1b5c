"""Writes that cannot be kept say so: a read-only data folder, a public session or a full disk make a
command that was asked to store something exit non-zero with one line, nothing already stored is
lost, reading still works; and writers started together wait for each other instead of failing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from conftest import SEED
from reader.store import Store
from reader.store.library import list_articles
from test_faults_cli import run_without_write_access

if TYPE_CHECKING:
    from newssite import NewsSite

pytest_plugins = ["newssite"]


def reader(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        env={**os.environ, "READER_HOME": str(home), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def article(folder: Path, n: int, size: int = 1) -> Path:
    path = folder / f"artikel{n}.txt"
    sentence = f"Die Regierung hat am Montag in Berlin den Plan Nummer {n} vorgestellt. "
    path.write_text(f"Meldung {n}\n\n" + sentence * 3 * size, encoding="utf-8")
    return path


@pytest.fixture
def stored_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    assert reader(home, "add", str(article(tmp_path, 1))).returncode == 0
    return home


def test_adding_to_a_read_only_folder_fails_and_says_why(stored_home: Path, tmp_path: Path) -> None:
    for path in (stored_home / "data").iterdir():
        path.chmod(0o444)
    result = run_without_write_access(stored_home, "add", str(article(tmp_path, 2)))
    assert result.returncode == 1
    assert "summary" not in result.stdout and "added" not in result.stdout
    assert result.stderr.splitlines()[-1].endswith(
        "the store cannot be written (attempt to write a readonly database); nothing was saved"
    )
    listed = run_without_write_access(stored_home, "list")  # a command that only reads still works
    assert listed.returncode == 0 and "Meldung 1" in listed.stdout


def test_subscribing_or_refreshing_in_a_read_only_folder_fetches_nothing(
    stored_home: Path, news_site: NewsSite
) -> None:
    (stored_home / "data").chmod(0o555)
    for args in (["add", "--feed", f"{news_site.url}/rss.xml"], ["refresh"]):
        result = run_without_write_access(stored_home, *args)
        assert result.returncode == 1 and "nothing was saved" in result.stderr, result.stderr
    assert news_site.requests == []


def test_a_public_session_refuses_to_add(stored_home: Path, tmp_path: Path) -> None:
    result = reader(stored_home, "add", str(article(tmp_path, 3)), READER_PUBLIC="1")
    assert result.returncode == 1 and "nothing can be saved" in result.stderr
    assert [a.title for a in list_articles(Store(stored_home / "data" / "reader.db"))].count("Meldung 3") == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB disk of its own (a tmpfs), which the test can fill."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path, leave: int = 0) -> Path:
    """Fill the disk, leaving about `leave` bytes free."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:
            pass
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


def test_a_full_disk_is_one_line_loses_nothing_and_reading_goes_on(small_disk: Path, tmp_path: Path) -> None:
    home = small_disk / "home"
    assert reader(home, "add", str(article(tmp_path, 1)), str(article(tmp_path, 2))).returncode == 0
    filler = fill(small_disk)
    adding = reader(home, "add", str(article(tmp_path, 3)))
    assert adding.returncode == 1
    assert (
        adding.stderr.splitlines()[-1]
        == f"reader: the disk holding {home / 'data'} is full; nothing was saved"
    )
    assert "Traceback" not in adding.stderr and "rollback" not in adding.stderr
    listed = reader(home, "list")  # reading still works, from a copy in memory
    assert listed.returncode == 0, listed.stderr
    assert "Meldung 1" in listed.stdout and "Meldung 2" in listed.stdout
    assert f"the disk holding {home / 'data'} is full: reading a copy" in listed.stderr
    filler.unlink()
    titles = [a.title for a in list_articles(Store(home / "data" / "reader.db"))]
    assert {"Meldung 1", "Meldung 2"} <= set(titles) and "Meldung 3" not in titles  # nothing lost


def test_a_disk_that_fills_during_an_import_keeps_what_was_stored(small_disk: Path, tmp_path: Path) -> None:
    home = small_disk / "home"
    assert reader(home, "add", str(article(tmp_path, 1))).returncode == 0
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(600):
        article(folder, 100 + n, size=8)
    filler = fill(small_disk, leave=600_000)
    adding = reader(home, "add", str(folder))
    assert adding.returncode == 1, adding.stdout[-300:]
    assert adding.stderr.splitlines()[-1] == (
        f"reader: the disk holding {home / 'data'} is full; nothing new was saved"
    )
    said = adding.stdout.count("added: ")
    filler.unlink()
    titles = {a.title for a in list_articles(Store(home / "data" / "reader.db"))}
    assert "Meldung 1" in titles
    assert len([t for t in titles if t.startswith("Meldung ") and t != "Meldung 1"]) >= said  # as said


def test_a_new_store_waits_for_another_process_writing_to_it(tmp_path: Path) -> None:
    """Two `reader add` started together on a fresh store: the second must wait for the first's lock
    while it turns the file into a write-ahead log, not fail with "database is locked"."""
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    other = sqlite3.connect(home / "data" / "reader.db", isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another process, in the middle of creating the store
    threading.Timer(1.0, lambda: other.execute("COMMIT")).start()
    start = time.monotonic()
    result = reader(home, "add", str(article(tmp_path, 1)))
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - start >= 1.0


def test_writers_started_together_on_a_fresh_store_all_succeed(tmp_path: Path) -> None:
    for round_ in range(4):
        home = tmp_path / f"home{round_}"
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "reader", "add", str(article(tmp_path, 10 * round_ + n)), str(SEED)],
                env={**os.environ, "READER_HOME": str(home)},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(5)
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
        assert len(list_articles(Store(home / "data" / "reader.db"))) == 6  # five and the seed
