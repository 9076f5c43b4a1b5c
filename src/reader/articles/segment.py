"""German sentence splitting with SoMaJo, which knows German abbreviations, ordinals and quotes."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING

from reader.articles.model import Sentence

if TYPE_CHECKING:
    from somajo import SoMaJo

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _splitter() -> SoMaJo:
    from somajo import SoMaJo

    return SoMaJo("de_CMC", split_camel_case=False, split_sentences=True, character_offsets=True)


def unsplit(text: str) -> tuple[Sentence, ...]:
    """The whole paragraph as one sentence: the import's stand-in until the article is first opened."""
    return (Sentence(text, 0, len(text)),) if text.strip() else ()


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split one paragraph into sentences whose offsets point into `text`."""
    if not text.strip():
        return ()
    with _lock:  # SoMaJo keeps state per call; workers may split at the same time
        sentences = list(_splitter().tokenize_text([text]))
    result: list[Sentence] = []
    for tokens in sentences:
        start = tokens[0].character_offset[0]
        end = tokens[-1].character_offset[1]
        result.append(Sentence(text[start:end], start, end))
    return _absorb_gaps(text, result)


def _absorb_gaps(text: str, sentences: list[Sentence]) -> tuple[Sentence, ...]:
    """Attach any non-space text SoMaJo skipped (stray symbols) to the sentence before it."""
    if not sentences:
        stripped = text.strip()
        start = text.index(stripped)
        return (Sentence(stripped, start, start + len(stripped)),)
    lead = len(text) - len(text.lstrip())
    if sentences[0].start > lead:  # text before the first sentence SoMaJo found
        first = sentences[0]
        sentences[0] = Sentence(text[lead : first.end], lead, first.end)
    fixed: list[Sentence] = []
    for i, s in enumerate(sentences):
        end = sentences[i + 1].start if i + 1 < len(sentences) else len(text)
        gap = text[s.end : end]
        if gap.strip():
            new_end = s.end + len(gap.rstrip())
            s = Sentence(text[s.start : new_end], s.start, new_end)
        fixed.append(s)
    return tuple(fixed)
