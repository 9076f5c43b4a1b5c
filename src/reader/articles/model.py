"""The article model: an Article holds blocks; a paragraph holds sentences with character offsets."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph"]

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The form a sentence is compared and cached in: NFC, whitespace collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def text_key(text: str) -> str:
    """A stable hash of a sentence's normalised text, for caches keyed by content."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence; `start` and `end` are offsets into its block's text."""

    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return text_key(self.text)


@dataclass(frozen=True, slots=True)
class Block:
    """A heading (one sentence) or a paragraph (one or more sentences)."""

    kind: BlockKind
    text: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence with its position in the article: the thing the cursor points at."""

    index: int
    block: int
    sentence: Sentence
    kind: BlockKind


@dataclass(frozen=True, slots=True)
class Reference:
    """A translation shipped with an article, aligned to its units; `title` may be empty."""

    title: str
    sentences: tuple[str, ...]
    language: str = "en"


@dataclass(frozen=True)
class Article:
    """A parsed article. `source` is where it came from (a path or URL)."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    source: str = ""
    reference: Reference | None = None
    notices: tuple[str, ...] = ()
    units: tuple[Unit, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        units: list[Unit] = []
        for b, block in enumerate(self.blocks):
            for sentence in block.sentences:
                units.append(Unit(len(units), b, sentence, block.kind))
        object.__setattr__(self, "units", tuple(units))

    @property
    def char_count(self) -> int:
        return len(self.title) + sum(len(b.text) for b in self.blocks)
