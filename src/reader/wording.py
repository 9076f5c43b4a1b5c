"""How reader says a number of things: "1 article", "2 articles", "1,024 words"."""

from __future__ import annotations


def count_of(n: int, one: str, many: str | None = None) -> str:
    """`n` and the noun, singular for exactly one: count_of(3, "article") == "3 articles"."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
