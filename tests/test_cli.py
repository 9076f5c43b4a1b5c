"""The command line: one clear line and a non-zero exit for user errors, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader import __version__
from reader.cli import main
from reader.errors import UserError
from reader.settings import load_settings


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"reader {__version__}"
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "PATH" in out and "translate" in out and "export" in out


def test_missing_path_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nowhere.txt")]) == 2
    err = capsys.readouterr().err
    assert err == f"reader: {tmp_path / 'nowhere.txt'}: no such file or directory\n"


def test_directory_without_articles_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path)]) == 2
    assert "no article files" in capsys.readouterr().err


def test_python_dash_m_reader_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.strip() == f"reader {__version__}"


def test_bad_config_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[translation\nengine = 'google'\n", encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"reader: {config}: invalid TOML") and err.count("\n") == 1


def test_config_is_typed_and_unknown_settings_are_refused(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[translation]\nengine = "deepl"\nread_timeout = 3.5\n[engines.deepl]\napi_key = "k"\n'
        '[keys]\nnext_sentence = "l,down"\n[entities]\nbackend = "embedded"\n',
        encoding="utf-8",
    )
    settings = load_settings(config)
    assert settings.translation.engine == "deepl" and settings.translation.read_timeout == 3.5
    assert settings.engine_options("deepl") == {"api_key": "k"}
    assert settings.keys == {"next_sentence": "l,down"} and settings.entities.backend == "embedded"
    config.write_text("[translation]\nengin = 'google'\n", encoding="utf-8")
    with pytest.raises(
        UserError, match=r"config.toml: \[translation\] engin: unknown setting; did you mean engine"
    ):
        load_settings(config)


def test_api_key_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DEEPL_API_KEY", "from-env")
    assert load_settings(tmp_path / "absent.toml").engine_options("deepl") == {"api_key": "from-env"}


def test_reader_home_moves_every_path(reader_home: Path) -> None:
    settings = load_settings()
    assert settings.store_path.is_relative_to(reader_home)
    assert settings.export_dir.is_relative_to(reader_home)


def test_unknown_engine_fails_before_the_app_starts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--engine", "babelfish"]) == 2
    assert "unknown translation engine 'babelfish'" in capsys.readouterr().err
