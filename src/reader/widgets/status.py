"""The status line under the panes: the note on the sentence, what went wrong, translation progress,
entity recognition, what runs in the background (a refresh of the feeds, the dictionary being indexed),
and the entity legend."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from reader.nlp.types import LABELS
from reader.widgets.styles import entity_style


class StatusLine(Horizontal):
    """One line: progress and problems on the left (cut with … when long), the legend on the right."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text-muted; }
    StatusLine > #status-text { width: 1fr; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    StatusLine > #legend { width: auto; padding: 0 1 0 0; }
    """
    translation: reactive[str] = reactive("")
    entities: reactive[str] = reactive("")  # recognising the entities
    counts: reactive[dict[str, int]] = reactive(dict)
    problem: reactive[str] = reactive("")
    note: reactive[str] = reactive("")  # the note on the sentence under the cursor
    words: reactive[str] = reactive("")  # the word tools: indexing the dictionary
    activity: reactive[str] = reactive("")  # the library: refreshing the feeds

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown_text = Content("")
        self._shown_legend = Content("")

    def compose(self) -> ComposeResult:
        yield Static(id="status-text")
        yield Static(id="legend")

    def _text(self) -> Content:
        parts: list[Content] = []
        if self.note:
            parts.append(Content.styled(f"✎ {self.note}", "$text-warning"))
        if self.problem:
            parts.append(Content.styled(f"⚠ {self.problem}", "$text-error"))
        if self.translation:
            parts.append(Content(self.translation))
        if self.entities:
            parts.append(Content(self.entities))
        if self.words:
            parts.append(Content(self.words))
        if self.activity:
            parts.append(Content(self.activity))
        return Content(" │ ").join(parts)

    def _legend(self) -> Content:
        if not self.counts:
            return Content("")
        return Content(" ").join(
            Content.styled(f" {label} {self.counts.get(label, 0)} ", entity_style(label)) for label in LABELS
        )

    def _refresh_parts(self) -> None:
        """Repaint what changed. Only a legend of a new width needs a layout pass (a full-screen repaint)."""
        if not self.is_mounted:
            return
        text, legend = self._text(), self._legend()
        if text != self._shown_text:
            self._shown_text = text
            self.query_one("#status-text", Static).update(text, layout=False)
        if legend != self._shown_legend:
            layout = legend.cell_length != self._shown_legend.cell_length
            self._shown_legend = legend
            self.query_one("#legend", Static).update(legend, layout=layout)

    def on_mount(self) -> None:
        self._refresh_parts()

    def watch_translation(self) -> None:
        self._refresh_parts()

    def watch_entities(self) -> None:
        self._refresh_parts()

    def watch_counts(self) -> None:
        self._refresh_parts()

    def watch_problem(self) -> None:
        self._refresh_parts()

    def watch_note(self) -> None:
        self._refresh_parts()

    def watch_words(self) -> None:
        self._refresh_parts()

    def watch_activity(self) -> None:
        self._refresh_parts()
