"""Choosing a recogniser from the settings: the embedded CRF, or a German spaCy pipeline if one is installed.

Nothing heavy is imported here; `load_recognizer` does the loading and is meant for a worker thread.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reader.errors import UserError
from reader.nlp.types import Entity, Label, Recognizer
from reader.settings import EntitySettings

BACKENDS = ("auto", "embedded", "spacy")

# spaCy labels -> ours. German pipelines use PER/LOC/ORG/MISC; English-style (OntoNotes) ones use the
# rest. Numbers, dates and the like are not names, so they are dropped.
SPACY_LABELS: dict[str, Label] = {
    "PER": "PER",
    "PERSON": "PER",
    "LOC": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "ORG": "ORG",
    "MISC": "MISC",
    "OTH": "MISC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "PRODUCT": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}


def map_spacy_label(label: str) -> Label | None:
    """Our label for a spaCy entity label, or None for labels that are not names (DATE, MONEY, ...)."""
    return SPACY_LABELS.get(label.upper())


def spacy_available(model: str) -> bool:
    """True if `model` is an installed pipeline package or a pipeline directory, and spaCy is installed."""
    if importlib.util.find_spec("spacy") is None:
        return False
    if Path(model).expanduser().is_dir():
        return True
    try:
        return importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        return False


class SpacyRecognizer:
    """Entities from a spaCy pipeline, with its labels mapped to PER/LOC/ORG/MISC."""

    name = "spacy"

    def __init__(self, model: str | Any) -> None:
        """`model` is a pipeline name or path, or an already built `Language` (tests use that)."""
        import spacy  # (slow to import; only users who chose spaCy pay for it)

        if isinstance(model, str):
            target = str(Path(model).expanduser()) if Path(model).expanduser().is_dir() else model
            try:
                nlp = spacy.load(target)
            except OSError as exc:
                raise UserError(f"spaCy pipeline {model!r} cannot be loaded: {exc}") from exc
        else:
            nlp = model
        if "ner" not in nlp.pipe_names and "entity_ruler" not in nlp.pipe_names:
            raise UserError(f"spaCy pipeline {nlp.meta.get('name', model)!r} has no entity recogniser")
        self.nlp = nlp
        meta = nlp.meta
        self.version = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}"
        self.version += f"-spacy{spacy.__version__}"

    def _entities(self, doc: Any) -> list[Entity]:
        out = []
        for ent in doc.ents:
            label = map_spacy_label(ent.label_)
            if label is not None:
                out.append(Entity(ent.start_char, ent.end_char, label, ent.text))
        return out

    def recognize(self, text: str) -> list[Entity]:
        return self._entities(self.nlp(text))

    def recognize_many(self, texts: Sequence[str]) -> list[list[Entity]]:
        return [self._entities(doc) for doc in self.nlp.pipe(texts)]


_embedded: Recognizer | None = None
_embedded_lock = threading.Lock()


def embedded_recognizer() -> Recognizer:
    """The embedded recogniser, loaded once per process: it is read-only, so a fork server that loads
    it before forking shares it with every session."""
    global _embedded
    with _embedded_lock:
        if _embedded is None:
            from reader.nlp.embedded import EmbeddedRecognizer

            _embedded = EmbeddedRecognizer()
        return _embedded


def load_recognizer(settings: EntitySettings) -> Recognizer:
    """The recogniser the settings ask for. `auto` takes spaCy only if its pipeline is installed."""
    backend = settings.backend.strip().lower()
    if backend not in BACKENDS:
        raise UserError(f"config: [entities] backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
    if backend == "spacy" or (backend == "auto" and spacy_available(settings.model)):
        if importlib.util.find_spec("spacy") is None:
            raise UserError("entities backend 'spacy' needs spaCy: pip install 'reader[spacy]'")
        if not spacy_available(settings.model):
            raise UserError(
                f"spaCy pipeline {settings.model!r} is not installed; install that pipeline package "
                'or set [entities] backend = "embedded"'
            )
        return SpacyRecognizer(settings.model)
    return embedded_recognizer()
