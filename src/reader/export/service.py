"""One call to export an article: gather what is known, render, write. For the app's key and the CLI."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from reader.articles.model import Article
from reader.enrich.english import known_english
from reader.enrich.entities import article_entities
from reader.export.document import ExportDocument, build_document
from reader.export.markdown import Highlight, Layout, render_markdown
from reader.export.write import export_stem, write_export
from reader.nlp.types import Entity, Recognizer
from reader.settings import Settings
from reader.store import Store
from reader.store.marks import marks_for
from reader.translation.types import English


def document_for(
    store: Store,
    settings: Settings,
    article: Article,
    *,
    english: English | None = None,
    entities: Sequence[Sequence[Entity]] | None = None,
    english_entities: Sequence[Sequence[Entity]] | None = None,
    recognizer: Recognizer | None = None,
    exported: date | None = None,
) -> ExportDocument:
    """The export document, from what the caller holds, filling the rest from the store (no network).

    English defaults to `known_english` (reference or memory). Entities default to the recogniser's
    (cached in the store); with neither entities nor a recogniser, the configured one is loaded.
    """
    engine = settings.translation.engine
    if english is None:
        english = known_english(store, settings, article, engine)
    if entities is None:
        if recognizer is None:
            from reader.nlp.recognizers import load_recognizer

            recognizer = load_recognizer(settings.entities)
        entities = article_entities(store, recognizer, article)
    return build_document(
        article,
        english,
        entities,
        marks_for(store, article.id),
        recognizer=recognizer,
        english_entities=english_entities,
        engine=engine,
        exported=exported,
    )


def render_export(
    store: Store,
    settings: Settings,
    article: Article,
    *,
    english: English | None = None,
    entities: Sequence[Sequence[Entity]] | None = None,
    english_entities: Sequence[Sequence[Entity]] | None = None,
    recognizer: Recognizer | None = None,
    layout: Layout = "interleaved",
    highlight: Highlight = "bold",
) -> str:
    """The article's export as Markdown, written nowhere (a browser downloads it)."""
    doc = document_for(
        store,
        settings,
        article,
        english=english,
        entities=entities,
        english_entities=english_entities,
        recognizer=recognizer,
    )
    return render_markdown(doc, layout, highlight)


def export_to_directory(
    store: Store,
    settings: Settings,
    article: Article,
    *,
    english: English | None = None,
    entities: Sequence[Sequence[Entity]] | None = None,
    english_entities: Sequence[Sequence[Entity]] | None = None,
    recognizer: Recognizer | None = None,
    layout: Layout = "interleaved",
    highlight: Highlight = "bold",
) -> tuple[Path, str]:
    """Export into `settings.export_dir` under a new name; return the path and the Markdown."""
    markdown = render_export(
        store,
        settings,
        article,
        english=english,
        entities=entities,
        english_entities=english_entities,
        recognizer=recognizer,
        layout=layout,
        highlight=highlight,
    )
    path = write_export(markdown, settings.export_dir, export_stem(article.title, article.id))
    return path, markdown
