"""One entity, one name, one type: an article's mentions grouped into the entities they name.

A recogniser labels each mention on its own, so one article can show "Süddeutschen Zeitung" and
"Süddeutsche Zeitung" as two entities, "Beckenbauer" apart from "Franz Beckenbauer", and "Moscow
Times" as ORG in one sentence and PER in the next. `group_entities` merges the mentions that name the
same thing within an article and gives each group one canonical name and one type (the majority of
its mentions), so a view can colour every mention of it alike and list it once.

The rules are deliberately narrow, since a wrong merge is worse than a missed one:
- inflection: the words before the last are compared without German adjective endings (-e, -en, -er,
  -es, -em), and a final genitive -s or -es is dropped when the form without it also occurs and
  keeps four letters ("Putins" -> "Putin", but "Hans" is not "Han");
- a surname: a one-word mention that is the last word of exactly one multi-word PER entity in the
  article joins it ("Beckenbauer" -> "Franz Beckenbauer"); with two candidates ("Müller" after
  "Thomas Müller" and "Gerd Müller") it stays apart;
- a leading article is no part of the name ("Der Bayerische Rundfunk" is "Bayerischer Rundfunk");
- the type is the majority of the mentions written in full, if any ("Macron" alone may look like a
  place; "Emmanuel Macron" does not), else of all mentions;
- a short form: a name of two words or more that begins exactly one longer name in the article joins
  it ("Frankfurter Allgemeinen" -> "Frankfurter Allgemeine Zeitung"), and so does an abbreviation in
  capitals whose letters begin that one longer name's words, in order ("BR" -> "Bayerischer
  Rundfunk", "WDR" -> "Westdeutscher Rundfunk", "BfV" -> "Bundesamt für Verfassungsschutz").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from reader.nlp.types import LABELS, Entity, Label

_ADJECTIVE_ENDINGS = ("en", "er", "es", "em", "e")
_QUOTES = "\"'“”„‚‘’«»‹›()[]"
DETERMINERS = frozenset(
    ["der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem", "einen", "the"]
)
_SKIPPABLE = frozenset(
    ["für", "und", "der", "die", "das", "des", "von", "vom", "zur", "zum", "of", "and", "the"]
)


@dataclass(frozen=True, slots=True)
class EntityGroup:
    """One entity of an article: its canonical name, its one type, its mentions and surface forms."""

    name: str
    label: Label
    count: int
    forms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GroupedEntities:
    """The groups (most mentioned first) and, per sentence and per mention, the group it belongs to."""

    groups: tuple[EntityGroup, ...]
    mentions: tuple[tuple[EntityGroup, ...], ...]

    def relabelled(self, entities: Sequence[Sequence[Entity]]) -> list[list[Entity]]:
        """`entities` (the ones grouped) with each mention's label set to its entity's one type."""
        return [
            [
                e if e.label == g.label else replace(e, label=g.label)
                for e, g in zip(sentence, groups, strict=True)
            ]
            for sentence, groups in zip(entities, self.mentions, strict=True)
        ]

    def sentences_of(self, name: str) -> list[int]:
        """The sentences that mention the entity called `name`, in order."""
        return [i for i, groups in enumerate(self.mentions) if any(g.name == name for g in groups)]


def surface(text: str) -> str:
    """A mention's text as a name: spaces collapsed, surrounding quotes and brackets gone."""
    return " ".join(text.split()).strip(_QUOTES + " ")


def _stem(word: str) -> str:
    low = word.casefold()
    for ending in _ADJECTIVE_ENDINGS:
        if low.endswith(ending) and len(low) - len(ending) >= 3:
            return low[: -len(ending)]
    return low


def name_words(form: str) -> list[str]:
    """The words of a name without a leading article: "Der Bayerische Rundfunk" → Bayerische, Rundfunk."""
    words = form.split()
    while len(words) > 1 and words[0].casefold() in DETERMINERS:
        words = words[1:]
    return words


def name_key(form: str) -> tuple[str, ...]:
    """Forms with the same key are one name: adjective endings dropped from all words but the last."""
    words = name_words(form)
    return (*(_stem(w) for w in words[:-1]), words[-1].casefold()) if words else ()


LONG_WORD = 9  # letters of a word that may give more than its initial to an abbreviation
INNER_FROM = 3  # and from where in it (the start of a later part: West-deutscher)


def abbreviates(short: str, words: list[str]) -> bool:
    """Whether `short` (an abbreviation in capitals: "BR", "WDR", "BfV") is made of the initials of
    `words`, in order; a long word that is not the last may give a letter of a later part too
    ("Westdeutscher": W, D), and a function word ("für", "und") may give none. "SPD" is not "SC
    Paderborn", nor "Snoop Doggs"."""
    letters = short.casefold()
    pieces = [p.casefold() for w in words for p in w.split("-") if p]
    if not (2 <= len(letters) <= 6) or len(pieces) < 2 or len(pieces) > 8:
        return False

    def match(i: int, j: int) -> bool:
        if j == len(pieces):
            return i == len(letters)
        piece = pieces[j]
        if piece in _SKIPPABLE and match(i, j + 1):
            return True
        if i >= len(letters) or letters[i] != piece[0]:
            return False
        # this word gives its initial, and a long word that is not the last may give more of its letters
        at, k = INNER_FROM, i + 1
        if match(k, j + 1):
            return True
        while k < len(letters) and len(piece) >= LONG_WORD and j < len(pieces) - 1:
            found = piece.find(letters[k], at)
            if found < 0:
                return False
            at, k = found + 1, k + 1
            if match(k, j + 1):
                return True
        return False

    return match(0, 0)


def _is_abbreviation(form: str) -> bool:
    return (
        " " not in form and 2 <= len(form) <= 6 and form[:1].isupper() and sum(c.isupper() for c in form) >= 2
    )


def _genitive_base(key: tuple[str, ...], keys: set[tuple[str, ...]]) -> tuple[str, ...] | None:
    last = key[-1]
    for ending in ("es", "s"):
        if last.endswith(ending) and len(last) - len(ending) >= 4:
            base = (*key[:-1], last[: -len(ending)])
            if base in keys:
                return base
    return None


def _canonical(forms: Counter[str]) -> str:
    """The name to show: the fullest form (most words, a leading article not counted), then the
    plainest (shortest: nominative, no genitive -s), then the most frequent, then the first seen."""
    order = {form: i for i, form in enumerate(forms)}
    names = {f: " ".join(name_words(f)) for f in forms}
    return names[min(forms, key=lambda f: (-len(names[f].split()), len(names[f]), -forms[f], order[f]))]


def group_entities(entities: Sequence[Sequence[Entity]]) -> GroupedEntities:
    """Group an article's mentions (one list per sentence) into entities."""
    flat = [surface(e.text) for sentence in entities for e in sentence]
    keys = {name_key(f) for f in flat if f}
    # Each key points at the key of the group it joins; chains are short, so follow them to the end.
    parent: dict[tuple[str, ...], tuple[str, ...]] = {}
    for key in keys:
        base = _genitive_base(key, keys)
        if base is not None and base != key:
            parent[key] = base

    def root(key: tuple[str, ...]) -> tuple[str, ...]:
        seen = 0
        while key in parent and seen < 8:
            key, seen = parent[key], seen + 1
        return key

    labels_by_root: dict[tuple[str, ...], Counter[Label]] = {}
    for sentence in entities:
        for e in sentence:
            labels_by_root.setdefault(root(name_key(surface(e.text))), Counter())[e.label] += 1

    # A lone surname joins the one full name that ends with it, if that name is mostly a person.
    full_names: dict[str, list[tuple[str, ...]]] = {}
    for r, counted in labels_by_root.items():
        if len(r) > 1 and counted.most_common(1)[0][0] == "PER":
            full_names.setdefault(r[-1], []).append(r)
    for r in list(labels_by_root):
        if len(r) == 1:
            candidates = full_names.get(r[0]) or full_names.get(_genitive_strip(r[0], full_names)) or []
            if len(candidates) == 1:
                parent[r] = candidates[0]
    _short_forms(flat, labels_by_root, parent)

    forms: dict[tuple[str, ...], Counter[str]] = {}
    labels: dict[tuple[str, ...], Counter[Label]] = {}
    full_labels: dict[tuple[str, ...], Counter[Label]] = {}
    first_label: dict[tuple[str, ...], Label] = {}
    for sentence in entities:
        for e in sentence:
            name = surface(e.text)
            key = name_key(name)
            r = root(key)
            forms.setdefault(r, Counter())[name] += 1
            labels.setdefault(r, Counter())[e.label] += 1
            if len(key) == len(r):  # written in full: "Emmanuel Macron", not "Macron" or "BR"
                full_labels.setdefault(r, Counter())[e.label] += 1
            first_label.setdefault(r, e.label)
    # The full name decides the type: "Macron", taken for a place, is a person if "Emmanuel Macron" is.
    labels.update(full_labels)

    groups: dict[tuple[str, ...], EntityGroup] = {}
    for r, counter in forms.items():
        top = max(labels[r].values())
        tied = [label for label in LABELS if labels[r][label] == top]
        # A tie goes to the type of the first mention: the reader met the entity as that first.
        label = first_label[r] if first_label[r] in tied else tied[0]
        groups[r] = EntityGroup(_canonical(counter), label, sum(counter.values()), tuple(counter))
    mentions = tuple(
        tuple(groups[root(name_key(surface(e.text)))] for e in sentence) for sentence in entities
    )
    ordered = tuple(sorted(groups.values(), key=lambda g: (-g.count, g.name.casefold())))
    return GroupedEntities(ordered, mentions)


def _short_forms(
    flat: list[str],
    roots: dict[tuple[str, ...], Counter[Label]],
    parent: dict[tuple[str, ...], tuple[str, ...]],
) -> None:
    """Join a shortened name or an abbreviation to the one longer name of the article it stands for."""
    longer = [r for r in roots if len(r) >= 2 and r not in parent]
    stems = {r: tuple(_stem(w) for w in r) for r in longer}
    for r in roots:
        if r in parent:
            continue
        if len(r) >= 2:  # "Frankfurter Allgemeinen" in "Frankfurter Allgemeine Zeitung"
            mine = stems[r] if r in stems else tuple(_stem(w) for w in r)
            found = [o for o in longer if len(o) > len(r) and stems[o][: len(r)] == mine]
        else:
            written = next((f for f in flat if name_key(f) == r), "")
            found = [o for o in longer if _is_abbreviation(written) and abbreviates(written, list(o))]
        if len(found) == 1 and found[0] != r:
            parent[r] = found[0]


def _genitive_strip(word: str, names: dict[str, list[tuple[str, ...]]]) -> str:
    """`word` without a genitive -s or -es where that leaves a surname we know ("Beckenbauers")."""
    for ending in ("es", "s"):
        if word.endswith(ending) and word[: -len(ending)] in names:
            return word[: -len(ending)]
    return word
