"""What a reader meets: focus never trapped, a footer with the essentials, notes on screen, calm offline
English, honest messages, and a reading position that survives a dropped connection."""

from __future__ import annotations

import random
import signal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from textual.pilot import Pilot
from textual.widget import Widget

from apps import build, quiet_settings, region_text, screen_text, settle, state, toasts, two_articles
from conftest import SEED, SEEDS
from dictionary import write_dictionary
from reader.app import ReaderApp
from reader.screens.commands import commands
from reader.screens.keymap import binding_ids
from reader.screens.reading import ReadingScreen
from reader.settings import Settings
from reader.store import Store, reading
from reader.widgets.pane import SentencePane
from terminal import Terminal

if TYPE_CHECKING:
    from servers import LibreServer

pytest_plugins = ["servers"]


def _offline(refused_url: str) -> Settings:
    settings = quiet_settings()
    settings.translation.engine = "libre"  # the only engine configured: nothing reaches the internet
    settings.translation.retries = 0
    settings.engines = {"libre": {"url": refused_url, "api_key": "k"}}
    return settings


def _shown(widget: Widget) -> bool:
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


def _assert_focus_visible(app: ReaderApp) -> None:
    focused = app.focused
    if isinstance(app.screen, ReadingScreen):
        assert focused is not None, "nothing has focus on the reading screen"
    assert focused is None or _shown(focused), f"focus is on a hidden widget: {focused!r}"


async def _quit_from_anywhere(app: ReaderApp, pilot: Pilot[None]) -> None:
    for _ in range(4):  # Escape closes whatever is open
        if isinstance(app.screen, ReadingScreen):
            break
        await pilot.press("escape")
        await settle(pilot)
    assert isinstance(app.screen, ReadingScreen)
    await pilot.press("q")
    await pilot.pause()
    assert app.return_code == 0


SEQUENCES = [
    ["e", "e", "c", "escape"],  # the trap once found: focus ended in the hidden filter
    ["e", "e", "question_mark", "escape"],
    ["e", "e", "a", "escape"],
    ["e", "e", "ctrl+p", "escape"],
    ["e", "escape"],
    ["e", "c", "escape", "escape"],
    ["slash", "escape", "escape"],
    ["s", "s", "e", "tab", "e"],
    ["tab", "tab", "e", "e"],
]


@pytest.mark.parametrize("keys", SEQUENCES, ids=["-".join(k) for k in SEQUENCES])
async def test_closing_a_panel_or_modal_gives_the_keys_back(keys: list[str], refused_url: str) -> None:
    app = build(settings=_offline(refused_url))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
            _assert_focus_visible(app)
        assert isinstance(app.screen, ReadingScreen)
        panel = app.screen.panel
        assert panel is None or not panel.has_class("-shown") or app.focused is panel
        if isinstance(app.focused, SentencePane):
            before = state(app).cursor
            await pilot.press("j")
            assert state(app).cursor == before + 1
        await _quit_from_anywhere(app, pilot)


KEYS = [
    "j", "k", "J", "K", "g", "G", "n", "p", "slash", "t", "c", "e", "right_square_bracket",
    "left_square_bracket", "m", "a", "x", "y", "Y", "s", "question_mark", "escape", "escape", "enter",
    "tab", "shift+tab", "pagedown", "pageup", "ctrl+p", "b", "z", "down", "up", "f", "h", "l", "d", "i",
    "v", "u", "U", "asterisk", "F", "R",
]  # fmt: skip


@pytest.mark.slow  # 300 keys: about 20 s alone, longer on a busy machine
async def test_a_random_walk_never_traps_the_focus_and_q_then_quits(tmp_path: Path, refused_url: str) -> None:
    settings = _offline(refused_url)
    settings.export_dir = tmp_path / "exports"
    settings.lookup.dictionary = str(write_dictionary(tmp_path / "de-en"))  # not the system's 25 MB one
    app = build([SEEDS, two_articles(tmp_path)], settings)
    walk = random.Random(20261202)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for step in range(300):
            key = walk.choice(KEYS)
            await pilot.press(key)
            await settle(pilot)
            try:
                _assert_focus_visible(app)
            except AssertionError as exc:
                raise AssertionError(f"step {step}, key {key!r}: {exc}") from None
        await _quit_from_anywhere(app, pilot)


async def test_the_footer_keeps_help_quit_and_filter_at_80_columns() -> None:
    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        for essential in ("? Help", "q Quit", "/ Filter"):
            assert essential in footer


async def test_the_palette_shows_keys_and_ranks_a_whole_word_first() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"mark")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        hits = [line for line in lines if "Mark sentence" in line or "Export to Markdown" in line]
        assert hits and "Mark sentence" in hits[0]
        assert "key: m" in screen_text(app)


async def test_the_palette_lists_every_binding_with_the_key_it_has_now() -> None:
    settings = quiet_settings()
    settings.keys = {"mark": "M", "star": "S"}  # remapped in the config
    app = build(settings=settings)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        listed = commands(app.screen)
        assert {i for c in listed for i in c.ids} >= binding_ids(ReadingScreen)  # the parts' keys too
        assert next(c for c in listed if "mark" in c.ids).keys == ("M",)
        await pilot.press("ctrl+p", *"star")
        await settle(pilot)
        assert "key: S" in screen_text(app) and "key: *" not in screen_text(app)
        await pilot.press("enter")  # a part's action, run from the palette
        await settle(pilot)
        assert "Starred." in toasts(app)
        await pilot.press("ctrl+p", *"refresh")
        await settle(pilot)
        assert "Refresh feeds" in screen_text(app) and "key: R" in screen_text(app)


async def test_a_note_shows_in_the_status_line_when_the_cursor_is_on_it() -> None:
    app = build()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", "a", *"wichtig", "enter")
        await settle(pilot)
        status = region_text(app, app.screen.query_one("#status"))
        assert "✎ wichtig" in status
        await pilot.press("j")
        assert "wichtig" not in region_text(app, app.screen.query_one("#status"))
        await pilot.press("k")
        assert "✎ wichtig" in region_text(app, app.screen.query_one("#status"))


async def test_offline_the_english_pane_says_once_why_and_the_next_article_leaves_the_engine_alone(
    tmp_path: Path, libre_server: LibreServer
) -> None:
    libre_server.mode = 500
    settings = libre_server.settings(retries=0)
    settings.translation.auto = True
    app = build([two_articles(tmp_path)], settings)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        english = region_text(app, app.screen.query_one("#en"))
        assert english.count("No English yet") == 1 and "server error" in english
        assert "⚠" not in english and "—" in english
        asked = libre_server.count
        assert asked > 0
        await pilot.press("n")  # the engine failed a moment ago: not asked again
        await settle(pilot)
        assert libre_server.count == asked
        assert "No English yet" in region_text(app, app.screen.query_one("#en"))
        libre_server.mode = "ok"
        await pilot.press("t")  # unless the reader asks
        await settle(pilot)
        assert libre_server.count > asked
        assert "EN:Fünf." in region_text(app, app.screen.query_one("#en"))


async def test_compare_offers_the_reference_beside_the_engines(refused_url: str) -> None:
    app = build(settings=_offline(refused_url))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        text = screen_text(app)
        assert "shown now (reference)" in text and "Former US defence officials" in text
        assert "libre" in text and "offline" in text


async def test_keys_that_do_nothing_say_why() -> None:
    app = build([SEED])
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("t")  # the seed has its reference translation
        await pilot.press("n")
        await settle(pilot)
        shown = " ".join(toasts(app))
        assert "Nothing to translate" in shown
        assert "This is the only article in the list." in shown
        await pilot.press("y")
        await settle(pilot)
        assert "sent to the terminal's clipboard" in " ".join(toasts(app))


async def test_reopening_scrolls_both_panes_to_the_cursor() -> None:
    app = build()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        last = state(app).unit_count - 1
        german, english = state(app).german(last), state(app).english_text(last)
    again = build()
    async with again.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert state(again).cursor == last
        assert english is not None
        assert " ".join(german.split()[:2]) in region_text(again, again.screen.query_one("#de"))
        assert " ".join(english.split()[:2]) in region_text(again, again.screen.query_one("#en"))


async def test_a_folder_reopens_the_article_read_last(tmp_path: Path) -> None:
    folder = two_articles(tmp_path)
    app = build([folder])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert app.screen.title == "Erster Artikel"
        await pilot.press("n")
        await settle(pilot)
    again = build([folder])
    async with again.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert again.screen.title == "Zweiter Artikel"


def test_a_dropped_connection_keeps_the_reading_position(reader_home: Path) -> None:
    """SIGHUP, as when an SSH session drops, right after the cursor moved: the position is saved."""
    term = Terminal([str(SEED)], reader_home)
    try:
        term.wait_for("Frieden möglich!")
        term.wait_for("LOC ")  # fully shown
        term.send("jjj")
        term.wait_for(" 4/21")
        term.signal(signal.SIGHUP)
        term.wait_exit(10)
    finally:
        term.close()
    assert reading.positions(Store(reader_home / "data" / "reader.db")) == {"17794": 3}


def test_q_during_a_large_first_import_quits_at_once(tmp_path: Path, reader_home: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    body = SEED.read_text(encoding="utf-8").split("\n", 2)[2]
    for n in range(1500):  # about 30 s of first import
        (folder / f"{n:05d}.txt").write_text(f"ID: m{n}\n\nArtikel {n}\n{body}", encoding="utf-8")
    term = Terminal([str(folder)], reader_home)
    try:
        term.wait_for("Artikel 0")
        term.send("q")
        took = term.wait_exit(10)
    finally:
        term.close()
    assert term.proc.returncode == 0
    assert took < 2.0, f"took {took:.1f} s to quit"
