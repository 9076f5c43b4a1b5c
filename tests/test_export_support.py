"""Support for the export tests (no tests here): a name-list recogniser, articles from strings, a reader."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reader.articles.model import Article, Block, Sentence
from reader.nlp.types import Entity, Label
from reader.translation.types import PENDING, REFERENCE, English, Translated

NAMES: dict[str, Label] = {
    "Moscow Times": "ORG",
    "Putin": "PER",
    "Russland": "LOC",
    "Russia": "LOC",
    "Moskau": "LOC",
    "Moscow": "LOC",
    "CIA": "ORG",
    "AT&T": "ORG",
    "Yahoo!": "ORG",
    "C++": "MISC",
    "O'Neill": "PER",
    "Ukraine": "LOC",
}


class ListRecognizer:
    """A test double of the Recognizer protocol: finds the names in NAMES, longest first."""

    name = "list"
    version = "1"

    def __init__(self, names: dict[str, Label] | None = None) -> None:
        self.names = names or NAMES
        alternatives = sorted(self.names, key=len, reverse=True)
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")

    def recognize(self, text: str) -> list[Entity]:
        return [
            Entity(m.start(), m.end(), self.names[m.group()], m.group()) for m in self.pattern.finditer(text)
        ]

    def recognize_many(self, texts: Sequence[str]) -> list[list[Entity]]:
        return [self.recognize(t) for t in texts]


def make_article(
    blocks: Sequence[tuple[str, Sequence[str]]], title: str = "Titel", article_id: str = "t1"
) -> Article:
    """An Article from (kind, sentences) pairs, without the parser, so any text can be a sentence."""
    built = []
    for kind, sentences in blocks:
        text, spans = "", []
        for s in sentences:
            if text:
                text += " "
            spans.append(Sentence(s, len(text), len(text) + len(s)))
            text += s
        built.append(Block(kind, text, tuple(spans)))  # type: ignore[arg-type]
    return Article(article_id, title, tuple(built), source="test")


def english_for(article: Article, translate=lambda s: s, title: str | None = "Title") -> English:
    units = []
    for u in article.units:
        t = translate(u.sentence.text)
        units.append(Translated(t, REFERENCE) if t is not None else Translated(None, PENDING))
    return English(Translated(title, REFERENCE if title else PENDING), tuple(units))


def split_front_matter(markdown: str) -> tuple[dict[str, object], str]:
    """The YAML front matter (as this exporter writes it: `key: json-or-plain`) and the body."""
    assert markdown.startswith("---\n")
    head, body = markdown[4:].split("\n---\n", 1)
    fields: dict[str, object] = {}
    for line in head.split("\n"):
        key, value = line.split(": ", 1)
        fields[key] = json.loads(value) if value.startswith('"') else value
    return fields, body


PARSER = MarkdownIt("commonmark").enable("table")


@dataclass
class Leaf:
    """One inline run in the parsed document: where it sits, its plain text and its highlights."""

    tag: str  # p, h1, h2, th, td
    containers: tuple[str, ...]  # e.g. ("blockquote",) or ("table",)
    text: str = ""
    strong: list[str] = field(default_factory=list)
    marks: list[tuple[str, str]] = field(default_factory=list)  # (label, text)
    em: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # token types that should never appear


_MARK_OPEN = re.compile(r'<mark class="(per|loc|org|misc)" title="(PER|LOC|ORG|MISC)">')
INLINE_OK = {"text", "strong_open", "strong_close", "em_open", "em_close", "html_inline"}
BLOCK_OK = {
    "paragraph_open", "paragraph_close", "heading_open", "heading_close", "inline",
    "blockquote_open", "blockquote_close", "table_open", "table_close", "thead_open", "thead_close",
    "tbody_open", "tbody_close", "tr_open", "tr_close", "th_open", "th_close", "td_open", "td_close",
}  # fmt: skip


def _leaf(children: list[Token], tag: str, containers: tuple[str, ...]) -> Leaf:
    leaf = Leaf(tag, containers)
    stack: list[tuple[str, str, int]] = []  # (kind, label, start offset in leaf.text)
    for tok in children:
        if tok.type == "text":
            leaf.text += tok.content
        elif tok.type in ("strong_open", "em_open"):
            stack.append((tok.type[:-5], "", len(leaf.text)))
        elif tok.type in ("strong_close", "em_close"):
            kind, _, start = stack.pop()
            assert kind == tok.type[:-6]
            (leaf.strong if kind == "strong" else leaf.em).append(leaf.text[start:])
        elif tok.type == "html_inline" and (m := _MARK_OPEN.fullmatch(tok.content)):
            assert m.group(1).upper() == m.group(2)
            stack.append(("mark", m.group(2), len(leaf.text)))
        elif tok.type == "html_inline" and tok.content == "</mark>":
            kind, label, start = stack.pop()
            assert kind == "mark"
            leaf.marks.append((label, leaf.text[start:]))
        else:
            leaf.other.append(f"{tok.type}:{tok.content!r}")
    assert not stack, "unbalanced inline markup"
    return leaf


def read(body: str) -> tuple[list[Leaf], list[str]]:
    """Parse a Markdown body into inline runs, and the block token types that are not allowed."""
    tokens = PARSER.parse(body)
    leaves: list[Leaf] = []
    bad: list[str] = []
    containers: list[str] = []
    tag = ""
    for tok in tokens:
        if tok.type not in BLOCK_OK:
            bad.append(tok.type)
        if tok.type in ("blockquote_open", "table_open"):
            containers.append(tok.type[:-5])
        elif tok.type in ("blockquote_close", "table_close"):
            containers.pop()
        elif tok.type.endswith("_open"):
            tag = tok.tag
        elif tok.type == "inline":
            leaves.append(_leaf(tok.children or [], tag, tuple(containers)))
    return leaves, bad


def core(text: str) -> str:
    """A mention as it is highlighted: from its first to its last letter or digit."""
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end]
