"""SVG snapshots of the real app at fixed sizes.

Update them with `pytest tests/test_snapshots.py --snapshot-update`, after looking at the report.
The list shows each article's date: the library's dates are fixed here, so the pictures do not change
with the day they are taken.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from apps import build, settle
from reader.library.importing import ensure_seeds, import_file
from reader.settings import Settings
from reader.store import Store, word_counts

ADDED = 1_741_000_000.0  # 2025-03-03, noon UTC: the list says "3 Mar 2025" in any time zone near it


def _library(tmp_path: Path | None = None) -> None:
    """The seed (and with `tmp_path`, two more articles, one counted), added on a fixed day."""
    store = Store(Settings().store_path)
    ensure_seeds(store)
    if tmp_path is not None:
        long = tmp_path / "lang.txt"
        long.write_text(
            "ID: lang1\n\nBundestag beschließt nach langer Debatte die Reform der Schuldenbremse mit knapper "
            "Mehrheit\n\nDer Bundestag hat die Reform beschlossen. Die Opposition stimmte dagegen.\n",
            encoding="utf-8",
        )
        short = tmp_path / "kurz.txt"
        short.write_text("ID: kurz1\n\nKurz gemeldet\n\nEin Satz.\n", encoding="utf-8")
        import_file(store, long)
        import_file(store, short)
        word_counts.save_counts(store, "lang1", "h", 1, {"bundestag": 2, "reform": 2, "schuldenbremse": 1})
    with store.write() as conn:
        conn.execute("UPDATE articles SET added_at = ? + rowid * 3600", (ADDED,))
    store.close()


async def _ready(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("j", "j", "j", "j")
    await settle(pilot)


def test_reading_view_100x30(snap_compare) -> None:
    _library()
    assert snap_compare(build(), terminal_size=(100, 30), run_before=_ready)


def test_narrow_stacked_view_80x24(snap_compare) -> None:
    _library()
    assert snap_compare(build(), terminal_size=(80, 24), run_before=_ready)


def test_help_screen_80x24(snap_compare) -> None:
    _library()

    async def help_open(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(build(), terminal_size=(80, 24), run_before=help_open)


def test_list_entries_80x24(snap_compare, tmp_path: Path) -> None:
    _library(tmp_path)
    assert snap_compare(build(), terminal_size=(80, 24), run_before=_ready)


def test_list_entries_120x36(snap_compare, tmp_path: Path) -> None:
    _library(tmp_path)
    assert snap_compare(build(), terminal_size=(120, 36), run_before=_ready)


def test_glyphs_80x24(snap_compare) -> None:
    _library()

    async def marked(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("g", "m", "j", "m", "j", "j", "a", *"Quelle?", "enter")
        await settle(pilot)

    assert snap_compare(build(), terminal_size=(80, 24), run_before=marked)


def test_glyphs_120x36(snap_compare) -> None:
    _library()

    async def marked(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("g", "m", "j", "m", "j", "j", "a", *"Quelle?", "enter")
        await settle(pilot)

    assert snap_compare(build(), terminal_size=(120, 36), run_before=marked)
