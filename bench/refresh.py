"""`reader refresh` against newsboat, side by side, on 20 local feeds of 50 real-length articles each.

    python bench/refresh.py [--feeds 20] [--items 50] [--runs 5] [--germeval DIR] [--delay 0]

A server on 127.0.0.1 serves each feed twice: with the articles' full text inside (content:encoded)
and with links only (each page then fetched and its article extracted, which newsboat never does).
Articles are built from GermEval 2014 sentences (2–3 KB of text each). Feeds answer conditional
requests (ETag, Last-Modified) with 304. Each run, in alternating order, times as whole processes:

- cold, full text: `reader refresh` with the feeds subscribed and nothing stored, against
  `newsboat -x reload` with an empty cache;
- nothing new: the same again, with the validators (ETags) both stored (newsboat sends them from its
  third fetch of a feed on, so the second is not timed);
- link-only feeds, cold: reader fetches and extracts every page (reported apart).

Prints medians of wall and CPU time and reader's ratio to newsboat within the same runs.
"""

from __future__ import annotations

import argparse
import email.utils
import html
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from library import GERMEVAL, fallback_sentences, germeval_sentences

Article = tuple[str, list[str]]  # title, paragraphs
MODIFIED = email.utils.formatdate(1_764_400_000, usegmt=True)


def make_articles(feeds: int, items: int, folder: Path) -> list[list[Article]]:
    sentences = germeval_sentences(folder) or fallback_sentences()
    rng = random.Random(5)
    out = []
    for f in range(feeds):
        articles = []
        for i in range(items):
            start = rng.randrange(len(sentences) - 25)
            body = sentences[start : start + 20]
            rng.shuffle(body)
            title = " ".join(body[0].rstrip(".!?").split()[:8]) + f" ({f}.{i})"
            articles.append((title, [" ".join(body[k : k + 4]) for k in range(0, 20, 4)]))
        out.append(articles)
    return out


def page(article: Article) -> str:
    title, paragraphs = article
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{html.escape(title)}</title></head><body>"
        "<div class=cookie>Wir verwenden Cookies. <button>Akzeptieren</button></div>"
        "<nav><a href=/>Start</a> <a href=/politik>Politik</a> <a href=/sport>Sport</a></nav>"
        f"<article><h1>{html.escape(title)}</h1>{body}</article>"
        "<aside><h2>Mehr zum Thema</h2><a href=/x>Ein anderer Artikel</a></aside>"
        "<footer>Impressum</footer></body></html>"
    )


def feed(base: str, f: int, articles: list[Article], full: bool) -> str:
    items = []
    for i, (title, paragraphs) in enumerate(articles):
        content = ""
        if full:
            text = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
            content = f"<content:encoded><![CDATA[{text}]]></content:encoded>"
        items.append(
            f"<item><title>{html.escape(title)}</title><link>{base}/a/{f}/{i}.html</link>"
            f"<guid>{base}/a/{f}/{i}.html</guid><pubDate>{MODIFIED}</pubDate>"
            f"<description>{html.escape(paragraphs[0][:200])}</description>{content}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Bench {f}</title><link>{base}/</link><description>Nachrichten</description>"
        + "".join(items)
        + "</channel></rss>"
    )


class Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, articles: list[list[Article]], delay: float) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.articles, self.delay = articles, delay
        base = f"http://127.0.0.1:{self.server_address[1]}"
        self.bodies: dict[str, bytes] = {}
        for f, arts in enumerate(articles):
            self.bodies[f"/full{f}.xml"] = feed(base, f, arts, True).encode()
            self.bodies[f"/links{f}.xml"] = feed(base, f, arts, False).encode()
            for i, art in enumerate(arts):
                self.bodies[f"/a/{f}/{i}.html"] = page(art).encode()
        self.requests = self.not_modified = 0
        self.lock = threading.Lock()

    def urls(self, kind: str) -> list[str]:
        return [f"http://127.0.0.1:{self.server_address[1]}/{kind}{f}.xml" for f in range(len(self.articles))]


class Handler(BaseHTTPRequestHandler):
    server: Site
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        site = self.server
        with site.lock:
            site.requests += 1
        if site.delay:
            time.sleep(site.delay)
        body = site.bodies.get(self.path)
        if body is None:
            self.send_error(404)
            return
        is_feed = self.path.endswith(".xml")
        etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
        if is_feed and (
            self.headers.get("If-None-Match") == etag or self.headers.get("If-Modified-Since") == MODIFIED
        ):
            with site.lock:
                site.not_modified += 1
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml" if is_feed else "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if is_feed:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", MODIFIED)
        self.end_headers()
        self.wfile.write(body)


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of a whole process (its children included), and its last line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({done.returncode}): {done.stderr[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = (done.stdout or done.stderr).strip().splitlines()
    return wall, cpu, lines[-1] if lines else ""


class Reader:
    def __init__(self, urls: list[str]) -> None:
        self.home = Path(tempfile.mkdtemp(prefix="bench-reader-"))
        # The paths a user has (platformdirs under HOME), not READER_HOME, which skips work a user pays for.
        self.env = {
            **os.environ,
            "HOME": str(self.home),
            "XDG_DATA_HOME": str(self.home / "data"),
            "XDG_CONFIG_HOME": str(self.home / "config"),
        }
        for name in ("READER_HOME", "READER_CONFIG", "READER_PROFILE", "READER_PUBLIC"):
            self.env.pop(name, None)
        code = (
            "import sys; from reader import locations; from reader.store import Store, feeds; "
            "s = Store(locations.store_path()); [feeds.subscribe(s, u) for u in sys.argv[1:]]; s.close()"
        )
        subprocess.run(
            [sys.executable, "-c", code, *urls], env=self.env, check=True
        )  # subscribed, nothing fetched

    def refresh(self) -> tuple[float, float, str]:
        return timed([sys.executable, "-m", "reader", "refresh", "--quiet"], self.env)


class Newsboat:
    def __init__(self, urls: list[str]) -> None:
        self.home = Path(tempfile.mkdtemp(prefix="bench-newsboat-"))
        (self.home / "urls").write_text("\n".join(urls) + "\n")
        (self.home / "config").write_text("")  # newsboat's defaults
        self.env = {**os.environ, "HOME": str(self.home), "XDG_CONFIG_HOME": str(self.home)}

    def refresh(self) -> tuple[float, float, str]:
        h = self.home
        command = ["newsboat", "-u", str(h / "urls"), "-c", str(h / "cache.db"), "-C", str(h / "config")]
        return timed([*command, "-x", "reload"], self.env)


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--germeval", type=Path, default=GERMEVAL)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds the server takes per answer")
    args = parser.parse_args()
    if shutil.which("newsboat") is None:
        raise SystemExit("newsboat is not installed (apt-get install newsboat)")
    articles = make_articles(args.feeds, args.items, args.germeval)
    site = Site(articles, args.delay)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    full, links = site.urls("full"), site.urls("links")
    results: dict[str, list[tuple[float, float]]] = {}
    lines: dict[str, str] = {}

    def record(name: str, run: Callable[[], tuple[float, float, str]]) -> None:
        asked, unchanged = site.requests, site.not_modified
        wall, cpu, line = run()
        results.setdefault(name, []).append((wall, cpu))
        lines[name] = (
            f"{line} [{site.requests - asked} requests, {site.not_modified - unchanged} answered 304]"
        )

    for n in range(args.runs):
        reader, newsboat = Reader(full), Newsboat(full)
        pair: list[tuple[str, Reader | Newsboat]] = [("reader", reader), ("newsboat", newsboat)]
        if n % 2:
            pair.reverse()
        for name, tool in pair:
            record(f"cold, full text: {name}", tool.refresh)
        for _, tool in pair:  # newsboat stores a feed's validators on its second fetch, not its first
            tool.refresh()
        for name, tool in pair:
            record(f"nothing new: {name}", tool.refresh)
        link_pair: list[tuple[str, Reader | Newsboat]] = [
            ("reader", Reader(links)),
            ("newsboat", Newsboat(links)),
        ]
        if n % 2:
            link_pair.reverse()
        for name, tool in link_pair:
            record(f"link-only feeds, cold: {name}", tool.refresh)
        for tool in (reader, newsboat, *(t for _, t in link_pair)):
            shutil.rmtree(tool.home, ignore_errors=True)
    site.shutdown()

    total = args.feeds * args.items
    print(f"{args.feeds} feeds x {args.items} articles ({total}), {args.runs} runs, medians (wall / CPU):")
    for case in ("cold, full text", "nothing new", "link-only feeds, cold"):
        r, nb = results[f"{case}: reader"], results[f"{case}: newsboat"]
        ratios = [rw / nw for (rw, _), (nw, _) in zip(r, nb, strict=True)]
        print(
            f"  {case:22} reader {median([w for w, _ in r]):6.3f} s / {median([c for _, c in r]):6.3f} s"
            f"   newsboat {median([w for w, _ in nb]):6.3f} s / {median([c for _, c in nb]):6.3f} s"
            f"   ratio {median(ratios):5.2f} (runs: {', '.join(f'{x:.2f}' for x in ratios)})"
        )
        print(f"  {'':22} reader: {lines[f'{case}: reader']}")
        print(f"  {'':22} newsboat: {lines[f'{case}: newsboat']}")


if __name__ == "__main__":
    main()
