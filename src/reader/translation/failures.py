"""Why a translation request failed, in one short line a status bar can show.

Engines report failures inconsistently (Libre turns a 429 into `ServerException('ERR_TOO_MANY_REQUESTS')`,
Google turns a 500 into a bare `RequestError`, Microsoft logs a timeout and then fails on `None.json()`),
so the transport's record of the last exchange (status code or transport error) is trusted first.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from reader.articles.sanitize import sanitize
from reader.translation.transport import Exchange

OFFLINE = "offline"
TIMED_OUT = "timed out"
RATE_LIMITED = "rate-limited"
BAD_KEY = "bad key"
SERVER_ERROR = "server error"
MALFORMED = "malformed response"
ERROR = "error"  # anything else; the detail says what
BUG = "bug"  # a programming error, not the engine's: its traceback is in a crash log

# After one of these, the rest of an article would fail the same way; stop asking.
GIVE_UP = frozenset({OFFLINE, TIMED_OUT, RATE_LIMITED, BAD_KEY, BUG})


@dataclass(frozen=True, slots=True)
class Failure:
    kind: str
    detail: str = ""
    retryable: bool = False
    retry_after: float | None = None

    @property
    def message(self) -> str:
        # The detail can quote a server's words: one line, no escape sequences.
        detail = " ".join(sanitize(self.detail).split())
        return f"{self.kind}: {detail}" if detail else self.kind


def failure_reason(exc: BaseException, exchange: Exchange | None = None) -> str:
    """One short line saying why a request failed: offline, timed out, rate-limited, bad key, ..."""
    return classify(exc, exchange).message


def classify(exc: BaseException, exchange: Exchange | None = None) -> Failure:
    """Sort a failure into a kind, saying whether it is worth retrying."""
    exchange = exchange or Exchange()
    transport = exchange.error if exchange.error is not None else exc
    host = _host(exchange.url or _url_of(transport))
    if isinstance(transport, requests.exceptions.InvalidJSONError):  # the body was not JSON
        return Failure(MALFORMED, "not JSON")
    if isinstance(transport, requests.Timeout):
        return Failure(TIMED_OUT, f"no answer from {host}" if host else "", retryable=True)
    if isinstance(transport, requests.ConnectionError | requests.exceptions.ChunkedEncodingError):
        cause = _cause(transport)
        if cause == "stalled":  # the headers came, then the body stopped: requests calls it a ConnectionError
            return Failure(TIMED_OUT, f"{host} stopped answering mid-way".strip(), retryable=True)
        if cause == "dropped" or isinstance(transport, requests.exceptions.ChunkedEncodingError):
            return Failure(SERVER_ERROR, f"{host} dropped the connection".strip(), retryable=True)
        return Failure(OFFLINE, f"cannot reach {host}" if host else "")
    if isinstance(transport, requests.RequestException):
        return Failure(ERROR, type(transport).__name__)
    status = exchange.status
    if status is not None and not 200 <= status < 300:
        return _by_status(status, exchange.retry_after)
    return _by_exception(exc, status)


def expected(exc: BaseException, exchange: Exchange | None = None) -> bool:
    """Whether `exc` is a failure of the network, the engine or its answer, which `classify` sorts, and
    not a programming error: a transport error, one of deep-translator's own, anything after the
    transport saw an error or an error status, or an exception raised in deep-translator's code (it
    reading an answer it did not expect). What our own code raises is a bug."""
    if isinstance(exc, requests.RequestException | OSError) or type(exc).__module__.startswith(
        "deep_translator"
    ):
        return True
    exchange = exchange or Exchange()
    if exchange.error is not None or (exchange.status is not None and not 200 <= exchange.status < 300):
        return True
    return _raised_by(exc) == "deep_translator"


def _raised_by(exc: BaseException) -> str:
    """Whose code raised `exc`: the innermost frame of deep-translator's or ours ("reader")."""
    owner = ""
    tb = exc.__traceback__
    while tb is not None:
        package = str(tb.tb_frame.f_globals.get("__name__", "")).partition(".")[0]
        if package in ("deep_translator", "reader"):
            owner = package
        tb = tb.tb_next
    return owner


def _by_status(status: int, retry_after: float | None) -> Failure:
    if status == 429:
        return Failure(RATE_LIMITED, "HTTP 429", retryable=True, retry_after=retry_after)
    if status == 456:
        return Failure(RATE_LIMITED, "quota used up (HTTP 456)")
    if status in (401, 403):
        return Failure(BAD_KEY, f"HTTP {status}")
    if status >= 500:
        return Failure(SERVER_ERROR, f"HTTP {status}", retryable=True, retry_after=retry_after)
    return Failure(SERVER_ERROR, f"HTTP {status}, request refused")


def _by_exception(exc: BaseException, status: int | None) -> Failure:
    from deep_translator import exceptions as dt

    text = str(exc)
    if isinstance(exc, dt.TooManyRequests) or "TOO_MANY_REQUESTS" in text:
        return Failure(RATE_LIMITED, retryable=True)
    if isinstance(exc, dt.AuthorizationException | dt.ApiKeyException) or "KEY_INVALID" in text:
        return Failure(BAD_KEY)
    if isinstance(exc, dt.MicrosoftAPIerror | dt.BaiduAPIerror):
        return _api_error(text)
    if isinstance(exc, dt.NotValidLength):
        return Failure(ERROR, "text too long for this engine")
    if status is not None or isinstance(
        exc, dt.TranslationNotFound | dt.ElementNotFoundInGetRequest | ValueError | LookupError | TypeError
    ):
        # The server answered 2xx, but not with what the engine expected.
        return Failure(MALFORMED, type(exc).__name__)
    if isinstance(exc, dt.ServerException | dt.RequestError):
        return Failure(SERVER_ERROR, retryable=True)
    return Failure(ERROR, f"{type(exc).__name__}: {text}"[:120])


def _api_error(text: str) -> Failure:
    # Microsoft codes are six digits starting with the HTTP status: 401000, 429001, 500000...
    for prefix, failure in (
        ("'code': 401", Failure(BAD_KEY)),
        ("'code': 403", Failure(BAD_KEY)),
        ("'code': 429", Failure(RATE_LIMITED, retryable=True)),
        ("'code': 5", Failure(SERVER_ERROR, retryable=True)),
    ):
        if prefix in text:
            return failure
    return Failure(SERVER_ERROR, text[:120])


def _cause(exc: BaseException) -> str:
    """Why a connection failed, from its causes: "stalled", "dropped" mid-answer, or "" (never made)."""
    seen: set[int] = set()
    node: BaseException | None = exc
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        name = type(node).__name__
        if name in ("ReadTimeoutError", "TimeoutError", "timeout"):
            return "stalled"
        if name in (
            "RemoteDisconnected",
            "ProtocolError",
            "ConnectionResetError",
            "IncompleteRead",
            "BrokenPipeError",
            "ConnectionAbortedError",
            "InvalidChunkLength",
        ):
            return "dropped"
        if name in ("NewConnectionError", "NameResolutionError", "ConnectionRefusedError"):
            return ""
        args = getattr(node, "args", ())
        nested = next((a for a in args if isinstance(a, BaseException)), None)
        reason = getattr(node, "reason", None)
        node = reason if isinstance(reason, BaseException) else nested or node.__cause__ or node.__context__
    return ""


def _url_of(exc: BaseException) -> str:
    request = getattr(exc, "request", None)
    return getattr(request, "url", "") or ""


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc
    except ValueError:
        return ""
