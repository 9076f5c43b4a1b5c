"""Progress: the reader's figures over the last 30 days, drawn as plots in the terminal (textual-plotext,
which loads with this screen, not before): words known at the end of each day, words reviewed and
articles read per day, and how many words have each status now. A modal screen, opened with `P`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static
from textual.worker import Worker
from textual_plotext import PlotextPlot

from reader.screens.feedback import report_failure
from reader.screens.parts import run_body
from reader.services import Services

if TYPE_CHECKING:
    from reader.screens.messages import ProgressLoaded
    from reader.words.progress import Day

TICKS = 4  # dates labelled on a plot's x axis
NOTHING_YET = (
    "Nothing to show yet: mark words (w known, 1–4 learning on the word cursor), finish articles (D) "
    "and review (r), and your days fill in here."
)


def summary(days: Sequence[Day], counts: dict[str, int]) -> Content:
    """One line of totals: words known now and how many more than 30 days ago, words in learning,
    reviews and articles read in the period."""
    known = days[-1].known if days else counts.get("known", 0)
    gained = sum(d.learned for d in days)
    reviews = sum(d.reviews for d in days)
    read = sum(d.read for d in days)
    parts = [
        Content.assemble(Content.styled(f"{known:,}", "bold"), f" known ({gained:+,})"),
        Content.assemble(Content.styled(f"{counts.get('learning', 0):,}", "bold"), " learning"),
        Content.assemble(Content.styled(f"{reviews:,}", "bold"), " reviews"),
        Content.assemble(Content.styled(f"{read:,}", "bold"), f" article{'s' * (read != 1)} read"),
    ]
    return Content("  ·  ").join(parts)


def ticks(days: Sequence[Day]) -> tuple[list[float], list[str]]:
    """A few positions on the x axis and their dates ("2 Dec"), the last being today."""
    if not days:
        return [], []
    step = max(1, (len(days) - 1) // (TICKS - 1))
    positions = list(range(len(days) - 1, -1, -step))[:TICKS][::-1]
    return [float(i) for i in positions], [f"{days[i].day.day} {days[i].day:%b}" for i in positions]


class ProgressScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,P", "dismiss", "Close", id="progress_close")]
    DEFAULT_CSS = """
    ProgressScreen { align: center middle; }
    ProgressScreen > Vertical {
        width: 100; max-width: 100%; height: 1fr; max-height: 34;
        border: thick $accent; border-title-color: $text-accent; background: $surface; padding: 0 1;
    }
    ProgressScreen #progress-summary { height: auto; margin-bottom: 1; }
    ProgressScreen #progress-known { height: 1fr; }
    ProgressScreen Horizontal { height: 1fr; }
    ProgressScreen PlotextPlot { width: 1fr; }
    """

    summary_line = getters.query_one("#progress-summary", Static)

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.days: list[Day] = []

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Progress · the last 30 days"
            yield Static(Content.styled("reading your figures…", "dim"), id="progress-summary")
            yield PlotextPlot(id="progress-known")
            with Horizontal():
                yield PlotextPlot(id="progress-reviewed")
                yield PlotextPlot(id="progress-read")
        yield Footer()

    def on_mount(self) -> None:
        from reader.screens.learning_workers import progress_figures

        run_body(self, self.services, progress_figures, group="progress", description="Reading your progress")

    def on_progress_loaded(self, message: ProgressLoaded) -> None:
        days = self.days = message.days
        line = summary(days, message.counts)
        if not any(d.known or d.reviews or d.read for d in days):
            line = Content("\n").join([line, Content.styled(NOTHING_YET, "dim")])
        self.summary_line.update(line)
        x = list(range(len(days)))
        self._plot("#progress-known", "Words known", x, [d.known for d in days], bars=False)
        self._plot("#progress-reviewed", "Words reviewed a day", x, [d.reviewed for d in days])
        self._plot("#progress-read", "Articles read a day", x, [d.read for d in days])

    def _plot(self, selector: str, title: str, x: list[int], y: list[int], *, bars: bool = True) -> None:
        widget = self.query_one(selector, PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.title(title)
        if bars:
            plt.bar(x, y, width=0.8, marker="sd")
            low = 0
        else:  # words known: the change is what shows, so the axis starts near the lowest
            plt.plot(x, y, marker="hd")
            low = min(y, default=0)
        positions, labels = ticks(self.days)
        plt.xticks(positions, labels)
        high = max(max(y, default=0), low + 1)
        plt.yticks(*_yticks(low, high))
        plt.ylim(low, high)
        plt.xlim(-0.5, len(x) - 0.5)
        widget.refresh()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)


def _yticks(low: int, high: int) -> tuple[list[float], list[str]]:
    """Whole numbers for the y axis: the lowest, the highest and the one half-way."""
    values = sorted({low, (low + high) // 2, high})
    return [float(v) for v in values], [f"{v:,}" for v in values]
