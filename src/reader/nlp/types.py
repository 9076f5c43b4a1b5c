"""What every recogniser returns, and the protocol it implements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

Label = Literal["PER", "LOC", "ORG", "MISC"]
LABELS: tuple[Label, ...] = ("PER", "LOC", "ORG", "MISC")


@dataclass(frozen=True, slots=True)
class Entity:
    """A mention: `start`/`end` are Python string offsets into the text it was found in."""

    start: int
    end: int
    label: Label
    text: str


class Recognizer(Protocol):
    """A German named-entity recogniser. `version` changes whenever its output can change."""

    name: str
    version: str

    def recognize(self, text: str) -> list[Entity]: ...

    def recognize_many(self, texts: Sequence[str]) -> list[list[Entity]]: ...
