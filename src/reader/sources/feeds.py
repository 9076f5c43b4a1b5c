"""RSS and Atom feeds (feedparser), OPML subscription lists, and the bundled list of German news feeds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reader.articles.sanitize import sanitize
from reader.errors import ParseError

MAX_ENTRIES = 500  # per feed and fetch
MIN_FULL_CONTENT = 400  # characters of entry content that count as the whole article


@dataclass(frozen=True, slots=True)
class Entry:
    """One feed entry: its link, and its full text when the feed carries it (HTML, untrusted)."""

    link: str
    title: str
    published: float | None = None
    content: str = ""


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    entries: tuple[Entry, ...]


def _timestamp(entry: Any) -> float | None:
    import calendar

    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return float(calendar.timegm(parsed)) if parsed else None


def _content(entry: Any) -> str:
    """The entry's own full text if it has one long enough to be the article, else ''."""
    for part in entry.get("content") or ():
        value = part.get("value") or ""
        if len(value) >= MIN_FULL_CONTENT:
            return str(value)
    return ""


def parse_feed(data: bytes, url: str = "") -> ParsedFeed:
    """Parse RSS or Atom bytes; a ParseError says why when they are not a feed."""
    import feedparser

    # Its HTML sanitiser is not needed (entries' HTML becomes plain text here) and costs 40 % of a parse.
    parsed = feedparser.parse(
        data,
        response_headers={"content-location": url} if url else None,
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = parsed.get("bozo_exception")
        detail = f" ({str(reason).splitlines()[0][:80]})" if reason else ""
        raise ParseError(f"not an RSS or Atom feed{detail}")
    entries = []
    for entry in parsed.entries[:MAX_ENTRIES]:
        link = entry.get("link") or ""
        if not link and not _content(entry):
            continue
        entries.append(
            Entry(sanitize(link).strip(), _text(entry.get("title")), _timestamp(entry), _content(entry))
        )
    return ParsedFeed(_text(parsed.feed.get("title")), tuple(entries))


def _text(value: str | None) -> str:
    """A title as plain text: a title of type html keeps no tags."""
    text = value or ""
    if "<" in text:
        from reader.sources.extract import paragraphs_of

        text = " ".join(paragraphs_of(text))
    return sanitize(text).strip()


def parse_opml(data: bytes) -> list[tuple[str, str]]:
    """(feed URL, title) for every outline with an xmlUrl, nested folders included."""
    import xml.etree.ElementTree as ET

    if b"<!ENTITY" in data:  # entity expansion is how XML bombs work; OPML has no use for it
        raise ParseError("the OPML file declares XML entities, which are not allowed")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ParseError(f"not an OPML file ({exc})") from exc
    if root.tag != "opml":
        raise ParseError("not an OPML file (no <opml> element)")
    found = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl")
        if url:
            found.append((url.strip(), sanitize(outline.get("title") or outline.get("text") or "")))
    return found


@dataclass(frozen=True, slots=True)
class KnownFeed:
    name: str
    title: str
    url: str


def known_feeds() -> dict[str, KnownFeed]:
    """The bundled list (reader/sources/feeds.toml), by short name."""
    import tomllib
    from importlib import resources

    text = resources.files("reader.sources").joinpath("feeds.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return {
        name: KnownFeed(name, v.get("title", name), v["url"]) for name, v in data.get("feeds", {}).items()
    }
