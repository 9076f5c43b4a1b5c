"""The result of translating one sentence, and an article's English, wherever they came from."""

from __future__ import annotations

from dataclasses import dataclass

REFERENCE = "reference"
MEMORY = "memory"
CHOSEN = "chosen"  # an engine's answer the reader kept for a sentence (in compare): it wins over the rest
FAILED = "failed"
PENDING = "pending"
TITLE = -1  # where a unit's index is expected, the article's title (its English is `English.title`)


@dataclass(frozen=True, slots=True)
class Translated:
    """One sentence's English. `source` is "reference", "memory", "chosen", an engine name, "pending" or
    "failed"."""

    text: str | None
    source: str
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.text is not None


@dataclass(frozen=True)
class English:
    """An article's English: the title and one Translated per unit, in unit order."""

    title: Translated
    units: tuple[Translated, ...]

    @property
    def missing(self) -> list[int]:
        return [i for i, t in enumerate(self.units) if not t.ok]

    @property
    def failed(self) -> list[int]:
        return [i for i, t in enumerate(self.units) if t.source == FAILED]

    @property
    def sources(self) -> set[str]:
        return {t.source for t in self.units if t.ok}

    @classmethod
    def pending(cls, count: int) -> English:
        """Nothing known yet for an article of `count` units."""
        return cls(Translated(None, PENDING), (Translated(None, PENDING),) * count)
