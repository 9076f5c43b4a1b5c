"""Escaping untrusted text for Markdown, so article text always renders as the literal characters it holds.

The target is CommonMark with GitHub's extensions (tables, strikethrough, autolinks, footnotes, math)
and Obsidian's (`==highlight==`, `%%comments%%`, `#tags`, `[[links]]`). Escaping is done character by
character, so callers can cut the result at the original text's offsets to wrap entity highlights.
"""

from __future__ import annotations

import re

# Escaped wherever they appear: every inline construct starts with one of these, and `#`, `=`, `@`, `$`
# and `~` start Obsidian tags and highlights, e-mail autolinks, GitHub math and strikethrough.
ALWAYS = frozenset("\\`*_[]<>|~&#$=@")
_SPACE = frozenset(" \t\n\r\f\v")
# Context rules, as the offsets of the character to escape.
_CONTEXT = [
    re.compile(r"!(?=\[)"),  # an image opener, should `[` ever be left bare
    re.compile(r"%(?=%)|(?<=%)%"),  # Obsidian comments: %%
    re.compile(r":(?=//)"),  # scheme autolinks: http://
    re.compile(r"(?<=[^\W_])\.(?=[^\W\d_])"),  # www.x.de and bare domains that linkifiers pick up
]
# At the start of a line (or a table cell, or after `> `), these start lists, breaks and headings.
_LINE_START = re.compile(r"[-+]|[0-9]{1,9}(?=[.)])")
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")


def escape_chars(text: str, *, line_start: bool = True) -> list[str]:
    """The Markdown for each character of `text`: `out[i]` renders as `text[i]`.

    Runs of whitespace become one space (or nothing at either end), because a newline would end a
    table row and leading spaces could start a code block; so `"".join(out)` holds no newline.
    """
    out: list[str] = []
    for ch in text:
        if ch in _SPACE:
            out.append(" ")
        elif ch in ALWAYS:
            out.append("\\" + ch)
        else:
            out.append(ch)
    for pattern in _CONTEXT:
        for m in pattern.finditer(text):
            i = m.start()
            if not out[i].startswith("\\"):
                out[i] = "\\" + text[i]
    # collapse whitespace runs and trim both ends
    first = next((i for i, ch in enumerate(text) if ch not in _SPACE), len(text))
    last = max((i for i, ch in enumerate(text) if ch not in _SPACE), default=-1)
    for i, ch in enumerate(text):
        if ch in _SPACE and (i < first or i > last or text[i - 1] in _SPACE):
            out[i] = ""
    if line_start and first < len(text):
        start = _LINE_START.match(text, first)
        if start:
            i = start.end() if start.group().isdigit() else start.start()
            if not out[i].startswith("\\"):
                out[i] = "\\" + text[i]
    return out


def escape(text: str, *, line_start: bool = True) -> str:
    """`text` as Markdown inline content that renders literally, on one line."""
    return "".join(escape_chars(text, line_start=line_start))


def plain(text: str) -> str:
    """What `escape(text)` renders as: whitespace collapsed, as tests and round trips compare it."""
    return " ".join(part for part in _WHITESPACE.split(text) if part)
