"""Turning an article and what we know about it into what each pane shows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from reader.articles.model import Article
from reader.nlp.types import LABELS, Entity
from reader.store.marks import Mark
from reader.translation.types import FAILED, Translated
from reader.widgets.pane import PaneBlock, PaneSentence, WordSpan

if TYPE_CHECKING:
    from reader.words.status import WordMark

PENDING_TEXT = "…"
MISSING_TEXT = "—"  # a sentence with no English: the pane says once why, at the first one
EXPLAIN = "No English yet ({error}). Press t to try again; set the engine in config.toml ([translation])."


def german_blocks(
    article: Article,
    entities: Sequence[Sequence[Entity]] | None,
    marks: Mapping[int, Mark],
    saved: Sequence[Sequence[tuple[int, int]]] | None = None,
    statuses: Sequence[Sequence[WordMark]] | None = None,
) -> list[PaneBlock]:
    blocks: list[list[PaneSentence]] = [[] for _ in article.blocks]
    for unit in article.units:
        mark = marks.get(unit.index)
        words = marked_words(statuses[unit.index]) if statuses and unit.index < len(statuses) else ()
        blocks[unit.block].append(
            PaneSentence(
                unit.index,
                unit.sentence.text,
                tuple(entities[unit.index]) if entities else (),
                marked=bool(mark and mark.marked),
                noted=bool(mark and mark.note),
                saved=tuple(saved[unit.index]) if saved and unit.index < len(saved) else (),
                words=words,
            )
        )
    return [PaneBlock(b.kind, tuple(s)) for b, s in zip(article.blocks, blocks, strict=True)]


def marked_words(words: Sequence[WordMark]) -> tuple[WordSpan, ...]:
    """The words the pane marks: those that are new or in learning (known and ignored ones are plain)."""
    from reader.store.words import LEARNING, NEW  # with the statuses, not in the first frame

    return tuple((w.start, w.end, w.status, w.level) for w in words if w.status in (NEW, LEARNING))


def english_blocks(
    article: Article,
    english: Sequence[Translated],
    entities: Sequence[Sequence[Entity]] | None,
    marks: Mapping[int, Mark],
) -> list[PaneBlock]:
    blocks: list[list[PaneSentence]] = [[] for _ in article.blocks]
    explained = False
    for unit in article.units:
        t = english[unit.index]
        mark = marks.get(unit.index)
        if t.text is not None:
            text, state = t.text, ""
        elif t.source == FAILED:  # calmly: one explanation, then a dash for each of the rest
            text = MISSING_TEXT if explained else EXPLAIN.format(error=t.error or "the engine failed")
            state, explained = "pending", True
        else:
            text, state = PENDING_TEXT, "pending"
        blocks[unit.block].append(
            PaneSentence(
                unit.index,
                text,
                tuple(entities[unit.index]) if entities and not state else (),
                state,
                marked=bool(mark and mark.marked),
                noted=bool(mark and mark.note),
            )
        )
    return [PaneBlock(b.kind, tuple(s)) for b, s in zip(article.blocks, blocks, strict=True)]


def label_counts(entities: Sequence[Sequence[Entity]]) -> dict[str, int]:
    """Mentions per label, every label present (a zero is news too)."""
    counts = Counter(e.label for sentence in entities for e in sentence)
    return {label: counts.get(label, 0) for label in LABELS}
