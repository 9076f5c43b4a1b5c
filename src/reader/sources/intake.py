"""One feed's answer into the library, so that an interruption at any moment loses nothing.

Items arrive in a few write transactions (all of a feed's new items in one when they come inside the
feed; pages fetched one by one are saved every `BATCH` items or `FLUSH` seconds), and an outcome is
reported only once it is stored. An item that fails is recorded with its reason and tried again on
later refreshes after a back-off, until it arrives or leaves the feed. The feed's validators (ETag,
Last-Modified) are saved in the same transaction as the last of its items, and only when every item
of that answer is stored or recorded: a refresh cut short (kill -9, Ctrl-C, a dropped session) asks
for the whole feed again next time, and the items already stored are skipped without a request.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.errors import ParseError, UserError
from reader.sources.feeds import Entry, ParsedFeed
from reader.sources.fetch import Fetched, Fetcher, Refused, check_url, in_parallel
from reader.stopping import ShouldStop
from reader.store import Guarded, Store
from reader.store import feeds as feed_store
from reader.store.outcome import Outcome
from reader.store.removal import forget_removed, removed_sources

if TYPE_CHECKING:
    from reader.store.library import NewArticle

BATCH = 50  # items per write transaction while pages are being fetched
FLUSH = 1.0  # seconds: pages fetched are saved at least this often
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
ReportFeeds = Callable[[int, int, str], None]  # (items done, of total, the one just done)


def failed(what: str, exc: Exception) -> Outcome:
    """One line for a failure; a bug in a library on hostile input is one line too, and the rest go on."""
    if isinstance(exc, UserError | ParseError):
        reason = str(exc).removeprefix(f"{what}: ")
    else:
        reason = f"{type(exc).__name__}: {exc}"
    reason = reason.splitlines()[0] if reason.strip() else type(exc).__name__
    return Outcome("refused" if isinstance(exc, Refused) else "failed", what, reason)


def known_sources(store: Store, urls: Iterable[str]) -> dict[str, str]:
    """The article id of each URL already in the library."""
    urls = list(urls)
    found: dict[str, str] = {}
    for start in range(0, len(urls), 500):
        part = urls[start : start + 500]
        marks = ",".join("?" * len(part))
        for source, article_id in store.conn.execute(
            f"SELECT source, id FROM articles WHERE source IN ({marks})", part
        ):
            found.setdefault(source, article_id)
    return found


def page_article(fetcher: Fetcher, url: str, feed: str, entry: Entry | None, public_only: bool) -> NewArticle:
    """Fetch and extract one page: an article to save (the entry's title and date win over the page's)."""
    from reader.sources.extract import Extracted, extract_page, to_article
    from reader.store.library import NewArticle, content_hash

    check_url(url)
    fetched = fetcher.fetch(url, accept=PAGE_ACCEPT, public_only=public_only)
    page = extract_page(fetched.body, fetched.url)
    if entry is not None:
        page = Extracted(entry.title or page.title, page.paragraphs, page.published or entry.published)
    return NewArticle(
        to_article(page, url), content_hash(fetched.body), split=False, feed=feed, published=page.published
    )


@dataclass
class Saver:
    """Articles and failures waiting for their write; `flush` stores them and says what became of each."""

    store: Store
    feed: str = ""  # "": pages the user named, whose failures are only reported
    now: float = field(default_factory=time.time)
    articles: list[tuple[str, NewArticle]] = field(default_factory=list)
    failures: list[tuple[Entry, Outcome]] = field(default_factory=list)
    settled: list[str] = field(default_factory=list)  # links with nothing left to try
    _since: float = field(default_factory=time.monotonic)

    def due(self) -> bool:
        waiting = len(self.articles) + len(self.failures)
        return waiting >= BATCH or (waiting > 0 and time.monotonic() - self._since > FLUSH)

    def flush(self, finish: Callable[[Guarded], None] | None = None) -> list[Outcome]:
        outcomes: list[Outcome] = []
        if not (self.articles or self.failures or self.settled or finish):
            return outcomes
        from reader.store.library import insert_articles  # not on the way of a refresh with nothing new

        with self.store.write() as conn:
            results = insert_articles(conn, [new for _, new in self.articles])
            for (link, new), result in zip(self.articles, results, strict=True):
                outcomes.append(Outcome(result, link, article_id=new.article.id, title=new.article.title))
            if self.feed:
                feed_store.forget(conn, self.feed, [link for link, _ in self.articles] + self.settled)
            else:  # a page the reader asked for again, after removing it
                forget_removed(conn, sources=[link for link, _ in self.articles])
            for entry, outcome in self.failures:
                if self.feed and outcome.kind == "failed":
                    item = feed_store.record_failure(
                        conn, self.feed, entry.link, entry.title, entry.published, outcome.reason, self.now
                    )
                    outcome = Outcome("failed", outcome.what, outcome.reason, next_try=item.next_try)
                outcomes.append(outcome)
            if finish is not None:
                finish(conn)
        self.articles, self.failures, self.settled = [], [], []
        self._since = time.monotonic()
        return outcomes


def take_answer(
    store: Store,
    feed: str,
    fetched: Fetched,
    parsed: ParsedFeed | None,
    fetcher: Fetcher,
    *,
    should_stop: ShouldStop,
    progress: ReportFeeds | None = None,
    now: float | None = None,
) -> Iterator[Outcome]:
    """Bring a feed's answer into the library: its new items, and its failed items that are due.

    `parsed` None: the feed answered 304, so only the items that failed before are tried (when due).
    """
    now = time.time() if now is None else now
    before = feed_store.failed_items(store, feed)
    if parsed is None:
        entries = [Entry(i.link, i.title, i.published) for i in before.values()]
    else:
        entries = list({e.link: e for e in parsed.entries if e.link}.values())
    saver = Saver(store, feed, now)
    known = known_sources(store, (e.link for e in entries))
    removed = removed_sources(store, (e.link for e in entries if e.link not in known))
    todo: list[Entry] = []
    done = 0
    for entry in entries:
        if entry.link in known:
            saver.settled.append(entry.link)
            yield Outcome("duplicate", entry.link, "already in the library", article_id=known[entry.link])
        elif entry.link in removed:
            saver.settled.append(entry.link)
            yield Outcome("skipped", entry.link, "removed from the library; not added again")
        elif entry.link in before and before[entry.link].next_try > now:
            last = before[entry.link]
            yield Outcome("later", entry.link, last.reason, next_try=last.next_try)
        elif entry.content:
            from reader.sources.extract import from_feed, to_article  # not on the way of a 304
            from reader.store.library import NewArticle, content_hash

            try:
                page = from_feed(entry.content, entry.title, entry.published)
                new = NewArticle(
                    to_article(page, entry.link),
                    content_hash(entry.content.encode("utf-8")),
                    split=False,
                    feed=feed,
                    published=page.published,
                )
                saver.articles.append((entry.link, new))
            except ParseError:
                todo.append(entry)  # too short to be the article: the page has it
        else:
            todo.append(entry)

    def work(entry: Entry) -> NewArticle:
        return page_article(fetcher, entry.link, feed, entry, public_only=fetched.public)

    for entry, result in in_parallel(todo, work, should_stop=should_stop):
        done += 1
        if isinstance(result, Exception):
            outcome = failed(entry.link, result)
            if outcome.kind == "refused":
                saver.settled.append(entry.link)  # refused for good: not worth trying again
            saver.failures.append((entry, outcome))
        else:
            saver.articles.append((entry.link, result))
        if progress:
            progress(done, len(todo), entry.link)
        if saver.due():
            yield from saver.flush()
    complete = done == len(todo)

    def finish(conn: Guarded) -> None:
        assert parsed is not None
        feed_store.keep_only(conn, feed, {e.link for e in entries})  # the rest have left the feed
        feed_store.checked(conn, feed, title=parsed.title, etag=fetched.etag, modified=fetched.modified)

    yield from saver.flush(finish if parsed is not None and complete else None)
