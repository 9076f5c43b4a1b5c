"""What the reading screen knows about the open article, and the workers that fill it in.

The English (reference, memory, then the engine) and the entities (German, then projected onto the
English) arrive from thread workers as messages; the handlers here store them and repaint the panes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import get_current_worker

from reader.articles.model import Article
from reader.nlp.types import Entity
from reader.screens.messages import EnglishArrived, EntitiesArrived, Status
from reader.store.marks import Mark
from reader.translation.types import FAILED, Translated
from reader.widgets.status import StatusLine

if TYPE_CHECKING:
    from reader.app import ReaderApp


class Enrichment(Screen[None]):
    """The open article's translation and entities, kept per article id."""

    cursor: int

    def __init__(self) -> None:
        super().__init__()
        self.article: Article | None = None
        self.english: dict[str, list[Translated]] = {}
        self.english_title: dict[str, Translated] = {}
        self.german_entities: dict[str, list[list[Entity]]] = {}
        self.english_entities: dict[str, list[list[Entity]]] = {}
        self.marks: dict[int, Mark] = {}

    @property
    def reader(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    def refresh_panes(self, *, new_article: bool = False) -> None:
        raise NotImplementedError

    def say(self, message: str, *, severity: SeverityLevel = "information", timeout: float = 5) -> None:
        raise NotImplementedError

    @work(thread=True, exit_on_error=False, exclusive=True, group="translate", description="Translating")
    def fetch_english(self, article: Article, *, auto: bool, engine: str | None = None) -> None:
        from reader.enrich import known_english

        settings = self.reader.settings
        engine = engine or settings.translation.engine
        known = known_english(self.reader.store, article, engine)
        updates = [(-1, known.title), *list(enumerate(known.units))]
        total = len(known.units)
        done = total - len(known.missing)
        self.post_message(EnglishArrived(article.id, updates, done, total, engine, not known.missing))
        if not known.missing or not auto:
            return
        from reader.translation.service import translate_article

        worker = get_current_worker()

        def on_update(batch: list[tuple[int, Translated]], done: int, total: int) -> None:
            self.post_message(EnglishArrived(article.id, batch, done, total, engine))

        result = translate_article(
            self.reader.store,
            settings,
            article,
            engine,
            on_update=on_update,
            should_stop=lambda: worker.is_cancelled,
        )
        final = list(enumerate(result.units))
        done = sum(t.ok for t in result.units)
        self.post_message(EnglishArrived(article.id, final, done, total, engine, True))

    def on_english_arrived(self, message: EnglishArrived) -> None:
        units = self.english.get(message.article_id)
        if units is None:
            return
        for index, translated in message.updates:
            if index == -1:
                self.english_title[message.article_id] = translated
            elif 0 <= index < len(units):
                units[index] = translated
        if self.article is None or self.article.id != message.article_id:
            return
        status = self.query_one(StatusLine)
        failed = [t for t in units if t.source == FAILED]
        if message.finished:
            status.translation = f"{message.done}/{message.total} translated"
            if failed:
                status.problem = f"{len(failed)} not translated: {failed[0].error or 'failed'} (t retries)"
        else:
            status.translation = f"Translating with {message.engine}… {message.done}/{message.total}"
        self.refresh_panes()
        self.project_entities(self.article)

    @work(
        thread=True, exit_on_error=False, exclusive=True, group="entities", description="Recognising entities"
    )
    def fetch_entities(self, article: Article) -> None:
        from reader.enrich import article_entities

        self.post_message(Status("Recognising entities…"))
        recognizer = self.reader.recognizer()
        german = article_entities(self.reader.store, recognizer, article)
        english = self._project(article, german)
        self.post_message(
            EntitiesArrived(article.id, german, english, f"{recognizer.name} {recognizer.version}")
        )

    @work(
        thread=True,
        exit_on_error=False,
        exclusive=True,
        group="project",
        description="Matching entities in English",
    )
    def project_entities(self, article: Article) -> None:
        german = self.german_entities.get(article.id)
        if german is None:
            return
        english = self._project(article, german)
        self.post_message(EntitiesArrived(article.id, german, english, ""))

    def _project(self, article: Article, german: list[list[Entity]]) -> list[list[Entity]]:
        from reader.nlp.english import project_entities

        units = list(self.english.get(article.id, []))
        out: list[list[Entity]] = []
        for unit, ents in zip(article.units, german, strict=True):
            t = units[unit.index] if unit.index < len(units) else None
            out.append(project_entities(unit.sentence.text, ents, t.text) if t and t.text and ents else [])
        return out

    def on_entities_arrived(self, message: EntitiesArrived) -> None:
        self.german_entities[message.article_id] = message.german
        if message.english is not None:
            self.english_entities[message.article_id] = message.english
        if self.article is not None and self.article.id == message.article_id:
            if message.recogniser:
                self.query_one(StatusLine).entities = ""
            self.refresh_panes()

    def on_status(self, message: Status) -> None:
        self.query_one(StatusLine).entities = message.text
