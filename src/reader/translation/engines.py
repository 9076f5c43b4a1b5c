"""The translation engines reader can use, all through deep-translator, built from the settings.

`check_engine` validates a name and its options without importing deep-translator (0.2 s), so a bad
`--engine` or a missing key is a UserError at once. `make_engine` builds an `Engine`, whose
`translate(text)` is safe to call from several threads (each thread gets its own deep-translator object,
since they keep per-request state on `self`).

Options come from `[engines.NAME]` in the config, plus a key from the environment (`DEEPL_API_KEY`, ...):
- google: `url` (the `/m` endpoint; default Google's)
- deepl: `api_key` (required), `free` (default: true when the key ends in ":fx"), `url`
- microsoft: `api_key` (required), `region`, `url`
- mymemory: `email` (raises the free quota), `url`
- libre: `url` of a LibreTranslate server and/or `api_key` (one is required)
- baidu: `appid` and `appkey` (required)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reader.errors import UserError
from reader.settings import ENGINE_KEY_VARS, Settings

Build = Callable[[dict[str, Any], str, str], Any]


@dataclass(frozen=True)
class EngineSpec:
    name: str
    max_chars: int  # the most characters one request may carry
    required: tuple[tuple[str, ...], ...]  # each inner tuple: at least one of these options must be set
    build: Build


def _google(options: dict[str, Any], source: str, target: str) -> Any:
    from deep_translator import GoogleTranslator

    translator = GoogleTranslator(source=source, target=target)
    if options.get("url"):
        translator._base_url = str(options["url"])
    return translator


def _deepl(options: dict[str, Any], source: str, target: str) -> Any:
    from deep_translator import DeeplTranslator

    key = str(options["api_key"])
    free = bool(options.get("free", key.endswith(":fx")))
    translator = DeeplTranslator(source=source, target=target, api_key=key, use_free_api=free)
    if options.get("url"):
        translator._base_url = _slash(str(options["url"]))
    return translator


_microsoft_class: type | None = None


def _microsoft(options: dict[str, Any], source: str, target: str) -> Any:
    global _microsoft_class
    if _microsoft_class is None:
        from deep_translator import MicrosoftTranslator
        from deep_translator.constants import GOOGLE_LANGUAGES_TO_CODES

        class Microsoft(MicrosoftTranslator):
            # The stock class fetches Microsoft's language list over the network in __init__, with no
            # timeout; the codes we pass are plain ISO codes, which Google's table covers.
            def _get_supported_languages(self) -> dict[str, str]:
                return dict(GOOGLE_LANGUAGES_TO_CODES)

        _microsoft_class = Microsoft
    translator = _microsoft_class(
        source=source, target=target, api_key=str(options["api_key"]), region=options.get("region")
    )
    if options.get("url"):
        translator._base_url = str(options["url"])
    return translator


def _mymemory(options: dict[str, Any], source: str, target: str) -> Any:
    from deep_translator import MyMemoryTranslator
    from deep_translator.constants import MY_MEMORY_LANGUAGES_TO_CODES as codes

    def regional(code: str) -> str:  # MyMemory wants "de-DE", not "de"
        if code in codes.values():
            return code
        preferred = f"{code}-{code.upper()}"
        if preferred in codes.values():
            return preferred
        return next((c for c in codes.values() if c.startswith(f"{code}-")), code)

    email = options.get("email") or options.get("api_key")
    extra = {"email": str(email)} if email else {}
    translator = MyMemoryTranslator(source=regional(source), target=regional(target), **extra)
    if options.get("url"):
        translator._base_url = str(options["url"])
    return translator


def _libre(options: dict[str, Any], source: str, target: str) -> Any:
    from deep_translator import LibreTranslator

    url = options.get("url")
    # deep-translator insists on a key; a self-hosted server without keys ignores the field.
    key = str(options.get("api_key") or "none")
    return LibreTranslator(
        source=source,
        target=target,
        api_key=key,
        use_free_api=False,
        custom_url=_slash(str(url)) if url else None,
    )


def _baidu(options: dict[str, Any], source: str, target: str) -> Any:
    from deep_translator import BaiduTranslator

    return BaiduTranslator(
        source=source, target=target, appid=str(options["appid"]), appkey=str(options["appkey"])
    )


def _slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


ENGINES: dict[str, EngineSpec] = {
    spec.name: spec
    for spec in (
        EngineSpec("google", 4999, (), _google),
        EngineSpec("deepl", 100_000, (("api_key",),), _deepl),
        EngineSpec("microsoft", 50_000, (("api_key",),), _microsoft),
        EngineSpec("mymemory", 499, (), _mymemory),
        EngineSpec("libre", 100_000, (("url", "api_key"),), _libre),
        EngineSpec("baidu", 6000, (("appid",), ("appkey",)), _baidu),
    )
}


def _missing(settings: Settings, spec: EngineSpec) -> str | None:
    """What the engine still needs, as advice for the user, or None if it is configured."""
    options = settings.engine_options(spec.name)
    for alternatives in spec.required:
        if not any(options.get(name) for name in alternatives):
            wanted = " or ".join(alternatives)
            var = ENGINE_KEY_VARS.get(spec.name)
            env = f" (or set {var})" if var and "api_key" in alternatives else ""
            return f"engine {spec.name} needs {wanted} in [engines.{spec.name}] of the config{env}"
    return None


def check_engine(settings: Settings, name: str) -> EngineSpec:
    """The spec of a usable engine; a UserError for an unknown name or missing options. No imports."""
    spec = ENGINES.get(name)
    if spec is None:
        raise UserError(f"unknown translation engine {name!r}; choose one of: {', '.join(ENGINES)}")
    problem = _missing(settings, spec)
    if problem:
        raise UserError(problem)
    return spec


def usable_engines(settings: Settings) -> list[str]:
    """The configured engines: the chosen one first, then each with an `[engines.NAME]` table or a key
    in the environment that has all it needs, in table order."""
    chosen = settings.translation.engine
    names = [
        n
        for n in ENGINES
        if (n == chosen or settings.engine_options(n)) and _missing(settings, ENGINES[n]) is None
    ]
    return sorted(names, key=lambda n: n != chosen)


class Engine:
    """One configured engine. `translate` sends exactly one request (unless the engine is told not to)."""

    def __init__(self, spec: EngineSpec, options: dict[str, Any], source: str, target: str) -> None:
        self.name = spec.name
        self.max_chars = spec.max_chars
        self._spec = spec
        self._options = options
        self._source = source
        self._target = target
        self._local = threading.local()

    def _translator(self) -> Any:
        translator = getattr(self._local, "translator", None)
        if translator is None:
            from reader.translation import transport

            transport.install()
            try:
                translator = self._spec.build(self._options, self._source, self._target)
            except Exception as exc:  # deep-translator validates languages and keys in __init__
                if type(exc).__module__.startswith("deep_translator"):
                    raise UserError(f"engine {self.name}: {_one_line(exc)}") from exc
                raise
            self._local.translator = translator
        return translator

    def prepare(self) -> None:
        """Build this thread's deep-translator object now, so a configuration error surfaces early."""
        self._translator()

    def translate(self, text: str) -> Any:
        """The engine's answer for `text`: normally a str, but engines return None or lists at times."""
        return self._translator().translate(text)


def make_engine(settings: Settings, name: str | None = None) -> Engine:
    """Build the named engine (default: the configured one) from the settings."""
    spec = check_engine(settings, name or settings.translation.engine)
    t = settings.translation
    return Engine(spec, settings.engine_options(spec.name), t.source, t.target)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
