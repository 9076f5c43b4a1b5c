"""Exporting an article to Markdown: gather (document), render (markdown), write (write). No Textual here.

The app, holding an article with its English and entities:

    doc = build_document(article, english, entities, marks_for(store, article.id), recognizer=recognizer)
    path = write_export(render_markdown(doc), settings.export_dir, export_stem(article.title, article.id))
"""

from reader.export.document import (
    DocBlock,
    EntityRow,
    ExportDocument,
    Pair,
    build_document,
)
from reader.export.escape import escape
from reader.export.markdown import HIGHLIGHTS, LAYOUTS, Highlight, Layout, render_markdown
from reader.export.write import export_stem, write_export

__all__ = [
    "HIGHLIGHTS",
    "LAYOUTS",
    "DocBlock",
    "EntityRow",
    "ExportDocument",
    "Highlight",
    "Layout",
    "Pair",
    "build_document",
    "escape",
    "export_stem",
    "render_markdown",
    "write_export",
]
