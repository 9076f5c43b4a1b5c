"""The entity panel: the article's entities with type and count; choosing one steps through its mentions."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.widgets.styles import entity_style


@dataclass(frozen=True, slots=True)
class EntityRow:
    text: str
    label: str
    count: int
    english: str = ""


class EntityPanel(OptionList):
    """Posts `EntityPanel.Chosen` with the entity's text and label."""

    DEFAULT_CSS = """
    EntityPanel { width: 30; height: 1fr; border: none; border-left: vkey $foreground 20%; display: none; }
    EntityPanel.-shown { display: block; }
    """

    class Chosen(Message):
        def __init__(self, text: str, label: str) -> None:
            self.text = text
            self.label = label
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[EntityRow] = []
        self._filled = False

    def set_rows(self, rows: list[EntityRow]) -> None:
        """Show these rows. While the panel is hidden they wait, since filling it costs a layout pass."""
        if rows == self._rows and self._filled:
            return
        self._rows = rows
        self._filled = False
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

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._rows):
            row = self._rows[event.option_index]
            self.post_message(self.Chosen(row.text, row.label))
