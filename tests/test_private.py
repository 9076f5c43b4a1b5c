"""Files reader writes are its user's alone: folders 0700 and files 0600 under a permissive umask (022),
and what an older reader left open is tightened at start."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import App

from conftest import SEED
from reader import locations
from reader.commands.run import run_app
from reader.export.write import write_export
from reader.private import open_private, private_dir, private_file, tighten
from reader.serve.logs import open_log_file
from reader.store.db import Store


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual default umask, under which files are created readable by everyone."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def modes(*folders: Path) -> dict[str, int]:
    """Every file and folder under `folders` (themselves included), with its permission bits."""
    found = {}
    for folder in folders:
        found[str(folder)] = stat.S_IMODE(folder.stat().st_mode)
        for path in folder.rglob("*"):
            found[str(path)] = stat.S_IMODE(path.lstat().st_mode)
    return found


def assert_private(*folders: Path) -> None:
    loose = {
        path: oct(mode)
        for path, mode in modes(*folders).items()
        if mode != (0o700 if Path(path).is_dir() else 0o600)
    }
    assert not loose, loose


class Crashing(App[None]):
    def on_mount(self) -> None:
        raise ZeroDivisionError("a bug")


def test_store_with_its_wal_exports_logs_and_crash_logs_are_private_under_umask_022(umask_022: None) -> None:
    data = locations.data_dir()
    store = Store(locations.store_path())
    try:
        with store.write() as conn:
            conn.execute("PRAGMA user_version")  # a write transaction: the -wal and -shm exist now
            conn.execute("CREATE TABLE IF NOT EXISTS scratch (x)")
            conn.execute("INSERT INTO scratch VALUES (1)")
        names = {path.name for path in data.iterdir()}
        assert {"reader.db", "reader.db-wal", "reader.db-shm"} <= names
        export = write_export("# Titel\n", locations.export_dir(), "titel")
        handler = open_log_file(data / "serve-web.log")
        handler.close()
        assert run_app(Crashing(), headless=True) == 1
        assert list(locations.log_dir().glob("crash-*.log"))
        assert_private(data, export.parent)
    finally:
        store.close()


def test_the_helpers_tighten_what_exists_and_create_privately(tmp_path: Path, umask_022: None) -> None:
    loose = tmp_path / "loose"
    loose.mkdir(mode=0o755)
    (loose / "inner").mkdir(mode=0o755)
    (loose / "inner" / "notes.txt").write_text("x")
    (loose / "key").write_text("x")
    (loose / "script").write_text("x")
    (loose / "script").chmod(0o755)
    tighten(loose)
    assert modes(loose) == {
        str(loose): 0o700,
        str(loose / "inner"): 0o700,
        str(loose / "inner" / "notes.txt"): 0o600,
        str(loose / "key"): 0o600,
        str(loose / "script"): 0o700,  # the owner keeps what they had
    }
    assert stat.S_IMODE(private_dir(tmp_path / "new" / "folder").stat().st_mode) == 0o700
    assert stat.S_IMODE(private_file(tmp_path / "new.log").stat().st_mode) == 0o600
    existing = tmp_path / "existing.md"
    existing.write_text("old")
    with open_private(existing, "w", encoding="utf-8") as f:
        f.write("new")
    assert existing.read_text() == "new" and stat.S_IMODE(existing.stat().st_mode) == 0o600
    with pytest.raises(FileExistsError):
        open_private(existing, "x")


def _reader(*args: str) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, from a shell whose umask is 022."""
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.umask(0o022),
        check=True,
    )


def test_files_an_older_reader_left_open_are_tightened_at_start(umask_022: None) -> None:
    data = locations.data_dir()
    data.mkdir(parents=True, mode=0o755)
    Store(locations.store_path()).close()
    (data / "reader.db-wal").write_bytes(b"")  # as SQLite leaves them beside a 0644 store
    (data / "logs").mkdir(mode=0o755)
    for name in ("logs/crash-1.log", "serve-ssh.log", "ssh_host_key", "reader.db"):
        (data / name).touch()
        (data / name).chmod(0o644)
    data.chmod(0o755)
    _reader("list")
    assert_private(data)


def test_the_command_line_writes_privately_under_umask_022(reader_home: Path) -> None:
    _reader("add", str(SEED))
    path = Path(_reader("export", "frieden").stdout.strip())
    assert path.is_file() and path.parent == locations.export_dir()
    assert_private(locations.data_dir(), locations.export_dir())
