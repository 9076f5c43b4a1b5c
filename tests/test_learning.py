"""Words you know in the app: status keys on the word cursor, the marks in the German pane, the figures in
the status line, finishing an article, undo, the lookup panel's status line, review and progress, and a
public session (Pilot tests on throwaway stores; the dictionary is tests/dictionary.py's small file)."""

from __future__ import annotations

import time
from pathlib import Path

from apps import build, quiet_settings, reading, region_text, screen_text, settle, state, toasts, two_articles
from dictionary import write_dictionary
from reader.screens.commands import commands
from reader.screens.help import HelpScreen
from reader.screens.learning import READ_ONLY, due_text, figures_text
from reader.screens.progress import ProgressScreen, summary, ticks
from reader.screens.review import ReviewScreen, when
from reader.screens.word_status import status_name
from reader.settings import Settings
from reader.store import Store, word_counts
from reader.store import words as store_words
from reader.store.word_counts import Figures
from reader.widgets.article_rows import ArticleRows
from reader.widgets.lookup import WordPanel
from reader.widgets.pane import SentencePane
from reader.words import counting, progress, review, status

FIRST = "Die Häuser sind alt. Die Verteidigungsbeamten sagten nichts."
SECOND = "Ein Haus brennt."


def _articles(tmp_path: Path) -> Path:
    return two_articles(tmp_path, ("Häuser", FIRST), ("Ein Haus", SECOND))


def _settings(tmp_path: Path) -> Settings:
    settings = quiet_settings()
    settings.lookup.dictionary = str(write_dictionary(tmp_path / "de-en"))
    return settings


def _drawn(pane: SentencePane, attribute: str) -> list[str]:
    """The words the pane draws with a style attribute ("underline": new words), in order."""
    words: list[str] = []
    for y in range(pane.size.height):
        for seg in pane.render_line(y):
            if seg.style and getattr(seg.style, attribute) and seg.text.strip():
                words.append(seg.text.strip())
    return words


def _store(app: object) -> Store:
    return reading(app).services.store  # type: ignore[arg-type]


def _status(app: object) -> str:
    return region_text(app, reading(app).status)  # type: ignore[arg-type]


# -- the words of the pane, the keys, the figures --------------------------------------------------
async def test_status_keys_mark_the_word_by_its_lemma_and_the_pane_and_figures_follow(tmp_path: Path) -> None:
    app = build([_articles(tmp_path)], _settings(tmp_path))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        de = reading(app).de
        assert state(app).id == "a1" and state(app).statuses is not None
        assert not de.word_marks  # a profile that knows no word reads plain text
        assert "7 new · 0 % known" in _status(app)  # counted at first open: Die, Haus, sein, alt, …
        await pilot.press("l", "w")  # Häuser: known
        await settle(pilot)
        assert any("Häuser (Haus): known." in t for t in toasts(app))
        assert de.word_marks  # the first status given turns the marks on
        underlined = _drawn(de, "underline")
        assert "Häuser" not in underlined and "sind" in underlined and "Die" in underlined
        assert "6 new · 12 % known" in _status(app)  # 1 of the 8 word tokens (Die twice)
        store = _store(app)
        assert store_words.statuses(store, ["haus"])["haus"].status == "known"
        assert counting.figures(store)["b2"].new_words == 2  # "Ein Haus brennt": Haus is known there too
        await pilot.press("3")  # learning, level 3
        await settle(pilot)
        assert state(app).word_status().level == 3
        assert store_words.statuses(store, ["haus"])["haus"].level == 3
        assert "1 to review" in _status(app)  # a word in learning has a card, due at once
        await pilot.press("0")  # new again
        await settle(pilot)
        assert "Häuser" in _drawn(de, "underline") and "haus" not in store_words.statuses(store, ["haus"])
        assert "to review" not in _status(app)
        await pilot.press("z")  # undo "new again": learning, level 3
        await settle(pilot)
        assert store_words.statuses(store, ["haus"])["haus"].level == 3
        await pilot.press("N")  # hide the marks
        assert _drawn(de, "underline") == [] and not de.word_marks
        await pilot.press("N")
        assert "sind" in _drawn(de, "underline")


async def test_the_status_keys_are_bindings_with_ids_so_help_the_palette_and_a_keymap_see_them(
    tmp_path: Path,
) -> None:
    settings = _settings(tmp_path)
    settings.keys = {"word_known": "b"}
    app = build([_articles(tmp_path)], settings)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        titles = {c.title: c.keys for c in commands(app.screen)}
        assert titles["Word: known"] == ("b",)
        assert titles["Word: learning, level 1"] == ("1",) and titles["Word: ignore"] == ("I",)
        assert {"Finish the article", "Review words", "Progress", "Show / hide new words"} <= set(titles)
        await pilot.press("l", "b")
        await settle(pilot)
        assert store_words.statuses(_store(app), ["haus"])["haus"].status == "known"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert {("b", "Word: known"), ("D", "Finish the article"), ("r", "Review words")} <= set(
            app.screen.rows
        )


async def test_finishing_marks_the_rest_known_and_the_same_key_undoes_it(tmp_path: Path) -> None:
    app = build([_articles(tmp_path)], _settings(tmp_path))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("l", "2")  # Häuser in learning: finishing leaves it there
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert any("Marked 6 new words known. D again (or z) undoes it." in t for t in toasts(app))
        assert "1 new · " in _status(app)  # Haus is learning: not known
        store = _store(app)
        assert store_words.statuses(store, ["alt"])["alt"].status == "known"
        assert store_words.statuses(store, ["haus"])["haus"].status == "learning"
        assert progress.series(store, 1)[0].read == 1  # finishing an article reads it
        assert _drawn(reading(app).de, "underline") == []  # nothing new is left
        await pilot.press("D")
        await settle(pilot)
        assert any("Undone: marked 6 new words known." in t for t in toasts(app))
        assert "alt" not in store_words.statuses(store, ["alt"])
        assert "7 new · 0 % known" in _status(app)


async def test_the_lists_new_words_follow_the_counting_and_the_readers_marks(tmp_path: Path) -> None:
    app = build([_articles(tmp_path)], _settings(tmp_path))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        before = counting.figures(_store(app))
        listed = region_text(app, reading(app).query_one(ArticleRows))
        assert f"{before['a1'].new_words} new" in listed and f"{before['b2'].new_words} new" in listed
        await pilot.press("l", "w")  # Häuser known: Haus is known in the other article too
        await settle(pilot)
        after = counting.figures(_store(app))
        assert after["b2"].new_words == before["b2"].new_words - 1
        listed = region_text(app, reading(app).query_one(ArticleRows))
        assert f"{after['a1'].new_words} new" in listed and f"{after['b2'].new_words} new" in listed


async def test_the_lookup_panel_shows_the_words_status_and_the_keys_that_set_it(tmp_path: Path) -> None:
    app = build([_articles(tmp_path)], _settings(tmp_path))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("l", "d")
        await settle(pilot)
        panel = region_text(app, reading(app).query_one(WordPanel))
        assert "status  new  ·  1 2 3 4 learning · w known · I ignore · 0 new" in panel
        await pilot.press("1")  # the panel stays open and the keys act on its word
        await settle(pilot)
        panel = region_text(app, reading(app).query_one(WordPanel))
        assert "status  learning (level 1)" in panel and "house" in panel


async def test_the_library_is_counted_in_the_background_and_a_read_article_is_progress(
    tmp_path: Path,
) -> None:
    from reader.library.importing import add_paths

    folder = _articles(tmp_path)
    settings = _settings(tmp_path)
    list(add_paths(Store(settings.store_path), [folder]))  # added by `reader add`: nothing counted
    app = build([folder / "a.txt"], settings)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        store = _store(app)
        assert set(counting.figures(store)) >= {"a1", "b2"}  # b2 never opened
        assert word_counts.pending(store, counting.COUNT_VERSION) == []
        assert "counting" not in _status(app)
        assert progress.series(store, 1)[0].read == 1  # a1, opened: read
        await pilot.press("n")
        await settle(pilot)
        assert progress.series(store, 1)[0].read == 2


async def test_a_public_session_refuses_the_word_keys_with_one_notice(tmp_path: Path) -> None:
    folder = _articles(tmp_path)
    owner = build([folder], _settings(tmp_path))
    async with owner.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
    settings = _settings(tmp_path)
    settings.profile, settings.public = "public", True
    app = build([folder / "a.txt"], settings)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        for key in ("w", "2", "D", "r", "P", "N"):
            await pilot.press("l", key)
            await settle(pilot)
            assert toasts(app).count(READ_ONLY) == 1, key  # one notice for the key, no failure
            app.clear_notifications()
            await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen | ProgressScreen)
        assert state(app).statuses is None and "known" not in _status(app)
    public = Store(settings.store_path, profile="public", read_only=True)
    assert store_words.list_statuses(public) == [] and progress.series(public, 1)[0].read == 0


# -- review and progress ---------------------------------------------------------------------------
async def test_review_shows_the_sentence_then_the_answer_and_takes_a_rating(tmp_path: Path) -> None:
    app = build([_articles(tmp_path)], _settings(tmp_path))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("l", "1", "r")  # Häuser in learning, then review
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        text = screen_text(app)
        assert "Review · 1 due" in text and "Die Häuser sind alt." in text
        assert "space shows the answer" in text and "space Show the answer" in text  # the footer's key
        assert "house" not in text and "Again" not in text  # the answer and ratings wait for space
        await pilot.press("space")
        text = screen_text(app)
        assert "Haus" in text and "house" in text and "(no English known for this sentence yet)" in text
        assert "1 Again" in text and "3 Good" in text and "Show the answer" not in text
        await pilot.press("g")  # Good
        await settle(pilot)
        text = screen_text(app)
        assert "Nothing to review now." in text and "Haus: back in" in text
        assert "The next word is due in" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ReviewScreen)
        assert "to review" not in _status(app)
    card = review.due(Store(app.services.store.path), now=time.time() + 30 * 86_400)
    assert [c.key for c in card] == ["haus"]  # rated: due again later, still in learning


async def test_review_with_nothing_due_says_what_to_do(tmp_path: Path) -> None:
    app = build([_articles(tmp_path)], _settings(tmp_path))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        text = screen_text(app)
        assert "Nothing to review now." in text and "1–4 on a word" in text and "save them (v)" in text
        assert "Again" not in text and "Show the answer" not in text
        await pilot.press("escape")
        assert not isinstance(app.screen, ReviewScreen)


async def test_progress_plots_known_words_reviews_and_reads_in_80x24(tmp_path: Path) -> None:
    app = build([_articles(tmp_path)], _settings(tmp_path))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("l", "w", "l", "w")  # Haus and sein known
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        text = screen_text(app)
        assert "2 known (+2)" in text and "1 article read" in text
        assert "Words known" in text and "Words reviewed a day" in text and "Articles read a day" in text
        lines = text.splitlines()
        assert len(lines) == 24 and "esc Close" in lines[-1]  # all of it on one 80x24 screen
        await pilot.press("escape")
        assert not isinstance(app.screen, ProgressScreen)


# -- plain functions -------------------------------------------------------------------------------
def test_figures_say_new_words_and_a_share_known_that_is_never_rounded_up_to_all() -> None:
    assert figures_text(Figures(87, 0.6249, 400)) == "87 new · 62 % known"
    assert figures_text(Figures(1, 0.999, 2000)) == "1 new · 99 % known"
    assert figures_text(Figures(0, 1.0, 300)) == "0 new · 100 % known"
    assert figures_text(Figures(0, 1.0, 0)) == "" and figures_text(None) == ""
    assert due_text(0) == "" and due_text(3) == "3 to review"
    assert status_name("learning", 2) == "learning (level 2)" and status_name("ignored") == "ignored"


def test_waits_read_as_a_person_says_them() -> None:
    assert when(30) == "in 1 minute" and when(600) == "in 10 minutes"
    assert when(3 * 3600) == "in 3 hours" and when(4 * 86_400) == "in 4 days"


def test_the_progress_axis_and_totals() -> None:
    import datetime as dt

    today = dt.date(2026, 12, 5)
    days = [
        progress.Day(today - dt.timedelta(days=29 - n), 100 + n, 1, n % 3, n % 4, n % 2) for n in range(30)
    ]
    positions, labels = ticks(days)
    assert positions[-1] == 29 and labels[-1] == "5 Dec" and len(labels) == 4
    line = summary(days, {"learning": 4}).plain
    assert line == "129 known (+30)  ·  4 learning  ·  43 reviews  ·  15 articles read"


def test_a_words_status_changes_every_form_of_it_in_the_state_at_once() -> None:
    from reader.articles.parse import parse_article
    from reader.screens import state as st
    from reader.words.status import WordMark

    article = parse_article("ID: x\n\nT\n\nDas Haus. Die Häuser.\n", source="x.txt")
    marks = (
        (WordMark(0, 3, "der", "known"), WordMark(4, 8, "haus", "new")),
        (WordMark(0, 3, "der", "known"), WordMark(4, 10, "haus", "new")),
    )
    state = st.with_statuses(st.opened(article), marks, None)
    state = st.with_word(st.with_cursor(state, 1), 1)
    assert state.word_status() == WordMark(4, 10, "haus", "new")
    changed = st.with_word_status(state, "haus", "learning", 2)
    assert [m.level for unit in changed.statuses or () for m in unit] == [0, 2, 0, 2]
    assert changed.statuses[0][0] is state.statuses[0][0]  # type: ignore[index]
    assert st.with_word_status(changed, "haus", "known", 2).word_status().level == 0  # type: ignore[union-attr]


def test_the_pane_is_given_only_the_new_and_learning_words() -> None:
    from reader.screens.document import marked_words
    from reader.words.status import WordMark

    words = [WordMark(0, 3, "a", "known"), WordMark(4, 8, "b", "new"), WordMark(9, 12, "c", "learning", 3)]
    assert marked_words([*words, WordMark(13, 15, "d", "ignored")]) == (
        (4, 8, "new", 0),
        (9, 12, "learning", 3),
    )
    assert status.NEW == "new"
