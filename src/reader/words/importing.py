"""Start from what you know: words from a file, or the most frequent German words.

A file is a word list (one word a line; `#` lines are comments), an Anki text export (CSV or TSV,
with or without Anki's `#separator:` headers) or an Anki package (`.apkg`: a zip holding the
collection as SQLite, read with `sqlite3` from memory). Of each note or row only the first field
counts: its first line, HTML removed, a leading article dropped ("das Haus" → Haus); a field that is
a whole phrase or sentence is skipped. Everything in the file is untrusted.

The most frequent German words come from `wordfreq`, whose lists ship inside its wheel: nothing is
downloaded.
"""

from __future__ import annotations

import csv
import html
import io
import re
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

from reader.articles.sanitize import sanitize
from reader.errors import UserError
from reader.lookup import morph

MAX_TEXT = 64 * 1024 * 1024  # bytes of a word list or CSV
MAX_COLLECTION = 512 * 1024 * 1024  # bytes of an .apkg's collection, unpacked
MAX_WORDS_IN_FIELD = 3  # "das Haus, -er" is a word; a longer field is a phrase or a sentence
_ARTICLES = {"der", "die", "das", "ein", "eine", "einen", "dem", "den", "des"}
_BREAK = re.compile(r"<br\s*/?>|</?div[^>]*>|</?p[^>]*>|\n", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ", "colon": ":"}


@dataclass(frozen=True, slots=True)
class WordFile:
    words: tuple[str, ...]
    skipped: int  # rows or notes with no single word in their first field
    kind: str  # "word list", "CSV", "TSV", "Anki package"


def word_of(field: str) -> str | None:
    """The word a card's front or a list's line stands for, or None for a phrase."""
    lines = (html.unescape(_TAG.sub(" ", part)) for part in _BREAK.split(sanitize(field)))
    text = next((line for line in lines if line.strip()), "")
    tokens = morph.WORD.findall(text)
    if not tokens or len(tokens) > MAX_WORDS_IN_FIELD:
        return None
    while len(tokens) > 1 and tokens[0].lower() in _ARTICLES:
        tokens = tokens[1:]
    return tokens[0][:64]


def _collect(fields: list[str]) -> tuple[list[str], int]:
    words, skipped = [], 0
    for field in fields:
        word = word_of(field)
        if word is None:
            skipped += 1
        else:
            words.append(word)
    return words, skipped


def read_file(path: Path) -> WordFile:
    """The words of a word list, an Anki CSV/TSV export or an Anki package."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise UserError(f"{path}: not a file")
        if zipfile.is_zipfile(path):
            return read_apkg(path)
        if size > MAX_TEXT:
            raise UserError(f"{path}: too large for a word list ({size} bytes)")
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror}") from exc
    return read_text(text, path.suffix.lower())


def read_text(text: str, suffix: str = "") -> WordFile:
    lines = text.splitlines()
    headers = {}
    while lines and lines[0].startswith("#") and ":" in lines[0]:
        name, _, value = lines.pop(0)[1:].partition(":")
        headers[name.strip().lower()] = value.strip()
    separator = _SEPARATORS.get(headers.get("separator", "").lower())
    if separator is None and (suffix == ".tsv" or any("\t" in line for line in lines[:50])):
        separator = "\t"
    if separator is None and suffix == ".csv":
        separator = ","
    if separator is None:  # a word list
        rows = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
        words, skipped = _collect(rows)
        return WordFile(tuple(words), skipped, "word list")
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=separator)
    fields = [row[0] for row in reader if row and row[0].strip() and not row[0].startswith("#")]
    words, skipped = _collect(fields)
    return WordFile(tuple(words), skipped, "TSV" if separator == "\t" else "CSV")


def read_apkg(path: Path) -> WordFile:
    """The first field of every note in an Anki package."""
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if "collection.anki21" in names:
                name = "collection.anki21"
            elif "collection.anki21b" in names:
                raise UserError(
                    f"{path}: the package holds only collection.anki21b, the zstd-compressed collection of "
                    "Anki 2.1.50 and later, which reader cannot read; export again from Anki with "
                    '"Support older Anki versions" ticked, or as Notes in Plain Text'
                )
            elif "collection.anki2" in names:
                name = "collection.anki2"
            else:
                raise UserError(f"{path}: not an Anki package (no collection.anki2 or collection.anki21)")
            info = package.getinfo(name)
            if info.file_size > MAX_COLLECTION:
                raise UserError(f"{path}: the collection is too large ({info.file_size} bytes)")
            data = package.read(name)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UserError(f"{path}: cannot read the Anki package: {exc}") from exc
    conn = sqlite3.connect(":memory:")
    try:
        conn.deserialize(data)
        rows = conn.execute("SELECT flds FROM notes ORDER BY id").fetchall()
    except sqlite3.Error as exc:
        raise UserError(f"{path}: {name} is not an Anki collection ({exc})") from exc
    finally:
        conn.close()
    words, skipped = _collect([str(r[0]).split("\x1f", 1)[0] for r in rows])
    return WordFile(tuple(words), skipped, "Anki package")


def top_words(n: int) -> list[str]:
    """The `n` most frequent German words (wordfreq's list, shipped in its wheel), numbers left out."""
    if n <= 0:
        return []
    from wordfreq import top_n_list

    found: list[str] = []
    for word in top_n_list("de", n * 2):
        if morph.WORD.fullmatch(word):
            found.append(word)
            if len(found) >= n:
                break
    return found
