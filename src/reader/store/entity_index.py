"""Which library articles mention which entities, grouped by a canonical name.

The canonical name is the folded mention with a German genitive ending dropped, so "Putins" and
"Putin" group together; names that end in s themselves ("Paris") keep it when that form is known.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from reader.nlp.types import Entity
from reader.store.db import Store
from reader.store.search import fold


@dataclass(frozen=True, slots=True)
class EntityArticles:
    """One entity (by canonical name) and the articles that mention it, most mentions first."""

    canonical: str
    names: tuple[str, ...]  # the forms it was written in
    label: str
    articles: tuple[tuple[str, str, int], ...]  # (article id, title, mentions)


def canonical(name: str) -> str:
    folded = " ".join(fold(name).split())
    return folded.removesuffix("'")


def _stems(form: str) -> list[str]:
    """`form` without a genitive ending: "putins" → ["putin"]."""
    return [form[: -len(e)] for e in ("'s", "es", "s") if form.endswith(e) and len(form) - len(e) >= 3]


def _candidates(name: str) -> list[str]:
    """The canonical forms a query name may be stored under: as is, inflected, or without an ending."""
    base = canonical(name)
    return [base, *_stems(base), base + "s", base + "es"]


def save(
    store: Store,
    article_id: str,
    recogniser: str,
    per_unit: Sequence[list[Entity]],
    units: Sequence[int] | None = None,
) -> None:
    """Store an article's mentions; `units` numbers the lists (default 0, 1, …; -1 - block for a
    paragraph of an article not yet split)."""
    numbers = units if units is not None else range(len(per_unit))
    rows = [
        (article_id, unit, e.start, e.end, e.label, e.text, canonical(e.text))
        for unit, ents in zip(numbers, per_unit, strict=True)
        for e in ents
    ]
    with store.write(cache=True) as conn:
        conn.execute("DELETE FROM article_entities WHERE article = ?", (article_id,))
        conn.executemany(
            "INSERT INTO article_entities (article, unit, start, end, label, name, canonical)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.execute("UPDATE articles SET entities_by = ? WHERE id = ?", (recogniser, article_id))


def pending(store: Store, recogniser: str, limit: int = 200) -> list[str]:
    """Articles whose entities this recogniser has not indexed yet, newest first."""
    rows = store.conn.execute(
        "SELECT id FROM articles WHERE entities_by != ? ORDER BY coalesce(published, added_at) DESC LIMIT ?",
        (recogniser, limit),
    ).fetchall()
    return [r[0] for r in rows]


def articles_mentioning(store: Store, name: str, limit: int = 200) -> list[EntityArticles]:
    """Articles mentioning `name` (in any inflected form), one group per canonical name."""
    forms = _candidates(name)
    rows = store.conn.execute(
        "SELECT e.canonical, e.name, e.label, e.article, a.title FROM article_entities e"
        " JOIN articles a ON a.id = e.article"
        f" WHERE e.canonical IN ({','.join('?' * len(forms))}) OR e.canonical LIKE ?",
        [*forms, f"% {canonical(name)}"],  # a surname finds the full name too
    ).fetchall()
    # "Putins" is grouped with "Putin" when both are stored.
    present = {r[0] for r in rows}
    names: dict[str, Counter[str]] = {}
    labels: dict[str, Counter[str]] = {}
    arts: dict[str, Counter[tuple[str, str]]] = {}
    for canon, written, label, article, title in rows:
        key = next((c for c in _stems(canon) if c in present), canon)
        names.setdefault(key, Counter())[written] += 1
        labels.setdefault(key, Counter())[label] += 1
        arts.setdefault(key, Counter())[(article, title)] += 1
    result = [
        EntityArticles(
            key,
            tuple(n for n, _ in names[key].most_common()),
            labels[key].most_common(1)[0][0],
            tuple((a, t, n) for (a, t), n in sorted(arts[key].items(), key=lambda kv: (-kv[1], kv[0][1])))[
                :limit
            ],
        )
        for key in arts
    ]
    return sorted(result, key=lambda g: -sum(n for _, _, n in g.articles))


def first_mentions(store: Store, article_ids: Sequence[str], names: Sequence[str]) -> dict[str, int]:
    """For each article, the first sentence mentioning one of `names` (articles not yet split, whose
    mentions are stored by paragraph, are left out)."""
    if not article_ids or not names:
        return {}
    forms = sorted({canonical(n) for n in names})
    rows = store.conn.execute(
        "SELECT article, min(unit) FROM article_entities"
        f" WHERE article IN ({','.join('?' * len(article_ids))})"
        f" AND canonical IN ({','.join('?' * len(forms))}) AND unit >= 0 GROUP BY article",
        [*article_ids, *forms],
    ).fetchall()
    return {article: unit for article, unit in rows}
