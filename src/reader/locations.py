"""Every path reader uses, from platformdirs; READER_HOME moves them all (tests use it)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "reader"


def _home() -> Path | None:
    home = os.environ.get("READER_HOME")
    return Path(home).expanduser() if home else None


def data_dir() -> Path:
    home = _home()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP))


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP))


def config_file() -> Path:
    named = os.environ.get("READER_CONFIG")
    return Path(named).expanduser() if named else config_dir() / "config.toml"


def store_path() -> Path:
    return data_dir() / "reader.db"


def export_dir() -> Path:
    home = _home()
    return home / "exports" if home else Path(platformdirs.user_documents_dir()) / "reader"


def log_dir() -> Path:
    """Crash logs: the traceback of an app that stopped on an error."""
    return data_dir() / "logs"


def host_key_path() -> Path:
    return data_dir() / "ssh_host_key"


def seeds_dir() -> Path:
    """The bundled seeds: in a source checkout `seeds/` at the top; in a wheel, packaged data."""
    packaged = Path(__file__).parent / "seeds"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "seeds"
