"""One total deadline per request: a server that drips its answer a byte at a time, or its headers, is
given up on at the configured total and named in the summary, and the other feeds go on meanwhile."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader.sources.fetch import Fetcher, FetchError
from reader.sources.importer import refresh
from reader.store import Store
from reader.store import feeds as feed_store

if TYPE_CHECKING:
    from newssite import NewsSite

pytest_plugins = ["newssite"]

TOTAL = 1.5


@pytest.mark.parametrize("path", ["/drip.xml", "/slowhead.xml"])
def test_a_drip_is_given_up_at_the_total_deadline(news_site: NewsSite, path: str) -> None:
    # A byte every 0.2 s never trips a per-read timeout of 1 s; the total deadline ends it.
    start = time.monotonic()
    with pytest.raises(FetchError, match=f"timed out after {TOTAL:g} s"):
        Fetcher(read_timeout=1.0, total_timeout=TOTAL).fetch(news_site.url + path)
    assert TOTAL <= time.monotonic() - start < TOTAL + 1.0


def test_a_dripping_feed_does_not_hold_up_the_others(news_site: NewsSite, tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    for path in ("/drip.xml", "/slowhead.xml", "/rss.xml", "/atom.xml"):
        feed_store.subscribe(store, news_site.url + path)
    start = time.monotonic()
    arrived: dict[str, tuple[str, float]] = {}
    for outcome in refresh(store, fetcher=Fetcher(read_timeout=1.0, total_timeout=TOTAL)):
        arrived[outcome.what.removeprefix(news_site.url)] = (outcome.kind, time.monotonic() - start)
    took = time.monotonic() - start
    for page in ("/politik/bahnstreik.html", "/politik/fussball.html", "/politik/strassenbau.html"):
        kind, at = arrived[page]
        assert kind in ("added", "duplicate") and at < TOTAL  # before the drips were given up on
    assert arrived["/drip.xml"][0] == arrived["/slowhead.xml"][0] == "failed"
    assert took < TOTAL + 1.5


def test_reader_add_names_the_slow_page_and_gives_up_at_the_configured_total(
    news_site: NewsSite, tmp_path: Path, reader_home: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"[sources]\ntotal_timeout = {TOTAL}\nread_timeout = 1\n", encoding="utf-8")
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "reader", "add", f"{news_site.url}/drip.xml"],
        env={**os.environ, "READER_HOME": str(reader_home), "READER_CONFIG": str(config)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    took = time.monotonic() - start
    assert done.returncode == 1
    assert done.stderr == f"failed: {news_site.url}/drip.xml: timed out after {TOTAL:g} s\n"
    assert done.stdout == "summary: 0 added, 0 duplicate, 1 failed\n"
    assert took < TOTAL + 5  # the start-up, and the deadline
