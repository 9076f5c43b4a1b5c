"""Rendering an ExportDocument as Markdown for GitHub, Obsidian and terminal viewers.

Layouts:
- `interleaved` (default): each German paragraph, then its English as a block quote, sentence for
  sentence. Subheadings are `##` headings in German, their English quoted below.
- `side-by-side`: subheadings stay `##` headings (English quoted below), and the sentences of each
  section are a table with one row per sentence: number, German, English. The number is the
  sentence's position as the app's status line shows it (subheadings count); `¶` starts a paragraph.
- `german`, `english`: one language only, with its subheadings.

Entity mentions are highlighted as `**bold**`, as `<mark class="per" title="PER">`, or not at all.
A highlight covers the mention from its first to its last letter or digit, so the emphasis
delimiters always sit against a word character and open and close as intended. Sentences the reader
marked are in italics; notes are GFM footnotes (`[^1]`), which CommonMark viewers show as text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Literal

from reader.export.document import ExportDocument, Pair
from reader.export.escape import escape, escape_chars
from reader.nlp.types import LABELS, Entity

Layout = Literal["interleaved", "side-by-side", "german", "english"]
Highlight = Literal["bold", "mark", "none"]
LAYOUTS: tuple[Layout, ...] = ("interleaved", "side-by-side", "german", "english")
HIGHLIGHTS: tuple[Highlight, ...] = ("bold", "mark", "none")
LABEL_NAMES = {"PER": "person", "LOC": "place", "ORG": "organisation", "MISC": "other name"}
UNTRANSLATED = "(untranslated)"

# YAML cannot hold these raw inside a double-quoted scalar (YAML 1.1 reads some as line breaks).
_YAML_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def yaml_string(value: str) -> str:
    """A double-quoted YAML scalar: JSON's quoting, which YAML reads the same way."""
    value = value.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate becomes "?"
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def mark_open(label: str) -> str:
    return f'<mark class="{label.lower()}" title="{label}">'


def _spans(text: str, entities: Sequence[Entity], highlight: Highlight) -> list[tuple[int, int, str]]:
    """(start, end, label) of each mention to highlight, trimmed to letters and digits, non-overlapping."""
    spans: list[tuple[int, int, str]] = []
    end_before = 0
    for entity in sorted(entities, key=lambda e: (e.start, -e.end)):
        start, end = max(entity.start, 0), min(entity.end, len(text))
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if start >= end or start < end_before or entity.label not in LABELS:
            continue
        # `**a****b**` would not parse as two strong spans; the second of two touching mentions stays plain
        if highlight == "bold" and spans and start == end_before:
            continue
        spans.append((start, end, entity.label))
        end_before = end
    return spans


def inline(
    text: str,
    entities: Sequence[Entity] = (),
    highlight: Highlight = "bold",
    *,
    marked: bool = False,
    footnote: int | None = None,
) -> str:
    """One sentence as escaped Markdown on one line, with its mentions highlighted."""
    chars = escape_chars(text)
    out: list[str] = []
    pos = 0
    if highlight != "none":
        for start, end, label in _spans(text, entities, highlight):
            out += chars[pos:start]
            if highlight == "bold":
                out += ["**", *chars[start:end], "**"]
            else:
                out += [mark_open(label), *chars[start:end], "</mark>"]
            pos = end
    out += chars[pos:]
    body = "".join(out)
    if marked and body:
        body = f"*{body}*"
    if footnote is not None:
        bare = body.endswith("!") and (len(body) - 1 - len(body[:-1].rstrip("\\"))) % 2 == 0
        if bare:
            body = body[:-1] + "\\!"  # `![^1]` would start an image
        body += f"[^{footnote}]"
    return body


class _Renderer:
    def __init__(self, doc: ExportDocument, layout: Layout, highlight: Highlight) -> None:
        if layout not in LAYOUTS:
            raise ValueError(f"unknown layout {layout!r}")
        if highlight not in HIGHLIGHTS:
            raise ValueError(f"unknown highlight {highlight!r}")
        self.doc = doc
        self.layout = layout
        self.highlight = highlight
        self.notes: list[str] = []

    def footnote(self, pair: Pair) -> int | None:
        if not pair.note.strip():
            return None
        self.notes.append(pair.note)
        return len(self.notes)

    def german(self, pair: Pair, footnote: int | None) -> str:
        return inline(
            pair.german, pair.german_entities, self.highlight, marked=pair.marked, footnote=footnote
        )

    def english(self, pair: Pair, footnote: int | None = None) -> str:
        if pair.english is None:
            return inline(UNTRANSLATED, marked=pair.marked, footnote=footnote)
        return inline(
            pair.english, pair.english_entities, self.highlight, marked=pair.marked, footnote=footnote
        )

    def front_matter(self) -> list[str]:
        doc = self.doc
        fields = [
            ("title", yaml_string(doc.title)),
            ("title_en", yaml_string(doc.english_title) if doc.english_title else None),
            ("id", yaml_string(doc.article_id)),
            ("source", yaml_string(doc.source)),
            ("translation", yaml_string(doc.translation)),
            ("untranslated", str(doc.untranslated)),
            ("recogniser", yaml_string(doc.recogniser)),
            ("recogniser_version", yaml_string(doc.recogniser_version)),
            ("exported", doc.exported.isoformat()),
            ("reader_version", yaml_string(doc.reader_version)),
            ("layout", yaml_string(self.layout)),
            ("highlight", yaml_string(self.highlight)),
        ]
        return ["---", *(f"{key}: {value}" for key, value in fields if value is not None), "---"]

    def legend(self) -> list[str]:
        parts = []
        if self.highlight != "none" and self.doc.entities:
            if self.highlight == "bold":
                parts.append("names are **bold** (each one's type is in the table at the end)")
            else:
                marks = [f"{mark_open(label)}{LABEL_NAMES[label]}</mark>" for label in LABELS]
                parts.append("names are marked by type: " + ", ".join(marks))
        pairs = self.doc.pairs
        if any(p.marked for p in pairs):
            parts.append("sentences you marked are in *italics*")
        if any(p.note.strip() for p in pairs):
            parts.append("your notes are footnotes")
        return [f"Legend: {'; '.join(parts)}."] if parts else []

    def title(self) -> list[str]:
        doc = self.doc
        if self.layout == "english":
            return [f"# {escape(doc.english_title or doc.title)}"]
        lines = [f"# {escape(doc.title)}"]
        if self.layout in ("interleaved", "side-by-side"):
            lines += ["", f"> {escape(doc.english_title) if doc.english_title else UNTRANSLATED}"]
        return lines

    def heading(self, pair: Pair) -> list[str]:
        footnote = self.footnote(pair)
        if self.layout == "english":
            return [f"## {self.english(pair, footnote)}"]
        lines = [f"## {self.german(pair, footnote)}"]
        if self.layout != "german":
            lines += ["", f"> {self.english(pair)}"]
        return lines

    def paragraph(self, pairs: Sequence[Pair]) -> list[str]:
        notes = [self.footnote(p) for p in pairs]
        german = " ".join(self.german(p, n) for p, n in zip(pairs, notes, strict=True))
        if self.layout == "german":
            return [german]
        if self.layout == "english":
            return [" ".join(self.english(p, n) for p, n in zip(pairs, notes, strict=True))]
        return [german, "", "> " + " ".join(self.english(p) for p in pairs)]

    def table(self, paragraphs: Sequence[Sequence[Pair]]) -> list[str]:
        lines = ["| # | Deutsch | English |", "| ---: | --- | --- |"]
        for pairs in paragraphs:
            for n, pair in enumerate(pairs):
                number = f"¶ {pair.index + 1}" if n == 0 else str(pair.index + 1)
                german = self.german(pair, self.footnote(pair))
                lines.append(f"| {number} | {german} | {self.english(pair)} |")
        return lines

    def body(self) -> list[list[str]]:
        chunks: list[list[str]] = []
        pending: list[Sequence[Pair]] = []  # side-by-side: paragraphs waiting for their table
        for block in self.doc.blocks:
            if block.kind == "heading":
                if pending:
                    chunks.append(self.table(pending))
                    pending = []
                chunks.append(self.heading(block.pairs[0]))
            elif self.layout == "side-by-side":
                pending.append(block.pairs)
            else:
                chunks.append(self.paragraph(block.pairs))
        if pending:
            chunks.append(self.table(pending))
        return chunks

    def entity_table(self) -> list[str]:
        if not self.doc.entities:
            return []
        lines = ["## Entities", "", "| Entity | Type | Mentions | English |", "| --- | --- | ---: | --- |"]
        for row in self.doc.entities:
            kind = f"{LABEL_NAMES.get(row.label, row.label)} ({row.label})"
            english = escape(row.english) if row.english else "—"
            lines.append(f"| {escape(row.text)} | {kind} | {row.mentions} | {english} |")
        return lines

    def render(self) -> str:
        chunks = [self.front_matter(), self.title(), self.legend(), *self.body(), self.entity_table()]
        # a footnote definition starting "Your note:" can never read as a CommonMark link definition
        chunks += [
            [f"[^{n}]: Your note: {escape(note, line_start=False)}"]
            for n, note in enumerate(self.notes, start=1)
        ]
        return "\n\n".join("\n".join(chunk) for chunk in chunks if chunk) + "\n"


def render_markdown(
    doc: ExportDocument, layout: Layout = "interleaved", highlight: Highlight = "bold"
) -> str:
    """The whole export: YAML front matter, title, legend, text, entity table and footnotes."""
    return _Renderer(doc, layout, highlight).render()
