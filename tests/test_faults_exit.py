"""`reader` ends with the app's exit code; a crash is one line on stderr naming a log with the traceback."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from textual.app import App

from reader import locations
from reader.commands.run import run_app


class Crashing(App[None]):
    """A real app with a bug in it: what any unhandled exception in reader's app looks like."""

    def on_mount(self) -> None:
        secret = "api-key-123"  # a local that Textual's traceback would print on the terminal
        raise ZeroDivisionError(f"a bug, not a user error {len(secret)}")


class Quits(App[None]):
    def __init__(self, code: int) -> None:
        super().__init__()
        self.code = code

    def on_mount(self) -> None:
        self.exit(return_code=self.code)


def test_a_crash_exits_1_with_one_line_and_a_private_log(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_app(Crashing(), headless=True) == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("reader: stopped by an error (ZeroDivisionError: a bug, not a user error 11)")
    logs = list(locations.log_dir().glob("crash-*.log"))
    assert len(logs) == 1 and lines[0].endswith(f"details in {logs[0]}")
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "on_mount" in text
    assert stat.S_IMODE(logs[0].stat().st_mode) == 0o600
    assert "api-key-123" not in captured.out + captured.err


@pytest.mark.parametrize("code", [0, 3])
def test_the_apps_own_exit_code_is_the_commands(code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_app(Quits(code), headless=True) == code
    assert capsys.readouterr().err == ""
    assert not locations.log_dir().exists()


def test_a_log_goes_to_the_temp_folder_when_the_data_folder_cannot_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = locations.data_dir()
    data.parent.mkdir(parents=True)
    data.write_text("a file where the data folder should be")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert run_app(Crashing(), headless=True) == 1
    assert f"details in {tmp_path}/crash-" in capsys.readouterr().err
