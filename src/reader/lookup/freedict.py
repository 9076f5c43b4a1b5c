"""FreeDict's German–English dictionary in the dictd format: a sorted `.index` and a `.dict.dz`.

The index has one line per headword, `key TAB offset TAB length` (offset and length in dictd's base64),
keys in lower case and sorted bytewise, so a word is found by binary search in the file itself:
nothing is built or loaded. The `.dict.dz` is dictzip: gzip whose header carries a table of chunk
lengths (the `RA` extra field), each chunk compressed on its own, so an entry is read by inflating
only the chunks that hold it (a plain `.dict` is read directly). Both files are untrusted: entries are
sanitised and bounded.

An entry reads like this (Debian's dict-freedict-deu-eng, made from Ding by ding2tei):

    Haus /hˈaʊs/ <neut, n, sg>
    house <n>
          "ein Haus bauen"  - build a house
     see: {Häuser}, {frei Haus}
"""

from __future__ import annotations

import contextlib
import mmap
import re
import struct
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

from reader.articles.sanitize import sanitize
from reader.lookup.labels import NAMES

MAX_ENTRY = 64 * 1024  # bytes of one entry read; real ones are under 4 KB
MAX_ENTRIES = 12  # per key
_B64 = {c: i for i, c in enumerate(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}
_GENDER = {"masc": "m", "fem": "f", "neut": "n", "pl": "pl"}
_KINDS = {
    "n": "noun",
    "v": "verb",
    "vt": "verb",
    "vi": "verb",
    "adj": "adj",
    "adv": "adv",
    "conj": "conj",
    "prep": "prep",
    "pron": "pron",
    "art": "art",
    "num": "num",
    "int": "interj",
}
_POS = re.compile(r"<([^<>]*)>")
_LABEL = re.compile(r"\[([^\[\]]*)\]")
_IPA = re.compile(r"\s/[^/]*/")


@dataclass(frozen=True, slots=True)
class FreeEntry:
    de: str  # the headword, with its gender as Ding entries show it: "Haus (n)"
    en: str  # the English senses of the entry, "; "-separated
    labels: tuple[str, ...]
    kinds: frozenset[str] = frozenset()  # the parts of speech its tags name: "noun", "adv", …


def _b64(text: bytes) -> int:
    n = 0
    for c in text:
        n = n * 64 + _B64[c]
    return n


class _DictZip:
    """Random access into a dictzip file (or a plain one)."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("rb")
        self._lock = threading.Lock()
        self.chunks: list[tuple[int, int]] = []  # (compressed offset, compressed size)
        self.chunk_length = 0
        head = self._file.read(10)
        if head[:2] != b"\x1f\x8b":
            return  # a plain .dict
        flags = head[3]
        if not flags & 4:
            raise ValueError("gzip without a dictzip chunk table")
        (xlen,) = struct.unpack("<H", self._file.read(2))
        extra = self._file.read(xlen)
        at, table = 0, None
        while at + 4 <= len(extra):
            tag, size = extra[at : at + 2], struct.unpack("<H", extra[at + 2 : at + 4])[0]
            if tag == b"RA":
                table = extra[at + 4 : at + 4 + size]
            at += 4 + size
        if table is None:
            raise ValueError("gzip without a dictzip chunk table")
        _version, self.chunk_length, count = struct.unpack("<HHH", table[:6])
        sizes = struct.unpack(f"<{count}H", table[6 : 6 + 2 * count])
        offset = 10 + 2 + xlen
        self._file.seek(offset)
        for flag in (8, 16):  # FNAME, FCOMMENT: zero-terminated
            if flags & flag:
                while self._file.read(1) not in (b"\x00", b""):
                    pass
        offset = self._file.tell() + (2 if flags & 2 else 0)
        for size in sizes:
            self.chunks.append((offset, size))
            offset += size

    def read(self, start: int, length: int) -> bytes:
        length = min(length, MAX_ENTRY)
        with self._lock:
            if not self.chunks:
                self._file.seek(start)
                return self._file.read(length)
            first, last = start // self.chunk_length, (start + length - 1) // self.chunk_length
            out = b""
            for i in range(first, min(last, len(self.chunks) - 1) + 1):
                offset, size = self.chunks[i]
                self._file.seek(offset)
                out += zlib.decompressobj(-15).decompress(self._file.read(size))
        skip = start - first * self.chunk_length
        return out[skip : skip + length]


class FreeDict:
    """Look words up in a FreeDict `.index` and its `.dict.dz` (or `.dict`) beside it."""

    def __init__(self, index: Path) -> None:
        self.index_path = index
        data = index.with_suffix(".dict.dz")
        self.dict_path = data if data.is_file() else index.with_suffix(".dict")
        with index.open("rb") as f:
            self._index = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        self._dict = _DictZip(self.dict_path)

    def _first(self, key: bytes) -> int:
        """The start of the first index line whose key is not less than `key`."""
        mm = self._index
        lo, hi = 0, len(mm)
        while lo < hi:
            mid = (lo + hi) // 2
            start = mm.rfind(b"\n", 0, mid) + 1
            end = mm.find(b"\n", start)
            end = len(mm) if end < 0 else end
            if mm[start:end].split(b"\t", 1)[0] < key:
                lo = end + 1
            else:
                hi = start
        return lo

    def locations(self, word: str) -> list[tuple[int, int]]:
        key = word.lower().encode("utf-8")
        mm = self._index
        at, found = self._first(key), list[tuple[int, int]]()
        while at < len(mm) and len(found) < MAX_ENTRIES:
            end = mm.find(b"\n", at)
            end = len(mm) if end < 0 else end
            parts = mm[at:end].split(b"\t")
            if parts[0] != key or len(parts) != 3:
                break
            with contextlib.suppress(KeyError):  # not base64: a damaged line is left out
                found.append((_b64(parts[1]), _b64(parts[2])))
            at = end + 1
        return found

    def entries(self, word: str) -> list[FreeEntry]:
        out = []
        for start, length in self.locations(word):
            raw = self._dict.read(start, length).decode("utf-8", errors="replace")
            entry = parse_entry(sanitize(raw))
            if entry is not None and entry not in out:
                out.append(entry)
        return out


def parse_entry(text: str) -> FreeEntry | None:
    """The headword, its gender, the English senses and their labels; examples and references left out."""
    lines = text.split("\n")
    if not lines or not lines[0].strip():
        return None
    first = lines[0]
    tags = " ".join(_POS.findall(first))
    head = _POS.sub("", _IPA.sub("", first))
    head = " ".join(re.sub(r"\(.*?\)", "", head).split())
    genders = [_GENDER[t.strip()] for t in tags.split(",") if t.strip() in _GENDER and t.strip() != "pl"]
    if "pl" in [t.strip() for t in tags.split(",")] and not genders:
        genders = ["pl"]
    de = f"{head} ({', '.join(genders)})" if genders else head
    kinds = frozenset(_KINDS[t.strip()] for t in tags.split(",") if t.strip() in _KINDS)
    senses, labels = [], []
    for line in lines[1:]:
        stripped = line.strip()
        if not stripped or line.startswith("      ") or stripped.startswith(("see:", "Synonym", "Note:")):
            continue
        for raw in _LABEL.findall(stripped):
            name = NAMES.get(raw.strip(), raw.strip())
            if name not in labels:
                labels.append(name)
        sense = (
            " ".join(_POS.sub("", _LABEL.sub("", _IPA.sub("", stripped))).split())
            .replace(" ,", ",")
            .strip(" ,")
        )
        if sense and sense not in senses:
            senses.append(sense)
    if not senses:
        return None
    return FreeEntry(de[:200], "; ".join(senses)[:400], tuple(labels), kinds)


_open: dict[tuple[Path, int, int], FreeDict] = {}
_open_lock = threading.Lock()


def open_freedict(index: Path) -> FreeDict | None:
    """The dictionary at `index`, opened once per process while it stays the same; None if it cannot
    be read."""
    try:
        st = index.stat()
    except OSError:
        return None
    key = (index, st.st_size, st.st_mtime_ns)
    with _open_lock:
        if key not in _open:
            try:
                _open[key] = FreeDict(index)
            except (OSError, ValueError, struct.error):
                return None
        return _open[key]
