"""An article's English: the reference it ships with, the translation memory, then the engine.

    known_english(store, settings, article, engine=None) -> English       # no network, two memory reads
    keep_english(store, settings, sentence, text) -> Translated           # the reader's choice (compare)
    translate_article(store, settings, article, engine=None, *, start=None, on_update=None,
                      should_stop=None) -> English
    compare_engines(store, settings, sentence, engines=None, *, fetch=True, should_stop=None)
        -> dict[str, Translated]

`translate_article` starts from `start` (what the caller already holds, e.g. from `known_english`),
or reads the memory itself, and translates only what is missing or failed, the title included. Each
answer is saved to the memory before the caller hears of it, so quitting mid-way keeps it. It calls

    on_update(updates: list[tuple[int, Translated]], done: int, total: int)

in the calling thread, first with everything already known, then after every chunk; an index is a unit
index, or `TITLE` for the title; `done` counts the units translated or failed, of `total` units.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from reader.articles.model import Article, normalise
from reader.errors import UserError
from reader.settings import Settings
from reader.stopping import ShouldStop
from reader.store import Store
from reader.store import translations as memory
from reader.translation.types import CHOSEN, MEMORY, PENDING, REFERENCE, TITLE, English, Translated

OnUpdate = Callable[[list[tuple[int, Translated]], int, int], None]


def _index(position: int) -> int:
    """A position in [title, *units] as `on_update` names it: `TITLE`, or the unit's index."""
    return TITLE if position == 0 else position - 1


def pair_of(settings: Settings) -> str:
    """The language pair the memory is keyed by, e.g. "de-en": the one place it is derived."""
    return f"{settings.translation.source}-{settings.translation.target}"


def _engines_allowed(settings: Settings) -> None:
    """A public session shows what the library knows; the owner's engines, keys and quotas stay theirs."""
    if settings.public:
        raise UserError("a public session does not ask translation engines; it shows the English known")


def known_english(store: Store, settings: Settings, article: Article, engine: str | None = None) -> English:
    """The reference translation if the article ships one, else what the memory holds for `engine`;
    either way, a sentence whose English the reader kept (`keep_english`) has that."""
    texts = [article.title] + [u.sentence.text for u in article.units]
    chosen = memory.lookup(store, CHOSEN, pair_of(settings), texts)
    if article.reference is not None:
        ref = article.reference
        count = len(article.units)
        units = tuple(Translated(text, REFERENCE) for text in ref.sentences[:count])
        units += (Translated(None, PENDING),) * (count - len(units))  # a short reference, defensively
        title = Translated(ref.title or None, REFERENCE if ref.title else PENDING)
    else:
        found = memory.lookup(store, engine or settings.translation.engine, pair_of(settings), texts)

        def one(text: str) -> Translated:
            hit = found.get(text)
            return Translated(hit, MEMORY) if hit is not None else Translated(None, PENDING)

        title, units = one(article.title), tuple(one(u.sentence.text) for u in article.units)
    if not chosen:
        return English(title, units)

    def kept(text: str, t: Translated) -> Translated:
        return Translated(chosen[text], CHOSEN) if text in chosen else t

    return English(
        kept(article.title, title),
        tuple(kept(u.sentence.text, t) for u, t in zip(article.units, units, strict=True)),
    )


def keep_english(store: Store, settings: Settings, sentence: str, text: str) -> Translated:
    """Keep `text` as the English of `sentence` wherever it occurs, over the reference and every
    engine's (the reader chose it in compare). Raises ReadOnlySession in a public session."""
    memory.remember(store, CHOSEN, pair_of(settings), [(normalise(sentence), text)])
    return Translated(text, CHOSEN)


def translate_article(
    store: Store,
    settings: Settings,
    article: Article,
    engine: str | None = None,
    *,
    start: English | None = None,
    on_update: OnUpdate | None = None,
    should_stop: ShouldStop | None = None,
) -> English:
    """The article's English, translating with `engine` (default: configured) what `start` lacks."""
    from reader.translation.engines import check_engine
    from reader.translation.service import translate_texts

    name = engine or settings.translation.engine
    _engines_allowed(settings)
    check_engine(settings, name)
    pair = pair_of(settings)
    base = start if start is not None else known_english(store, settings, article, name)
    sources = [article.title] + [u.sentence.text for u in article.units]
    state = [base.title, *base.units]
    if start is not None:  # the memory may know what failed before (say, another window got it)
        found = memory.lookup(store, name, pair, [s for s, t in zip(sources, state, strict=True) if not t.ok])
        state = [
            Translated(found[s], MEMORY) if not t.ok and s in found else t
            for s, t in zip(sources, state, strict=True)
        ]
    # Distinct texts still needed, in reading order; each may stand for several positions.
    wanted: dict[str, list[int]] = {}
    for position, (text, result) in enumerate(zip(sources, state, strict=True)):
        if result.ok:
            continue
        key = normalise(text)
        if key:
            wanted.setdefault(key, []).append(position)
        else:
            state[position] = Translated("", name)
    total = len(state) - 1

    def done_count() -> int:
        return sum(1 for t in state[1:] if t.source != PENDING)

    if on_update is not None:
        on_update([(_index(p), t) for p, t in enumerate(state) if t.source != PENDING], done_count(), total)

    def on_results(results: list[tuple[str, Translated]]) -> None:
        memory.remember(store, name, pair, [(k, t.text) for k, t in results if t.text is not None])
        updates: list[tuple[int, Translated]] = []
        for key, result in results:
            for position in wanted[key]:
                state[position] = result
                updates.append((_index(position), result))
        if on_update is not None and updates:
            on_update(updates, done_count(), total)

    if wanted:
        translate_texts(settings, name, list(wanted), on_results=on_results, should_stop=should_stop)
    return English(state[0], tuple(state[1:]))


def compare_engines(
    store: Store,
    settings: Settings,
    sentence: str,
    engines: Collection[str] | None = None,
    *,
    fetch: bool = True,
    should_stop: ShouldStop | None = None,
) -> dict[str, Translated]:
    """Each engine's English for `sentence`, from memory or fetched, in `engines` order.

    The default engines are every usable one (the chosen first) and any other the memory has.
    """
    from reader.translation.engines import ENGINES, usable_engines
    from reader.translation.service import ask_engines

    pair = pair_of(settings)
    if fetch:
        _engines_allowed(settings)
    remembered = memory.engines_for(store, pair, sentence)
    if engines is not None:
        names = list(engines)
    else:
        names = usable_engines(settings)
        names += [name for name in remembered if name not in names and name in ENGINES]
    for name in names:
        if name not in ENGINES:
            raise UserError(f"unknown translation engine {name!r}; choose one of: {', '.join(ENGINES)}")
    text = normalise(sentence)
    results = {name: Translated(remembered[name], MEMORY) for name in names if name in remembered}
    ask = [name for name in names if name not in remembered]
    if ask and fetch and text:
        asked = ask_engines(settings, ask, text, should_stop=should_stop)
    else:
        asked = {name: Translated(None, PENDING) for name in ask}
    for name, result in asked.items():
        if result.text is not None:
            memory.remember(store, name, pair, [(text, result.text)])
    results.update(asked)
    return {name: results[name] for name in names}
