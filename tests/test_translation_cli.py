"""`reader translate PATH [--engine NAME] [--format text|jsonl]` against a local LibreTranslate server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader.cli import main

if TYPE_CHECKING:
    from servers import LibreServer

pytest_plugins = ["servers"]

ARTICLE = """ID: 42

Regierung legt Haushalt vor

Die Regierung hat am Montag den Haushalt vorgestellt. Er sieht höhere Ausgaben vor.

Reaktionen der Opposition

Die Opposition kritisierte den Entwurf scharf.
"""


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "artikel.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def configure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, **extra: object) -> None:
    config = tmp_path / "config.toml"
    lines = ['[translation]\nengine = "libre"\nretries = 0\nread_timeout = 2\n']
    lines += [f"{k} = {json.dumps(v)}\n" for k, v in extra.items()]
    lines.append(f'[engines.libre]\nurl = "{url}"\napi_key = "k"\n')
    config.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))


def test_jsonl_one_object_per_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, article: Path, libre_server: LibreServer
) -> None:
    configure(tmp_path, monkeypatch, libre_server.url)
    assert main(["translate", str(article), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["de"] for r in records] == [
        "Regierung legt Haushalt vor",
        "Die Regierung hat am Montag den Haushalt vorgestellt.",
        "Er sieht höhere Ausgaben vor.",
        "Reaktionen der Opposition",
        "Die Opposition kritisierte den Entwurf scharf.",
    ]
    assert all(r["en"] == "EN:" + r["de"] and r["source"] == "libre" and r["error"] is None for r in records)
    assert libre_server.count == 1

    assert main(["translate", str(article), "--format", "jsonl"]) == 0  # again: from memory
    assert {json.loads(line)["source"] for line in capsys.readouterr().out.splitlines()} == {"memory"}
    assert libre_server.count == 1


def test_text_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, article: Path, libre_server: LibreServer
) -> None:
    configure(tmp_path, monkeypatch, libre_server.url)
    assert main(["translate", str(article)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Regierung legt Haushalt vor\n  EN:Regierung legt Haushalt vor\n")
    assert "Er sieht höhere Ausgaben vor.\n  EN:Er sieht höhere Ausgaben vor.\n" in out


def test_failures_exit_1_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, article: Path, libre_server: LibreServer
) -> None:
    configure(tmp_path, monkeypatch, libre_server.url)
    libre_server.mode = 500
    assert main(["translate", str(article), "--format", "jsonl"]) == 1
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert {(r["en"], r["source"], r["error"]) for r in records} == {
        (None, "failed", "server error: HTTP 500")
    }
    assert captured.err.strip() == "reader: 5 sentences not translated: server error: HTTP 500"


def test_engine_option_overrides_and_bad_names_are_one_line(capsys, article: Path) -> None:
    assert main(["translate", str(article), "--engine", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("reader: unknown translation engine 'nope'")
    assert main(["translate", str(article), "--engine", "deepl"]) == 2
    assert "DEEPL_API_KEY" in capsys.readouterr().err


def test_missing_file_is_one_line(capsys, tmp_path: Path) -> None:
    assert main(["translate", str(tmp_path / "nothing.txt")]) == 2
    assert capsys.readouterr().err.startswith("reader: ")


def test_reference_translation_needs_no_engine(capsys) -> None:
    seed = Path(__file__).resolve().parents[1] / "seeds" / "000_4cf55c76e33746fd.txt"
    assert main(["translate", str(seed), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["source"] for r in records} == {"reference"}
