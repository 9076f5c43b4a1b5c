"""Alignment by construction: sentences go out one per line, in chunks, and come back split by lines.

A text longer than one request allows is cut at spaces into parts, each its own line; the parts'
translations are joined again. `split_answer` refuses an answer whose line count does not match, and
the caller then asks sentence by sentence for that chunk.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reader.articles.sanitize import sanitize

_NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a request: part `part` of `parts` of text number `item`."""

    item: int
    part: int
    parts: int
    text: str


def split_long(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at spaces where possible."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for word in text.split(" "):
        while len(word) > limit:  # a "word" longer than a request: cut it hard
            if current:
                pieces.append(current)
                current = ""
            pieces.append(word[:limit])
            word = word[limit:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= limit:
            current += " " + word
        else:
            pieces.append(current)
            current = word
    if current:
        pieces.append(current)
    return pieces


def plan(texts: Sequence[str], limit: int) -> list[list[Line]]:
    """Chunks of lines, in text order, each at most `limit` characters joined with newlines."""
    chunks: list[list[Line]] = []
    current: list[Line] = []
    size = 0
    for item, text in enumerate(texts):
        pieces = split_long(text, limit)
        for part, piece in enumerate(pieces):
            cost = len(piece) + (1 if current else 0)
            if current and size + cost > limit:
                chunks.append(current)
                current, size, cost = [], 0, len(piece)
            current.append(Line(item, part, len(pieces), piece))
            size += cost
    if current:
        chunks.append(current)
    return chunks


def join_lines(lines: Sequence[Line]) -> str:
    return "\n".join(line.text for line in lines)


def split_answer(answer: object, expected: int) -> list[str] | None:
    """The answer's lines, sanitised, if there are exactly `expected` non-empty ones, else None."""
    if isinstance(answer, list) and answer and isinstance(answer[0], str):
        answer = answer[0]  # some engines return [best, *alternatives]
    if not isinstance(answer, str):
        return None
    # An engine's answer is as untrusted as the article: no escape sequences reach the memory.
    lines = [line.strip() for line in _NEWLINE.split(sanitize(answer).strip())]
    if expected == 1:
        joined = " ".join(line for line in lines if line)
        return [joined] if joined else None
    if len(lines) != expected or not all(lines):
        return None
    return lines
