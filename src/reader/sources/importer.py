"""Adding web pages and feeds to the library, and refreshing subscribed feeds.

Everything reports `Outcome`s one by one (added, duplicate, unchanged, failed with the reason), so
one bad page or feed is one line and the rest still arrive. Usable from a thread worker: pass
`should_stop` to cancel between requests and `progress` to hear how far it got.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from reader.articles.sanitize import sanitize
from reader.errors import ParseError, UserError
from reader.sources.extract import extract_page, to_article
from reader.sources.feeds import Entry, known_feeds, parse_feed
from reader.sources.fetch import Fetcher, FetchError, check_url, in_parallel
from reader.store import Store
from reader.store import feeds as feed_store
from reader.store.library import ADDED, NewArticle, content_hash, save_articles

Kind = Literal["added", "duplicate", "unchanged", "failed"]
ReportFeeds = Callable[[int, int, str], None]  # (feeds done, of total, the one just done)
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: Kind
    what: str  # the path, URL or feed it is about
    reason: str = ""
    article_id: str = ""
    title: str = ""

    def line(self) -> str:
        """One line for the summary (untrusted parts sanitised)."""
        text = f"{self.kind}: {self.what}"
        if self.title:
            text += f" ({self.title})"
        if self.reason:
            text += f": {self.reason}"
        return sanitize(text).replace("\n", " ")


def _never() -> bool:
    return False


def resolve_feed(name_or_url: str) -> tuple[str, str]:
    """(URL, title) for a bundled feed's short name, or the URL itself."""
    known = known_feeds()
    if name_or_url in known:
        return known[name_or_url].url, known[name_or_url].title
    if "://" not in name_or_url:
        raise UserError(f"{name_or_url}: not a URL, and not a known feed ({', '.join(sorted(known))})")
    return check_url(name_or_url), ""


def _known_source(store: Store, url: str) -> str | None:
    row = store.conn.execute("SELECT id FROM articles WHERE source = ? LIMIT 1", (url,)).fetchone()
    return row[0] if row else None


def _page_to_new(fetcher: Fetcher, url: str, feed: str, entry: Entry | None) -> NewArticle:
    """Fetch and extract one page (or use the entry's own full text): an article to save."""
    if entry is not None and entry.content:
        page = extract_page(f"<html><body><article>{entry.content}</article></body></html>", url)
        body = entry.content.encode("utf-8")
    else:
        fetched = fetcher.fetch(url, accept=PAGE_ACCEPT)
        page = extract_page(fetched.body, fetched.url)
        body = fetched.body
    if entry is not None and entry.title:
        page = type(page)(entry.title, page.paragraphs, page.published, page.author)
    published = page.published if page.published is not None else (entry.published if entry else None)
    return NewArticle(to_article(page, url), content_hash(body), split=False, feed=feed, published=published)


def _save(store: Store, url: str, new: NewArticle) -> Outcome:
    [result] = save_articles(store, [new])
    kind: Kind = "added" if result == ADDED else "duplicate"
    return Outcome(kind, url, article_id=new.article.id, title=new.article.title)


def _failed(what: str, exc: Exception) -> Outcome:
    if isinstance(exc, (UserError, ParseError)):
        reason = str(exc).removeprefix(f"{what}: ")
    else:  # a bug in a library on hostile input: still one line, and the rest go on
        reason = f"{type(exc).__name__}: {exc}"
    return Outcome("failed", what, reason.splitlines()[0] if reason else type(exc).__name__)


def add_pages(
    store: Store,
    urls: Iterable[str],
    *,
    fetcher: Fetcher | None = None,
    feed: str = "",
    entries: dict[str, Entry] | None = None,
    should_stop: Callable[[], bool] = _never,
) -> Iterator[Outcome]:
    """Fetch, extract and save each page, a few at a time; a URL already in the library is a duplicate."""
    fetcher = fetcher or Fetcher()
    entries = entries or {}
    todo: list[str] = []
    for url in urls:
        known = _known_source(store, url)
        if known:
            yield Outcome("duplicate", url, "already in the library", article_id=known)
        else:
            todo.append(url)

    def work(url: str) -> NewArticle:
        check_url(url)
        return _page_to_new(fetcher, url, feed, entries.get(url))

    for url, result in in_parallel(todo, work, should_stop=should_stop):
        yield _failed(url, result) if isinstance(result, Exception) else _save(store, url, result)


def add_feed(
    store: Store,
    name_or_url: str,
    *,
    fetcher: Fetcher | None = None,
    should_stop: Callable[[], bool] = _never,
    progress: ReportFeeds | None = None,
) -> Iterator[Outcome]:
    """Subscribe to a feed (a URL or a bundled name) and import its entries."""
    url, title = resolve_feed(name_or_url)
    fetcher = fetcher or Fetcher()
    try:
        fetched = fetcher.fetch(url, accept=FEED_ACCEPT)
        parsed = parse_feed(fetched.body, fetched.url)
    except FetchError as exc:
        if exc.unreachable:  # offline, say: keep the subscription, so that `reader refresh` tries again
            feed_store.subscribe(store, url, title)
            exc = FetchError(f"{exc}; subscribed all the same: reader refresh tries again")
        yield _failed(url, exc)
        return
    except ParseError as exc:  # not a feed: nothing to subscribe to
        yield _failed(url, exc)
        return
    feed_store.subscribe(store, url, parsed.title or title)
    feed_store.checked(store, url, title=parsed.title, etag=fetched.etag, modified=fetched.modified)
    yield from _entries(store, url, parsed.entries, fetcher, should_stop, progress)


def _entries(
    store: Store,
    feed: str,
    entries: tuple[Entry, ...],
    fetcher: Fetcher,
    should_stop: Callable[[], bool],
    progress: ReportFeeds | None,
) -> Iterator[Outcome]:
    by_link = {e.link: e for e in entries if e.link}
    for done, outcome in enumerate(
        add_pages(store, by_link, fetcher=fetcher, feed=feed, entries=by_link, should_stop=should_stop), 1
    ):
        if progress:
            progress(done, len(by_link), outcome.what)
        yield outcome


def refresh(
    store: Store,
    *,
    fetcher: Fetcher | None = None,
    should_stop: Callable[[], bool] = _never,
    progress: ReportFeeds | None = None,
) -> Iterator[Outcome]:
    """Fetch every subscribed feed (conditionally: an unchanged feed costs one 304) and import new entries."""
    fetcher = fetcher or Fetcher()
    subscribed = feed_store.feeds(store)
    # Feeds one at a time, so that with their pages (a few at a time) no more than a few are in flight.
    for n, feed in enumerate(subscribed, 1):
        if should_stop():
            return
        if progress:
            progress(n - 1, len(subscribed), feed.url)
        try:
            fetched = fetcher.fetch(feed.url, etag=feed.etag, modified=feed.modified, accept=FEED_ACCEPT)
            if fetched.not_modified:
                yield Outcome("unchanged", feed.url, "not modified since the last refresh")
                continue
            parsed = parse_feed(fetched.body, fetched.url)
        except (FetchError, ParseError) as exc:
            yield _failed(feed.url, exc)
            continue
        feed_store.checked(store, feed.url, title=parsed.title, etag=fetched.etag, modified=fetched.modified)
        yield from _entries(store, feed.url, parsed.entries, fetcher, should_stop, None)
    if progress:
        progress(len(subscribed), len(subscribed), "")


def summary(outcomes: Iterable[Outcome]) -> dict[str, int]:
    counts = {"added": 0, "duplicate": 0, "unchanged": 0, "failed": 0}
    for o in outcomes:
        counts[o.kind] += 1
    return counts
