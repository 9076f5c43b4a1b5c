"""Compare (`c`) lets a reader keep one engine's answer as the sentence's English: it wins from then on,
over the reference and the engine's own, in the app, after a restart and in the export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from apps import build, quiet_settings, region_text, screen_text, settle, state, toasts
from conftest import SEED
from reader.articles.load import read_article
from reader.enrich.english import keep_english, known_english
from reader.library.importing import ensure_seeds
from reader.screens.compare import CompareScreen
from reader.screens.reading import ReadingScreen
from reader.settings import Settings
from reader.store import ReadOnlySession, Store
from reader.store import translations as memory
from reader.translation.types import CHOSEN, MEMORY, REFERENCE

if TYPE_CHECKING:
    from servers import LibreServer

pytest_plugins = ["servers"]


def _libre(url: str) -> Settings:
    settings = quiet_settings()
    settings.translation.engine = "libre"  # the only engine configured: nothing reaches the internet
    settings.translation.retries = 0
    settings.engines = {"libre": {"url": url, "api_key": "k"}}
    return settings


def test_kept_english_wins_over_the_reference_and_the_memory(tmp_path: Path) -> None:
    store, settings = Store(tmp_path / "r.db"), Settings()
    seed = read_article(SEED)
    first, second = seed.units[0].sentence.text, seed.units[1].sentence.text
    assert known_english(store, settings, seed).units[0].source == REFERENCE
    kept = keep_english(store, settings, first, "Kept English.")
    english = known_english(store, settings, seed)
    assert (kept.text, kept.source) == ("Kept English.", CHOSEN)
    assert (english.units[0].text, english.units[0].source) == ("Kept English.", CHOSEN)
    assert english.units[1].source == REFERENCE  # the other sentences keep theirs
    # An article with no reference: the kept English over the engine's remembered one.
    plain = seed.__class__(seed.id, seed.title, seed.blocks, source=seed.source)
    memory.remember(store, settings.translation.engine, "de-en", [(first, "Engine's."), (second, "Other.")])
    english = known_english(store, settings, plain)
    assert [(t.text, t.source) for t in english.units[:2]] == [("Kept English.", CHOSEN), ("Other.", MEMORY)]
    with pytest.raises(ReadOnlySession):
        keep_english(Store(store.path, read_only=True), settings, first, "x")


async def test_compare_keeps_the_chosen_answer_and_it_is_shown_after_a_restart(
    libre_server: LibreServer,
) -> None:
    settings = _libre(libre_server.url)
    app = build(settings=settings)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("j")
        german = state(app).german()
        await pilot.press("c")
        assert isinstance(app.screen, CompareScreen)
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Keep this English" in footer and "Next sentence" not in footer  # the modal's own keys
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        english = state(app).english.units[1]
        assert (english.text, english.source) == (f"EN:{german}", CHOSEN)
        assert any("Kept libre's English" in t for t in toasts(app))
        app.clear_notifications()
        await pilot.pause()
        shown = region_text(app, app.screen.query_one("#en"))
        assert "English · chosen, reference" in shown and "EN:Ein US-Teilnehmer" in shown
    again = build(settings=_libre(libre_server.url))
    async with again.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        units = state(again).english.units
        assert (units[1].text, units[1].source) == (f"EN:{german}", CHOSEN)
        assert units[0].source == REFERENCE


async def test_a_public_session_cannot_keep_an_answer(libre_server: LibreServer) -> None:
    owner = _libre(libre_server.url)
    ensure_seeds(Store(owner.store_path))
    german = read_article(SEED).units[0].sentence.text
    memory.remember(Store(owner.store_path), "libre", "de-en", [(german, "Known.")])
    settings = _libre(libre_server.url)
    settings.profile, settings.public = "public", True
    app = build(settings=settings)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("c")
        assert isinstance(app.screen, CompareScreen)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert any("public, read-only session" in t for t in toasts(app))
        assert state(app).english.units[0].source == REFERENCE
    assert memory.engines_for(Store(owner.store_path), "de-en", german) == {"libre": "Known."}
