"""Marks, notes, export, entities and engine comparison, through the keys a reader uses."""

from __future__ import annotations

import contextlib
from pathlib import Path

from markdown_it import MarkdownIt
from textual.worker import WorkerFailed

from apps import build, region_text, screen_text, settle, state, toasts
from reader.screens.compare import CompareScreen
from reader.screens.note import NoteScreen
from reader.screens.reading import ReadingScreen
from reader.store import marks
from reader.widgets.entities import EntityPanel
from reader.widgets.status import StatusLine

pytest_plugins = ["servers"]


async def test_mark_and_note_are_kept_in_the_store() -> None:
    app = build()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", "m")
        await settle(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"wichtig", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert marks.marks_for(app.services.store, "17794") == {1: marks.Mark(1, True, "wichtig")}
        await pilot.press("m")
        await settle(pilot)
        assert marks.marks_for(app.services.store, "17794") == {1: marks.Mark(1, False, "wichtig")}


async def test_export_key_writes_a_new_file_each_time(reader_home: Path) -> None:
    app = build()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        shown = " ".join(toasts(app))
    files = sorted((reader_home / "exports").glob("*.md"))
    assert len(files) == 2
    text = files[0].read_text(encoding="utf-8")
    assert text.startswith("---\n")
    body = text.split("\n---\n", 1)[1]  # after the YAML front matter
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    headings = [
        tokens[i + 1].content.replace("**", "") for i, t in enumerate(tokens) if t.type == "heading_open"
    ]
    assert headings[0].startswith("Frieden möglich!")
    assert "Moskau und Washington führen Geheimverhandlungen" in headings
    assert "**Putin**" in text and "Former US defence officials" in text
    assert "Exported to" in shown


async def test_entities_are_counted_and_listed_and_keys_step_through_mentions() -> None:
    app = build()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        counts = screen.query_one(StatusLine).counts
        assert counts.get("LOC", 0) >= 5 and counts.get("PER", 0) >= 2
        # The same entity is highlighted in the English pane (Moskau -> Moscow in the heading).
        english = state(app).english_entities
        assert english is not None
        assert "Moscow" in [e.text for e in english[3]]
        await pilot.press("right_square_bracket")
        first = state(app).cursor
        await pilot.press("right_square_bracket")
        assert state(app).cursor > first
        await pilot.press("e")
        panel = screen.query_one(EntityPanel)
        assert panel.has_focus
        assert "Putin" in region_text(app, panel)
        prompts = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        panel.highlighted = next(i for i, prompt in enumerate(prompts) if "Putin" in prompt)
        await pilot.press("enter")
        assert "Putin" in state(app).german()


async def test_compare_screen_shows_each_engine_and_its_failure(tmp_path: Path, refused_url: str) -> None:
    app = build()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.services.settings.translation.engine = (
            "libre"  # the only engine configured: nothing reaches the internet
        )
        app.services.settings.engines = {"libre": {"url": refused_url, "api_key": "k"}}
        await pilot.press("c")
        assert isinstance(app.screen, CompareScreen)
        await settle(pilot)
        text = screen_text(app)
        assert "Ehemalige US-Verteidigungsbeamte" in text
        assert "libre" in text and "offline" in text
        await pilot.press("escape")
        assert isinstance(app.screen, ReadingScreen)


async def test_a_failing_comparison_says_so_instead_of_asking_for_ever() -> None:
    app = build()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        app.services.store.conn.execute("DROP TABLE translations")  # a damaged store: every lookup fails
        await pilot.press("c")
        assert isinstance(app.screen, CompareScreen)
        await pilot.pause()
        with contextlib.suppress(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "Asking the engines" not in text
        assert "Comparing engines failed" in text
        assert any("Comparing engines failed" in toast for toast in toasts(app))
        await pilot.press("escape")
        assert isinstance(app.screen, ReadingScreen)
