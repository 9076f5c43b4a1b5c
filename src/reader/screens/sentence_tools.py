"""The reading screen's actions on the sentence under the cursor, or on the whole article: copy, mark,
note, compare engines, export.

`SentenceTools` belongs to one `ReadingScreen`, whose key actions call it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, Protocol

from textual.app import App

from reader.screens import workers
from reader.screens.messages import Exported
from reader.screens.state import ArticleState
from reader.services import Services
from reader.translation.types import REFERENCE

OSC52_LIMIT = 74_000  # bytes; many terminals refuse longer OSC 52 sequences (about 100 KB encoded)
# OSC 52 reaches the terminal; whether the terminal honours it (tmux does not by default) we cannot know.
CLIPBOARD_SENT = "{what} was sent to the terminal's clipboard (OSC 52; some terminals ignore it)."


class Host(Protocol):
    """What SentenceTools needs of the reading screen (a Protocol, so the two modules import one way)."""

    state: ArticleState | None
    services: Services

    @property
    def app(self) -> App[Any]: ...
    def _run(
        self, fn: Callable[..., None], *args: Any, group: str, description: str, exclusive: bool = ...
    ) -> None: ...


class SentenceTools:
    def __init__(self, screen: Host, say: Callable[..., None]) -> None:
        self.screen = screen
        self.say = say

    def copy(self, language: str) -> None:
        state = self.screen.state
        if state is None:
            return
        text = state.german() if language == "de" else state.english_text()
        if not text:
            self.say("This sentence has no English yet: nothing to copy.", timeout=3)
            return
        self.screen.app.copy_to_clipboard(text)  # OSC 52: it crosses SSH
        self.say(CLIPBOARD_SENT.format(what="The sentence"), timeout=4)

    def mark(self) -> None:
        state = self.screen.state
        if state is not None:
            mark = state.mark()
            self.save_mark(state.id, state.cursor, marked=not (mark and mark.marked))

    def save_mark(
        self, article_id: str, position: int, *, marked: bool | None = None, note: str | None = None
    ) -> None:
        self.screen._run(
            workers.save_mark,
            article_id,
            position,
            marked,
            note,
            group="marks-save",
            description="Saving mark",
            exclusive=False,
        )

    def note(self) -> None:
        from reader.screens.note import NoteScreen

        state = self.screen.state
        if state is None:
            return
        article_id, position, mark = state.id, state.cursor, state.mark()

        def done(note: str | None) -> None:
            if note is not None:
                self.save_mark(article_id, position, note=note)

        self.screen.app.push_screen(NoteScreen(state.german(), mark.note if mark else ""), done)

    def compare(self) -> None:
        from reader.screens.compare import CompareScreen

        state = self.screen.state
        if state is not None:
            english = state.english.units[state.cursor]
            known = {REFERENCE: english.text} if english.text and english.source == REFERENCE else {}
            self.screen.app.push_screen(CompareScreen(self.screen.services, state.german(), known))

    def export(self) -> None:
        if self.screen.state is not None:
            # In a browser (textual-serve) the export is a download, not a file on the server's disk.
            state, download = self.screen.state, self.screen.app.is_web
            self.screen._run(workers.export, state, download, group="export", description="Exporting")

    def exported(self, message: Exported) -> None:
        if message.download:
            name, markdown = message.path.name, io.StringIO(message.markdown)
            self.screen.app.deliver_text(markdown, save_filename=name, mime_type="text/markdown")
            self.say(f"Exported: your browser downloads {name}.", timeout=8)
            return
        if len(message.markdown.encode("utf-8")) <= OSC52_LIMIT:
            self.screen.app.copy_to_clipboard(message.markdown)  # OSC 52: the clipboard over SSH too
            self.say(f"Exported to {message.path}. " + CLIPBOARD_SENT.format(what="The Markdown"), timeout=8)
        else:
            self.say(f"Exported to {message.path} (too large to send to the clipboard).", timeout=8)
