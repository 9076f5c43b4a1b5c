"""Entities across the library: one person or organisation, one entity, under whatever name it had.

Indexing (`article_names`) groups an article's mentions (`reader.nlp.grouping`: inflections, a surname
after the full name, "BR" beside "Bayerischer Rundfunk") and stores each entity under its fullest
name, linking its other names to it. A query (`entities_named`) gathers the names that may be meant
("Putin": "Putin", "Putins", every full name ending in Putin, and the names linked to those) and joins
them into entities: names linked in some article are one entity unless the short one stands for
several; a person's full name spelt two ways ("Wladimir"/"Vladimir Putin") is one; a surname joins
the one full name of a person that ends with it. Each entity gets the fullest name and the type most
of its mentions have.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from reader.articles.model import Article
from reader.library.passages import Passage, SearchHit, unit_at
from reader.nlp.grouping import EntityGroup, group_entities, name_key, surface
from reader.nlp.types import Entity, Recognizer
from reader.store import Store, library
from reader.store import entity_index as index
from reader.store import search as search_index
from reader.store.entity_index import ArticleName
from reader.store.search import ENTITIES, Coverage, fold

DOMINANT = 0.8  # a short name stands for the name it was linked to this often (of all its links)


def key_of(name: str) -> str:
    """The key a name is indexed under: folded, no leading article, adjective endings dropped."""
    return " ".join(fold(w) for w in name_key(surface(name)))


# where a sentence plainly ends: after a word of three small letters or more ("Dr.", "St." do not end
# one), or a closing bracket or quote; before a capital
_SENTENCE_END = re.compile(r"(?:(?<=[a-zäöüß]{3}[.!?])|(?<=[)\"“”][.!?]))\s+(?=[A-ZÄÖÜ„\"])")


def _recognise(blocks: list[str], recogniser: Recognizer) -> list[list[Entity]]:
    """Each paragraph's entities, recognised a sentence at a time (cut where a sentence plainly ends,
    without SoMaJo), so that no name runs across two sentences ("Köhler. Berlin")."""
    pieces: list[tuple[int, int, str]] = []  # (block, offset, text)
    for b, text in enumerate(blocks):
        start = 0
        for m in _SENTENCE_END.finditer(text):
            pieces.append((b, start, text[start : m.start()]))
            start = m.end()
        pieces.append((b, start, text[start:]))
    found: list[list[Entity]] = [[] for _ in blocks]
    for (b, offset, _), entities in zip(
        pieces, recogniser.recognize_many([p[2] for p in pieces]), strict=True
    ):
        found[b] += [Entity(e.start + offset, e.end + offset, e.label, e.text) for e in entities]
    return found


def article_names(article: Article, recogniser: Recognizer) -> list[ArticleName]:
    """The entities of an article, recognised paragraph by paragraph (no splitting needed)."""
    found = _recognise([b.text for b in article.blocks], recogniser)
    grouped = group_entities(found)
    first: dict[EntityGroup, tuple[int, int]] = {}
    for block, (mentions, groups) in enumerate(zip(found, grouped.mentions, strict=True)):
        for mention, group in zip(mentions, groups, strict=True):
            first.setdefault(group, (block, mention.start))
    out = []
    for group in grouped.groups:
        key = key_of(group.name)
        if not key:
            continue
        aliases = {key_of(f): surface(f) for f in group.forms}
        aliases.pop(key, None)
        aliases.pop("", None)
        block, offset = first[group]
        out.append(
            ArticleName(key, group.name, group.label, group.count, block, offset, tuple(aliases.items()))
        )
    return out


@dataclass(frozen=True, slots=True)
class EntityArticle:
    """An article (its number in the index) that mentions an entity: how often, and where first
    (paragraph, offset in it)."""

    n: int
    mentions: int
    block: int
    offset: int


@dataclass(frozen=True, slots=True)
class NamedEntity:
    """One entity across the library: its name, the names it was written as (most used first), its
    type, how often it is mentioned, in how many articles, and the ids of its names in the index
    (`articles_of` reads its articles)."""

    name: str
    names: tuple[str, ...]
    label: str
    mentions: int
    articles: int
    ids: tuple[int, ...]


def articles_of(
    store: Store, entity: NamedEntity, start: int = 0, count: int | None = None
) -> list[EntityArticle]:
    """The articles mentioning `entity`, most mentions first, then newest: `start` to `start + count`."""
    return [EntityArticle(*row) for row in index.articles(store, entity.ids, start, count)]


def _variants(key: str) -> set[str]:
    """A key with and without a genitive ending: "putin" → putin, putins, putines."""
    out = {key, key + "s", key + "es"}
    for ending in ("es", "s"):
        if key.endswith(ending) and len(key) - len(ending) >= 3:
            out.add(key[: -len(ending)])
    return out


def entities_named(store: Store, query: str) -> list[NamedEntity]:
    """The entities a name may mean, most mentioned first: "Putin" is one entity, with the articles
    that call him Putin, Putins or Wladimir Putin."""
    key = key_of(query)
    if not key:
        return []
    variants = _variants(key)
    single = " " not in key
    # a surname finds the full names ending in it; a full name finds its surname alone
    keys = variants if single else variants | _variants(key.rsplit(" ", 1)[1])
    found = {n.id: n for n in index.names(store, keys=keys, lasts=variants if single else ())}
    asked = set(found)  # the names the query means; the ones linked to them only join their entities
    edges = index.links(store, found)
    found.update(
        (n.id, n) for n in index.names_by_id(store, {i for a, b, _ in edges for i in (a, b)} - set(found))
    )
    stats = index.name_stats(store, found)
    parent = {i: i for i in found}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int) -> None:
        parent[root(a)] = root(b)

    targets: dict[int, Counter[int]] = defaultdict(Counter)
    for short, long, count in edges:
        if short in found and long in found:
            targets[short][long] += count
    for short, counted in targets.items():
        target, count = counted.most_common(1)[0]
        if count >= DOMINANT * sum(counted.values()):
            join(short, target)
    by_key = {n.key: i for i, n in found.items()}
    for i, n in found.items():  # a genitive form joins the plain one
        for ending in ("es", "s"):
            plain = n.key[: -len(ending)] if n.key.endswith(ending) else None
            if plain and plain in by_key:
                join(i, by_key[plain])
                break
    labels = _labels(stats)
    people = {i for i, n in found.items() if " " in n.key and labels.get(i, "") == "PER"}
    for a in people:  # one person spelt two ways: "Wladimir Putin", "Vladimir Putin"
        for b in people:
            if a < b and _same_person(found[a].key, found[b].key):
                join(a, b)
    for i, n in found.items():  # a surname joins the one full name of a person that ends with it
        if " " in n.key:
            continue
        full = {root(p) for p in people if _variants(found[p].key.rsplit(" ", 1)[1]) & _variants(n.key)}
        if len(full) == 1:
            join(i, full.pop())
    meant = {root(i) for i in asked}
    return _entities(store, found, [s for s in stats if root(s[0]) in meant], root)


def _same_person(a: str, b: str) -> bool:
    """Two full names that differ by one letter in a first name, the surname the same."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or wa[-1] != wb[-1]:
        return False
    return all(x == y or _one_apart(x, y) for x, y in zip(wa[:-1], wb[:-1], strict=True))


def _one_apart(x: str, y: str) -> bool:
    """Whether two words differ by one letter changed, added or left out (and are not short)."""
    if min(len(x), len(y)) < 4 or abs(len(x) - len(y)) > 1:
        return False
    if len(x) == len(y):
        return sum(p != q for p, q in zip(x, y, strict=True)) == 1
    short, long = sorted((x, y), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _labels(stats: list[tuple[int, str, int]]) -> dict[int, str]:
    counted: dict[int, Counter[str]] = defaultdict(Counter)
    for name, label, count in stats:
        counted[name][label] += count
    return {i: c.most_common(1)[0][0] for i, c in counted.items()}


def _entities(
    store: Store, found: dict[int, index.Name], stats: list[tuple[int, str, int]], root: Callable[[int], int]
) -> list[NamedEntity]:
    groups: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for row in stats:
        groups[root(row[0])].append(row)
    out = []
    for members in groups.values():
        written: Counter[str] = Counter()
        labels: Counter[str] = Counter()
        for name_id, label, count in members:
            written[found[name_id].name] += count
            labels[label] += count
        names = tuple(n for n, _ in written.most_common())
        name = max(names, key=lambda n: (len(n.split()), written[n]))
        ids = tuple(sorted({m[0] for m in members}))
        total = sum(written.values())
        out.append(
            NamedEntity(name, names, labels.most_common(1)[0][0], total, index.article_count(store, ids), ids)
        )
    return sorted(out, key=lambda e: -e.mentions)


@dataclass
class EntityResults:
    """The articles that mention the entities a name may mean, as search results: one per article and
    entity, the entity most mentioned first."""

    store: Store
    query: str
    entities: list[NamedEntity]
    coverage: Coverage

    def __len__(self) -> int:
        return sum(e.articles for e in self.entities)

    @property
    def exact(self) -> bool:
        return True

    def note(self) -> str:
        parts = [] if len(self) else [f"No article mentions {self.query.strip()!r}."]
        progress = self.coverage.note(ENTITIES)
        if progress:
            parts.append(f"The names are being indexed: {progress}; this answer is from those.")
        return " ".join(parts)

    def rows(self, start: int, count: int) -> list[tuple[NamedEntity, EntityArticle]]:
        """Entity and article, `start` to `start + count` (count 0: to the end)."""
        out: list[tuple[NamedEntity, EntityArticle]] = []
        skip = start
        for entity in self.entities:
            if skip >= entity.articles:
                skip -= entity.articles
                continue
            want = None if not count else count - len(out)
            out += [(entity, found) for found in articles_of(self.store, entity, skip, want)]
            if count and len(out) >= count:
                return out
            skip = 0
        return out

    def page(self, store: Store, start: int, count: int) -> list[SearchHit]:
        return [hit for _, _, hit in self.page_rows(store, start, count)]

    def page_rows(
        self, store: Store, start: int, count: int
    ) -> list[tuple[NamedEntity, EntityArticle, SearchHit]]:
        """Results `start` to `start + count` (count 0: to the end), each with its entity."""
        chosen = self.rows(start, count)
        ids = search_index.articles_of(store, [a.n for _, a in chosen])
        stored = {s.article.id: s for s in library.stored_articles(store, list(ids.values()))}
        hits = []
        for entity, found in chosen:
            article = stored.get(ids.get(found.n, ""))
            if article is None:
                continue
            sentence = unit_at(article.article, found.block, found.offset) if article.split else None
            times = "1 mention" if found.mentions == 1 else f"{found.mentions} mentions"
            text = f"{', '.join(entity.names[:3])} ({entity.label}) · {times}"
            passage = Passage(text, "", sentence, found.block, found.offset)
            hit = SearchHit(article.article.id, article.article.title, (passage,), float(-found.mentions), "")
            hits.append((entity, found, hit))
        return hits


def find_entity(store: Store, name: str) -> EntityResults:
    """The articles mentioning `name` (the index as far as it is built; nothing is indexed here)."""
    return EntityResults(store, name, entities_named(store, name), search_index.coverage(store, (ENTITIES,)))
