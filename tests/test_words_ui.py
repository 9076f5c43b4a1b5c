"""The word tools in the reading screen: word cursor, lookup panel, gloss, vocabulary (Pilot tests).

The dictionary is the small Ding file of tests/dictionary.py; the engine, where one is asked, is the
LibreTranslate stand-in of tests/servers.py on 127.0.0.1.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from apps import build, quiet_settings, reading, region_text, settle, state, toasts, two_articles
from dictionary import write_dictionary
from reader.articles.model import Article
from reader.screens import state as st
from reader.settings import Settings
from reader.store import Store
from reader.store.vocab import list_words
from reader.widgets.lookup import WordPanel
from reader.widgets.pane import SentencePane

if TYPE_CHECKING:
    from servers import LibreServer

pytest_plugins = ["servers"]

FIRST = "Die Häuser sind alt. Die Verteidigungsbeamten sagten nichts."
SECOND = "Ein Haus brennt."


def _articles(tmp_path: Path) -> Path:
    return two_articles(tmp_path, ("Häuser", FIRST), ("Ein Haus", SECOND))


def _settings(tmp_path: Path, dictionary: str | None = None) -> Settings:
    settings = quiet_settings(engine="libre")
    settings.engines = {"libre": {"url": "http://127.0.0.1:9/", "api_key": "k"}}  # refused
    settings.lookup.dictionary = dictionary or str(write_dictionary(tmp_path / "de-en"))
    return settings


def _panel(app: object) -> str:
    return region_text(app, reading(app).query_one(WordPanel))  # type: ignore[arg-type]


def _drawn(pane: SentencePane, attribute: str) -> str:
    """The text the pane draws with a style attribute ("reverse": the word cursor; "underline")."""
    lines = [pane.render_line(y) for y in range(pane.size.height)]
    return "".join(
        seg.text for strip in lines for seg in strip if seg.style and getattr(seg.style, attribute)
    )


def _reversed(pane: SentencePane) -> str:
    return _drawn(pane, "reverse")


def _article(text: str) -> Article:
    from reader.articles.parse import parse_article

    return parse_article(f"ID: x\n\nTitel\n\n{text}\n", source="x.txt")


def test_the_word_cursor_moves_within_the_sentence_and_resets_with_the_sentence() -> None:
    state = st.opened(_article("Die Häuser sind alt. Ja."))
    assert [w for _, _, w in state.words()] == ["Die", "Häuser", "sind", "alt"]
    state = st.with_word(state, 2)
    assert state.word_span() == (11, 15, "sind")
    assert st.with_word(state, 99).word == 3  # kept within the sentence
    assert st.with_word(state, -5).word == 0
    moved = st.with_cursor(state, 1)
    assert moved.word == 0 and moved.word_span() == (0, 2, "Ja")


async def test_h_and_l_move_the_word_cursor_and_j_resets_it(tmp_path: Path) -> None:
    app = build([_articles(tmp_path)], _settings(tmp_path))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert _reversed(reading(app).de) == ""  # no word cursor until a word key is used
        await pilot.press("l", "l")
        assert state(app).word_span() == (11, 15, "sind")
        assert _reversed(reading(app).de) == "sind"
        await pilot.press("h")
        assert state(app).word_span()[2] == "Häuser"  # type: ignore[index]
        await pilot.press("j")
        assert state(app).word == 0 and _reversed(reading(app).de) == "Die"
        await pilot.press("h")
        await settle(pilot)
        assert any("first word" in t for t in toasts(app))


async def test_d_looks_up_an_inflected_word_and_a_compound(tmp_path: Path) -> None:
    app = build([_articles(tmp_path)], _settings(tmp_path))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("l", "d")  # Häuser
        await settle(pilot)
        panel = _panel(app)
        assert "Häuser" in panel and "lemma Haus" in panel and "noun" in panel
        assert "house" in panel and "dictionary" in panel
        await pilot.press("j", "l", "d")  # Verteidigungsbeamten, while the panel is open
        await settle(pilot)
        panel = _panel(app)
        assert "compound of Verteidigung + Beamte" in panel
        assert "defence" in panel and "civil servant" in panel
        await pilot.press("escape")
        assert not reading(app).query_one(WordPanel).display
        assert app.focused is reading(app).de
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0  # q reached the app: nothing holds the keys


async def test_without_a_dictionary_the_engine_answers_labelled_with_the_hint(
    tmp_path: Path, libre_server: LibreServer
) -> None:
    settings = libre_server.settings()
    settings.translation.auto = False
    settings.lookup.dictionary = "none"
    settings.lookup.freedict = "none"
    app = build([_articles(tmp_path)], settings)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("l", "d")
        await settle(pilot)
        panel = _panel(app)
        assert "translation engine libre" in panel and "EN:Häuser" in panel
        assert "apt install trans-de-en" in panel
    assert libre_server.texts() == ["Häuser"]


def _gloss_pairs(panel: str) -> list[tuple[str, str]]:
    """The panel's (German, gloss) line pairs, without the border line and the left padding."""
    lines = [line[1:].rstrip() for line in panel.splitlines()[1:] if line.strip()]
    assert len(lines) % 2 == 0, f"a line of the gloss wrapped: {lines}"
    return list(zip(lines[::2], lines[1::2], strict=True))


def _aligned(top: str, bottom: str) -> bool:
    """Each gloss starts where a word of the German line starts."""
    starts = [i for i, ch in enumerate(bottom) if ch != " " and (i == 0 or bottom[i - 1] == " ")]
    return all(top[i : i + 1].strip() and (i == 0 or top[i - 1] == " ") for i in starts)


async def test_i_glosses_the_sentence_aligned_at_80_columns(tmp_path: Path) -> None:
    from conftest import SEED

    app = build([SEED], _settings(tmp_path))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("i")  # "Ehemalige US-Verteidigungsbeamte und hochrangige Mitglieder der …"
        await settle(pilot)
        pairs = _gloss_pairs(_panel(app))
        assert len(pairs) > 1  # the sentence is wider than 80 columns: it wraps in pairs of lines
        assert all(_aligned(top, bottom) for top, bottom in pairs)
        top, bottom = pairs[0]
        assert top.startswith("Ehemalige") and bottom.startswith("former")
        assert bottom[top.index("US-Verteidigungsbeamte") :].startswith("defence")
        assert bottom[top.index("Mitglieder") :].startswith("member")
        await pilot.press("j")  # the gloss follows the sentence cursor
        await settle(pilot)
        assert "Gloss · sentence 2" in _panel(app)
        await pilot.press("i")
        assert not reading(app).query_one(WordPanel).display


async def test_v_saves_the_word_and_another_article_underlines_it(tmp_path: Path) -> None:
    app = build([_articles(tmp_path)], _settings(tmp_path))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("l", "d")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert any("Saved “Häuser”" in t for t in toasts(app))
        await pilot.press("n")
        await settle(pilot)
        current = state(app)
        assert current.id == "b2"
        assert current.saved is not None
        unit = next(u for u in current.article.units if "brennt" in u.sentence.text)
        start, end = current.saved[unit.index][0]
        assert unit.sentence.text[start:end] == "Haus"  # its lemma was saved
        assert _drawn(reading(app).de, "underline") == "Haus"
    store = Store(app.services.store.path)
    words = list_words(store)
    assert [(w.word, w.lemma, w.sentence) for w in words] == [("Häuser", "Haus", "Die Häuser sind alt.")]
    assert words[0].entries and words[0].article_id == "a1"


async def test_word_keys_that_do_nothing_say_why(tmp_path: Path) -> None:
    app = build([_articles(tmp_path)], _settings(tmp_path, dictionary="none"))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        reading(app).state = st.with_word(state(app), 0)
        await pilot.press("G", "l", "l", "l", "l", "l")
        await settle(pilot)
        assert any("last word" in t for t in toasts(app))


async def test_d_on_an_entity_shows_it_with_its_english_form(tmp_path: Path) -> None:
    from conftest import SEED

    app = build([SEED], _settings(tmp_path))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j")  # the sentence that names Moskau
        words = [w for _, _, w in state(app).words()]
        await pilot.press(*["l"] * words.index("Moskau"), "d")
        await settle(pilot)
        assert "entity  Moskau (LOC) → Moscow" in _panel(app)


async def test_the_dictionary_is_indexed_in_the_background_and_again_when_it_changes(
    tmp_path: Path,
) -> None:
    from reader.lookup import index

    settings, articles = _settings(tmp_path), _articles(tmp_path)
    app = build([articles], settings)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        store = reading(app).services.store
        assert index.is_ready(store)  # after the first frame, with no key pressed
        assert "indexing" not in region_text(app, reading(app).status)
        await pilot.press("l", "d")
        await settle(pilot)
        assert "house" in _panel(app)
    dictionary = Path(settings.lookup.dictionary)
    dictionary.write_text(
        dictionary.read_text(encoding="utf-8") + "Häuser {pl} :: dwellings\n", encoding="utf-8"
    )
    app = build([articles], settings)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("l", "d")
        await settle(pilot)
        assert "dwellings" in _panel(app)


async def test_a_lookup_asked_for_while_indexing_waits_and_says_how_far_it_has_come(tmp_path: Path) -> None:
    import sqlite3

    articles = _articles(tmp_path)
    app = build([articles], _settings(tmp_path, dictionary="none"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # the articles are in the library, split, and one is read last
    app = build([articles], _settings(tmp_path))
    # Another process holds the store's write lock, so indexing cannot finish until it lets go.
    other = sqlite3.connect(app.services.store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        try:
            while not reading(app).started:
                await pilot.pause()
            await pilot.press("l", "d")
            assert "indexing the dictionary… 0 %" in _panel(app)
            assert "indexing the dictionary… 0 %" in region_text(app, reading(app).status)
        finally:
            other.execute("ROLLBACK")
            other.close()
        await settle(pilot)
        assert "house" in _panel(app)
        assert "indexing" not in region_text(app, reading(app).status)
