"""Subscribing to a feed of N real-length article pages on a local server, then refreshing it.

    python bench/refresh.py [--pages 200] [--delay 0.05]

A server on 127.0.0.1 serves an RSS feed and N German news pages (GermEval sentences, 2–3 KB of
text, with navigation, a cookie banner, related links and comments around it), each after `delay`
seconds, as a remote site would. Prints the time to subscribe (fetch, extract with trafilatura,
store), pages per second, the requests in flight at most, and a refresh of the unchanged feed.
"""

from __future__ import annotations

import argparse
import html
import os
import random
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from library import GERMEVAL, fallback_sentences, germeval_sentences


def make_pages(n: int) -> dict[str, tuple[str, str]]:
    sentences = germeval_sentences(GERMEVAL) or fallback_sentences()
    rng = random.Random(5)
    pages = {}
    for i in range(n):
        start = rng.randrange(len(sentences) - 25)
        body = sentences[start : start + 20]
        title = " ".join(body[0].rstrip(".!?").split()[:8]) + f" ({i})"
        paragraphs = "".join(f"<p>{html.escape(' '.join(body[k : k + 4]))}</p>" for k in range(0, 20, 4))
        pages[f"/artikel/{i}.html"] = (
            title,
            f"<html><head><title>{html.escape(title)}</title></head><body>"
            "<div class=cookie>Wir verwenden Cookies. <button>Akzeptieren</button></div>"
            "<nav><a href=/>Start</a> <a href=/politik>Politik</a> <a href=/sport>Sport</a></nav>"
            f"<article><h1>{html.escape(title)}</h1>{paragraphs}</article>"
            "<aside><h2>Mehr zum Thema</h2><a href=/x>Ein anderer Artikel</a></aside>"
            "<section class=comments><p>Kommentar: Sehr gut geschrieben!</p></section>"
            "<footer>Impressum</footer></body></html>",
        )
    return pages


class Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, pages: dict[str, tuple[str, str]], delay: float) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.pages, self.delay = pages, delay
        self.lock = threading.Lock()
        self.in_flight = self.most_in_flight = self.requests = 0


class Handler(BaseHTTPRequestHandler):
    server: Site

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        site = self.server
        with site.lock:
            site.in_flight += 1
            site.requests += 1
            site.most_in_flight = max(site.most_in_flight, site.in_flight)
        try:
            time.sleep(site.delay)
            if self.path == "/feed.xml":
                if self.headers.get("If-None-Match") == '"1"':
                    self.send_response(304)
                    self.end_headers()
                    return
                base = f"http://127.0.0.1:{site.server_address[1]}"
                items = "".join(
                    f"<item><title>{html.escape(t)}</title><link>{base}{p}</link></item>"
                    for p, (t, _) in site.pages.items()
                )
                body = (
                    '<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>'
                    f"{items}</channel></rss>"
                )
                self._send(body, "application/rss+xml", etag='"1"')
            elif self.path in site.pages:
                self._send(site.pages[self.path][1], "text/html; charset=utf-8")
            else:
                self.send_error(404)
        finally:
            with site.lock:
                site.in_flight -= 1

    def _send(self, body: str, ctype: str, etag: str = "") -> None:
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(data)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--delay", type=float, default=0.05, help="seconds the server takes per answer")
    args = parser.parse_args()
    os.environ["READER_HOME"] = tempfile.mkdtemp(prefix="reader-refresh-")
    from reader.sources.importer import add_feed, refresh, summary
    from reader.store import Store

    site = Site(make_pages(args.pages), args.delay)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    store = Store(Path(os.environ["READER_HOME"]) / "reader.db")
    url = f"http://127.0.0.1:{site.server_address[1]}/feed.xml"
    start = time.perf_counter()
    counts = summary(add_feed(store, url))
    took = time.perf_counter() - start
    most = site.most_in_flight
    before = site.requests
    start = time.perf_counter()
    again = summary(refresh(store))
    refreshed = time.perf_counter() - start
    site.shutdown()
    rate = counts["added"] / took
    print(f"subscribe: {counts} in {took:.2f} s = {rate:.0f} pages/s (server delay {args.delay}s)")
    print(f"requests in flight at most: {most}")
    print(
        f"refresh, unchanged feed: {again} in {refreshed * 1000:.0f} ms, {site.requests - before} request(s)"
    )


if __name__ == "__main__":
    main()
