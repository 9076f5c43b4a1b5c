"""The help screen, built from the active bindings, so it always matches the keymap in force."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static


class HelpScreen(ModalScreen[None]):
    """Every key and what it does. Any of escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="close_help"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 64; max-width: 100%; height: auto; max-height: 1fr;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    HelpScreen Static.keys { width: 100%; }
    """

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        width = max((len(keys) for keys, _ in self.rows), default=4) + 2
        lines = [Content.styled("Keys", "bold $accent"), Content("")]
        for keys, description in self.rows:
            lines.append(Content.assemble(Content.styled(keys.ljust(width), "bold"), description))
        lines += [Content(""), Content.styled("ctrl+p: command palette · escape: close", "dim")]
        with VerticalScroll() as scroll:
            scroll.border_title = "Help"
            yield Static(Content("\n").join(lines), classes="keys")
        yield Footer()
