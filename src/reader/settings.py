"""One typed settings object, read from TOML at the config path. Nothing is read at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader import locations
from reader.errors import UserError

ENGINE_KEY_VARS = {
    "deepl": "DEEPL_API_KEY",
    "microsoft": "MICROSOFT_API_KEY",
    "libre": "LIBRE_API_KEY",
    "mymemory": "MYMEMORY_EMAIL",
    "yandex": "YANDEX_API_KEY",
    "qcri": "QCRI_API_KEY",
}


@dataclass
class TranslationSettings:
    engine: str = "google"
    auto: bool = True  # translate what is missing when an article opens
    source: str = "de"
    target: str = "en"
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    retries: int = 3
    max_in_flight: int = 4
    chunk_chars: int = 1500
    backoff_base: float = 0.5  # seconds before the first retry; doubled each time, with jitter
    backoff_max: float = 8.0  # the longest wait between retries, even when Retry-After asks for more


@dataclass
class EntitySettings:
    backend: str = "auto"  # auto | embedded | spacy
    model: str = "de_core_news_lg"


SYSTEM_DICTIONARY = Path("/usr/share/trans/de-en")  # Debian/Ubuntu package trans-de-en


@dataclass
class LookupSettings:
    dictionary: str = ""  # a Ding-format file; "" means the system one, when installed; "none": no file

    def dictionary_path(self) -> Path | None:
        """The dictionary file to use, or None when none is configured or installed."""
        if str(self.dictionary).lower() == "none":
            return None
        if self.dictionary:
            return Path(str(self.dictionary)).expanduser()
        return SYSTEM_DICTIONARY if SYSTEM_DICTIONARY.is_file() else None


@dataclass
class Settings:
    translation: TranslationSettings = field(default_factory=TranslationSettings)
    entities: EntitySettings = field(default_factory=EntitySettings)
    lookup: LookupSettings = field(default_factory=LookupSettings)
    engines: dict[str, dict[str, Any]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> "j,down"
    export_dir: Path = field(default_factory=locations.export_dir)
    store_path: Path = field(default_factory=locations.store_path)
    config_path: Path | None = None  # the file these settings came from, for messages
    theme: str = "textual-dark"
    profile: str = "default"  # whose reading state is read and written: --profile or READER_PROFILE
    public: bool = False  # a public session (`reader serve … --public`): read the library, write nothing

    def engine_options(self, name: str) -> dict[str, Any]:
        """Options for one engine: its `[engines.NAME]` table, with a key from the environment if unset."""
        options = dict(self.engines.get(name, {}))
        var = ENGINE_KEY_VARS.get(name)
        if var and os.environ.get(var) and not options.get("api_key"):
            options["api_key"] = os.environ[var]
        return options


def load_settings(path: Path | None = None) -> Settings:
    """Read settings from `path` (default: READER_CONFIG or the platform config file), if it exists.

    Every mistake in the file (an unknown section or key, a wrong type, a value out of range, a key
    binding that does not exist) is a UserError naming the file, the key and what was expected.
    """
    path = path or locations.config_file()
    settings = Settings()
    _from_environment(settings)
    if not path.exists():
        if os.environ.get("READER_CONFIG"):
            raise UserError(f"{path}: config file not found (named by READER_CONFIG)")
        return settings
    import tomllib  # only when there is a file to read

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read config: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path}: invalid TOML: {exc}") from exc
    from reader.config_check import check_config

    check_config(data, path)
    if "translation" in data:
        settings.translation = TranslationSettings(**data["translation"])
        for name in ("connect_timeout", "read_timeout", "backoff_base", "backoff_max"):
            setattr(settings.translation, name, float(getattr(settings.translation, name)))
    if "entities" in data:
        settings.entities = EntitySettings(**data["entities"])
    if "lookup" in data:
        settings.lookup = LookupSettings(**data["lookup"])
    settings.engines = data.get("engines", {})
    settings.keys = data.get("keys", {})
    if "export_dir" in data:
        settings.export_dir = Path(data["export_dir"]).expanduser()
    if "theme" in data:
        settings.theme = data["theme"]
    settings.config_path = path
    return settings


def _from_environment(settings: Settings) -> None:
    """The profile and public mode, which the CLI (`--profile`) and the servers set for a session.

    The name is checked where the store is opened for it (`reader.store.profiles.check_name`)."""
    settings.profile = os.environ.get("READER_PROFILE") or settings.profile
    settings.public = os.environ.get("READER_PUBLIC", "") not in ("", "0")
