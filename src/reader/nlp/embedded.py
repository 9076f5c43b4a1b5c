"""The embedded recogniser: a CRF trained on GermEval 2014 (scripts/train_ner.py), shipped in the package."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reader.nlp.features import FEATURES_VERSION, Featurizer, load_lexicon, tokenize
from reader.nlp.retype import retype, split_places
from reader.nlp.types import LABELS, Entity, Label

DATA_DIR = Path(__file__).parent / "data"
_LABELS: dict[str, Label] = {label: label for label in LABELS}
RULES_VERSION = 1  # reader.nlp.retype: raise when the rules change what is recognised


def spans_from_tags(tags: Sequence[str]) -> list[tuple[int, int, Label]]:
    """BIO tags -> (first token, end token, label); a stray I- starts a span; other classes are dropped."""
    spans: list[tuple[int, int, Label]] = []
    start = -1
    current: Label | None = None
    for i, tag in enumerate([*tags, "O"]):
        kind = tag[2:] if tag[:2] in ("B-", "I-") else ""
        label = _LABELS.get(kind)
        if current is not None and (tag[:2] != "I-" or label != current):
            spans.append((start, i, current))
            current = None
        if label is not None and current is None:
            start, current = i, label
    return spans


def _chunks(words: list[str], soft: int = 150, hard: int = 400) -> list[tuple[int, int]]:
    """Split a long token list (a whole paragraph on one line) at sentence ends, so memory stays small."""
    if len(words) <= hard:
        return [(0, len(words))]
    out = []
    start = 0
    for i, w in enumerate(words):
        if (i + 1 - start >= soft and w in (".", "!", "?", ";")) or i + 1 - start >= hard:
            out.append((start, i + 1))
            start = i + 1
    if start < len(words):
        out.append((start, len(words)))
    return out


class EmbeddedRecognizer:
    """German NER with no download: the CRF model and its lexicon are files in this package.

    The constructor loads both (well under a second); it is meant to run in a worker thread.
    """

    name = "embedded"

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        import pycrfsuite

        model = data_dir / "ner.crfsuite"
        meta_path = data_dir / "ner.json"
        if not model.exists() or not meta_path.exists():
            from reader.errors import UserError

            raise UserError(f"{data_dir}: the embedded entity model is missing; reinstall reader")
        meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("features") != FEATURES_VERSION:
            raise RuntimeError(  # a packaging bug, not something the user did
                f"{model} was trained with features v{meta.get('features')}, this code makes "
                f"v{FEATURES_VERSION}: run scripts/train_ner.py"
            )
        self.version = f"crf-{meta['version']}+rules{RULES_VERSION}"
        self._featurizer = Featurizer(load_lexicon(data_dir / "lexicon.tsv.gz"))
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model))
        self._lock = threading.Lock()  # a crfsuite Tagger is not safe to share between threads

    def tag_words(self, words: list[str]) -> list[str]:
        """One BIO tag per word (a pre-tokenised sentence)."""
        if not words:
            return []
        features = self._featurizer.sentence(words)
        with self._lock:
            tags = list(self._tagger.tag(features))
        spans = spans_from_tags(tags)
        for (a, b, label), (_, _, fixed) in zip(spans, retype(words, spans), strict=True):
            if fixed != label:  # a club or a company taken for a person or a place
                tags[a:b] = [f"B-{fixed}"] + [f"I-{fixed}"] * (b - a - 1)
        return tags

    def recognize(self, text: str) -> list[Entity]:
        spans = tokenize(text)
        if not spans:
            return []
        words = [text[s:e] for s, e in spans]
        tags: list[str] = []
        for a, b in _chunks(words):
            tags += self.tag_words(words[a:b])
        entities = []
        for first, last, label in spans_from_tags(tags):
            start, end = spans[first][0], spans[last - 1][1]
            entities.append(Entity(start, end, label, text[start:end]))
        return split_places(text, entities)

    def recognize_many(self, texts: Sequence[str]) -> list[list[Entity]]:
        return [self.recognize(t) for t in texts]
