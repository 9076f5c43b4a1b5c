"""Escaping untrusted text for Markdown, so article text always renders as the literal characters it holds.

The target is CommonMark with GitHub's extensions (tables, strikethrough, autolinks, footnotes, math)
and Obsidian's (`==highlight==`, `%%comments%%`, `#tags`, `[[links]]`, `^block-ids`). Not covered:
GitHub's `:emoji:` shortcodes, which it replaces after parsing, where no escape reaches.

Escaping is done character by character, so callers can cut the result at the original text's
offsets to wrap entity highlights.
"""

from __future__ import annotations

import re

# Escaped wherever they appear: every inline construct starts with one of these, and `#`, `=`, `@`, `$`,
# `~` and `^` start Obsidian tags, highlights and block ids, e-mail autolinks, GitHub math and strikethrough.
ALWAYS = frozenset("\\`*_[]<>|~&#$=@^")
_SPACE = frozenset(" \t\n\r\f\v")
# Context rules, as the offsets of the character to escape.
_CONTEXT = [
    re.compile(r"!(?=\[)"),  # an image opener, should `[` ever be left bare
    re.compile(r"%(?=%)|(?<=%)%"),  # Obsidian comments: %%
    re.compile(r":(?=//)"),  # scheme autolinks: http://
    re.compile(r"(?<=[^\W_])\.(?=[^\W\d_])"),  # www.x.de and bare domains that linkifiers pick up
]
# At the start of a line (or a table cell, or after `> `), these start lists, breaks and headings.
_LINE_START = re.compile(r"[-+]|[0-9]{1,9}(?=[.)](?:[ \t\n]|$))")
# What sanitize() removes one character at a time: C0 controls but tab and newline, DEL, C1, bidi
# overrides; and lone surrogates, which cannot be written as UTF-8.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")


def escape_chars(text: str, *, line_start: bool = True) -> list[str]:
    """The Markdown for each character of `text`: `out[i]` renders as `text[i]`, or is "" if dropped.

    Control characters are dropped (text should be sanitised already; this is the second line of
    defence). Runs of whitespace become one space, and none at either end, because a newline would
    end a table row and leading spaces could start a code block; so `"".join(out)` is one line.
    """
    out = [""] * len(text)
    keep = [i for i, ch in enumerate(text) if not _CONTROLS.match(ch)]
    visible = "".join(text[i] for i in keep)
    after_space = True  # so leading whitespace is dropped
    for i in keep:
        ch = text[i]
        if ch in _SPACE:
            out[i] = "" if after_space else " "
            after_space = True
        else:
            out[i] = "\\" + ch if ch in ALWAYS else ch
            after_space = False
    for i in reversed(keep):  # trailing whitespace
        if text[i] not in _SPACE:
            break
        out[i] = ""
    # Parsers trim Unicode whitespace (a no-break space) off paragraphs and cells: keep it as a reference.
    edges = [i for i, ch in enumerate(out) if ch]
    for run in (edges, edges[::-1]):
        for i in run:
            if not text[i].isspace() or text[i] in _SPACE:
                break
            out[i] = f"&#{ord(text[i])};"
    marks = [m.start() for pattern in _CONTEXT for m in pattern.finditer(visible)]
    first = next((j for j, ch in enumerate(visible) if ch not in _SPACE), None)
    if line_start and first is not None:
        start = _LINE_START.match(visible, first)
        if start:
            marks.append(start.end() if start.group().isdigit() else start.start())
    for j in marks:
        i = keep[j]
        if not out[i].startswith("\\"):
            out[i] = "\\" + text[i]
    return out


def escape(text: str, *, line_start: bool = True) -> str:
    """`text` as Markdown inline content that renders literally, on one line."""
    return "".join(escape_chars(text, line_start=line_start))


def plain(text: str) -> str:
    """What `escape(text)` renders as: control characters dropped, whitespace collapsed."""
    return " ".join(part for part in _WHITESPACE.split(_CONTROLS.sub("", text)) if part)
