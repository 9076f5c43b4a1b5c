"""The reading pane on its own: when it lays text out, and the gutter glyphs for marks and notes."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.screen import Screen

from apps import build, first_frames, screen_text, settle
from reader.widgets.pane import MARK_GLYPH, NOTE_GLYPH, PaneBlock, PaneSentence, SentencePane

WORDS = "Der Bericht folgt dem sogenannten Format, das beiden Seiten ermöglichen soll, Linien zu erkennen."


def _blocks(marked: int | None = None, noted: int | None = None) -> list[PaneBlock]:
    sentences = tuple(
        PaneSentence(unit, f"Satz {unit}: {WORDS}", marked=unit == marked, noted=unit == noted)
        for unit in range(6)
    )
    return [PaneBlock("paragraph", sentences[:3]), PaneBlock("paragraph", sentences[3:])]


class PaneScreen(Screen[None]):
    """A pane that is given its text in `on_mount`, before it has a size, as the reading screen does."""

    def __init__(self, blocks: list[PaneBlock]) -> None:
        super().__init__()
        self.blocks = blocks
        self.sizes: list[Size] = []

    def compose(self) -> ComposeResult:
        yield SentencePane(id="pane")

    def on_mount(self) -> None:
        pane = self.query_one(SentencePane)

        def record(size: Size) -> None:
            self.sizes.append(size)

        self.watch(pane, "virtual_size", record, init=False)
        pane.show(self.blocks)


class PaneApp(App[None]):
    def __init__(self, blocks: list[PaneBlock]) -> None:
        super().__init__()
        self.pane_screen = PaneScreen(blocks)

    def get_default_screen(self) -> Screen[None]:
        return self.pane_screen


async def test_the_first_frame_shows_the_text() -> None:
    app = PaneApp(_blocks())
    frames = first_frames(app)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert "Satz 0: Der Bericht" in frames[0]  # not a blank pane, and the text a frame later


async def test_the_pane_lays_out_once_at_its_real_width() -> None:
    app = PaneApp(_blocks())
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        pane = app.query_one(SentencePane)
        # One layout, at the pane's width (less the scrollbar): never first at a narrow made-up width.
        assert app.pane_screen.sizes == [Size(pane.scrollable_content_region.width, pane.virtual_size.height)]
        assert pane.virtual_size.height > 6
        lines = screen_text(app).splitlines()
        assert lines[1].startswith(" Satz 0: Der Bericht folgt dem sogenannten")  # under the top border


async def test_marked_and_noted_sentences_have_a_glyph_beside_them() -> None:
    app = PaneApp(_blocks(marked=1, noted=4))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        rows = screen_text(app).splitlines()[1:]  # under the pane's top border
        # 60 columns: each sentence ends a line or two later than it starts, and the next one starts
        # there, after its last words. The glyph sits on the line where the sentence starts.
        # Here only its first word ("Satz") trails the sentence before it.
        starts = {
            unit: next(
                y
                for y, row in enumerate(rows)
                if row.rstrip().endswith("Satz") and rows[y + 1][1:].startswith(f"{unit}:")
            )
            for unit in (1, 4)
        }
        glyphs = {y: row[0] for y, row in enumerate(rows) if row and row[0] != " "}
        assert glyphs == {starts[1]: MARK_GLYPH, starts[4]: NOTE_GLYPH}
        # A new document without marks clears them.
        app.query_one(SentencePane).update_sentences(_blocks())
        await settle(pilot)
        assert {row[0] for row in screen_text(app).splitlines()[1:] if row} == {" "}


async def test_marking_and_noting_in_the_app_draws_the_glyphs() -> None:
    app = build()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        de = app.screen.query_one("#de", SentencePane)

        def gutter() -> str:
            rows = screen_text(app).splitlines()[de.content_region.y : de.content_region.bottom]
            return "".join(row[de.content_region.x] for row in rows)

        assert gutter().strip() == ""
        await pilot.press("j", "m")
        await settle(pilot)
        assert gutter().strip() == MARK_GLYPH
        await pilot.press("a", *"wichtig", "enter")
        await settle(pilot)
        assert gutter().strip() == NOTE_GLYPH
