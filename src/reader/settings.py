"""One typed settings object, read from TOML at the config path. Nothing is read at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader import locations
from reader.errors import UserError

MAX_CONFIG_BYTES = 2**20  # a config file is a few hundred bytes; anything past a megabyte is not one

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
class SourcesSettings:
    """Fetching pages and feeds: timeouts (the total one bounds a whole request, however slowly it
    drips), and whether links found on the web may lead to private addresses."""

    connect_timeout: float = 5.0
    read_timeout: float = 10.0  # the longest wait for any one byte
    total_timeout: float = 30.0  # the longest a request may take, from connecting to its last byte
    allow_private: bool = False  # a redirect, feed item or OPML entry may lead to a private address


@dataclass
class FeedsSettings:
    """Feeds while the app is open: refreshed every `refresh_every` minutes (0: only when asked, `R`)."""

    refresh_every: int = 0


@dataclass
class EntitySettings:
    backend: str = "auto"  # auto | embedded | spacy
    model: str = "de_core_news_lg"


SYSTEM_DICTIONARY = Path("/usr/share/trans/de-en")  # Debian/Ubuntu package trans-de-en
SYSTEM_FREEDICT = Path("/usr/share/dictd/freedict-deu-eng.index")  # Debian/Ubuntu dict-freedict-deu-eng


@dataclass
class LookupSettings:
    dictionary: str = ""  # a Ding-format file; "" means the system one, when installed; "none": no file
    freedict: str = ""  # a FreeDict dictd .index (its .dict.dz beside it); "" the system one; "none"

    def freedict_path(self) -> Path | None:
        """The FreeDict index to merge below Ding, or None when none is configured or installed."""
        if str(self.freedict).lower() == "none":
            return None
        if self.freedict:
            return Path(str(self.freedict)).expanduser()
        return SYSTEM_FREEDICT if SYSTEM_FREEDICT.is_file() else None

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
    sources: SourcesSettings = field(default_factory=SourcesSettings)
    feeds: FeedsSettings = field(default_factory=FeedsSettings)
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
    data = _read_toml(path)
    from reader.config_check import check_config

    check_config(data, path)
    if "translation" in data:
        settings.translation = TranslationSettings(**data["translation"])
        for name in ("connect_timeout", "read_timeout", "backoff_base", "backoff_max"):
            setattr(settings.translation, name, float(getattr(settings.translation, name)))
    if "sources" in data:
        settings.sources = SourcesSettings(**data["sources"])
        for name in ("connect_timeout", "read_timeout", "total_timeout"):
            setattr(settings.sources, name, float(getattr(settings.sources, name)))
    if "feeds" in data:
        settings.feeds = FeedsSettings(**data["feeds"])
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
    _from_environment(settings)  # again: the file's [translation] replaced what it set
    return settings


def _read_toml(path: Path) -> dict[str, Any]:
    """The file's TOML: read up to a cap (READER_CONFIG=/dev/zero must not fill memory), each problem
    one line naming the file."""
    import tomllib  # only when there is a config file to read

    try:
        with path.open("rb") as file:
            raw = file.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise UserError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise UserError(f"{path}: not a config file: larger than {MAX_CONFIG_BYTES // 2**20} MB")
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise UserError(f"{path}: cannot read config: it is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:  # tomllib parses nested arrays and tables by recursion
        raise UserError(f"{path}: invalid TOML: nested too deeply") from None


def _from_environment(settings: Settings) -> None:
    """The profile and public mode, which the CLI (`--profile`) and the servers set for a session.

    The name is checked where the store is opened for it (`reader.store.profiles.check_name`)."""
    settings.profile = os.environ.get("READER_PROFILE") or settings.profile
    settings.public = os.environ.get("READER_PUBLIC", "") not in ("", "0")
    if settings.public:
        settings.translation.auto = False  # engines are the owner's: see reader.enrich.english
