"""The reading screen's actions on the sentence under the cursor, or on the whole article: copy, mark,
note, compare engines, export. A part of the reading screen (see `reader.screens.parts`).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from textual.binding import Binding

from reader.screens import state as st
from reader.screens import workers
from reader.screens.parts import Part
from reader.translation.types import CHOSEN, REFERENCE

if TYPE_CHECKING:  # the replies' classes load with the workers, after the first frame
    from reader.screens.messages import EnglishKept, Exported, MarkSaved

OSC52_LIMIT = 74_000  # bytes; many terminals refuse longer OSC 52 sequences (about 100 KB encoded)
# OSC 52 reaches the terminal; whether the terminal honours it (tmux does not by default) we cannot know.
CLIPBOARD_SENT = "{what} was sent to the terminal's clipboard (OSC 52; some terminals ignore it)."


class SentenceTools(Part):
    NAME = "tools"
    BINDINGS = [
        Binding(
            "x", "export", "Export", id="export", tooltip="Write the article to Markdown in the export folder"
        ),
        Binding("c", "compare", "Compare engines", id="compare", show=False),
        Binding("m", "mark", "Mark sentence", id="mark", show=False),
        Binding("a", "note", "Note on sentence", id="note", show=False),
        Binding("y", "copy('de')", "Copy German sentence", id="copy_german", show=False),
        Binding("Y", "copy('en')", "Copy English sentence", id="copy_english", show=False),
    ]

    def action_copy(self, language: str) -> None:
        state = self.host.state
        if state is None:
            return
        text = state.german() if language == "de" else state.english_text()
        if not text:
            self.say("This sentence has no English yet: nothing to copy.", timeout=3)
            return
        self.app.copy_to_clipboard(text)  # OSC 52: it crosses SSH
        self.say(CLIPBOARD_SENT.format(what="The sentence"), timeout=4)

    def action_mark(self) -> None:
        state = self.host.state
        if state is not None:
            mark = state.mark()
            self.save_mark(state.id, state.cursor, marked=not (mark and mark.marked))

    def save_mark(
        self, article_id: str, position: int, *, marked: bool | None = None, note: str | None = None
    ) -> None:
        self.run(
            workers.save_mark,
            article_id,
            position,
            marked,
            note,
            group="marks-save",
            description="Saving mark",
            exclusive=False,
        )

    def on_mark_saved(self, message: MarkSaved) -> None:
        self.host.update(lambda s: st.with_mark(s, message.mark), message.article_id)

    def action_note(self) -> None:
        from reader.screens.note import NoteScreen

        state = self.host.state
        if state is None:
            return
        article_id, position, mark = state.id, state.cursor, state.mark()

        def done(note: str | None) -> None:
            if note is not None:
                self.save_mark(article_id, position, note=note)

        self.app.push_screen(NoteScreen(state.german(), mark.note if mark else ""), done)

    def action_compare(self) -> None:
        from reader.screens.compare import CompareScreen, Kept

        state = self.host.state
        if state is None:
            return
        article_id, unit, german = state.id, state.cursor, state.german()
        english = state.english.units[unit]
        shown = english.text and english.source in (REFERENCE, CHOSEN)
        known = {english.source: english.text} if shown and english.text else {}

        def kept(choice: Kept | None) -> None:
            if choice is None:
                return
            if self.refused():
                return
            engine, text = choice
            self.run(
                workers.keep_english,
                article_id,
                unit,
                german,
                engine,
                text,
                group="keep",
                description="Keeping the English",
            )

        self.app.push_screen(CompareScreen(self.services, german, known), kept)

    def on_english_kept(self, message: EnglishKept) -> None:
        from reader.screens.enriching import Enriching

        self.host.part(Enriching).english_changed(message.article_id, [(message.unit, message.english)])
        self.say(f"Kept {message.engine}'s English for this sentence: it is shown from now on.", timeout=4)

    def action_export(self) -> None:
        if self.host.state is not None:
            # In a browser (textual-serve) the export is a download, not a file on the server's disk.
            download = self.app.is_web
            self.run(workers.export, self.host.state, download, group="export", description="Exporting")

    def on_exported(self, message: Exported) -> None:
        if message.download:
            name, markdown = message.path.name, io.StringIO(message.markdown)
            self.app.deliver_text(markdown, save_filename=name, mime_type="text/markdown")
            self.say(f"Exported: your browser downloads {name}.", timeout=8)
            return
        if not message.written:  # a public session writes no file on the server: the clipboard only
            if len(message.markdown.encode("utf-8")) <= OSC52_LIMIT:
                self.app.copy_to_clipboard(message.markdown)
                self.say("A public session writes no files. " + CLIPBOARD_SENT.format(what="The Markdown"))
            else:
                self.say("A public session writes no files, and this article is too large for the clipboard.")
            return
        if len(message.markdown.encode("utf-8")) <= OSC52_LIMIT:
            self.app.copy_to_clipboard(message.markdown)  # OSC 52: the clipboard over SSH too
            self.say(f"Exported to {message.path}. " + CLIPBOARD_SENT.format(what="The Markdown"), timeout=8)
        else:
            self.say(f"Exported to {message.path} (too large to send to the clipboard).", timeout=8)
