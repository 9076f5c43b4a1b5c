"""The Ding dictionary format: one entry a line, `German | variants :: English | variants`.

`|` separates senses (the i-th German sense pairs with the i-th English one; later senses are often
inflections or phrases), `;` separates synonyms, `{m}`/`{f}`/`{n}`/`{pl}`/`{vt}` are grammar tags,
`[ugs.]` labels, `(…)` glosses and `<…>` search variants, and `#` starts a comment line. The file is
untrusted: each line is sanitised and lines longer than `MAX_LINE` are skipped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from reader.articles.sanitize import sanitize

MAX_LINE = 16_000  # the longest real line is under 10,000 characters
_OPEN = {"(": ")", "[": "]", "{": "}", "<": ">"}
_SPACE = re.compile(r"\s+")
# Tokens that are not the word itself: pronouns of conjugation tables and object placeholders.
_PRONOUNS = {"ich", "du", "er", "sie", "es", "wir", "ihr", "man"}
_PLACEHOLDERS = {"jd.", "jdm.", "jdn.", "jds.", "etw.", "sich", "sb.", "sth.", "jemand", "jemandem", "etwas"}
# An abbreviation written after a word, "/Ztg./", "/USA/"; "er/sie" has no space before the slash.
_ABBREVIATION = re.compile(r"(?<![^\s(])/([^/\s][^/]*?)/(?!\w)")
_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")


@dataclass(frozen=True, slots=True)
class Sense:
    """One `|`-separated sense: the German and English text, and its single-word German headwords."""

    index: int
    de: str
    en: str
    heads: tuple[str, ...]  # in the order written; multi-word phrases are not heads


def _balanced(text: str) -> bool:
    return (
        text.count("(") <= text.count(")")
        and text.count("{") <= text.count("}")
        and text.count("[") <= text.count("]")
        and text.count("<") <= text.count(">")
    )


def split_top(text: str, sep: str) -> list[str]:
    """Split on `sep` outside brackets: `to go {went; gone}` stays whole when splitting on `;`."""
    pieces = text.split(sep)
    if len(pieces) == 1:
        return [text.strip()]
    parts: list[str] = []
    current: str | None = None
    for piece in pieces:
        current = piece if current is None else current + sep + piece
        if _balanced(current):
            parts.append(current.strip())
            current = None
    if current is not None:  # an unclosed bracket: keep what is left as one part
        parts.append(current.strip())
    return parts


_NOTES = re.compile(r"\{[^{}]*\}|\[[^\[\]]*\]|\([^()]*\)|<[^<>]*>")


def strip_notes(text: str) -> str:
    """The text without `{…}`, `[…]`, `(…)` and `<…>` annotations, whitespace collapsed."""
    for _ in range(4):  # nested notes go from the inside out
        text, n = _NOTES.subn(" ", text)
        if not n:
            break
    return " ".join(text.split())


def _heads(clean: str) -> list[str]:
    """The single word a note-free German synonym stands for: `er/sie geht` → geht, `sich freuen` → freuen."""
    if " " not in clean:  # most synonyms are one word: the fast path of a 200,000-line build
        word = clean.strip(",!?: ")
        if not word:
            return []
        words = [word]
    else:
        tokens = clean.split()
        if len(tokens) > 5:
            return []
        words = [
            t
            for t in (t.strip(",!?:") for t in tokens)
            if t and t.lower() not in _PLACEHOLDERS and not all(p in _PRONOUNS for p in t.lower().split("/"))
        ]
        if not words and len(tokens) == 1:
            words = tokens
        if len(words) != 1:
            return []
    word = words[0]
    alternatives = word.split("/") if "/" in word else [word]  # `ist/war`
    if len(alternatives) > 1 and all(len(e) <= 2 and e.islower() for e in alternatives[1:]):
        # Adjective endings, "sogenannte/r/s": the forms, and the stem that is the lemma.
        base = alternatives[0]
        alternatives = [base] + [base + e for e in alternatives[1:]]
        if base.endswith("e") and len(base) > 3:
            alternatives.append(base[:-1])
    return [w for w in alternatives if len(w) <= 64 and _WORD.match(w)]


def heads_of(synonym: str) -> list[str]:
    """The single words one German synonym (with its notes) stands for."""
    return _heads(strip_notes(synonym))


def sense_heads(line: str) -> list[list[str]]:
    """For each sense of a line, its single-word German heads, in order, without repeats.

    Notes are removed from the whole German side first, so every `|` and `;` left is a separator.
    """
    german = strip_notes(line.split(" :: ", 1)[0])
    result = []
    for sense in german.split("|"):
        heads: list[str] = []
        abbreviations: list[str] = []
        for synonym in sense.split(";"):
            # "Zeitung /Ztg./", "Vereinigte Staaten von Amerika /USA/": the abbreviation is a head of
            # its own, after the words, and the word without it can be one.
            if "/" in synonym:
                abbreviations += _ABBREVIATION.findall(synonym)
                synonym = _ABBREVIATION.sub(" ", synonym)
            heads += [h for h in _heads(synonym.strip()) if h not in heads]
        heads += [a for a in abbreviations if a not in heads and len(a) <= 64 and _WORD.match(a)]
        result.append(heads)
    if "{art}" in line or "pron" in line:
        _add_case_forms(line.split(" :: ", 1)[0], result)
    return result


# "er {ppron} (seiner; ihm; ihn)", "der {art} (des; dem; den)": the case forms in the gloss.
_CASE_FORMS = re.compile(r"\{(?:art|[a-z. ]*pron[a-z. ]*)\}(?: \{[^{}]*\})* \(([^()]*)\)")


def _add_case_forms(german: str, result: list[list[str]]) -> None:
    """Pronouns and articles list their case forms in a gloss; those forms are heads of the sense too."""
    for i, sense in enumerate(split_top(german, " | ")[: len(result)]):
        for forms in _CASE_FORMS.findall(sense):
            for form in re.split(r"[;,]", forms):
                form = form.strip()
                if form and " " not in form and _WORD.match(form) and form not in result[i]:
                    result[i].append(form)


def tags_of(synonym: str) -> tuple[str, ...]:
    """The grammar tags of a synonym: `Haus {n}` → ("n",)."""
    return tuple(t.strip() for t in re.findall(r"\{([^{}]*)\}", synonym))


def parse_line(line: str) -> list[Sense]:
    """The senses of one sanitised line; [] for comments and lines that are not entries."""
    if not line or line.startswith("#") or " :: " not in line:
        return []
    german, english = line.split(" :: ", 1)
    de_senses = split_top(german, " | ")
    en_senses = split_top(english, " | ")
    heads = sense_heads(line)
    return [
        Sense(i, de, en_senses[i] if i < len(en_senses) else "", tuple(heads[i]) if i < len(heads) else ())
        for i, de in enumerate(de_senses)
    ]


def clean_line(raw: bytes) -> str:
    """A raw line as safe text: UTF-8 (bad bytes replaced), NFC, no control characters, spaces collapsed."""
    text = raw.decode("utf-8", errors="replace")
    return " ".join(sanitize(unicodedata.normalize("NFC", text)).split())


def first_sense(english: str, shortest: bool = False) -> str:
    """A short gloss from an English sense: its first (or shortest) synonym, annotations removed."""
    english = _ABBREVIATION.sub("", english)
    if shortest:
        options = [strip_notes(s) for s in split_top(english, ";")]
        return min((o for o in options if o), key=len, default="")
    for synonym in split_top(english, ";"):
        short = strip_notes(synonym)
        if short:
            return short
    return strip_notes(english)
