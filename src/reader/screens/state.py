"""The open article as one value: what the reading screen shows, and pure functions that update it.

`ArticleState` is frozen. Every update returns a new state that shares the parts it did not change,
so the screen's one watcher can tell what to redraw by identity (`old.english is new.english`).
Nothing here imports Textual; the tests use it directly.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from reader.articles.model import Article
from reader.nlp.types import Entity
from reader.store.marks import Mark
from reader.translation.types import FAILED, PENDING, TITLE, English, Translated

if TYPE_CHECKING:
    from reader.nlp.grouping import GroupedEntities
    from reader.store.word_counts import Figures
    from reader.words.status import WordMark

Entities = tuple[tuple[Entity, ...], ...]
Spans = tuple[tuple[tuple[int, int], ...], ...]  # per unit, (start, end) of each saved word
Statuses = tuple[tuple["WordMark", ...], ...]  # per unit, each word (entities left out) with its status


@dataclass(frozen=True, slots=True)
class TranslationProgress:
    """How far the translation of the open article has come."""

    engine: str
    done: int
    total: int
    finished: bool


@dataclass(frozen=True, eq=False)
class ArticleState:
    """An article with what is known of it: English, entities in both languages, marks, the cursor."""

    article: Article
    english: English
    german_entities: Entities | None = None
    english_entities: Entities | None = None
    marks: Mapping[int, Mark] = field(default_factory=dict)
    cursor: int = 0
    progress: TranslationProgress | None = None
    word: int = 0  # the word cursor: an index into `words()` of the cursor's sentence
    saved: Spans | None = None  # where saved vocabulary occurs, per unit; None until known
    groups: GroupedEntities | None = None  # the entities, one row, name and type each
    statuses: Statuses | None = None  # the reader's status of every word; None until known
    figures: Figures | None = None  # the article's new words and known share, once it is counted

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def unit_count(self) -> int:
        return len(self.article.units)

    def german(self, unit: int | None = None) -> str:
        """The German of a unit (default: the cursor's)."""
        return self.article.units[self.cursor if unit is None else unit].sentence.text

    def english_text(self, unit: int | None = None) -> str | None:
        return self.english.units[self.cursor if unit is None else unit].text

    def mark(self, unit: int | None = None) -> Mark | None:
        return self.marks.get(self.cursor if unit is None else unit)

    def english_label(self) -> str:
        """The English pane's title: where the English came from and how much of it is known."""
        units = self.english.units
        known = sum(t.ok for t in units)
        failed = len(self.english.failed)
        label = "English"
        if self.english.sources:
            label += " · " + ", ".join(sorted(self.english.sources))
        if known < len(units):
            label += f" · {known}/{len(units)}"
        if failed:
            label += f" · {failed} failed"
        return label

    def words(self, unit: int | None = None) -> list[tuple[int, int, str]]:
        """(start, end, word) of each word of a unit's German (default: the cursor's)."""
        from reader.lookup.morph import words_of  # the word keys' first use loads it

        return words_of(self.german(unit))

    def word_span(self) -> tuple[int, int, str] | None:
        """The word under the word cursor, or None in a sentence with no words."""
        words = self.words()
        return words[min(self.word, len(words) - 1)] if words else None

    def word_status(self) -> WordMark | None:
        """The status of the word under the word cursor (None until the statuses are known, and for a
        word inside an entity, which has none)."""
        span = self.word_span()
        if span is None or self.statuses is None or self.cursor >= len(self.statuses):
            return None
        return next((m for m in self.statuses[self.cursor] if (m.start, m.end) == span[:2]), None)

    def mentions(self, name: str | None = None) -> list[int]:
        """Units with an entity (or with the entity called `name`, in any of its forms), in order."""
        if name is not None and self.groups is not None:
            return self.groups.sentences_of(name)
        ents = self.german_entities or ()
        return [i for i, sentence in enumerate(ents) if any(name is None or e.text == name for e in sentence)]


def opened(article: Article, cursor: int = 0, english: English | None = None) -> ArticleState:
    """A freshly opened article: nothing known yet but what the caller holds."""
    count = len(article.units)
    return ArticleState(
        article,
        english if english is not None else English.pending(count),
        cursor=max(0, min(cursor, count - 1)),
    )


def with_cursor(state: ArticleState, unit: int) -> ArticleState:
    """The sentence cursor on `unit`; the word cursor goes back to the sentence's first word."""
    unit = max(0, min(unit, state.unit_count - 1))
    return state if unit == state.cursor else replace(state, cursor=unit, word=0)


def paragraph_start(state: ArticleState, step: int) -> int:
    """The unit `J` (step 1) or `K` (step -1) goes to: the next paragraph's first sentence, or this
    paragraph's first (the previous one's, from there)."""
    units, cursor = state.article.units, state.cursor
    block = units[cursor].block
    if step > 0:
        return next((u.index for u in units[cursor:] if u.block > block), len(units) - 1)
    first = next(u.index for u in units if u.block == block)
    target = block if first < cursor else block - 1
    return next((u.index for u in units if u.block >= target), 0)


def with_word(state: ArticleState, n: int) -> ArticleState:
    """The word cursor on the `n`-th word of the current sentence, kept within its words."""
    n = max(0, min(n, len(state.words()) - 1))
    return state if n == state.word else replace(state, word=n)


def with_saved(state: ArticleState, spans: Spans) -> ArticleState:
    return replace(state, saved=spans)


def with_statuses(state: ArticleState, statuses: Statuses, figures: Figures | None) -> ArticleState:
    return replace(state, statuses=statuses, figures=figures if figures is not None else state.figures)


def with_word_status(state: ArticleState, key: str, status: str, level: int = 0) -> ArticleState:
    """Every form of a lemma (by its key) takes a new status at once; the store follows in a worker."""
    from reader.store.words import LEARNING  # loaded with the statuses, after the first frame

    if state.statuses is None:
        return state
    level = level if status == LEARNING else 0
    statuses = tuple(
        tuple(replace(m, status=status, level=level) if m.key == key else m for m in unit)
        for unit in state.statuses
    )
    return replace(state, statuses=statuses)


def with_english(
    state: ArticleState,
    updates: Sequence[tuple[int, Translated]],
    progress: TranslationProgress | None = None,
) -> ArticleState:
    """Some units' English (or the title's, at index `TITLE`) and, if given, the progress so far."""
    title = state.english.title
    units = list(state.english.units)
    for index, translated in updates:
        if index == TITLE:
            title = translated
        elif 0 <= index < len(units):
            units[index] = translated
    english = English(title, tuple(units)) if updates else state.english
    return replace(state, english=english, progress=progress or state.progress)


def with_retry(state: ArticleState) -> ArticleState:
    """Failed sentences become pending again, before a retry."""
    english = state.english
    if not english.failed and english.title.source != FAILED:
        return state

    def again(t: Translated) -> Translated:
        return Translated(None, PENDING) if t.source == FAILED else t

    return replace(state, english=English(again(english.title), tuple(map(again, english.units))))


def with_unavailable(state: ArticleState, reason: str) -> ArticleState:
    """What is still pending will not come now (the engine is down): say so, with the reason."""
    english = state.english
    if not english.missing:
        return state

    def why(t: Translated) -> Translated:
        return Translated(None, FAILED, error=reason) if t.source == PENDING else t

    return replace(state, english=English(why(english.title), tuple(map(why, english.units))))


def with_entities(
    state: ArticleState,
    german: Sequence[Sequence[Entity]],
    english: Sequence[Sequence[Entity]] | None,
    groups: GroupedEntities | None = None,
) -> ArticleState:
    return replace(
        state,
        german_entities=_freeze(german),
        english_entities=_freeze(english) if english is not None else state.english_entities,
        groups=groups if groups is not None else state.groups,
    )


def with_marks(state: ArticleState, marks: Mapping[int, Mark]) -> ArticleState:
    return replace(state, marks=dict(marks))


def with_mark(state: ArticleState, mark: Mark) -> ArticleState:
    return replace(state, marks={**state.marks, mark.position: mark})


def _freeze(entities: Sequence[Sequence[Entity]]) -> Entities:
    return tuple(tuple(sentence) for sentence in entities)


class Recent:
    """The last few articles' states, so going back is instant; bounded, unlike the library."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._states: OrderedDict[str, ArticleState] = OrderedDict()

    def get(self, article_id: str) -> ArticleState | None:
        state = self._states.get(article_id)
        if state is not None:
            self._states.move_to_end(article_id)
        return state

    def put(self, state: ArticleState) -> None:
        self._states[state.id] = state
        self._states.move_to_end(state.id)
        while len(self._states) > self.size:
            self._states.popitem(last=False)

    def __len__(self) -> int:
        return len(self._states)


def page_target(cursor: int, view: tuple[int, int], height: int, step: int) -> int:
    """Where a page down (`step` > 0) or up moves the cursor, given the units in view and the pane's
    height: past the last sentence shown, or back by about as many as are shown."""
    first, last = view
    if step > 0:
        return last + 1 if last > cursor else cursor + 1
    return max(0, first - max(1, last - first)) if first < cursor else first - height
