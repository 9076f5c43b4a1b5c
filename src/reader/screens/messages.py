"""Messages that workers send back to the reading screen. Each carries the article id it is about."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from reader.articles.model import Article
from reader.nlp.types import Entity
from reader.translation.types import Translated


@dataclass
class LibraryLoaded(Message):
    """A batch of articles (and notices) from the library import."""

    articles: list[Article]
    notices: list[str]
    positions: dict[str, int]
    done: bool


@dataclass
class EnglishArrived(Message):
    """Translations for some units (index -1 is the title); `done` of `total` are known."""

    article_id: str
    updates: list[tuple[int, Translated]]
    done: int
    total: int
    engine: str
    finished: bool = False


@dataclass
class EntitiesArrived(Message):
    article_id: str
    german: list[list[Entity]]
    english: list[list[Entity]] | None
    recogniser: str


@dataclass
class Status(Message):
    """What the entity worker is doing, for the status line (failures go through the worker handler)."""

    text: str
