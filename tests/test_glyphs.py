"""Mark and note glyphs in the real app: beside the line where their sentence starts, in both panes, at
80x24 and 120x36, with and without the list and the entity panel (issue 20, item 1)."""

from __future__ import annotations

from bisect import bisect_right

import pytest

from apps import build, screen_text, settle, state
from reader.app import ReaderApp
from reader.widgets.pane import MARK_GLYPH, NOTE_GLYPH, SentencePane

MARKED = range(6)  # the seed's first sentences: the first of a paragraph, and some that start mid-line


def _rows(app: ReaderApp, pane: SentencePane) -> tuple[list[str], list[str]]:
    """The pane's gutter column and its text, row by row, as the screen shows them."""
    region = pane.content_region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return [line[region.x] for line in lines], [line[region.x + 1 : region.right] for line in lines]


def _start_row(texts: list[str], sentence: str) -> int | None:
    """The row where `sentence` starts, found in the screen's text alone (None: not on screen)."""
    joined, starts = "", []
    for row in texts:
        starts.append(len(joined))
        joined += " ".join(row.split()) + " "
    at = joined.find(" ".join(sentence.split())[:30])
    return None if at < 0 else bisect_right(starts, at) - 1


def _check(app: ReaderApp, pane: SentencePane, sentences: list[str]) -> int:
    gutter, texts = _rows(app, pane)
    starts = {row for row in (_start_row(texts, s) for s in sentences) if row is not None}
    glyphs = {y for y, glyph in enumerate(gutter) if glyph in (MARK_GLYPH, NOTE_GLYPH)}
    assert glyphs == starts, (
        f"{pane.id}: glyphs on rows {sorted(glyphs)}, sentences start on {sorted(starts)}"
    )
    return len(starts)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
@pytest.mark.parametrize("panels", [False, True])
async def test_glyphs_sit_on_the_line_where_their_sentence_starts(
    size: tuple[int, int], panels: bool
) -> None:
    app = build()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        if panels:
            await pilot.press("e")  # the entity panel (at 80 columns it takes the list's place)
            await settle(pilot)
            app.screen.focus_pane()  # type: ignore[attr-defined]
        await pilot.press("g")
        for _ in MARKED:
            await pilot.press("m", "j")
            await settle(pilot)
        await pilot.press("a", *"Notiz", "enter")  # a note on the sentence after them
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        current = state(app)
        units = [*MARKED, len(MARKED)]
        assert all(current.mark(u) for u in units)
        de = app.screen.query_one("#de", SentencePane)
        en = app.screen.query_one("#en", SentencePane)
        assert _check(app, de, [current.german(u) for u in units]) >= 2
        assert _check(app, en, [current.english_text(u) or "" for u in units]) >= 2
