"""The status line under the panes: translation progress and source, entity legend, and what went wrong."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from reader.nlp.types import LABELS

LABEL_NAMES = {"PER": "person", "LOC": "place", "ORG": "organisation", "MISC": "other"}


class StatusLine(Static):
    """One line: what the English pane shows and why, and the entity counts by type."""

    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    """
    translation: reactive[str] = reactive("")
    entities: reactive[str] = reactive("")
    counts: reactive[dict[str, int]] = reactive(dict, always_update=True)
    problem: reactive[str] = reactive("")

    def render(self) -> Content:
        parts: list[Content] = []
        if self.problem:
            parts.append(Content.styled(f"⚠ {self.problem}", "$text-error"))
        if self.translation:
            parts.append(Content(self.translation))
        if self.entities:
            parts.append(Content(self.entities))
        if self.counts:
            legend = [
                Content.styled(f" {label} {self.counts.get(label, 0)} ", f"$text on {_tint(label)}")
                for label in LABELS
            ]
            parts.append(Content(" ").join(legend))
        return Content(" │ ").join(parts)


def _tint(label: str) -> str:
    return {"PER": "$error 50%", "LOC": "$success 45%", "ORG": "$primary 60%", "MISC": "$warning 45%"}[label]
