"""Adding from the web: pages, RSS and Atom feeds, OPML, refresh, and every way a fetch goes wrong."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader.errors import ParseError
from reader.sources.extract import extract_page
from reader.sources.feeds import known_feeds, parse_opml
from reader.sources.fetch import Fetcher, FetchError
from reader.sources.importer import add_feed, add_pages, refresh, summary
from reader.store import Store
from reader.store import feeds as feed_store
from reader.store.library import list_articles, open_article

if TYPE_CHECKING:
    from newssite import NewsSite

pytest_plugins = ["newssite"]


def _fast() -> Fetcher:
    return Fetcher(connect_timeout=1.0, read_timeout=0.5, total_timeout=2.0)


def test_a_page_keeps_the_article_and_drops_the_furniture(news_site: NewsSite, tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    url = f"{news_site.url}/politik/bahnstreik.html"
    [outcome] = add_pages(store, [url], fetcher=_fast())
    assert outcome.kind == "added" and outcome.title == "Lokführer kündigen neuen Streik bei der Bahn an"
    [summary_] = list_articles(store)
    assert summary_.source == url and summary_.published is not None
    article = open_article(store, outcome.article_id)
    assert article is not None
    text = "\n".join(b.text for b in article.blocks)
    assert "Martin Seiler" in text and "Schichtdienst" in text
    for furniture in ("Cookies", "Impressum", "Unglaublich", "Fahrrad", "Startseite", "interessieren"):
        assert furniture not in text
    assert len(article.units) >= 6  # split into sentences on open
    assert any("reader/" in agent for agent in news_site.agents)  # a polite, named User-Agent


def test_the_same_page_twice_is_a_duplicate_and_not_fetched_again(
    news_site: NewsSite, tmp_path: Path
) -> None:
    store = Store(tmp_path / "r.db")
    url = f"{news_site.url}/politik/fussball.html"
    assert [o.kind for o in add_pages(store, [url], fetcher=_fast())] == ["added"]
    fetched = len(news_site.requests)
    assert [o.kind for o in add_pages(store, [url], fetcher=_fast())] == ["duplicate"]
    assert len(news_site.requests) == fetched


def test_rss_feed_subscribes_and_imports_its_entries(news_site: NewsSite, tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    feed = f"{news_site.url}/rss.xml"
    outcomes = list(add_feed(store, feed, fetcher=_fast()))
    assert summary(outcomes)["added"] == 3
    assert [f.url for f in feed_store.feeds(store)] == [feed]
    listed = list_articles(store)
    assert {s.feed for s in listed} == {feed}
    # newest first, by the page's publication date
    assert [s.title.split()[0] for s in listed] == ["Lokführer", "Fußball-Bundesliga:", "Neue"]


def test_refresh_asks_conditionally_and_an_unchanged_feed_costs_one_request(
    news_site: NewsSite, tmp_path: Path
) -> None:
    store = Store(tmp_path / "r.db")
    list(add_feed(store, f"{news_site.url}/rss.xml", fetcher=_fast()))
    before = len(news_site.requests)
    seen: list[tuple[int, int]] = []
    outcomes = list(refresh(store, fetcher=_fast(), progress=lambda d, t, _w: seen.append((d, t))))
    assert [o.kind for o in outcomes] == ["unchanged"]
    assert news_site.requests[before:] == ["/rss.xml"]
    assert seen[-1] == (1, 1)


def test_atom_entry_with_full_content_needs_no_page_fetch(news_site: NewsSite, tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    outcomes = list(add_feed(store, f"{news_site.url}/atom.xml", fetcher=_fast()))
    assert summary(outcomes)["added"] == 2
    assert "/nur-im-feed" not in news_site.requests  # its text came inside the feed
    [full] = [s for s in list_articles(store) if s.source.endswith("/nur-im-feed")]
    article = open_article(store, full.id)
    assert article is not None and "Henriette Reker" in article.blocks[-1].text


def test_each_failure_is_one_line_and_the_rest_arrive(news_site: NewsSite, tmp_path: Path) -> None:
    news_site.slow_seconds = 3.0
    store = Store(tmp_path / "r.db")
    outcomes = {
        o.what.removeprefix(news_site.url): o
        for o in add_feed(store, f"{news_site.url}/mixed.xml", fetcher=_fast())
    }
    assert outcomes["/politik/bahnstreik.html"].kind == "added"
    reasons = {path: o.reason for path, o in outcomes.items() if o.kind == "failed"}
    assert reasons["/missing.html"] == "HTTP 404 Not Found"
    assert "redirects" in reasons["/loop"]
    assert "timed out" in reasons["/slow.html"]
    assert reasons["/empty.html"] == "no article text found on the page"
    assert reasons["/boom.html"].startswith("HTTP 500")
    for o in outcomes.values():
        assert "\n" not in o.line()


def test_a_feed_that_is_not_xml_is_one_failure(news_site: NewsSite, tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    [outcome] = add_feed(store, f"{news_site.url}/broken.xml", fetcher=_fast())
    assert outcome.kind == "failed" and "not an RSS or Atom feed" in outcome.reason
    assert feed_store.feeds(store) == []  # not subscribed


def test_fetch_refuses_other_schemes_and_caps_size(news_site: NewsSite) -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)"):
        with pytest.raises(FetchError, match="only http and https"):
            Fetcher().fetch(url)
    with pytest.raises(FetchError, match="too large"):
        Fetcher(max_bytes=1000).fetch(f"{news_site.url}/politik/bahnstreik.html")


def test_compressed_answers_are_read_and_a_bomb_stops_at_the_cap(news_site: NewsSite) -> None:
    for path in ("/gzip.html", "/deflate.html"):
        assert b"Harry Kane" in Fetcher().fetch(news_site.url + path).body
    with pytest.raises(FetchError, match="too large"):
        Fetcher(max_bytes=1_000_000).fetch(news_site.url + "/bomb.html")


def test_page_with_hostile_text_is_sanitised() -> None:
    html = (
        "<html><head><title>Titel \x1b]0;pwned\x07</title></head><body><article><h1>Titel</h1>"
        + "".join(
            f"<p>Satz {n} mit \x1b[2J Escape-Sequenz und [bold]Markup[/bold], der lang genug ist.</p>"
            for n in range(5)
        )
        + "</article></body></html>"
    )
    from reader.sources.extract import to_article

    article = to_article(extract_page(html), "x")
    text = article.title + "".join(b.text for b in article.blocks)
    assert "\x1b" not in text and "\x07" not in text and "[bold]Markup[/bold]" in text


def test_opml_lists_feeds_in_folders_and_refuses_entities() -> None:
    opml = b"""<?xml version="1.0"?><opml version="2.0"><head><title>newsboat</title></head><body>
    <outline text="News"><outline text="tagesschau" type="rss" xmlUrl="https://example.org/rss"/></outline>
    <outline title="heise" xmlUrl="https://example.org/atom"/></body></opml>"""
    assert parse_opml(opml) == [
        ("https://example.org/rss", "tagesschau"),
        ("https://example.org/atom", "heise"),
    ]
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>'
    with pytest.raises(ParseError, match="entities"):
        parse_opml(bomb)
    with pytest.raises(ParseError, match="not an OPML"):
        parse_opml(b"<html></html>")


def test_bundled_feeds_are_https_and_named() -> None:
    known = known_feeds()
    assert {"tagesschau", "dw", "spiegel", "zeit", "heise", "netzpolitik"} <= set(known)
    assert all(f.url.startswith("https://") for f in known.values())


def test_refresh_stops_when_asked_and_reports_progress(news_site: NewsSite, tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    feed_store.subscribe(store, f"{news_site.url}/rss.xml")
    feed_store.subscribe(store, f"{news_site.url}/atom.xml")
    assert list(refresh(store, fetcher=_fast(), should_stop=lambda: True)) == []  # stopped before it began
    assert news_site.requests == []
    seen: list[tuple[int, int]] = []
    list(refresh(store, fetcher=_fast(), progress=lambda d, t, _w: seen.append((d, t))))
    assert seen[0] == (0, 2) and seen[-1] == (2, 2)
    assert {"/rss.xml", "/atom.xml"} <= set(news_site.requests)


def test_connection_failures_are_one_plain_line() -> None:
    import socket

    def offline(host: str, port: int) -> list[str]:  # as the system's resolver answers when offline
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(FetchError) as info:
        Fetcher(resolve=offline).fetch("https://www.tagesschau.de/index~rss2.xml")
    assert str(info.value) == (
        "https://www.tagesschau.de/index~rss2.xml: cannot connect "
        "(www.tagesschau.de does not resolve: offline, or no such host)"
    )
    with socket.socket() as probe:  # a port on this machine where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError) as info:
        Fetcher().fetch(f"http://127.0.0.1:{port}/feed.xml")
    assert str(info.value) == f"http://127.0.0.1:{port}/feed.xml: cannot connect (connection refused)"


def test_a_feed_that_cannot_be_reached_is_subscribed_for_the_next_refresh(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:  # a port on this machine where nothing listens: as when offline
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/rss.xml"
    store = Store(tmp_path / "r.db")
    [outcome] = add_feed(store, url, fetcher=_fast())
    assert outcome.kind == "failed"
    assert (
        outcome.reason
        == "cannot connect (connection refused); subscribed all the same: reader refresh tries again"
    )
    assert [f.url for f in feed_store.feeds(store)] == [url]
