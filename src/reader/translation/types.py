"""The result of translating one sentence, wherever it came from."""

from __future__ import annotations

from dataclasses import dataclass

REFERENCE = "reference"
MEMORY = "memory"
FAILED = "failed"
PENDING = "pending"


@dataclass(frozen=True, slots=True)
class Translated:
    """One sentence's English. `source` is "reference", "memory", an engine name, "pending" or "failed"."""

    text: str | None
    source: str
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.text is not None
