"""The app through Pilot: what a reader sees and does."""

from __future__ import annotations

from pathlib import Path

from apps import (
    build,
    first_frames,
    quiet_settings,
    region_text,
    row_of,
    screen_text,
    settle,
    state,
    toasts,
    two_articles,
)
from conftest import SEED
from reader.app import ReaderApp
from reader.screens.help import HelpScreen
from reader.screens.reading import ReadingScreen
from reader.widgets.pane import SentencePane
from reader.widgets.sidebar import ArticleList


def _panes(app: ReaderApp) -> tuple[SentencePane, SentencePane]:
    return app.screen.query_one("#de", SentencePane), app.screen.query_one("#en", SentencePane)


def _shows(app: ReaderApp, pane: SentencePane, text: str | None) -> bool:
    """Whether the pane shows the start of `text` on screen."""
    assert text
    return " ".join(text.split()[:2]) in region_text(app, pane)


async def test_the_first_frame_shows_the_title_and_the_first_german_sentence() -> None:
    async with build().run_test(size=(100, 30)) as pilot:  # the seed is parsed and stored, as on a first run
        await settle(pilot)
    app = build()
    frames = first_frames(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
    assert "Frieden möglich!" in frames[0]
    assert "Ehemalige" in frames[0] and "US-Verteidigungsbeamte" in frames[0]


async def test_cursor_moves_in_both_panes_and_keeps_the_sentence_in_view() -> None:
    app = build()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        de, en = _panes(app)
        assert "Frieden möglich!" in str(app.screen.title)
        await pilot.press("j", "j", "down")
        assert de.cursor == en.cursor == 3
        await pilot.press("k")
        assert de.cursor == en.cursor == 2
        await pilot.press("G")
        opened = state(app)
        last = opened.unit_count - 1
        assert de.cursor == en.cursor == last
        assert _shows(app, de, opened.german(last)) and _shows(app, en, opened.english_text(last))
        assert not _shows(app, de, opened.german(0)) and not _shows(app, en, opened.english_text(0))
        await pilot.press("g")
        assert de.cursor == 0 and _shows(app, en, opened.english_text(0))
        await pilot.press("J")
        assert de.cursor == 3  # the heading after the first paragraph
        await pilot.press("K")
        assert de.cursor == 0


async def test_english_pane_shows_the_reference_translation_offline() -> None:
    app = build()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "English · reference" in text
        assert "Former US defence officials" in text


async def test_switching_articles_remembers_each_position(tmp_path: Path) -> None:
    folder = two_articles(tmp_path)
    app = build([folder])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert app.screen.title == "Erster Artikel"
        await pilot.press("j", "j")
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.title == "Zweiter Artikel" and state(app).cursor == 0
        await pilot.press("p")
        await settle(pilot)
        assert app.screen.title == "Erster Artikel" and state(app).cursor == 2


async def test_reading_position_survives_a_restart(tmp_path: Path) -> None:
    folder = two_articles(tmp_path)
    async with build([folder]).run_test() as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "q")
    app = build([folder])
    async with app.run_test() as pilot:
        await settle(pilot)
        assert state(app).cursor == 3


async def test_unread_articles_are_marked_until_opened(tmp_path: Path) -> None:
    app = build([two_articles(tmp_path)])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "● Zweiter Artikel" in text and "● Erster Artikel" not in text
        await pilot.press("n")
        await settle(pilot)
        assert "● Zweiter Artikel" not in screen_text(app)


async def test_narrow_terminal_stacks_the_panes() -> None:
    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        de, en = _panes(app)
        assert en.region.y > de.region.y and en.region.x == de.region.x
        await pilot.press("j")
        assert en.cursor == 1
    wide = build()
    async with wide.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        de, en = _panes(wide)
        assert en.region.x > de.region.x and en.region.y == de.region.y


async def test_help_screen_lists_the_bindings() -> None:
    app = build()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = dict((desc, keys) for keys, desc in app.screen.rows)
        assert "j" in rows["Next sentence"] and "↓" in rows["Next sentence"]
        assert "Next article" in rows and "Quit" in rows
        await pilot.press("escape")
        assert isinstance(app.screen, ReadingScreen)


async def test_remapped_key_from_the_config_works() -> None:
    settings = quiet_settings()
    settings.keys = {"next_sentence": "l"}
    app = build(settings=settings)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("l", "l")
        assert state(app).cursor == 2


async def test_clicking_a_sentence_moves_the_cursor() -> None:
    app = build()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        de, _ = _panes(app)
        row = row_of(app, de, " ".join(state(app).german(4).split()[:2]))
        assert row is not None
        await pilot.click(de, offset=(3, row))
        assert state(app).cursor == 4


async def test_hostile_text_shows_literally_and_clicking_it_does_nothing(tmp_path: Path) -> None:
    path = tmp_path / "evil.txt"
    path.write_text(
        "ID: evil\n\nEvil [bold]x[/] title\n\n"
        "Erst [bold]x[/] und [link=http://x]y[/link] und [@click=app.quit]z[/] hier. "
        "Dann \x1b]0;t\x07Titel und \x1b[2JLöschen und \x9b31mRot.\n",
        encoding="utf-8",
    )
    app = build([path])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        shot = screen_text(app)
        for literal in (
            "[bold]x[/]",
            "[link=http://x]y[/link]",
            "[@click=app.quit]z[/]",
            "Evil [bold]x[/] title",
        ):
            assert literal in shot
        de, _ = _panes(app)
        strips = [de.render_line(y) for y in range(de.scrollable_content_region.height)]
        text = "".join(seg.text for strip in strips for seg in strip)
        assert not any(ch in text for ch in "\x1b\x07\x9b")
        assert all(not seg.style or not seg.style.link for strip in strips for seg in strip)
        await pilot.click(de, offset=(30, 0))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ReadingScreen)


async def test_broken_files_are_skipped_with_a_notice_and_the_rest_load(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "0_empty.txt").write_bytes(b"")
    (folder / "1_binary.txt").write_bytes(b"\x00\x01\x02 binary")
    (folder / "2_good.txt").write_text("Guter Titel\n\nEin Satz.\n", encoding="utf-8")
    app = build([folder])
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        assert app.screen.title == "Guter Titel"
        messages = " ".join(toasts(app))
        assert "0_empty.txt: skipped: the file is empty" in messages
        assert "1_binary.txt: skipped: this is a binary file" in messages


async def test_filter_narrows_the_article_list(tmp_path: Path) -> None:
    app = build([two_articles(tmp_path), SEED])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(ArticleList)
        assert len(sidebar.shown_ids) == 3
        await pilot.press("slash", *"zweit")
        assert sidebar.shown_ids == ["b2"]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.title == "Zweiter Artikel"
        await pilot.press("escape")
        assert len(sidebar.shown_ids) == 3


async def test_hostile_file_name_in_a_notice_stays_literal(tmp_path: Path) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / "[@click=app.quit]x[b] \x1b[2J.txt").write_bytes(b"")
    (folder / "ok.txt").write_text("Titel\n\nEin Satz.\n", encoding="utf-8")
    app = build([folder])
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        notices = [n for n in toasts(app) if "skipped" in n]
        assert notices and "[@click=app.quit]x[b] .txt: skipped" in notices[0]


async def test_no_color_keeps_the_cursor_and_entities_visible(monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = build()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        de, _ = _panes(app)
        assert app.no_color
        segments = [seg for y in range(de.size.height) for seg in de.render_line(y)]
        reversed_text = "".join(seg.text for seg in segments if seg.style and seg.style.reverse)
        assert state(app).german(0).split()[0] in reversed_text  # the cursor sentence
        underlined = {seg.text for seg in segments if seg.style and seg.style.underline}
        assert "Russland" in underlined
