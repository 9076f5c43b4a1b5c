"""Tokens and CRF features for the embedded recogniser; training and inference share this code.

A German capitalised word is a name or a common noun. The lexicon tells which capitalised words are
known nouns (and which are known first names, surnames, places); word shape, affixes, compound parts
and context words do the rest.
"""

from __future__ import annotations

import gzip
import re
import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from pathlib import Path

# A word keeps inner hyphens, dots, slashes, apostrophes and digit separators ("US-Regierung",
# "1.000", "9/11", "O'Neill"), and a trailing hyphen in truncated compounds ("Bundes- und Land").
_TOKEN_RE = re.compile(r"\w+(?:[-–./:,'’&]\w+)*(?:-(?!\w))?|\S", re.UNICODE)
# Dots that belong to the word before them: abbreviations, initials, ordinals handled in `tokenize`.
ABBREVIATIONS = frozenset(
    [
        "dr",
        "prof",
        "st",
        "nr",
        "bzw",
        "ca",
        "usw",
        "vgl",
        "sog",
        "evtl",
        "ggf",
        "inkl",
        "jh",
        "jhs",
        "hl",
        "mio",
        "mrd",
        "abs",
        "art",
        "bd",
        "hrsg",
        "mr",
        "mrs",
        "ms",
        "jr",
        "sr",
        "co",
        "corp",
        "inc",
        "ltd",
        "gen",
        "lt",
        "col",
        "sen",
        "rep",
        "gov",
        "u.a",
        "z.b",
        "d.h",
        "u.s",
        "u.k",
    ]
)

# Bump when the features change: a model only works with the features it was trained on.
FEATURES_VERSION = 1

# Lexicon flags, one character each (scripts/train_ner.py decides which word gets which).
NOUN, TOPONYM, FIRST, LAST, PROPER, COUNTRY, REGION, LOWER = "NTVFECRL"


def tokenize(text: str) -> list[tuple[int, int]]:
    """Token spans (start, end) as Python string offsets into `text`."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    for m in _TOKEN_RE.finditer(text):
        start, end = m.span()
        if end < n and text[end] == "." and end - start <= 5:
            word = text[start:end]
            low = word.lower()
            if (
                low in ABBREVIATIONS
                or (len(word) == 1 and word.isupper())
                or (word.isdigit() and end + 1 < n and text[end + 1] == " " and _ordinal_follows(text, end))
            ):
                end += 1
        if spans and spans[-1][1] > start:  # the previous token swallowed this dot
            continue
        spans.append((start, end))
    return spans


def _ordinal_follows(text: str, dot: int) -> bool:
    """'am 3. Mai': a number with a dot is an ordinal when a lower-case or month word follows."""
    rest = text[dot + 2 : dot + 3]
    return bool(rest) and (rest.islower() or text[dot + 2 : dot + 5] in _MONTH_PREFIXES)


_MONTH_PREFIXES = frozenset(
    ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez", "Jah", "Jhd"]
)


class Lexicon:
    """word -> flags, stored as sorted CRC-32 hashes of the words with a flag bitmask each.

    Loading is two array copies instead of building 285,000 strings; the rare hash collision makes
    an unknown word look known, which costs nothing measurable.
    """

    def __init__(self, hashes: array, masks: array) -> None:
        self._hashes = hashes
        self._masks = masks
        self._n = len(hashes)

    def __len__(self) -> int:
        return self._n

    def get(self, word: str, default: str = "") -> str:
        h = zlib.crc32(word.encode("utf-8"))
        i = bisect_left(self._hashes, h)
        if i < self._n and self._hashes[i] == h:
            return _MASK_FLAGS[self._masks[i]]
        return default

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(self.get(word))


_ALL_FLAGS = NOUN + TOPONYM + FIRST + LAST + PROPER + COUNTRY + REGION + LOWER
_MASK_FLAGS = ["".join(sorted(f for j, f in enumerate(_ALL_FLAGS) if m >> j & 1)) for m in range(256)]


def load_lexicon(path: Path) -> Lexicon:
    """The lexicon written by `dump_lexicon`: a count, then little-endian uint32 hashes, then masks."""
    data = gzip.decompress(path.read_bytes())
    n = int.from_bytes(data[:4], "little")
    hashes = array("I")
    hashes.frombytes(data[4 : 4 + 4 * n])
    if sys.byteorder == "big":
        hashes.byteswap()
    masks = array("B", data[4 + 4 * n : 4 + 5 * n])
    return Lexicon(hashes, masks)


def dump_lexicon(lexicon: dict[str, str], path: Path) -> None:
    """Write `word -> flags` for `load_lexicon`; the same lexicon gives the same bytes."""
    merged: dict[int, int] = {}
    for word, flags in lexicon.items():
        h = zlib.crc32(word.encode("utf-8"))
        merged[h] = merged.get(h, 0) | sum(1 << _ALL_FLAGS.index(f) for f in flags)
    keys = sorted(merged)
    hashes = array("I", keys)
    if sys.byteorder == "big":
        hashes.byteswap()
    data = len(keys).to_bytes(4, "little") + hashes.tobytes() + bytes(merged[k] for k in keys)
    with gzip.GzipFile(path, "wb", mtime=0) as raw:
        raw.write(data)


def shape(word: str) -> str:
    """Xxxx -> Xx, US-Chef -> X-Xx, 1990 -> d: runs of one character class collapse to one."""
    out = []
    last = ""
    for ch in word:
        if ch.isupper():
            c = "X"
        elif ch.islower():
            c = "x"
        elif ch.isdigit():
            c = "d"
        else:
            c = ch
        if c != last:
            out.append(c)
            last = c
    return "".join(out)


class Featurizer:
    """Turns token lists into crfsuite feature lists. Per-word features are cached by word."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._word_cache: dict[str, tuple[list[str], str, str]] = {}

    def _flags(self, word: str) -> str:
        lex = self.lexicon
        flags = lex.get(word, "")
        if not flags and word[:1].isupper() and not word.isupper():
            # "Regierungssprecherin": a compound ending in a known noun is a noun.
            for i in range(3, len(word) - 3):
                head = word[i:].capitalize()
                if NOUN in lex.get(head, ""):
                    flags = "H"
                    break
        if word.isupper() and len(word) > 1:
            flags += "A" + lex.get(word.capitalize(), "")
        return flags

    def word_features(self, word: str) -> tuple[list[str], str, str]:
        """(own features, short class used as neighbour context, lower-case form)."""
        hit = self._word_cache.get(word)
        if hit is not None:
            return hit
        low = word.lower()
        shp = shape(word)
        flags = self._flags(word)
        feats = [
            "w=" + low,
            "sh=" + shp,
            "p3=" + low[:3],
            "p4=" + low[:4],
            "s2=" + low[-2:],
            "s3=" + low[-3:],
            "s4=" + low[-4:],
            "s5=" + low[-5:],
            "lx=" + (flags or "-"),
        ]
        feats.extend("f=" + f for f in flags)
        if word[:1].isupper():
            feats.append("lowknown" if LOWER in self.lexicon.get(low, "") else "lownew")
        if len(word) <= 3:
            feats.append("len" + str(len(word)))
        parts = [p for p in re.split(r"[-–/]", word) if p]
        if len(parts) > 1:
            first, last = parts[0], parts[-1]
            feats.append("h0=" + first.lower())
            feats.append("h0sh=" + shape(first))
            feats.append("hL=" + last.lower())
            feats.append("h0lx=" + (self._flags(first) or "-"))
            feats.append("hLlx=" + (self._flags(last) or "-"))
            feats.append("hn=" + str(min(len(parts), 3)))
        cls = (shp if len(shp) <= 4 else shp[:4]) + ":" + (flags[:2] or "-")
        hit = (feats, cls, low)
        if len(self._word_cache) < 500_000:
            self._word_cache[word] = hit
        return hit

    def sentence(self, words: list[str]) -> list[list[str]]:
        """One feature list per word, with context from two words either side."""
        info = [self.word_features(w) for w in words]
        n = len(words)
        out: list[list[str]] = []
        in_quote = False
        for i in range(n):
            own, _, low = info[i]
            feats = own.copy()
            word = words[i]
            if word in _OPEN_QUOTES:
                in_quote = True
            elif word in _CLOSE_QUOTES:
                in_quote = False
            elif word in _TOGGLE_QUOTES:
                in_quote = not in_quote
            if in_quote:
                feats.append("inq")
            if i == 0:
                feats.append("BOS")
            else:
                _, p_cls, p_low = info[i - 1]
                feats.append("w-1=" + p_low)
                feats.append("c-1=" + p_cls)
                feats.append("w-1w=" + p_low + "|" + low)
                if i > 1:
                    feats.append("w-2=" + info[i - 2][2])
                    feats.append("c-2=" + info[i - 2][1])
            if i == n - 1:
                feats.append("EOS")
            else:
                n_low = info[i + 1][2]
                feats.append("w+1=" + n_low)
                feats.append("c+1=" + info[i + 1][1])
                feats.append("ww+1=" + low + "|" + n_low)
                if i < n - 2:
                    feats.append("w+2=" + info[i + 2][2])
                    feats.append("c+2=" + info[i + 2][1])
            out.append(feats)
        return out


_OPEN_QUOTES = frozenset(["„", "‚"])
_CLOSE_QUOTES = frozenset(["”", "‘"])
_TOGGLE_QUOTES = frozenset(['"', "“", "«", "»"])


def read_conll(path: Path) -> Iterable[tuple[list[str], list[str]]]:
    """GermEval 2014 sentences as (tokens, outer tags)."""
    words: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3:
                if words:
                    yield words, tags
                words, tags = [], []
                continue
            words.append(cols[1])
            tags.append(cols[2])
    if words:
        yield words, tags
