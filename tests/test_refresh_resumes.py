"""An interrupted refresh loses nothing: kill `reader add --feed` or `reader refresh` at any moment
(kill -9, Ctrl-C) and the next refresh brings every item; items that failed are tried again later."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader import locations
from reader.sources.fetch import Fetcher
from reader.sources.importer import add_feed, refresh
from reader.store import Store
from reader.store import feeds as feed_store
from reader.store.library import list_articles

if TYPE_CHECKING:
    from newssite import NewsSite
    from reader.store.outcome import Outcome

pytest_plugins = ["newssite"]

ITEMS = 120


def reader(*args: str) -> subprocess.Popen[str]:
    """`reader ARGS` as a user runs it, on this test's READER_HOME."""
    return subprocess.Popen(
        [sys.executable, "-m", "reader", *args],
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def interrupt(site: NewsSite, args: list[str], after: int, sig: signal.Signals) -> int:
    """Run `reader ARGS` and send it `sig` once the site has served `after` more article pages."""
    start = site.stories
    proc = reader(*args)
    deadline = time.monotonic() + 60
    while site.stories - start < after and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    assert proc.poll() is None, "it finished before it could be interrupted"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert "Traceback" not in err
    return proc.returncode


def refreshed() -> str:
    proc = reader("refresh")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return out


def stored(feed: str) -> set[str]:
    store = Store(locations.store_path())
    try:
        return {a.source for a in list_articles(store, feed=feed)}
    finally:
        store.close()


def every_story(site: NewsSite) -> set[str]:
    return {f"{site.url}/story/{n}.html" for n in range(site.big_items)}


@pytest.mark.parametrize(("after", "sig"), [(1, signal.SIGKILL), (60, signal.SIGKILL), (110, signal.SIGINT)])
def test_an_interrupted_subscription_loses_no_item(
    news_site: NewsSite, after: int, sig: signal.Signals
) -> None:
    news_site.big_items, news_site.story_delay = ITEMS, 0.02
    feed = f"{news_site.url}/big.xml"
    code = interrupt(news_site, ["add", "--feed", feed], after, sig)
    assert code == (130 if sig == signal.SIGINT else -signal.SIGKILL)
    assert len(stored(feed)) < ITEMS  # it really was cut short
    assert "summary: " in refreshed()
    assert stored(feed) == every_story(news_site)


def test_an_interrupted_refresh_loses_no_item(news_site: NewsSite) -> None:
    news_site.big_items, news_site.story_delay = 10, 0.02
    feed = f"{news_site.url}/big.xml"
    proc = reader("add", "--feed", feed)
    assert proc.wait(timeout=120) == 0
    assert len(stored(feed)) == 10
    news_site.big_items = ITEMS  # the feed has new items (and a new ETag)
    assert interrupt(news_site, ["refresh"], 50, signal.SIGKILL) == -signal.SIGKILL
    assert len(stored(feed)) < ITEMS
    out = refreshed()
    assert stored(feed) == every_story(news_site)
    assert "summary: " in out and "unchanged" not in out  # asked for the whole feed again, not "304"
    assert "unchanged" in refreshed()  # and now it is complete, the next refresh is one short answer


def test_a_stopped_refresh_resumes_where_it_stopped(news_site: NewsSite, tmp_path: Path) -> None:
    news_site.big_items, news_site.story_delay = ITEMS, 0.005
    store = Store(tmp_path / "r.db")
    feed = f"{news_site.url}/big.xml"
    feed_store.subscribe(store, feed)
    seen: list[Outcome] = []
    for outcome in refresh(store, should_stop=lambda: len(seen) >= 20):
        seen.append(outcome)
    assert 20 <= len(list_articles(store)) < ITEMS
    asked = news_site.stories
    kinds = [o.kind for o in refresh(store)]
    assert len(list_articles(store)) == ITEMS
    assert kinds.count("added") == ITEMS - len(seen)
    assert news_site.stories - asked == ITEMS - len(seen)  # what was stored is not fetched again


def test_failed_items_are_tried_again_after_a_back_off(news_site: NewsSite, tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    feed = f"{news_site.url}/flaky.xml"
    fetcher = Fetcher(total_timeout=5.0)
    first = list(add_feed(store, feed, fetcher=fetcher))
    assert [o.kind for o in first] == ["failed"] * 3
    assert all(o.reason == "HTTP 503 Service Unavailable" and o.next_try for o in first)
    assert "tried again from" in first[0].line()
    now = time.time()
    # Too soon: not asked again, and said so.
    soon = list(refresh(store, fetcher=fetcher, now=now + 60))
    assert [o.kind for o in soon] == ["unchanged"] + ["later"] * 3
    assert sum(news_site.flaky_seen.values()) == 3
    # After the back-off the feed itself is unchanged (a 304), but its failed items are tried again.
    later = list(refresh(store, fetcher=fetcher, now=now + feed_store.BACKOFF_FIRST + 1))
    assert sorted(o.kind for o in later) == ["added"] * 3 + ["unchanged"]
    assert len(list_articles(store, feed=feed)) == 3
    assert feed_store.failed_items(store, feed) == {}


def test_a_failed_item_that_leaves_the_feed_is_not_tried_again(news_site: NewsSite, tmp_path: Path) -> None:
    news_site.big_items = 3
    store = Store(tmp_path / "r.db")
    feed = f"{news_site.url}/big.xml"
    feed_store.subscribe(store, feed)
    with store.write() as conn:
        feed_store.record_failure(conn, feed, f"{news_site.url}/story/99.html", "Alt", None, "HTTP 503", 0.0)
    list(refresh(store))
    assert feed_store.failed_items(store, feed) == {}
    assert "/story/99.html" not in news_site.requests
