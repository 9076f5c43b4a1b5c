"""Golden test: the seed article's export, with its reference translation and the embedded recogniser.

Regenerate after an intended change with `python scripts/regen_golden.py`
(or `READER_REGEN_GOLDEN=1 pytest tests/test_export_golden.py`), and read the diff before committing.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT, SEED
from reader.articles.load import read_article
from reader.export import ExportDocument, render_markdown
from reader.export.service import document_for
from reader.nlp.recognizers import load_recognizer
from reader.settings import EntitySettings, load_settings
from reader.store import Store
from reader.store.marks import set_mark
from test_export import check

GOLDEN = ROOT / "tests" / "golden"
EXPORTED = date(2026, 11, 29)  # pinned, or the file would change every day
CASES = [("interleaved", "bold"), ("side-by-side", "mark")]
REGENERATE = os.environ.get("READER_REGEN_GOLDEN") == "1"


def seed_document() -> ExportDocument:
    article = replace(read_article(SEED), source=f"seeds/{SEED.name}")
    store = Store(load_settings().store_path)
    try:
        set_mark(store, article.id, 3, marked=True)  # the first subheading
        set_mark(store, article.id, 8, marked=True)  # "Die USA sollten ..."
        set_mark(store, article.id, 16, note="Wer sagt das? Siehe [Quelle](http://x) *selbst*")
        recognizer = load_recognizer(EntitySettings(backend="embedded"))
        settings = load_settings()
        settings.translation.engine = "google"
        return document_for(store, settings, article, recognizer=recognizer, exported=EXPORTED)
    finally:
        store.close()


@pytest.mark.parametrize(("layout", "highlight"), CASES)
def test_seed_export_matches_golden(layout: str, highlight: str) -> None:
    doc = seed_document()
    markdown = render_markdown(doc, layout, highlight)  # type: ignore[arg-type]
    check(doc, markdown, layout, highlight)
    path: Path = GOLDEN / f"seed-{layout}-{highlight}.md"
    if REGENERATE:
        path.write_text(markdown, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run `python scripts/regen_golden.py`"
    expected = path.read_text(encoding="utf-8")
    assert markdown == expected, (
        f"the seed's export differs from {path.relative_to(ROOT)} (recogniser now "
        f"{doc.recogniser} {doc.recogniser_version}). If the change is intended, run "
        "`python scripts/regen_golden.py` and review the diff."
    )


def test_seed_export_has_names_in_both_languages() -> None:
    doc = seed_document()
    assert doc.translation == "reference" and doc.untranslated == 0
    german = {e.text for p in doc.pairs for e in p.german_entities}
    english = {e.text for p in doc.pairs for e in p.english_entities}
    assert {"Putin", "William Burns"} <= german
    assert {"Putin", "William Burns"} <= english
