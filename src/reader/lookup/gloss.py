"""Interlinear gloss: a short English gloss under each word of a German sentence.

`gloss_sentence` looks each word up (tagged in its sentence, so "Die" is the article) and keeps the
first sense of its best entry; a compound gets its parts' glosses joined by "+". `layout` is pure: it
aligns each gloss under its word and wraps the pairs of lines within a width (80 columns and less).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len

from reader.articles.sanitize import sanitize
from reader.lookup import morph
from reader.lookup.ding import first_sense
from reader.lookup.service import Lookup

MAX_GLOSS = 18  # cells; a gloss is a hint, the lookup panel has the rest


@dataclass(frozen=True, slots=True)
class Gloss:
    start: int  # offsets of the word in the sentence
    end: int
    word: str
    gloss: str  # "" when nothing was found
    via: str


_PLACEHOLDER = re.compile(r"\b(?:sth|sb)\.(?:[’']s)?|/[^/\s][^/]*/")


def _short(text: str, limit: int = MAX_GLOSS) -> str:
    text = " ".join(_PLACEHOLDER.sub(" ", text).split())
    if text.startswith("to ") and len(text) > 3:  # "to go" → "go": the verb is plain under a verb
        text = text[3:]
    if cell_len(text) <= limit:
        return text
    return _cut(text, limit).rstrip() + "…"


def gloss_sentence(lookup: Lookup, sentence: str) -> list[Gloss]:
    """Each word of `sentence` with a short gloss, in order."""
    sentence = sanitize(sentence)
    words = morph.words_of(sentence)
    tags = morph.tag_words([w for _, _, w in words])
    glosses = []
    for (start, end, word), (lemma, pos) in zip(words, tags, strict=True):
        result = lookup.lookup(word, lemma=lemma, pos=pos, online=False)
        text = ""
        if result.via == "compound":
            firsts = []
            for part in result.parts:
                entries = lookup.entries_for(part, "noun" if part[:1].isupper() else "")
                if entries:  # a name or an abbreviation before a hyphen has none: left out
                    firsts.append(first_sense(entries[0].en, shortest=True))
            text = "+".join(_short(f, 12) for f in firsts)
        elif result.entries:
            text = first_sense(result.entries[0].en)
        glosses.append(Gloss(start, end, word, _short(text), result.via))
    return glosses


def _columns(sentence: str, glosses: list[Gloss]) -> list[tuple[str, str]]:
    """(shown text, gloss) per word; the shown text keeps the punctuation that follows the word."""
    columns = []
    for i, g in enumerate(glosses):
        start = 0 if i == 0 else g.start
        end = glosses[i + 1].start if i + 1 < len(glosses) else len(sentence)
        columns.append((" ".join(sentence[start:end].split()), g.gloss))
    return columns


def _cut(text: str, width: int) -> str:
    """The longest start of `text` that leaves a cell for an ellipsis within `width` cells."""
    out = ""
    for ch in text:
        if cell_len(out + ch) >= width:
            break
        out += ch
    return out


def _fit(text: str, width: int) -> str:
    return text if cell_len(text) <= width else _cut(text, width) + "…"


def layout(sentence: str, glosses: list[Gloss], width: int = 80) -> list[tuple[str, str]]:
    """Rows of (German line, gloss line), each gloss starting under its word, no line wider than `width`."""
    width = max(width, 8)
    rows: list[tuple[str, str]] = []
    top = bottom = ""
    for shown, gloss in _columns(sentence, glosses):
        shown, gloss = _fit(shown, width), _fit(gloss, width)
        cells = max(cell_len(shown), cell_len(gloss))
        if top and cell_len(top) + 1 + cells > width:
            rows.append((top.rstrip(), bottom.rstrip()))
            top = bottom = ""
        if top:
            top, bottom = top + " ", bottom + " "
        top += shown + " " * (cells - cell_len(shown))
        bottom += gloss + " " * (cells - cell_len(gloss))
    if top:
        rows.append((top.rstrip(), bottom.rstrip()))
    return rows


def render(sentence: str, glosses: list[Gloss], width: int = 80) -> str:
    """The rows as text, a blank line between them."""
    return "\n\n".join(f"{top}\n{bottom}" for top, bottom in layout(sentence, glosses, width))
