"""Parsers for the formats we read: the seed format (`ID:` line, title, paragraphs), plain text, Markdown.

A short line with no closing punctuation is a subheading. Site furniture after the article
("Beliebteste Artikel Aktuell:") is dropped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from reader.articles.model import Article, Block, Reference, Sentence
from reader.articles.sanitize import sanitize
from reader.articles.segment import split_sentences
from reader.errors import ParseError

_ID_LINE = re.compile(r"^\s*(?:ID\s*:\s*(?P<named>\S+)|(?P<bare>[\w.-]+)\s*:)\s*$", re.IGNORECASE)
_CLOSING = tuple(".!?…:;,\"'“”»«‘’)")
HEADING_MAX_CHARS = 90
HEADING_MAX_WORDS = 12
# Site text that follows articles on German news sites; matched at the start of a trailing block.
_FURNITURE = re.compile(
    r"^(Beliebteste Artikel|Meistgelesen|Mehr zum Thema|Lesen Sie auch|Weitere Artikel|Das könnte Sie"
    r" auch interessieren|Anzeige|Teilen:|Empfohlene Artikel|Aktuelle Nachrichten|Kommentare)",
    re.IGNORECASE,
)

Splitter = Callable[[str], tuple[Sentence, ...]]


def is_heading(line: str) -> bool:
    """A short line with no closing punctuation reads as a subheading."""
    line = line.strip()
    return (
        0 < len(line) <= HEADING_MAX_CHARS
        and len(line.split()) <= HEADING_MAX_WORDS
        and not line.endswith(_CLOSING)
    )


def _is_furniture(block: str) -> bool:
    return bool(_FURNITURE.match(block)) or (block.endswith(":") and len(block) <= HEADING_MAX_CHARS)


def _blocks(text: str) -> list[list[str]]:
    """Blank-line separated blocks, each a list of its stripped non-empty lines."""
    blocks: list[list[str]] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if lines:
            blocks.append(lines)
    return blocks


def _make_blocks(raw: list[list[str]], split: Splitter) -> list[Block]:
    blocks: list[Block] = []
    for lines in raw:
        joined = " ".join(lines)
        if len(lines) == 1 and is_heading(joined):
            blocks.append(_heading(joined))
        else:
            sentences = split(joined)
            if sentences:
                blocks.append(Block("paragraph", joined, sentences))
    while blocks and _is_furniture(blocks[-1].text):
        blocks.pop()
    return blocks


def _heading(line: str) -> Block:
    return Block("heading", line, (Sentence(line, 0, len(line)),))


def content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parse_article(
    text: str, *, source: str = "", fmt: str = "auto", split: Splitter = split_sentences
) -> Article:
    """Parse sanitised article text. `fmt` is "seed", "text", "markdown" or "auto" (by content)."""
    text = sanitize(text)
    if not text.strip():
        raise ParseError("the file is empty")
    lines = text.lstrip("\ufeff").split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if fmt == "auto":
        fmt = "seed" if _ID_LINE.match(lines[first]) else "text"
        if source.endswith((".md", ".markdown")):
            fmt = "markdown"
    article_id = ""
    if fmt == "seed":
        m = _ID_LINE.match(lines[first])
        if not m:
            raise ParseError("the first line is not an `ID:` line")
        article_id = m.group("named") or m.group("bare")
        lines = lines[first + 1 :]
    raw = _markdown_blocks("\n".join(lines)) if fmt == "markdown" else _blocks("\n".join(lines))
    if not raw:
        raise ParseError("the file has no text after its ID line")
    title_lines = raw.pop(0)
    title = title_lines[0].lstrip("#").strip()
    if len(title_lines) > 1:
        raw.insert(0, title_lines[1:])
    blocks = _make_blocks(raw, split)
    if not blocks:
        raise ParseError("the file has a title but no article text")
    return Article(article_id or content_id(text), title, tuple(blocks), source=source)


def _markdown_blocks(text: str) -> list[list[str]]:
    """Markdown headings become their own blocks; `#` marks and list bullets are dropped."""
    out: list[list[str]] = []
    for lines in _blocks(text):
        current: list[str] = []
        for line in lines:
            if line.startswith("#"):
                if current:
                    out.append(current)
                    current = []
                out.append([line.lstrip("#").strip()])
            else:
                current.append(re.sub(r"^([-*+]|\d+[.)])\s+", "", line))
        if current:
            out.append(current)
    return out


def parse_reference(text: str, article: Article) -> Reference:
    """Parse a reference translation: the seed layout, with each sentence of a paragraph on its own line.

    Its blocks must match the article's blocks one for one and its lines the article's sentences.
    """
    text = sanitize(text)
    lines = text.lstrip("\ufeff").split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if lines and _ID_LINE.match(lines[first]):
        lines = lines[first + 1 :]
    raw = _blocks("\n".join(lines))
    if not raw:
        raise ParseError("the reference translation is empty")
    title = " ".join(raw.pop(0))
    if len(raw) != len(article.blocks):
        raise ParseError(
            f"the reference translation has {len(raw)} blocks; the article has {len(article.blocks)}"
        )
    sentences: list[str] = []
    for n, (lines_, block) in enumerate(zip(raw, article.blocks, strict=True), start=1):
        if len(lines_) != len(block.sentences):
            raise ParseError(
                f"block {n} of the reference translation has {len(lines_)} sentences;"
                f" the article's has {len(block.sentences)}"
            )
        sentences.extend(lines_)
    return Reference(title, tuple(sentences))
