"""Timeouts and bookkeeping for deep-translator's HTTP calls.

deep-translator calls `requests.get(...)`/`requests.post(...)` through the `requests` name inside each
engine module and never passes a timeout, so a server that accepts a connection and never answers
blocks it for ever. `install()` rebinds that one name, in deep-translator's engine modules only, to a
stand-in. Inside a `Policy` (entered per thread), every call goes through the policy's own Session with
its connect and read timeouts, is counted, and leaves its status code behind so a failure can be
classified even when the engine wraps it in a vague exception. Outside a policy the stand-in still adds
`DEFAULT_TIMEOUT`. Nothing else in the process, and no other user of requests, is affected.
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import requests

from reader.settings import TranslationSettings

# The timeouts' one home is the settings; a call outside any policy gets their defaults.
DEFAULT_TIMEOUT = (TranslationSettings.connect_timeout, TranslationSettings.read_timeout)

# deep-translator modules that call `requests.<method>` at module level.
ENGINE_MODULES = ("google", "libre", "deepl", "microsoft", "mymemory", "baidu", "yandex", "papago", "qcri")

_local = threading.local()
_install_lock = threading.Lock()
_installed = False


@dataclass
class Exchange:
    """What the last request under a policy did: its status, its Retry-After, or the transport error."""

    url: str = ""
    status: int | None = None
    retry_after: float | None = None
    error: BaseException | None = None


@dataclass
class Policy:
    """The HTTP rules for one thread's engine calls: timeouts, one Session, a request count."""

    connect_timeout: float = DEFAULT_TIMEOUT[0]
    read_timeout: float = DEFAULT_TIMEOUT[1]
    sent: int = 0  # requests sent under this policy
    last: Exchange = field(default_factory=Exchange)
    _session: requests.Session | None = field(default=None, repr=False)
    _outer: Policy | None = field(default=None, repr=False)

    def __enter__(self) -> Policy:
        self._outer = getattr(_local, "policy", None)
        _local.policy = self
        return self

    def __exit__(self, *exc: object) -> None:
        _local.policy = self._outer
        if self._session is not None:
            self._session.close()
            self._session = None

    def begin(self) -> None:
        """Forget the previous exchange; call before each engine call."""
        self.last = Exchange()

    def send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        if self._session is None:
            self._session = requests.Session()
        kwargs["timeout"] = (self.connect_timeout, self.read_timeout)
        self.sent += 1
        self.last = Exchange(url=url)
        try:
            response = self._session.request(method, url, **kwargs)
        except BaseException as exc:
            self.last.error = exc
            raise
        self.last.status = response.status_code
        self.last.retry_after = _retry_after(response.headers.get("Retry-After"))
        return response


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date; rare enough that our own backoff will do


def current() -> Policy | None:
    return getattr(_local, "policy", None)


class _RequestsStandIn:
    """Looks like the `requests` module to deep-translator; routes calls through the thread's Policy."""

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)  # exceptions, codes, etc.

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        policy = current()
        if policy is None:
            kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
            return requests.request(method, url, **kwargs)
        return policy.send(method, url, **kwargs)

    def get(self, url: str, params: Any = None, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, params=params, **kwargs)

    def post(self, url: str, data: Any = None, json: Any = None, **kwargs: Any) -> requests.Response:
        return self.request("POST", url, data=data, json=json, **kwargs)


STAND_IN = _RequestsStandIn()


def install() -> None:
    """Route deep-translator's engine modules through the stand-in. Idempotent; imports deep-translator."""
    global _installed
    if _installed:
        return
    with _install_lock:
        if _installed:
            return
        for name in ENGINE_MODULES:
            module: ModuleType = importlib.import_module(f"deep_translator.{name}")
            if getattr(module, "requests", None) is requests:
                module.requests = STAND_IN  # type: ignore[attr-defined]
        _installed = True
