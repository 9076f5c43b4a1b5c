"""A question with a yes and a no, for what is hard to take back by hand; it returns True for yes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm_yes"),
        Binding("n,escape,q", "answer(False)", "No", id="confirm_no"),
    ]
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 64; max-width: 100%; height: auto; border: thick $accent;
        background: $surface; padding: 0 1; }
    ConfirmScreen #detail { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Are you sure?"
            yield Static(Content(self.question), id="question")
            if self.detail:
                yield Static(Content(self.detail), id="detail")
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
