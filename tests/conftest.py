"""Every test gets its own READER_HOME, so no test reads or writes the user's store or config."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_4cf55c76e33746fd.txt"


@pytest.fixture(autouse=True)
def reader_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("READER_HOME", str(home))
    monkeypatch.delenv("READER_CONFIG", raising=False)
    monkeypatch.setenv("TEXTUAL_DISABLE_KITTY_KEY", "1")
    for var in (
        "DEEPL_API_KEY",
        "MICROSOFT_API_KEY",
        "LIBRE_API_KEY",
        "NO_COLOR",
        "READER_PROFILE",
        "READER_PUBLIC",
    ):
        monkeypatch.delenv(var, raising=False)
    return home
