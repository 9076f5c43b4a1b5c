"""The list a reader meets (issue 20, item 2): entries that wrap at word boundaries and say when and
where an article came from and how many new words it has, the open one in view and highlighted with
and without focus, orders by what the reader knows, messages where nothing shows, a list that makes
room below 60 columns, and the whole title over the panes, in German or English."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.widgets import Input

from apps import build, region_text, screen_text, settle, state, toasts
from reader.app import ReaderApp
from reader.library.importing import ensure_seeds, import_file
from reader.screens.library_view import Library
from reader.screens.reading import ReadingScreen
from reader.settings import Settings
from reader.sources.fetch import Fetcher
from reader.sources.importer import add_feed
from reader.store import Store, reading, word_counts
from reader.widgets.article_rows import CURRENT, ROW_HEIGHT, ArticleRows, title_lines
from reader.widgets.pane import SentencePane
from reader.words.counting import COUNT_VERSION

if TYPE_CHECKING:
    from newssite import NewsSite

pytest_plugins = ["newssite"]

LONG = (
    "Bundesverfassungsgerichtspräsidentin verteidigt Grundgesetzänderung zur Schuldenbremse vor dem Bundestag"
)
HASH = re.compile(r"\b[0-9a-f]{10,}\b")


def _store() -> Store:
    return Store(Settings().store_path)


def _file(folder: Path, name: str, ident: str, title: str, body: str = "Ein Satz. Noch ein Satz.") -> Path:
    path = folder / name
    path.write_text(f"ID: {ident}\n\n{title}\n\n{body}\n", encoding="utf-8")
    return path


def _library(tmp_path: Path, news_site: NewsSite | None = None, extra: int = 0) -> Store:
    """The seed, a file with a long title, `extra` short files, and the local news site's feed."""
    store = _store()
    ensure_seeds(store)
    folder = tmp_path / "files"
    folder.mkdir()
    import_file(store, _file(folder, "lang.txt", "lang1", LONG))
    for n in range(extra):
        import_file(
            store, _file(folder, f"{n:03}.txt", f"f{n:03}", f"Kurzer Artikel Nummer {n}", f"Satz {n}.")
        )
    if news_site is not None:
        fetcher = Fetcher(connect_timeout=1.0, read_timeout=0.5, total_timeout=2.0)
        list(add_feed(store, f"{news_site.url}/rss.xml", fetcher=fetcher))
    return store


def _list_text(app: ReaderApp) -> str:
    return region_text(app, app.screen.query_one(ArticleRows))


def test_titles_wrap_at_word_boundaries_and_are_cut_with_an_ellipsis() -> None:
    assert title_lines("Kurzer Titel", 30) == ("Kurzer Titel", "")
    first, second = title_lines(LONG, 28)
    assert first == "Bundesverfassungsgerichtsprä" or " " not in first  # a word longer than the line
    first, second = title_lines("Neue Straße in Köln: Stadtrat stimmt für umstrittenes Projekt", 22)
    assert (first, second) == ("Neue Straße in Köln:", "Stadtrat stimmt für…")
    assert title_lines("Eins zwei drei vier", 10) == ("Eins zwei", "drei vier")


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_entries_show_title_date_source_and_new_words_never_an_id(
    size: tuple[int, int], tmp_path: Path, news_site: NewsSite
) -> None:
    store = _library(tmp_path, news_site)
    (text_hash,) = store.conn.execute("SELECT text_hash FROM articles WHERE id = 'lang1'").fetchone()
    counts = {"bundesverfassungsgerichtspräsidentin": 1, "grundgesetz": 2}
    word_counts.save_counts(store, "lang1", text_hash, COUNT_VERSION, counts)  # as counting leaves them
    app = build()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("s")  # at 80 columns the list is shown; s hides it, s again shows it
        await pilot.press("s")
        await settle(pilot)
        text = _list_text(app)
        assert not HASH.search(text) and "lang1" not in text and "17794" not in text
        # The seed's source (where the date and source do not both fit, the source); the feed's title.
        assert "sample art" in text and "Tagesbl" in text
        assert "2 new" in text  # the counted article's new words
        # Each title as `title_lines` breaks it, at word boundaries, for the list's width.
        rows = app.screen.query_one(ArticleRows)
        room = rows.scrollable_content_region.width - 2
        for summary in app.screen.part(Library).summaries.values():  # type: ignore[attr-defined]
            first, second = title_lines(summary.title, room)
            assert first in text and second in text, (first, second)


async def test_the_open_article_is_in_view_at_start_and_highlighted_with_and_without_focus(
    tmp_path: Path,
) -> None:
    _library(tmp_path, extra=40)
    store = _store()
    deep = "f005"  # near the end of the list, newest first
    reading.save_position(store, deep, 0)
    app = build()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert state(app).id == deep
        rows = app.screen.query_one(ArticleRows)
        text = _list_text(app)
        assert "Kurzer Artikel Nummer 5" in text
        line = next(line for line in text.splitlines() if "Nummer 5" in line)
        assert line.startswith(CURRENT)  # the bar beside the open article
        index = app.screen.sidebar.shown_ids.index(deep)  # type: ignore[attr-defined]
        assert rows.highlighted == index
        y = index * ROW_HEIGHT - rows.scroll_offset.y
        assert rows.visual_style.background is not None
        base = rows.visual_style.background.rich_color.downgrade(ColorSystem.EIGHT_BIT)

        def background(row: int) -> RichColor:
            strip = rows.render_line(row)
            return next(s.style.bgcolor for s in strip if s.text.strip() and s.style and s.style.bgcolor)

        unfocused = background(y)
        assert unfocused.downgrade(ColorSystem.EIGHT_BIT) != base  # visible in 256 colours too
        rows.focus()
        await pilot.pause()
        focused = background(y)
        assert focused != unfocused and focused.downgrade(ColorSystem.EIGHT_BIT) != base


async def test_a_filter_that_matches_nothing_says_so_and_escape_clears_it(tmp_path: Path) -> None:
    _library(tmp_path)
    app = build()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Zeppelin")
        assert "Nothing matches “zeppelin”" in _list_text(app)
        await pilot.press("escape")
        assert "Nothing matches" not in _list_text(app) and len(app.screen.sidebar.shown_ids) == 2  # type: ignore[attr-defined]


async def test_s_orders_the_list_by_what_the_reader_knows(tmp_path: Path) -> None:
    _library(tmp_path, extra=3)
    store = _store()
    with store.write() as conn:  # figures as counting leaves them: f000 is readable, f001 has 9 new words
        conn.executemany(  # counted from the article's own text by this version, so nothing recounts them
            "INSERT INTO article_words (article, text_hash, version, tokens, lemmas)"
            " SELECT id, text_hash, ?, ?, ? FROM articles WHERE id = ?",
            [(COUNT_VERSION, 20, 2, "f000"), (COUNT_VERSION, 20, 10, "f001"), (COUNT_VERSION, 20, 4, "f002")],
        )
        conn.executemany(
            "INSERT INTO article_known (profile, article, lemmas, tokens) VALUES ('default', ?, ?, ?)",
            [("f000", 1, 19), ("f001", 1, 10), ("f002", 1, 12)],
        )
    app = build()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        sidebar = app.screen.sidebar  # type: ignore[attr-defined]
        assert len(sidebar.shown_ids) == 5
        await pilot.press("S")
        assert sidebar.shown_ids == ["f000"]
        assert any("articles you can read" in t for t in toasts(app))
        await pilot.press("S")
        shown = sidebar.shown_ids
        assert shown[0] == "f000" and shown.index("f002") < shown.index("f001")  # 1, 3 and 9 new words
        new_words = word_counts.figures(store)
        counts = [new_words[i].new_words for i in shown if i in new_words]
        assert counts == sorted(counts)  # the others, counted meanwhile, take their places among them
        await pilot.press("S")
        assert len(sidebar.shown_ids) == 5 and any("newest first" in t for t in toasts(app))
        with store.write() as conn:
            conn.execute("DELETE FROM article_known")
        app.screen.part(Library).refresh_figures()  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("S")
        assert "No article has 90% of its words known yet" in " ".join(_list_text(app).split())


async def test_below_60_columns_the_list_hides_and_takes_the_screen_when_asked(tmp_path: Path) -> None:
    _library(tmp_path)
    app = build()
    async with app.run_test(size=(50, 20)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReadingScreen)
        assert not screen.sidebar.display or screen.sidebar.region.width == 0
        de = screen.query_one("#de", SentencePane)
        assert de.region.width == 50
        await pilot.press("s")
        assert screen.sidebar.region.width == 50 and screen.sidebar.query_one(ArticleRows).has_focus
        first = state(app).id
        await pilot.press("down", "enter")
        await settle(pilot)
        assert state(app).id != first and de.region.width == 50 and de.has_focus


async def test_the_entity_panel_after_s_s_does_not_squeeze_the_text() -> None:
    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        de = app.screen.query_one("#de", SentencePane)
        await pilot.press("e")  # at 80 columns the entity panel takes the list's place
        await settle(pilot)
        width = de.region.width
        assert width > 40 and app.screen.sidebar.region.width == 0  # type: ignore[attr-defined]
        await pilot.press("e", "s", "s", "e")  # the list hidden and shown again first: the same
        await settle(pilot)
        assert de.region.width == width and app.screen.sidebar.region.width == 0  # type: ignore[attr-defined]


async def test_the_title_is_shown_whole_and_t_switches_to_english() -> None:
    app = build()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        top = "\n".join(screen_text(app).splitlines()[:2])
        assert "Frieden möglich! Geheimverhandlungen zwischen USA und Russland über" in top
        assert "Kriegsende laufen" in top
        await pilot.press("T")
        top = "\n".join(screen_text(app).splitlines()[:2])
        assert "EN" in top and "Peace" in top and "Frieden" not in top
        await pilot.press("T")
        assert "Frieden möglich!" in screen_text(app).splitlines()[0]


async def test_t_says_when_the_title_has_no_english(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    folder.mkdir()
    app = build([_file(folder, "a.txt", "a1", "Ein Titel ohne Englisch")])
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await pilot.pause()
        assert any("no English yet" in t for t in toasts(app))
        assert "Ein Titel ohne Englisch" in screen_text(app).splitlines()[0]


async def test_stepping_past_the_last_entity_says_it_went_round() -> None:
    app = build()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("G")
        last = max(state(app).mentions())
        await pilot.press("right_square_bracket")
        assert state(app).cursor == min(state(app).mentions()) < last
        await pilot.pause()
        assert any("back to the first sentence with an entity" in t for t in toasts(app))


async def test_keys_typed_right_after_the_filter_key_go_into_the_filter(tmp_path: Path) -> None:
    from textual import events

    _library(tmp_path)
    app = build()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for _ in range(2):  # the box mounted the first time, shown again the second
            for key, char in (("slash", "/"), ("l", "l"), ("a", "a"), ("n", "n"), ("g", "g")):
                app.post_message(events.Key(key, char))  # as a terminal delivers them in one read
            await settle(pilot)
            assert isinstance(app.screen, ReadingScreen)  # `a` did not open the note window
            box = app.screen.query_one("#filter", Input)
            assert box.value == "lang" and app.screen.sidebar.shown_ids == ["lang1"]  # its file
            await pilot.press("escape")
            assert len(app.screen.sidebar.shown_ids) == 2
