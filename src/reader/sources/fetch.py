"""Fetching pages and feeds politely: http(s) only, one total deadline per request, caps on size and
redirects, conditional GETs, and no way from a public address to a private one.

Redirects are followed here, one hop at a time, so each hop's scheme and address are checked and
loops end. The timeouts come from the settings (`[sources]`); `Fetcher()` has their defaults.
"""

from __future__ import annotations

import errno
import http.client
import queue
import socket
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urljoin, urlsplit

from reader import __version__
from reader.errors import UserError
from reader.settings import SourcesSettings
from reader.sources.addresses import Resolver, is_public, literal, system_resolver
from reader.sources.client import Deadline, Exchange, Pool, TotalTimeout, exchange
from reader.stopping import ShouldStop, never

if TYPE_CHECKING:
    from reader.settings import Settings

USER_AGENT = f"reader/{__version__} (a terminal news reader; one request per article, on demand)"
MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5
MAX_IN_FLIGHT = 4
CHUNK = 64 * 1024


class FetchError(UserError):
    """A URL that could not be fetched; the message is one line for the summary. `unreachable`: the
    server could not be reached at all (offline, a refused or timed-out connection), so a later try
    may well work."""

    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


class Refused(FetchError):
    """A link from the web that leads to a private address (loopback, the local network, …)."""


@dataclass(frozen=True)
class Fetched:
    """What a fetch answered. `body` is empty when the server said 304 Not Modified. `public`: the
    answer came from a public address, so links found in it may lead only to public ones."""

    url: str  # after redirects
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    modified: str = ""
    public: bool = True

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
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    try:
        parts.port  # noqa: B018  (raises for a port that is not a number from 0 to 65535)
    except ValueError:
        raise FetchError(f"{url}: not a valid URL (its port)") from None
    return url.strip()


_DEFAULTS = SourcesSettings()


@dataclass
class Fetcher:
    """Fetches with the limits above; safe to use from a few threads at once (at most `max_in_flight`
    requests run together, however many threads ask)."""

    connect_timeout: float = _DEFAULTS.connect_timeout
    read_timeout: float = _DEFAULTS.read_timeout  # the longest wait for any one byte
    total_timeout: float = _DEFAULTS.total_timeout  # the longest a request may take, all told
    allow_private: bool = _DEFAULTS.allow_private
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    max_in_flight: int = MAX_IN_FLIGHT
    resolve: Resolver = system_resolver
    _pool: Pool = field(default_factory=Pool, repr=False)
    _slots: threading.BoundedSemaphore = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._slots = threading.BoundedSemaphore(self.max_in_flight)

    @classmethod
    def from_settings(cls, settings: Settings) -> Fetcher:
        s = settings.sources
        return cls(s.connect_timeout, s.read_timeout, s.total_timeout, s.allow_private)

    def close(self) -> None:
        self._pool.close()

    def fetch(
        self, url: str, *, etag: str = "", modified: str = "", accept: str = "*/*", public_only: bool = False
    ) -> Fetched:
        """GET `url`, following redirects. `public_only`: the URL came from the web (a feed's item, an
        OPML entry), not from the user, so it may not lead to a private address."""
        headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        current = check_url(url)
        deadline = Deadline.after(self.total_timeout)
        public_only = public_only and not self.allow_private
        with self._slots:
            for _hop in range(self.max_redirects + 1):
                answer = self._exchange(url, current, headers, deadline, public_only)
                public = is_public(answer.address)
                try:
                    status = answer.response.status
                    location = answer.header("location")
                    if status in (301, 302, 303, 307, 308) and location:
                        answer.finish(reuse=False)
                        current = check_url(urljoin(current, location))
                        # Once an answer came from a public address, its links may not lead to a private one.
                        public_only = (public_only or public) and not self.allow_private
                        continue
                    if status == 304:
                        answer.read(CHUNK)  # nothing, and the connection is free for the next feed
                        answer.finish(reuse=True)
                        return Fetched(current, 304, etag=etag, modified=modified, public=public)
                    if status >= 400:
                        raise FetchError(f"{url}: HTTP {status} {answer.response.reason or ''}".rstrip())
                    body = self._body(answer, url, deadline)
                    answer.finish(reuse=True)
                    return Fetched(
                        current,
                        status,
                        body,
                        answer.header("content-type"),
                        answer.header("etag"),
                        answer.header("last-modified"),
                        public,
                    )
                except (OSError, http.client.HTTPException, ValueError) as exc:
                    raise self._error(url, exc, answered=True) from exc
                finally:
                    answer.finish(reuse=False)
        raise FetchError(f"{url}: more than {self.max_redirects} redirects")

    def _exchange(
        self, url: str, current: str, headers: dict[str, str], deadline: Deadline, public_only: bool
    ) -> Exchange:
        parts = urlsplit(current)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            address = self._address(url, host, port, public_only)
            key = (parts.scheme, host, port, address)
            return exchange(
                self._pool,
                key,
                target,
                headers,
                deadline=deadline,
                connect_timeout=self.connect_timeout,
                read_timeout=self.read_timeout,
            )
        except socket.gaierror as exc:
            reason = f"{host} does not resolve: offline, or no such host"
            raise FetchError(f"{url}: cannot connect ({reason})", unreachable=True) from exc
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise self._error(url, exc, answered=False) from exc

    def _address(self, url: str, host: str, port: int, public_only: bool) -> str:
        """The address to connect to: the first the host resolves to that this request may reach."""
        given = literal(host)
        addresses = [given] if given else self.resolve(host, port)
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "no address")
        if not public_only:
            return addresses[0]
        allowed = [a for a in addresses if is_public(a)]
        if not allowed:
            where = "a private address" if literal(host) else f"at a private address ({addresses[0]})"
            raise Refused(
                f"{url}: {host} is {where}, where only a URL you give yourself may lead"
                " ([sources] allow_private = true allows it)"
            )
        return allowed[0]

    def _body(self, answer: Exchange, url: str, deadline: Deadline) -> bytes:
        declared = answer.header("content-length")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"{url}: too large ({int(declared) / 1e6:.1f} MB)")
        encoding = answer.header("content-encoding").strip().lower()
        decoder = _Decoder(encoding) if encoding in ("gzip", "x-gzip", "deflate") else None
        chunks: list[bytes] = []
        size = 0
        while chunk := answer.read(CHUNK):
            if decoder is not None:
                chunk = decoder.decode(chunk, self.max_bytes + 1 - size)
            size += len(chunk)
            if size > self.max_bytes or (decoder is not None and decoder.more):
                raise FetchError(f"{url}: too large (over {self.max_bytes / 1e6:.0f} MB)")
            chunks.append(chunk)
        return b"".join(chunks)

    def _error(self, url: str, exc: BaseException, *, answered: bool) -> FetchError:
        """One line for what went wrong. Not answered at all: the server may be back later (unreachable)."""
        if isinstance(exc, FetchError):
            return exc
        unreachable = not answered
        if isinstance(exc, TotalTimeout):
            return FetchError(f"{url}: timed out after {self.total_timeout:g} s", unreachable=unreachable)
        if isinstance(exc, TimeoutError):
            return FetchError(f"{url}: timed out", unreachable=unreachable)
        if answered:
            return FetchError(f"{url}: the transfer failed ({_reason(exc)})")
        return FetchError(f"{url}: cannot connect ({_reason(exc)})", unreachable=True)


class _Decoder:
    """gzip or deflate (zlib-wrapped or raw), never more than asked for: a bomb stops at the cap."""

    def __init__(self, encoding: str) -> None:
        self._raw_fallback = encoding == "deflate"
        self._zlib = zlib.decompressobj(zlib.MAX_WBITS | (16 if encoding != "deflate" else 0))
        self._started = False
        self.more = False  # output was left undecoded because of the cap

    def decode(self, data: bytes, limit: int) -> bytes:
        try:
            out = self._zlib.decompress(data, max(1, limit))
        except zlib.error:
            if not (self._raw_fallback and not self._started):
                raise ValueError("the compressed answer is damaged") from None
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)  # "deflate" sent raw, as some servers do
            out = self._zlib.decompress(data, max(1, limit))
        self._started = True
        self.more = bool(self._zlib.unconsumed_tail)
        return out


def _reason(exc: BaseException) -> str:
    """The cause in a few plain words."""
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, OSError) and exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return "the network is unreachable"
    if type(exc).__module__ == "ssl":
        return f"TLS: {getattr(exc, 'reason', None) or exc}"
    if isinstance(exc, http.client.HTTPException | ValueError):
        return f"not a proper HTTP answer: {type(exc).__name__}"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return type(exc).__name__


T = TypeVar("T")
R = TypeVar("R")
_DONE = object()


def in_parallel(
    items: Iterable[T],
    work: Callable[[T], R],
    *,
    workers: int = MAX_IN_FLIGHT,
    should_stop: ShouldStop = never,
) -> Iterator[tuple[T, R | Exception]]:
    """Run `work` on each item with at most `workers` in flight, yielding (item, result or error)
    as each finishes. Once `should_stop()` is true no new work starts.

    Daemon threads: a request still running when the caller stops (Ctrl-C, or it stops iterating)
    is abandoned, and ends at its own deadline without keeping the process alive.
    """
    todo = list(items)
    pending = iter(todo)
    lock = threading.Lock()
    results: queue.SimpleQueue[object] = queue.SimpleQueue()
    stopped = threading.Event()

    def run() -> None:
        try:
            while not stopped.is_set() and not should_stop():
                with lock:
                    item = next(pending, _DONE)
                if item is _DONE:
                    return
                try:
                    results.put((item, work(item)))  # type: ignore[arg-type]
                except Exception as exc:
                    results.put((item, exc))
        finally:
            results.put(_DONE)

    alive = min(workers, len(todo))  # no thread for nothing: a feed with nothing new starts none
    for n in range(alive):
        threading.Thread(target=run, name=f"fetch-{n}", daemon=True).start()
    try:
        while alive:
            result = results.get()
            if result is _DONE:
                alive -= 1
            else:
                yield result  # type: ignore[misc]
    finally:
        stopped.set()
