"""The entity panel on its own: title, hint, one row per grouped entity, Enter and Escape."""

from __future__ import annotations

import re

from textual.app import App, ComposeResult
from textual.message import Message

from apps import screen_text, settle
from reader.nlp.grouping import group_entities
from reader.nlp.types import Entity, Label
from reader.widgets.entities import HINT, EntityPanel, entity_rows


def mention(text: str, label: Label) -> Entity:
    return Entity(0, len(text), label, text)


SENTENCES = [
    [mention("Süddeutschen Zeitung", "ORG"), mention("Franz Beckenbauer", "PER")],
    [mention("Beckenbauer", "PER"), mention("Moscow Times", "ORG")],
    [mention("Süddeutsche Zeitung", "ORG"), mention("Moscow Times", "PER"), mention("Moscow Times", "ORG")],
]


class PanelApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.heard: list[Message] = []

    def compose(self) -> ComposeResult:
        yield EntityPanel(id="panel")

    def on_mount(self) -> None:
        panel = self.query_one(EntityPanel)
        panel.set_rows(entity_rows(group_entities(SENTENCES).groups))
        panel.set_shown(True)
        panel.focus()

    def on_entity_panel_chosen(self, message: EntityPanel.Chosen) -> None:
        self.heard.append(message)

    def on_entity_panel_closed(self, message: EntityPanel.Closed) -> None:
        self.heard.append(message)


async def test_the_panel_has_a_title_a_hint_and_one_row_per_entity() -> None:
    app = PanelApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Entities · 3" in text and HINT in text
        rows = [m.groups() for m in re.finditer(r"(PER|LOC|ORG|MISC) +(.+?) ×(\d+)", text)]
        assert rows == [
            ("ORG", "Moscow Times", "3"),
            ("PER", "Franz Beckenbauer", "2"),
            ("ORG", "Süddeutsche Zeitung", "2"),
        ]


async def test_enter_chooses_the_canonical_name_and_escape_asks_to_close() -> None:
    app = PanelApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await pilot.press("escape")
        await settle(pilot)
        chosen, closed = app.heard
        assert isinstance(chosen, EntityPanel.Chosen) and chosen.text == "Franz Beckenbauer"
        assert isinstance(closed, EntityPanel.Closed)
