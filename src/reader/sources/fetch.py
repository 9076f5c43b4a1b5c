"""Fetching pages and feeds politely: http(s) only, timeouts, caps on size and redirects, conditional GETs.

Redirects are followed here, one hop at a time, so each hop's scheme is checked and loops end.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urljoin, urlsplit

from reader import __version__
from reader.errors import UserError

if TYPE_CHECKING:
    import requests

USER_AGENT = f"reader/{__version__} (a terminal news reader; one request per article, on demand)"
MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5
MAX_IN_FLIGHT = 4
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
TOTAL_TIMEOUT = 30.0  # a page that trickles bytes forever still ends


class FetchError(UserError):
    """A URL that could not be fetched; the message is one line for the summary. `unreachable`: the
    server could not be reached at all (offline, a refused or timed-out connection), so a later try
    may well work."""

    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


@dataclass(frozen=True)
class Fetched:
    """What a fetch answered. `body` is empty when the server said 304 Not Modified."""

    url: str  # after redirects
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    modified: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def charset(self) -> str | None:
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip('"')
        return None


def check_url(url: str) -> str:
    """The URL if it is http(s) with a host; anything else is a FetchError."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    return url.strip()


@dataclass
class Fetcher:
    """One HTTP session with the limits above; safe to use from a few threads at once."""

    connect_timeout: float = CONNECT_TIMEOUT
    read_timeout: float = READ_TIMEOUT
    total_timeout: float = TOTAL_TIMEOUT
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    session: requests.Session | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _session(self) -> requests.Session:
        with self._lock:  # the first fetches start together, from several threads
            if self.session is None:
                import requests

                self.session = requests.Session()
                self.session.headers["User-Agent"] = USER_AGENT
                self.session.headers["Accept-Encoding"] = "gzip, deflate"
            return self.session

    def fetch(self, url: str, *, etag: str = "", modified: str = "", accept: str = "*/*") -> Fetched:
        import requests

        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        current = check_url(url)
        deadline = time.monotonic() + self.total_timeout
        for _hop in range(self.max_redirects + 1):
            try:
                response = self._session().get(
                    current,
                    headers=headers,
                    timeout=(self.connect_timeout, self.read_timeout),
                    allow_redirects=False,
                    stream=True,
                )
            except requests.Timeout as exc:
                raise FetchError(f"{url}: timed out", unreachable=True) from exc
            except requests.ConnectionError as exc:
                raise FetchError(f"{url}: cannot connect ({_reason(exc)})", unreachable=True) from exc
            except requests.RequestException as exc:
                raise FetchError(f"{url}: cannot connect ({_reason(exc)})") from exc
            with response:
                if response.is_redirect and "location" in response.headers:
                    current = check_url(urljoin(current, response.headers["location"]))
                    continue
                if response.status_code == 304:
                    return Fetched(current, 304, etag=etag, modified=modified)
                if response.status_code >= 400:
                    raise FetchError(f"{url}: HTTP {response.status_code} {response.reason or ''}".rstrip())
                body = self._read(response, url, deadline)
                return Fetched(
                    current,
                    response.status_code,
                    body,
                    response.headers.get("content-type", ""),
                    response.headers.get("etag", ""),
                    response.headers.get("last-modified", ""),
                    dict(response.headers),
                )
        raise FetchError(f"{url}: more than {self.max_redirects} redirects")

    def _read(self, response: requests.Response, url: str, deadline: float) -> bytes:
        import requests

        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"{url}: too large ({int(declared) / 1e6:.1f} MB)")
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(f"{url}: too large (over {self.max_bytes / 1e6:.0f} MB)")
                if time.monotonic() > deadline:
                    raise FetchError(f"{url}: timed out (too slow)")
                chunks.append(chunk)
        except requests.RequestException as exc:
            if isinstance(exc, requests.ConnectionError) and "timed out" in str(exc).lower():
                raise FetchError(f"{url}: timed out") from exc
            raise FetchError(f"{url}: the transfer failed ({_reason(exc)})") from exc
        return b"".join(chunks)


def _reason(exc: Exception) -> str:
    """requests' errors nest urllib3's several deep; say the innermost cause in a few words."""
    text = str(exc)
    resolve = re.search(r"Failed to resolve '([^']+)'", text)
    if resolve or "NameResolutionError" in text or "Name or service not known" in text:
        host = resolve.group(1) if resolve else "the host"
        return f"{host} does not resolve: offline, or no such host"
    if "Connection refused" in text:
        return "connection refused"
    if "Network is unreachable" in text:
        return "the network is unreachable"
    return type(exc).__name__


T = TypeVar("T")
R = TypeVar("R")


def in_parallel(
    items: Iterable[T],
    work: Callable[[T], R],
    *,
    workers: int = MAX_IN_FLIGHT,
    should_stop: Callable[[], bool] = lambda: False,
) -> Iterator[tuple[T, R | Exception]]:
    """Run `work` on each item with at most `workers` in flight, yielding (item, result or error)
    as each finishes. Once `should_stop()` is true no new work starts."""
    pending = iter(items)
    running: dict[Future[R], T] = {}
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
        while True:
            while len(running) < workers and not should_stop():
                item = next(pending, None)
                if item is None:
                    break
                running[pool.submit(work, item)] = item
            if not running:
                return
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                item = running.pop(future)
                error = future.exception()
                yield item, (error if isinstance(error, Exception) else future.result())
