"""Thread workers for the word tools: index the dictionary, look a word up, gloss a sentence, save a word.

Like `reader.screens.workers`, each takes the `Services`, a `post` and its arguments, calls the domain
(`reader.lookup`, `reader.store.vocab`) and replies with messages; failures reach `report_failure`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from reader.articles.model import Article
from reader.errors import UserError
from reader.nlp.types import Entity
from reader.screens.messages import (
    Glossed,
    IndexProgress,
    IndexReady,
    LookedUp,
    SavedSpans,
    WordSaved,
)
from reader.screens.workers import Post
from reader.services import Services
from reader.store.vocab import VocabItem

if TYPE_CHECKING:  # the lookup modules load on the first lookup, not at start-up
    from reader.lookup.service import Lookup, LookupResult


def make_lookup(services: Services, dictionary: bool, *, online: bool) -> Lookup:
    """A `Lookup` on the store; `online` gives it the configured engine for words with no entry."""
    from reader.enrich.english import pair_of
    from reader.lookup.service import Lookup

    settings = services.settings
    # The engine is asked through the translation pool; a misconfigured one is one line in the hint.
    engine = settings.translation.engine if online else None
    pair = pair_of(settings)
    return Lookup(
        services.store,
        engine=engine,
        settings=settings,
        pair=pair,
        dictionary=dictionary,
        freedict=settings.lookup.freedict_path(),
    )


def index_dictionary(services: Services, post: Post) -> None:
    """Build the configured dictionary's index if it is missing or stale, posting the progress in whole
    per cent, and load what a lookup needs besides (`reader.lookup.service.prepare`)."""
    from reader.lookup.service import prepare

    worker = get_current_worker()
    shown = -1

    def progress(done: int, total: int) -> None:
        nonlocal shown
        percent = 100 * done // max(total, 1)
        if percent != shown:
            shown = percent
            post(IndexProgress(percent))

    try:
        prepare(services.store, services.settings, progress, lambda: worker.is_cancelled)
    except UserError as exc:  # unreadable, not a file, too large: said once, lookups go on without it
        post(IndexReady(str(exc)))
        return
    post(IndexReady())


def lookup_word(
    services: Services,
    post: Post,
    article_id: str,
    unit: int,
    word: int,
    sentence: str,
    dictionary: bool,
    entities: tuple[Entity, ...],
    english: str | None,
) -> None:
    """Look up the `word`-th word of `sentence`, tagged in its sentence, with the entity it is part of."""
    from reader.lookup import morph

    words = morph.words_of(sentence)
    start, end, text = words[word]
    lemma, pos = morph.tag_words([w for _, _, w in words])[word]
    result = make_lookup(services, dictionary, online=True).lookup(text, lemma=lemma, pos=pos)
    entity = next((e for e in entities if e.start <= start and end <= e.end), None)
    entity_english = ""
    if entity is not None and english:
        from reader.nlp.english import align_entities

        found = align_entities(sentence, list(entities), english)[entities.index(entity)]
        entity_english = found.text if found is not None else ""
    post(LookedUp(article_id, unit, word, result, entity, entity_english))


def gloss(
    services: Services, post: Post, article_id: str, unit: int, sentence: str, dictionary: bool
) -> None:
    from reader.lookup.gloss import gloss_sentence

    lookup = make_lookup(services, dictionary, online=False)  # a whole sentence never goes to an engine
    post(Glossed(article_id, unit, gloss_sentence(lookup, sentence), lookup.has_dictionary))


def save_word(
    services: Services, post: Post, item: VocabItem, result: LookupResult | None, dictionary: bool
) -> None:
    """Save a word with its sentence; without a lookup of it yet, look it up offline first."""
    from dataclasses import replace

    from reader.store.vocab import count
    from reader.store.vocab import save_word as save

    if result is None:
        result = make_lookup(services, dictionary, online=False).lookup(item.word)
    entries = tuple((e.de, e.en) for e in result.entries)
    saved = save(services.store, replace(item, lemma=result.lemma, pos=result.pos, entries=entries))
    post(WordSaved(saved.word, count(services.store)))


def saved_spans(services: Services, post: Post, article: Article) -> None:
    """Where the saved words (or words with a saved lemma) occur in the article's German."""
    from reader.lookup.vocab import saved_spans as spans_in
    from reader.store.vocab import saved_forms

    forms = saved_forms(services.store)
    worker = get_current_worker()
    spans = []
    for unit in article.units:
        if worker.is_cancelled:
            return
        spans.append(tuple(spans_in(unit.sentence.text, forms)))
    post(SavedSpans(article.id, tuple(spans)))
