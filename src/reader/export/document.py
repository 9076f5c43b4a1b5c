"""The export document: an article with its English, its entities in both languages and the reader's marks.

`build_document` is pure: the app passes what it already holds. `reader.export.service.document_for`
fills in from the store what is known offline (reference or memory English, cached or fresh entities,
marks); it never translates, so an export never touches the network.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from reader import __version__
from reader.articles.model import Article, BlockKind
from reader.nlp.types import Entity, Label, Recognizer
from reader.store.marks import Mark
from reader.translation.types import MEMORY, English


@dataclass(frozen=True, slots=True)
class Pair:
    """One sentence (a unit) in both languages. `english` is None when no translation is known offline."""

    index: int
    kind: BlockKind
    german: str
    english: str | None
    german_entities: tuple[Entity, ...] = ()
    english_entities: tuple[Entity, ...] = ()
    marked: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class DocBlock:
    """A heading (one pair) or a paragraph (one pair per sentence)."""

    kind: BlockKind
    pairs: tuple[Pair, ...]


@dataclass(frozen=True, slots=True)
class EntityRow:
    """A row of the entity table: one German name and type, how often it occurs, its English form."""

    text: str
    label: Label
    mentions: int
    english: str | None


@dataclass(frozen=True)
class ExportDocument:
    """Everything an export shows, in the article's order. Renderers read only this."""

    article_id: str
    title: str
    english_title: str | None
    source: str
    blocks: tuple[DocBlock, ...]
    entities: tuple[EntityRow, ...]
    translation: str  # where the English came from: "reference", "memory (google)", "none", ...
    recogniser: str  # "none" when entities were not recognised
    recogniser_version: str
    exported: date
    reader_version: str = __version__

    @property
    def pairs(self) -> list[Pair]:
        return [pair for block in self.blocks for pair in block.pairs]

    @property
    def untranslated(self) -> int:
        return sum(pair.english is None for pair in self.pairs)


def project(de_text: str, de_entities: Sequence[Entity], en_text: str) -> list[Entity]:
    """English mentions for one sentence, projected from its German ones."""
    if not de_entities or not en_text:
        return []
    from reader.nlp.english import project_entities

    return list(project_entities(de_text, list(de_entities), en_text))


def _translation_label(english: English, engine: str | None) -> str:
    sources = english.sources | ({english.title.source} if english.title.ok else set())
    if not sources:
        return "none"
    names = [f"{s} ({engine})" if s == MEMORY and engine else s for s in sorted(sources)]
    return ", ".join(names)


def _entity_rows(pairs: Sequence[Pair]) -> tuple[EntityRow, ...]:
    """One row per name, most mentioned first, then in order of first mention.

    A name the recogniser labelled differently in different sentences gets its most frequent label.
    The English form is the one this translation uses most (paired by label and order within a
    sentence), else the name table's.
    """
    from reader.nlp.english import english_name

    labels: dict[str, dict[Label, int]] = {}
    in_english: dict[str, dict[str, int]] = {}
    for pair in pairs:
        for entity in pair.german_entities:
            found = labels.setdefault(entity.text, {})
            found[entity.label] = found.get(entity.label, 0) + 1
        for label in {e.label for e in pair.german_entities}:
            de_list = [e for e in pair.german_entities if e.label == label]
            en_list = [e for e in pair.english_entities if e.label == label]
            if len(en_list) == len(de_list):
                for de, en in zip(de_list, en_list, strict=True):
                    forms = in_english.setdefault(de.text, {})
                    forms[en.text] = forms.get(en.text, 0) + 1
    first = {text: n for n, text in enumerate(labels)}
    rows = []
    for text in sorted(labels, key=lambda t: (-sum(labels[t].values()), first[t])):
        found = labels[text]
        label = max(found, key=lambda lb: found[lb])  # the first seen wins a tie
        seen = in_english.get(text, {})
        english = max(seen, key=lambda f: seen[f]) if seen else None
        if english is None:
            english = english_name(text, label)
        rows.append(EntityRow(text, label, sum(found.values()), english))
    return tuple(rows)


def build_document(
    article: Article,
    english: English,
    entities: Sequence[Sequence[Entity]] | None = None,
    marks: Mapping[int, Mark] | None = None,
    *,
    recognizer: Recognizer | None = None,
    english_entities: Sequence[Sequence[Entity]] | None = None,
    engine: str | None = None,
    exported: date | None = None,
) -> ExportDocument:
    """Gather an article for export from what the caller holds.

    `entities` and `english_entities` are per unit; English mentions are projected from the German
    ones when not given. `recognizer` only names the model in the front matter; `engine` names the
    engine behind "memory" translations. `exported` defaults to today (tests pin it).
    """
    units = article.units
    if len(english.units) != len(units):
        raise ValueError(f"{len(english.units)} English sentences for {len(units)} units")
    de_entities = list(entities) if entities is not None else [[] for _ in units]
    marks = marks or {}
    pairs: list[Pair] = []
    for unit, translated, found in zip(units, english.units, de_entities, strict=True):
        text = unit.sentence.text
        if english_entities is not None:
            en_found = list(english_entities[unit.index])
        else:
            en_found = project(text, found, translated.text or "")
        mark = marks.get(unit.index)
        pairs.append(
            Pair(
                unit.index,
                unit.kind,
                text,
                translated.text,
                tuple(sorted(found, key=lambda e: e.start)),
                tuple(sorted(en_found, key=lambda e: e.start)),
                marked=bool(mark and mark.marked),
                note=mark.note if mark else "",
            )
        )
    by_block: dict[int, list[Pair]] = {}
    for pair, unit in zip(pairs, units, strict=True):
        by_block.setdefault(unit.block, []).append(pair)
    blocks = [DocBlock(article.blocks[b].kind, tuple(found)) for b, found in sorted(by_block.items())]
    return ExportDocument(
        article_id=article.id,
        title=article.title,
        english_title=english.title.text,
        source=article.source,
        blocks=tuple(blocks),
        entities=_entity_rows(pairs),
        translation=_translation_label(english, engine),
        recogniser=recognizer.name if recognizer is not None else "none",
        recogniser_version=recognizer.version if recognizer is not None else "",
        exported=exported or date.today(),
    )
