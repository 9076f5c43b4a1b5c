"""A German news site on 127.0.0.1 for the library tests: pages with site furniture, feeds, and failures.

- `/politik/<slug>.html`: an article page with navigation, a cookie banner, related links and
  comments around the article (three of them, in `ARTICLES`);
- `/rss.xml` (RSS 2.0, with ETag and Last-Modified: a conditional request gets 304), `/atom.xml`
  (Atom, one entry carrying its full text), `/broken.xml` (HTML where a feed should be),
  `/mixed.xml` (an RSS feed whose entries point at a good page, a 404, a redirect loop, a slow page
  and a page with no article);
- `/slow.html` answers after `slow_seconds`; `/missing.html` is 404; `/loop` redirects for ever;
  `/empty.html` has no article text; `/boom.html` is a 500;
- `/big.xml`: an RSS feed of `big_items` link-only items (its ETag changes with their number), each
  `/story/<n>.html` a different article, served after `story_delay` seconds (`stories` counts them);
- `/full.xml`: `full_items` items that carry their whole text (content:encoded);
- `/flaky.xml`: three items whose pages (`/flaky/<n>.html`) answer 503 `flaky_failures` times first;
- `/drip.xml`: headers at once, then one byte every `drip_interval` seconds (for `drip_seconds`);
  `/slowhead.xml`: the headers themselves a byte at a time;
- `/go?to=URL`: a redirect to URL;
- `/gzip.html`, `/deflate.html` (raw): a page compressed; `/bomb.html`: 50 MB of zeros gzipped.

The fixture `news_site` comes from declaring this module a plugin (`pytest_plugins = ["newssite"]`).
`requests` records each path requested.
"""

from __future__ import annotations

import email.utils
import gzip
import html
import socket
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

ARTICLES = {
    "bahnstreik": (
        "Lokführer kündigen neuen Streik bei der Bahn an",
        "2026-11-30T08:15:00+01:00",
        [
            "Die Gewerkschaft Deutscher Lokomotivführer hat für Montag einen neuen Streik im Personenverkehr "
            "angekündigt. Millionen Pendler müssen sich erneut auf Ausfälle und Verspätungen einstellen.",
            "Der Personalvorstand der Deutschen Bahn, Martin Seiler, nannte den Ausstand unverhältnismäßig. "
            "Man sei jederzeit zu weiteren Gesprächen bereit, sagte eine Sprecherin am Sonntag in Berlin.",
            "Die Verhandlungen über einen neuen Tarifvertrag waren in der vergangenen Woche ohne Ergebnis "
            "abgebrochen worden. Strittig ist vor allem die Arbeitszeit im Schichtdienst.",
        ],
    ),
    "fussball": (
        "Fußball-Bundesliga: Bayern gewinnt das Spitzenspiel in Dortmund",
        "2026-11-29T20:30:00+01:00",
        [
            "Der FC Bayern München hat das Spitzenspiel der Fußball-Bundesliga bei Borussia Dortmund mit "
            "drei zu eins gewonnen. Vor ausverkauftem Haus erzielte Harry Kane zwei Tore.",
            "Dortmunds Trainer zeigte sich nach dem Spiel enttäuscht. Seine Mannschaft habe in der zweiten "
            "Halbzeit die Ordnung verloren, sagte er in der Pressekonferenz.",
            "Mit dem Sieg bauen die Münchner ihren Vorsprung an der Tabellenspitze auf fünf Punkte aus. "
            "Am Mittwoch folgt das Pokalspiel gegen die Eintracht aus Frankfurt.",
        ],
    ),
    "strassenbau": (
        "Neue Straße in Köln: Stadtrat stimmt für umstrittenes Projekt",
        "2026-11-28T11:00:00+01:00",
        [
            "Der Kölner Stadtrat hat nach langer Debatte dem Bau einer neuen Umgehungsstraße zugestimmt. "
            "Die Kosten werden auf rund achtzig Millionen Euro geschätzt.",
            "Umweltverbände kündigten an, gegen den Beschluss zu klagen. Die Straße führe durch ein "
            "wichtiges Naherholungsgebiet, erklärte ein Sprecher des Bundes für Umwelt und Naturschutz.",
            "Oberbürgermeisterin Henriette Reker verteidigte das Projekt. Die Anwohner in der Innenstadt "
            "warteten seit Jahren auf Entlastung vom Durchgangsverkehr.",
        ],
    ),
}

FURNITURE = ("Wir verwenden Cookies", "Impressum", "Unglaublich, diese Zustände", "Das könnte Sie auch")


def story(n: int) -> tuple[str, str, list[str]]:
    """The n-th of many different articles: one of the three above, numbered in its title and text."""
    title, date, paragraphs = ARTICLES[list(ARTICLES)[n % len(ARTICLES)]]
    return f"{title} ({n})", date, [f"{p} Das meldete die Redaktion in Folge {n}." for p in paragraphs]


def page(slug: str, n: int | None = None) -> str:
    title, date, paragraphs = ARTICLES[slug] if n is None else story(n)
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>{html.escape(title)} | Tagesblatt</title>
<meta property="og:title" content="{html.escape(title)}">
<meta property="article:published_time" content="{date}">
<meta name="author" content="Anna Schmidt"></head>
<body>
<div id="cookie-banner" class="consent"><p>Wir verwenden Cookies,
um Ihnen das beste Erlebnis zu bieten.
Mit „Akzeptieren“ stimmen Sie der Verwendung zu.</p>
<button>Akzeptieren</button><button>Einstellungen</button></div>
<header><nav><ul><li><a href="/">Startseite</a></li><li><a href="/politik/">Politik</a></li>
<li><a href="/wirtschaft/">Wirtschaft</a></li><li><a href="/sport/">Sport</a></li>
<li><a href="/kultur/">Kultur</a></li></ul></nav></header>
<main><article><h1>{html.escape(title)}</h1>
<p class="byline">Von Anna Schmidt, {date[:10]}</p>
{body}
</article>
<aside class="related"><h2>Das könnte Sie auch interessieren</h2><ul>
<li><a href="/politik/a.html">Koalition streitet über den Haushalt</a></li>
<li><a href="/politik/b.html">Wetter: Der erste Schnee kommt</a></li></ul></aside>
<section class="comments" id="comments"><h2>Kommentare (2)</h2>
<div class="comment"><p>Unglaublich, diese Zustände! Jedes Jahr dasselbe.</p></div>
<div class="comment"><p>Ich fahre ab jetzt nur noch Fahrrad.</p></div></section></main>
<footer><a href="/impressum">Impressum</a> · <a href="/datenschutz">Datenschutz</a> · © Tagesblatt</footer>
</body></html>"""


def rss(base: str, links: list[tuple[str, str]]) -> str:
    items = "".join(
        f"<item><title>{html.escape(t)}</title><link>{base}{path}</link>"
        f"<pubDate>Sat, 29 Nov 2026 10:00:00 +0100</pubDate></item>"
        for path, t in links
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tagesblatt – Politik'
        f"</title><link>{base}/</link><description>Nachrichten</description>{items}</channel></rss>"
    )


def full_rss(base: str, n: int) -> str:
    items = ""
    for i in range(n):
        title, _, paragraphs = story(i)
        text = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        items += (
            f"<item><title>{html.escape(title)}</title><link>{base}/voll/{i}</link>"
            f"<pubDate>Sat, 29 Nov 2026 10:00:00 +0100</pubDate>"
            f"<content:encoded><![CDATA[{text}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Tagesblatt – Voll'
        f"</title><link>{base}/</link><description>Nachrichten</description>{items}</channel></rss>"
    )


def atom(base: str) -> str:
    title, _, paragraphs = ARTICLES["strassenbau"]
    full = html.escape("".join(f"<p>{p}</p>" for p in paragraphs))
    t2 = ARTICLES["fussball"][0]
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Tagesblatt – Alles</title><id>{base}/</id>
<updated>2026-11-30T10:00:00Z</updated>
<entry><title>{html.escape(title)}</title><id>{base}/voll</id><link href="{base}/nur-im-feed"/>
<updated>2026-11-28T10:00:00Z</updated><content type="html">{full}</content></entry>
<entry><title>{html.escape(t2)}</title><id>{base}/politik/fussball.html</id>
<link href="{base}/politik/fussball.html"/><updated>2026-11-29T19:30:00Z</updated></entry>
</feed>"""


class _Handler(BaseHTTPRequestHandler):
    server: NewsSite

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(
        self, status: int, body: str = "", ctype: str = "text/html; charset=utf-8", **headers: str
    ) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(data)

    def _drip(self, data: bytes) -> None:
        site = self.server
        end = time.monotonic() + site.drip_seconds
        for byte in data:
            if time.monotonic() > end or site.stopping.is_set():
                return
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(site.drip_interval)

    def do_GET(self) -> None:
        site = self.server
        path = self.path.split("?")[0]
        with site.lock:
            site.requests.append(path)
            site.agents.add(self.headers.get("User-Agent", ""))
            site.arrived_at.append(self.connection.getsockname()[0])
        base = site.url
        if path == "/big.xml":
            etag = f'"big-{site.big_items}"'
            if self.headers.get("If-None-Match") == etag:
                return self._send(304, "", etag=etag)
            links = [(f"/story/{n}.html", story(n)[0]) for n in range(site.big_items)]
            return self._send(200, rss(base, links), "application/rss+xml", ETag=etag)
        if path.startswith("/story/") and path.endswith(".html") and path[7:-5].isdigit():
            time.sleep(site.story_delay)
            with site.lock:
                site.stories += 1
            return self._send(200, page("", int(path[7:-5])))
        if path == "/full.xml":
            return self._send(200, full_rss(base, site.full_items), "application/rss+xml", ETag='"full"')
        if path == "/flaky.xml":
            if self.headers.get("If-None-Match") == '"flaky"':
                return self._send(304, "", etag='"flaky"')
            links = [(f"/flaky/{n}.html", story(n)[0]) for n in range(3)]
            return self._send(200, rss(base, links), "application/rss+xml", ETag='"flaky"')
        if path.startswith("/flaky/") and path.endswith(".html") and path[7:-5].isdigit():
            with site.lock:
                site.flaky_seen[path] = site.flaky_seen.get(path, 0) + 1
                fail = site.flaky_seen[path] <= site.flaky_failures
            if fail:
                return self._send(503, "Service Unavailable", "text/plain")
            return self._send(200, page("", 100 + int(path[7:-5])))
        if path == "/drip.xml":
            body = rss(base, [("/politik/bahnstreik.html", "Tropfen")]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return self._drip(body)
        if path == "/slowhead.xml":
            self.wfile.write(b"HTTP/1.0 200 OK\r\n")
            return self._drip(b"Content-Type: application/rss+xml\r\nX-Padding: " + b"x" * 500 + b"\r\n\r\n")
        if path in ("/gzip.html", "/deflate.html", "/bomb.html"):
            if path == "/bomb.html":  # 50 MB of nothing, 50 KB on the wire
                body = gzip.compress(b"\0" * 50_000_000, compresslevel=9)
            elif path == "/gzip.html":
                body = gzip.compress(page("fussball").encode())
            else:  # "deflate" sent raw, without the zlib wrapper, as some servers do
                packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
                body = packer.compress(page("fussball").encode()) + packer.flush()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "deflate" if path == "/deflate.html" else "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        if path == "/go":
            target = parse_qs(urlsplit(self.path).query).get("to", ["/"])[0]
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path.startswith("/politik/") and path.endswith(".html") and path[9:-5] in ARTICLES:
            return self._send(200, page(path[9:-5]))
        if path == "/rss.xml":
            etag, modified = '"v1"', email.utils.formatdate(1_764_400_000, usegmt=True)
            if self.headers.get("If-None-Match") == etag:
                return self._send(304, "", etag=etag)
            links = [(f"/politik/{s}.html", t) for s, (t, _, _) in ARTICLES.items()]
            return self._send(200, rss(base, links), "application/rss+xml", ETag=etag, Last_Modified=modified)
        if path == "/atom.xml":
            return self._send(200, atom(base), "application/atom+xml")
        if path == "/mixed.xml":
            links = [
                ("/politik/bahnstreik.html", "Gut"),
                ("/missing.html", "Fehlt"),
                ("/loop", "Schleife"),
                ("/slow.html", "Langsam"),
                ("/empty.html", "Leer"),
                ("/boom.html", "Kaputt"),
            ]
            return self._send(200, rss(base, links), "application/rss+xml")
        if path == "/broken.xml":
            return self._send(200, "<html><body><h1>Hier gibt es keinen Feed</h1><p>Oops", "text/html")
        if path == "/slow.html":
            end = time.monotonic() + site.slow_seconds
            while time.monotonic() < end and not site.stopping.is_set():
                time.sleep(0.02)
            return self._send(200, page("bahnstreik"))
        if path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", "/loop2" if path == "/loop" else "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path == "/empty.html":
            return self._send(200, "<html><body><nav><a href='/'>Start</a></nav></body></html>")
        if path == "/boom.html":
            return self._send(500, "Internal Server Error", "text/plain")
        return self._send(404, "<html><body>Nicht gefunden</body></html>")


class NewsSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1") -> None:
        if ":" in host:  # "::" takes IPv4 too (as ::ffff:a.b.c.d)
            self.address_family = socket.AF_INET6
        super().__init__((host, 0), _Handler)
        self.lock = threading.Lock()
        self.requests: list[str] = []
        self.agents: set[str] = set()
        self.arrived_at: list[str] = []  # the local address each request came in on
        self.slow_seconds = 5.0
        self.stopping = threading.Event()
        self.big_items = 0
        self.story_delay = 0.0
        self.stories = 0  # story pages served
        self.full_items = 50
        self.flaky_failures = 1
        self.flaky_seen: dict[str, int] = {}
        self.drip_interval = 0.2
        self.drip_seconds = 20.0

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that gave up on a slow answer
            super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def news_site() -> Iterator[NewsSite]:
    site = NewsSite()
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.stopping.set()
        site.shutdown()
        site.server_close()
