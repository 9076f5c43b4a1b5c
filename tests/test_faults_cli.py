"""Small CLI inconsistencies: every message names its file, --engine is checked everywhere, and
commands that only read work when the data folder cannot be written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import reader
from conftest import SEED
from reader.cli import main
from reader.store import Store, reading


def test_export_with_an_unknown_engine_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(SEED), "-o", "-", "--engine", "nosuch"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("reader: unknown translation engine 'nosuch'")


def test_translate_of_a_missing_file_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "fehlt.txt"
    assert main(["translate", str(missing)]) == 2
    assert capsys.readouterr().err == f"reader: {missing}: no such file\n"


def test_translate_of_an_unreadable_file_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "bild.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    assert main(["translate", str(binary)]) == 2
    assert capsys.readouterr().err.startswith(f"reader: {binary}: ")


@pytest.mark.parametrize("command", [["entities"], ["translate"]])
def test_a_folder_is_called_a_folder(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"reader: {tmp_path}: is a folder; give one article file\n"


DROP = "-dac_override,-dac_read_search"  # the capabilities that let root ignore file modes


def without_write_access(command: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    """Run `command` with READER_HOME=home and a data folder it cannot write, as root or not."""
    (home / "data").chmod(0o555)
    env = {
        "PATH": os.environ["PATH"],
        "READER_HOME": str(home),
        "PYTHONPATH": str(Path(reader.__file__).parents[1]),
    }
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root ignores file modes and setpriv is not here to drop that power")
        command = ["setpriv", f"--inh-caps={DROP}", f"--bounding-set={DROP}", *command]
    try:
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    finally:
        (home / "data").chmod(0o755)


def run_without_write_access(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return without_write_access([sys.executable, "-m", "reader", *args], home)


@pytest.fixture
def read_only_store(tmp_path: Path) -> Path:
    home = tmp_path / "ro-home"
    store = Store(home / "data" / "reader.db")
    reading.save_position(store, "a1", 4)
    store.close()
    for path in (home / "data").iterdir():
        path.chmod(0o444)
    return home


def test_export_to_stdout_works_with_a_read_only_data_folder(read_only_store: Path) -> None:
    result = run_without_write_access(read_only_store, "export", str(SEED), "-o", "-")
    assert result.returncode == 0, result.stderr
    assert "Frieden möglich" in result.stdout
    assert "the store cannot be written" in result.stderr and "nothing new will be saved" in result.stderr
    assert result.stderr.count("\n") == 1


def test_entities_works_with_a_read_only_data_folder(read_only_store: Path) -> None:
    result = run_without_write_access(read_only_store, "entities", "--backend", "embedded", str(SEED))
    assert result.returncode == 0, result.stderr
    assert "LOC" in result.stdout
    assert "the store cannot be written" in result.stderr


def test_a_store_that_cannot_be_made_falls_back_too(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()  # no store yet, and it may not be created
    result = run_without_write_access(tmp_path, "export", str(SEED), "-o", "-")
    assert result.returncode == 0, result.stderr
    assert "Frieden möglich" in result.stdout


def test_the_in_memory_copy_keeps_what_the_store_had(read_only_store: Path) -> None:
    code = "from reader.store import Store, reading; from reader import locations;"
    code += "s = Store(locations.store_path()); print(reading.positions(s), len(s.notices))"
    result = without_write_access([sys.executable, "-c", code], read_only_store)
    assert result.stdout.strip() == "{'a1': 4} 1", result.stderr
