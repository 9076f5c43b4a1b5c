"""Engine comparison: the current sentence as each configured engine renders it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import Worker

from reader.screens.feedback import report_failure
from reader.screens.messages import Compared
from reader.services import Services


class CompareScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,c", "dismiss", "Close", id="close_compare")]
    DEFAULT_CSS = """
    CompareScreen { align: center middle; }
    CompareScreen > VerticalScroll { width: 90%; height: auto; max-height: 90%; border: thick $accent;
        background: $surface; padding: 0 1; }
    """

    def __init__(self, services: Services, sentence: str, known: dict[str, str] | None = None) -> None:
        """`known`: English the reader already has for the sentence, by source ("reference", "memory")."""
        super().__init__()
        self.services = services
        self.sentence = sentence
        self.known = known or {}

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = "Compare engines (escape closes)"
            yield Static(Content(self.sentence), id="sentence")
            yield Static(Content.styled("Asking the engines…", "dim"), id="results")

    def on_mount(self) -> None:
        self.run_worker(
            self._compare,
            thread=True,
            exit_on_error=False,
            exclusive=True,
            group="compare",
            description="Comparing engines",
        )

    def _compare(self) -> None:
        from reader.enrich.english import compare_engines

        self.post_message(
            Compared(compare_engines(self.services.store, self.services.settings, self.sentence))
        )

    def on_compared(self, message: Compared) -> None:
        lines: list[Content] = []
        for source, text in self.known.items():
            lines += [Content.styled(f"shown now ({source})", "bold $accent"), Content(text), Content("")]
        for engine, t in message.results.items():
            lines.append(Content.styled(f"{engine} ({t.source})", "bold $accent"))
            lines.append(Content(t.text) if t.text else Content.styled(t.error or "failed", "$text-error"))
            lines.append(Content(""))
        self.query_one("#results", Static).update(Content("\n").join(lines))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        message = report_failure(self, event)
        if message is not None:
            self.query_one("#results", Static).update(Content.styled(message, "$text-error"))
