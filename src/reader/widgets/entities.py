"""The entity panel: the article's entities, one row each with type and count; choosing one steps through it.

The rows are the article's grouped entities (`reader.nlp.grouping`): one row per entity under its
canonical name, in the colour of its one type. Escape posts `EntityPanel.Closed`; the screen hides
the panel and gives focus back to the pane it came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.nlp.grouping import EntityGroup
from reader.widgets.styles import entity_style

HEADING = "Entities"
HINT = "⏎ go · f everywhere · esc"


@dataclass(frozen=True, slots=True)
class EntityRow:
    text: str
    label: str
    count: int
    english: str = ""


def entity_rows(groups: Sequence[EntityGroup], english: dict[str, str] | None = None) -> list[EntityRow]:
    """One row per grouped entity, in the groups' order; `english` maps a name to its English form."""
    english = english or {}
    return [EntityRow(g.name, g.label, g.count, english.get(g.name, "")) for g in groups]


class EntityPanel(OptionList):
    """Posts `EntityPanel.Chosen` with the entity's name and type, and `EntityPanel.Closed` on Escape."""

    BINDINGS = [
        Binding("escape", "close", "Close entities", id="close_entities"),
        Binding("f", "everywhere", "Articles mentioning it", id="entity_everywhere"),
    ]
    DEFAULT_CSS = """
    EntityPanel {
        width: 30; height: 1fr; display: none;
        border: none; border-left: vkey $foreground 20%;
        border-top: solid $foreground 25%; border-bottom: solid $foreground 25%;
        border-title-color: $text-accent; border-title-align: left;
        border-subtitle-color: $text-muted; border-subtitle-align: left;
    }
    EntityPanel:focus {
        border: none; border-left: vkey $foreground 20%;
        border-top: solid $accent; border-bottom: solid $foreground 25%;
    }
    EntityPanel.-shown { display: block; }
    """

    class Chosen(Message):
        """An entity was chosen: `text` is its canonical name."""

        def __init__(self, text: str, label: str) -> None:
            self.text = text
            self.label = label
            super().__init__()

    class Closed(Message):
        """The reader asked to close the panel (Escape)."""

    class Everywhere(Message):
        """The reader asked for every article that mentions the highlighted entity."""

        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[EntityRow] = []
        self._filled = False
        self.border_title = HEADING
        self.border_subtitle = HINT

    def set_rows(self, rows: list[EntityRow]) -> None:
        """Show these rows. While the panel is hidden they wait, since filling it costs a layout pass."""
        if rows == self._rows and self._filled:
            return
        self._rows = rows
        self._filled = False
        self.border_title = f"{HEADING} · {len(rows)}" if rows else HEADING
        if self.has_class("-shown"):
            self._fill()

    def set_shown(self, shown: bool) -> None:
        self.set_class(shown, "-shown")
        if shown and not self._filled:
            self._fill()

    def _fill(self) -> None:
        self._filled = True
        rows = self._rows
        self.set_options(
            Option(
                Content.assemble(
                    Content.styled(f"{r.label:<4}", entity_style(r.label)),
                    " ",
                    Content(r.text),
                    Content.styled(f" ×{r.count}", "dim"),
                    Content.styled(
                        f"  {r.english}" if r.english and r.english != r.text else "", "italic dim"
                    ),
                )
            )
            for r in rows
        )
        if not rows:
            self.set_options([Option(Content.styled("no entities yet", "dim"), disabled=True)])

    def action_close(self) -> None:
        self.post_message(self.Closed())

    def action_everywhere(self) -> None:
        index = self.highlighted
        if index is not None and 0 <= index < len(self._rows):
            self.post_message(self.Everywhere(self._rows[index].text))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._rows):
            row = self._rows[event.option_index]
            self.post_message(self.Chosen(row.text, row.label))
