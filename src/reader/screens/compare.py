"""Engine comparison: the current sentence as each configured engine renders it, and one answer kept.

The screen returns, with `dismiss`, the (engine, English) the reader chose to keep for the sentence, or
None; the reading screen stores it (`reader.enrich.english.keep_english`).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from reader.articles.sanitize import sanitize
from reader.screens.feedback import report_failure
from reader.screens.messages import Compared
from reader.services import Services
from reader.translation.types import Translated

Kept = tuple[str, str]  # (engine, English)


class CompareScreen(ModalScreen[Kept | None]):
    BINDINGS = [
        Binding("enter", "keep", "Keep this English", id="keep_english"),
        Binding("down", "step('cursor_down')", "Next answer", id="compare_down", show=False),
        Binding("up", "step('cursor_up')", "Previous answer", id="compare_up", show=False),
        Binding("escape,q,c", "close", "Close", id="close_compare"),
    ]
    DEFAULT_CSS = """
    CompareScreen { align: center middle; }
    CompareScreen > Vertical { width: 90%; height: auto; max-height: 90%; border: thick $accent;
        background: $surface; padding: 0 1; }
    CompareScreen #sentence { height: auto; max-height: 6; margin-bottom: 1; }
    CompareScreen #compare-note { color: $text-muted; height: auto; }
    CompareScreen OptionList { height: auto; max-height: 20; border: none; padding: 0; }
    """

    def __init__(self, services: Services, sentence: str, known: dict[str, str] | None = None) -> None:
        """`known`: English the reader already has for the sentence, by source ("reference", "chosen")."""
        super().__init__()
        self.services = services
        self.sentence = sentence
        self.known = known or {}
        self.answers: list[tuple[str, str]] = []  # (engine, English), in the order of the options

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Compare engines"
            yield Static(Content(sanitize(self.sentence)), id="sentence")
            results = OptionList(id="answers")
            results.can_focus = False  # the screen's keys move it: the footer shows them
            yield results
            yield Static(Content.styled("Asking the engines…", "dim"), id="compare-note")
        yield Footer()

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

        settings = self.services.settings
        # A public session asks no engine (they are the owner's): it compares what the memory holds.
        found = compare_engines(self.services.store, settings, self.sentence, fetch=not settings.public)
        self.post_message(Compared(found))

    def on_compared(self, message: Compared) -> None:
        options: list[Option | None] = []
        for source, text in self.known.items():
            head = Content.styled(f"shown now ({source})", "bold $text-muted")
            options += [Option(Content("\n").join([head, Content(sanitize(text))]), disabled=True), None]
        self.answers = []
        for engine, t in message.results.items():
            options += [Option(_answer(engine, t), disabled=not t.text), None]
            if t.text:
                self.answers.append((engine, t.text))
        answers = self.query_one(OptionList)
        answers.set_options(options[:-1])
        first = next(
            (i for i in range(answers.option_count) if not answers.get_option_at_index(i).disabled), None
        )
        answers.highlighted = first
        note = (
            "enter keeps the highlighted English for this sentence" if self.answers else "No engine answered."
        )
        self.query_one("#compare-note", Static).update(Content.styled(note, "dim"))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "keep" or bool(self.answers)  # no answer to keep: not in the footer either

    def action_step(self, action: str) -> None:
        getattr(self.query_one(OptionList), f"action_{action}")()

    def action_keep(self) -> None:
        answers = self.query_one(OptionList)
        index = answers.highlighted
        if index is None or answers.get_option_at_index(index).disabled:
            return
        enabled = [i for i in range(answers.option_count) if not answers.get_option_at_index(i).disabled]
        self.dismiss(self.answers[enabled.index(index)])

    def action_close(self) -> None:
        self.dismiss(None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        message = report_failure(self, event)
        if message is not None:
            self.query_one("#compare-note", Static).update(Content.styled(message, "$text-error"))


def _answer(engine: str, t: Translated) -> Content:
    head = Content.styled(f"{engine} ({t.source})", "bold $accent")
    body = (
        Content(sanitize(t.text)) if t.text else Content.styled(sanitize(t.error or "failed"), "$text-error")
    )
    return Content("\n").join([head, body])
