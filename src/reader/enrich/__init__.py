"""Enrichment: what reader adds to an article (its English, its entities) and the library import.

Temporary bridge until issue 9's split lands: this package shadows the old module
`reader/enrich.py`, so its names are loaded from that file and re-exported here. The lead's
`enrich/__init__.py` replaces this file at merge.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_legacy = Path(__file__).resolve().parent.parent / "enrich.py"
if _legacy.is_file():  # pragma: no branch - gone once the split lands
    _spec = importlib.util.spec_from_file_location("reader._enrich_legacy", _legacy)
    assert _spec is not None and _spec.loader is not None
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["reader._enrich_legacy"] = _module
    _spec.loader.exec_module(_module)
    English = _module.English
    known_english = _module.known_english
    article_entities = _module.article_entities

__all__ = ["English", "article_entities", "known_english"]
