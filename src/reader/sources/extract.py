"""Web pages to articles: trafilatura finds the main text and metadata (title, date, author).

Navigation, cookie banners, related links and comments are dropped. A feed that carries the whole
article (content:encoded, Atom content) needs none of that: its HTML is only turned into paragraphs
(`from_feed`), at a hundredth of the cost. The text is untrusted: it is sanitised by the parser like
any article file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html.parser import HTMLParser

from reader.articles.model import Article
from reader.articles.parse import Splitter, parse_article
from reader.articles.segment import unsplit
from reader.errors import ParseError

MAX_TEXT_CHARS = 200_000
MIN_TEXT_CHARS = 200  # less is a menu, a teaser or an error page, not an article


@dataclass(frozen=True, slots=True)
class Extracted:
    title: str
    paragraphs: tuple[str, ...]
    published: float | None = None
    author: str = ""


def parse_date(text: str | None) -> float | None:
    """An ISO date or date-time as a UTC timestamp; None if it is not one."""
    if not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.timestamp()


def extract_page(html: bytes | str, url: str = "") -> Extracted:
    """The article in a web page; ParseError if the page has no article text."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # the time of day too, so that a day's articles sort in order
        date_extraction_params={"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True},
    )
    text = (getattr(doc, "text", None) or "")[:MAX_TEXT_CHARS] if doc is not None else ""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    title = (getattr(doc, "title", None) or "").strip()
    if lines and title and lines[0] == title:
        lines.pop(0)
    if sum(len(line) for line in lines) < MIN_TEXT_CHARS:
        raise ParseError("no article text found on the page")
    return Extracted(
        title or lines[0][:90],
        tuple(lines),
        parse_date(getattr(doc, "date", None)),
        (getattr(doc, "author", None) or "").strip(),
    )


# Tags that end a paragraph, and tags whose content is never text.
_BREAKS = frozenset(
    {"p", "div", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre"}
    | {"section", "article", "header", "footer", "aside", "table", "tr", "figure", "figcaption", "dl"}
    | {"dt", "dd", "main", "nav"}
)
_HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object"})


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BREAKS:
            self.end_paragraph()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BREAKS:
            self.end_paragraph()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._text.append(data)

    def end_paragraph(self) -> None:
        text = " ".join("".join(self._text).split())
        if text:
            self.paragraphs.append(text)
        self._text = []


def paragraphs_of(html: str) -> list[str]:
    """The text of an HTML fragment, one string per paragraph; scripts and styles dropped."""
    parser = _Paragraphs()
    parser.feed(html[: MAX_TEXT_CHARS * 4])
    parser.close()
    parser.end_paragraph()
    return parser.paragraphs


def from_feed(html: str, title: str, published: float | None = None) -> Extracted:
    """The article a feed entry carries in full; ParseError if it is too short to be the article."""
    lines = paragraphs_of(html)
    if lines and title and lines[0] == title:
        lines.pop(0)
    if sum(len(line) for line in lines) < MIN_TEXT_CHARS:
        raise ParseError("the feed carries no article text for this item")
    return Extracted(title or lines[0][:90], tuple(lines), published)


def to_article(page: Extracted, source: str, split: Splitter = unsplit) -> Article:
    """An Article from extracted text: the title, then one paragraph per extracted line."""
    text = "\n\n".join([page.title, *page.paragraphs])
    return parse_article(text, source=source, fmt="text", split=split)
