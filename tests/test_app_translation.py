"""Translation in the app, against local servers: progress, memory, a hung engine, retry."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from apps import build, screen_text, settle, state
from reader.screens.reading import ReadingScreen
from reader.widgets.status import StatusLine

if TYPE_CHECKING:
    from servers import LibreServer, SilentServer

pytest_plugins = ["servers"]

ARTICLE = "ID: t1\n\nEin kurzer Titel\n\nDer Hund schläft. Die Katze spielt.\n\nZwischentitel\n\nEs regnet.\n"


def _article(tmp_path: Path) -> Path:
    path = tmp_path / "t1.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


async def test_translation_arrives_and_the_second_open_costs_no_request(
    tmp_path: Path, libre_server: LibreServer
) -> None:
    path = _article(tmp_path)
    app = build([path], libre_server.settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "EN:Der Hund schläft." in text and "EN:Zwischentitel" in text
        assert app.screen.query_one(StatusLine).translation == "4/4 translated"
    first = libre_server.count
    assert 0 < first <= 2
    again = build([path], libre_server.settings())
    async with again.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert "EN:Es regnet." in screen_text(again)
        assert "memory" in str(again.screen.query_one("#en").border_title)
    assert libre_server.count == first


async def test_a_hung_engine_never_freezes_the_ui(tmp_path: Path, silent_server: SilentServer) -> None:
    app = build([_article(tmp_path)], silent_server.settings(read_timeout=3.0, retries=0))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        while not isinstance(app.screen, ReadingScreen) or app.screen.state is None:
            await pilot.pause()
        screen = app.screen
        # The request hangs, and the keys still work meanwhile.
        await pilot.press("j", "j")
        assert state(app).cursor == 2
        assert "…" in screen_text(app)
        await settle(pilot)
        status = screen.query_one(StatusLine)
        assert "timed out" in status.problem
        assert "No English yet (timed out" in screen_text(app)  # said once, calmly


async def test_retry_key_translates_what_failed(tmp_path: Path, libre_server: LibreServer) -> None:
    libre_server.mode = 500
    app = build([_article(tmp_path)], libre_server.settings(retries=0))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        status = app.screen.query_one(StatusLine)
        assert "server error" in status.problem
        libre_server.mode = "ok"
        await pilot.press("t")
        await settle(pilot)
        assert status.problem == ""
        assert state(app).english_text(1) == "EN:Die Katze spielt."
        assert "EN:Die Katze" in screen_text(app)


async def test_engine_output_is_shown_as_text_not_markup(tmp_path: Path, libre_server: LibreServer) -> None:
    path = tmp_path / "m.txt"
    path.write_text("[bold]Kopf[/] [@click=app.quit]x[/]\n\nSatz [red]eins[/].\n", encoding="utf-8")
    app = build([path], libre_server.settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        en = app.screen.query_one("#en")
        assert en.border_subtitle == "EN:\\[bold]Kopf\\[/] \\[@click=app.quit]x\\[/]"  # markup, escaped
        assert "EN:Satz [red]eins[/]." in screen_text(app)
