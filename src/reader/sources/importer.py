"""Adding web pages and feeds to the library, and refreshing subscribed feeds.

Everything reports `Outcome`s one by one (added, duplicate, unchanged, failed with the reason, later,
refused), so one bad page or feed is one line and the rest still arrive. Feeds are fetched a few at a
time, so one that drips its answer does not hold up the others. Usable from a thread worker: pass
`should_stop` to cancel between requests and `progress` to hear how far it got.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from reader.errors import ParseError, UserError
from reader.sources.feeds import ParsedFeed, known_feeds, parse_feed
from reader.sources.fetch import Fetched, Fetcher, FetchError, Refused, check_url, in_parallel
from reader.sources.intake import ReportFeeds, Saver, failed, known_sources, page_article, take_answer
from reader.stopping import ShouldStop, never
from reader.store import Store
from reader.store import feeds as feed_store
from reader.store.outcome import Outcome

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"

__all__ = ["Outcome", "add_feed", "add_pages", "refresh", "resolve_feed", "summary"]


def resolve_feed(name_or_url: str) -> tuple[str, str]:
    """(URL, title) for a bundled feed's short name, or the URL itself."""
    known = known_feeds()
    if name_or_url in known:
        return known[name_or_url].url, known[name_or_url].title
    if "://" not in name_or_url:
        raise UserError(f"{name_or_url}: not a URL, and not a known feed ({', '.join(sorted(known))})")
    return check_url(name_or_url), ""


def add_pages(
    store: Store,
    urls: Iterable[str],
    *,
    fetcher: Fetcher | None = None,
    should_stop: ShouldStop = never,
) -> Iterator[Outcome]:
    """Fetch, extract and save each page the user named, a few at a time; a URL already in the library
    is a duplicate and is not fetched again."""
    fetcher = fetcher or Fetcher()
    urls = list(dict.fromkeys(urls))
    known = known_sources(store, urls)
    todo = [url for url in urls if url not in known]
    for url in urls:
        if url in known:
            yield Outcome("duplicate", url, "already in the library", article_id=known[url])
    saver = Saver(store)

    def work(url: str) -> object:
        return page_article(fetcher, url, "", None, public_only=False)

    for url, result in in_parallel(todo, work, should_stop=should_stop):
        if isinstance(result, Exception):
            yield failed(url, result)
        else:
            saver.articles.append((url, result))  # type: ignore[arg-type]
            yield from saver.flush()  # each page as it arrives: they come slowly, one by one


def _fetch_feed(fetcher: Fetcher, feed: feed_store.Feed) -> tuple[Fetched, ParsedFeed | None]:
    fetched = fetcher.fetch(
        feed.url, etag=feed.etag, modified=feed.modified, accept=FEED_ACCEPT, public_only=not feed.typed
    )
    return fetched, (None if fetched.not_modified else parse_feed(fetched.body, fetched.url))


def add_feed(
    store: Store,
    name_or_url: str,
    *,
    fetcher: Fetcher | None = None,
    should_stop: ShouldStop = never,
    progress: ReportFeeds | None = None,
    typed: bool = True,
) -> Iterator[Outcome]:
    """Subscribe to a feed (a URL or a bundled name) and import its entries. `typed` False: the feed
    came from an OPML file, not from the user, so it may not be at a private address."""
    url, title = resolve_feed(name_or_url)
    fetcher = fetcher or Fetcher()
    try:
        fetched, parsed = _fetch_feed(fetcher, feed_store.Feed(url, typed=typed))
    except Refused as exc:
        yield failed(url, exc)
        return
    except FetchError as exc:
        if exc.unreachable:  # offline, say: keep the subscription, so that `reader refresh` tries again
            feed_store.subscribe(store, url, title, typed=typed)
            exc = FetchError(f"{exc}; subscribed all the same: reader refresh tries again")
        yield failed(url, exc)
        return
    except ParseError as exc:  # not a feed: nothing to subscribe to
        yield failed(url, exc)
        return
    assert parsed is not None
    feed_store.subscribe(store, url, parsed.title or title, typed=typed)
    yield from take_answer(store, url, fetched, parsed, fetcher, should_stop=should_stop, progress=progress)


def refresh(
    store: Store,
    *,
    fetcher: Fetcher | None = None,
    should_stop: ShouldStop = never,
    progress: ReportFeeds | None = None,
    now: float | None = None,
) -> Iterator[Outcome]:
    """Fetch every subscribed feed (conditionally: an unchanged feed costs one 304) and import new
    entries, and the items that failed before once their back-off has passed."""
    fetcher = fetcher or Fetcher()
    subscribed = feed_store.feeds(store)
    if progress:
        progress(0, len(subscribed), "")
    answers = in_parallel(subscribed, lambda f: _fetch_feed(fetcher, f), should_stop=should_stop)
    for done, (feed, result) in enumerate(answers, 1):
        if isinstance(result, Exception):
            yield failed(feed.url, result)
        else:
            fetched, parsed = result
            if parsed is None:
                yield Outcome("unchanged", feed.url, "not modified since the last refresh")
            yield from take_answer(
                store, feed.url, fetched, parsed, fetcher, should_stop=should_stop, now=now
            )
        if progress:
            progress(done, len(subscribed), feed.url)


def summary(outcomes: Iterable[Outcome]) -> dict[str, int]:
    counts = {"added": 0, "duplicate": 0, "unchanged": 0, "failed": 0}
    for o in outcomes:
        counts[o.kind] = counts.get(o.kind, 0) + 1
    return counts
