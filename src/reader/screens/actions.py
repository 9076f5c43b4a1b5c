"""Actions on the current sentence: translate or retry, copy, mark, note, compare engines, export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from reader.articles.model import Article
from reader.nlp.types import Entity
from reader.screens.enrichment import Enrichment
from reader.store import marks as marks_store
from reader.translation.types import FAILED, PENDING, Translated
from reader.widgets.status import StatusLine

if TYPE_CHECKING:
    from reader.enrich import English

OSC52_LIMIT = 74_000  # bytes; many terminals refuse longer OSC 52 sequences (about 100 KB encoded)


class SentenceActions(Enrichment):
    """The keys that act on the sentence under the cursor, or on the whole article."""

    def action_translate(self) -> None:
        """Translate what is missing, or retry what failed, with the configured engine."""
        if self.article is None:
            return
        units = self.english.get(self.article.id, [])
        self.english[self.article.id] = [
            Translated(None, PENDING) if t.source == FAILED else t for t in units
        ]
        self.query_one(StatusLine).problem = ""
        self.fetch_english(self.article, auto=True)

    def action_copy(self, language: str) -> None:
        if self.article is None:
            return
        if language == "de":
            text = self.article.units[self.cursor].sentence.text
        else:
            text = self.english[self.article.id][self.cursor].text or ""
        if text:
            self.app.copy_to_clipboard(text)  # OSC 52: it crosses SSH
            self.say("Copied the sentence to the clipboard.", timeout=2)

    def action_mark(self) -> None:
        if self.article is not None:
            current = self.marks.get(self.cursor)
            self.save_mark(self.article.id, self.cursor, marked=not (current and current.marked))

    def action_note(self) -> None:
        from reader.screens.note import NoteScreen

        if self.article is None:
            return
        article_id, position = self.article.id, self.cursor
        current = self.marks.get(position)

        def done(note: str | None) -> None:
            if note is not None:
                self.save_mark(article_id, position, note=note)

        self.app.push_screen(
            NoteScreen(self.article.units[position].sentence.text, current.note if current else ""), done
        )

    @work(thread=True, exit_on_error=False, group="marks-save", description="Saving mark")
    def save_mark(
        self, article_id: str, position: int, *, marked: bool | None = None, note: str | None = None
    ) -> None:
        mark = marks_store.set_mark(self.reader.store, article_id, position, marked=marked, note=note)
        self.app.call_from_thread(self._mark_saved, article_id, mark)

    def _mark_saved(self, article_id: str, mark: marks_store.Mark) -> None:
        if self.article is not None and self.article.id == article_id:
            self.marks[mark.position] = mark
            self.refresh_panes()

    def action_compare(self) -> None:
        from reader.screens.compare import CompareScreen

        if self.article is not None:
            self.app.push_screen(CompareScreen(self.article.units[self.cursor].sentence.text))

    def action_export(self) -> None:
        if self.article is None:
            return
        from reader.enrich import English

        article_id = self.article.id
        title = self.english_title.get(article_id, Translated(None, PENDING))
        english = English(title, tuple(self.english.get(article_id, [])))
        self.export_article(
            self.article,
            english,
            self.german_entities.get(article_id),
            self.english_entities.get(article_id),
        )

    @work(thread=True, exit_on_error=False, exclusive=True, group="export", description="Exporting")
    def export_article(
        self,
        article: Article,
        english: English,
        german: list[list[Entity]] | None,
        english_entities: list[list[Entity]] | None,
    ) -> None:
        from reader.export.service import export_to_directory

        path, markdown = export_to_directory(
            self.reader.store,
            self.reader.settings,
            article,
            english=english,
            entities=german,
            english_entities=english_entities,
            recognizer=self.reader.recognizer(),
        )
        self.app.call_from_thread(self._exported, path, markdown)

    def _exported(self, path: Path, markdown: str) -> None:
        if len(markdown.encode("utf-8")) <= OSC52_LIMIT:
            self.app.copy_to_clipboard(markdown)  # OSC 52, so it reaches the clipboard over SSH too
            self.say(f"Exported to {path} (and copied to the clipboard)", timeout=8)
        else:
            self.say(f"Exported to {path} (too large to copy to the clipboard)", timeout=8)
