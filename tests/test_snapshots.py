"""SVG snapshots of the real app at fixed sizes.

Update them with `pytest tests/test_snapshots.py --snapshot-update`, after looking at the report.
"""

from __future__ import annotations

from textual.pilot import Pilot

from apps import build, settle


async def _ready(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("j", "j", "j", "j")
    await settle(pilot)


def test_reading_view_100x30(snap_compare) -> None:
    assert snap_compare(build(), terminal_size=(100, 30), run_before=_ready)


def test_narrow_stacked_view_80x24(snap_compare) -> None:
    assert snap_compare(build(), terminal_size=(80, 24), run_before=_ready)


def test_help_screen_80x24(snap_compare) -> None:
    async def help_open(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(build(), terminal_size=(80, 24), run_before=help_open)
