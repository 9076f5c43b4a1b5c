"""Engine comparison: the current sentence as each configured engine renders it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.translation.types import Translated

if TYPE_CHECKING:
    from reader.app import ReaderApp


class CompareScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,c", "dismiss", "Close", id="close_compare")]
    DEFAULT_CSS = """
    CompareScreen { align: center middle; }
    CompareScreen > VerticalScroll { width: 90%; height: auto; max-height: 90%; border: thick $accent;
        background: $surface; padding: 0 1; }
    """

    def __init__(self, sentence: str) -> None:
        super().__init__()
        self.sentence = sentence

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = "Compare engines (escape closes)"
            yield Static(Content(self.sentence), id="sentence")
            yield Static(Content.styled("Asking the engines…", "dim"), id="results")

    def on_mount(self) -> None:
        self.compare()

    @work(thread=True, exit_on_error=False, exclusive=True, group="compare", description="Comparing engines")
    def compare(self) -> None:
        from reader.translation.service import compare_engines

        app: ReaderApp = self.app  # type: ignore[assignment]
        results = compare_engines(app.store, app.settings, self.sentence)
        self.app.call_from_thread(self._show, results)

    def _show(self, results: dict[str, Translated]) -> None:
        lines: list[Content] = []
        for engine, t in results.items():
            lines.append(Content.styled(f"{engine} ({t.source})", "bold $accent"))
            lines.append(Content(t.text) if t.text else Content.styled(t.error or "failed", "$text-error"))
            lines.append(Content(""))
        self.query_one("#results", Static).update(Content("\n").join(lines))
