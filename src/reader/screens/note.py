"""A modal for writing a short note on the current sentence; it returns the note, or None if cancelled."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static


class NoteInput(Input):
    """The note's box, whose Enter the footer shows (Input's own is hidden there). The screen does not
    take Enter with a priority binding: that would save before the keys typed ahead of it arrive."""

    BINDINGS = [Binding("enter", "submit", "Save the note", id="save_note")]


class NoteScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel_note")]
    DEFAULT_CSS = """
    NoteScreen { align: center middle; }
    NoteScreen > Vertical { width: 70; max-width: 100%; height: auto; border: thick $accent;
        background: $surface; padding: 0 1; }
    NoteScreen Static { color: $text-muted; margin-bottom: 1; }
    """

    def __init__(self, sentence: str, note: str) -> None:
        super().__init__()
        self.sentence = sentence
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Note"
            yield Static(Content(self.sentence))
            yield NoteInput(value=self.note, placeholder="your note (empty removes it)", max_length=500)
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
