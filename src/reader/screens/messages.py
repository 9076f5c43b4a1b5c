"""Messages that workers send back to the screens: the one way results reach the UI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from reader.articles.model import Article
from reader.nlp.grouping import GroupedEntities
from reader.nlp.types import Entity
from reader.screens.state import Progress
from reader.store.library import ArticleSummary
from reader.store.marks import Mark
from reader.translation.types import English, Translated


@dataclass
class LibraryListed(Message):
    """The library's articles (`replace`: all of them; else new ones), notices, and the articles the
    reader asked to open (`reader PATH…`), in the order given."""

    summaries: list[ArticleSummary]
    notices: list[str]
    positions: dict[str, int]
    replace: bool
    asked: list[str]
    done: bool


@dataclass
class ArticleOpened(Message):
    """An article read from the store (split into sentences on its first open)."""

    article: Article
    cursor: int | None


@dataclass
class Refreshed(Message):
    """Feeds refreshed: what happened, and the articles that are new."""

    counts: dict[str, int]
    failures: list[str]
    summaries: list[ArticleSummary]


@dataclass
class Known(Message):
    """What is known of an article without the network: its English (reference or memory) and marks."""

    article_id: str
    updates: list[tuple[int, Translated]]
    marks: dict[int, Mark]
    progress: Progress


@dataclass
class EnglishArrived(Message):
    """Translations for some units (index -1 is the title), and how far the translation has come."""

    article_id: str
    updates: list[tuple[int, Translated]]
    progress: Progress


@dataclass
class EntitiesArrived(Message):
    """German entities per unit (each with its entity's one type), grouped, and their English
    counterparts as projected onto `english_from`."""

    article_id: str
    german: list[list[Entity]]
    english: list[list[Entity]] | None
    groups: GroupedEntities
    english_from: English


@dataclass
class MarkSaved(Message):
    article_id: str
    mark: Mark


@dataclass
class Exported(Message):
    path: Path
    markdown: str


@dataclass
class Compared(Message):
    """Each engine's English for the sentence being compared."""

    results: dict[str, Translated]


@dataclass
class Status(Message):
    """What a worker is doing, for the status line (failures go through `report_failure`)."""

    text: str
