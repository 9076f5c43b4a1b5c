"""The search screen: as-you-type search of the library, @entity search, opening a result at its sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input

from apps import build, reading, screen_text, settle, state
from conftest import SEED
from reader.library.importing import add_paths
from reader.library.indexing import index_pending
from reader.library.passages import Passage, SearchHit
from reader.nlp.recognizers import load_recognizer
from reader.screens.search import SearchScreen, entity_query, highlighted, prompt
from reader.settings import EntitySettings, Settings
from reader.store import Store
from reader.store.outcome import Outcome
from reader.widgets.pane import SentencePane

SPORT = (
    "Der Verein hat am Samstag gewonnen. Die Fans feierten in der Straße vor dem Stadion.\n\n"
    "Wladimir Putin sah das Spiel nicht. Trainer Müller sagte, der Fußball sei schnell gewesen.\n"
)
POLITICS = "Putin sprach am Montag in Moskau. Die Rede dauerte eine Stunde.\n"
HOSTILE = "Die [CDU] und [bold red]rote[/] Fußball-Fans [@click=app.bell]klickten[/] nicht.\n"


def _library(tmp_path: Path) -> dict[str, str]:
    """Three articles added to the app's library (not among the files the app is opened on)."""
    folder = tmp_path / "library"
    folder.mkdir()
    for name, title, body in [
        ("a.txt", "Sieg im Derby", SPORT),
        ("b.txt", "Rede in Moskau", POLITICS),
        ("c.txt", "Ein [b]Titel[/b]", HOSTILE),
    ]:
        (folder / name).write_text(f"{title}\n\n{body}", encoding="utf-8")
    store = Store(Settings().store_path)
    try:
        added = [a for a in add_paths(store, [folder]) if isinstance(a, Outcome)]
        add_paths(store, [SEED]).__next__()  # the seed too, as the app adds it on first run
        index_pending(store, lambda: load_recognizer(EntitySettings(backend="embedded")))
    finally:
        store.close()
    return {a.title: a.article_id for a in added}


async def _search(pilot: Pilot[None], query: str) -> SearchScreen:
    screen = pilot.app.screen
    if not isinstance(screen, SearchScreen):
        await pilot.press("f")
        await settle(pilot)
        screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    screen.query_one(Input).value = ""
    await pilot.press(*query)
    await settle(pilot)
    return screen


def _flat(text: str) -> str:
    """The screen's words in order, without the box around the search: wrapped lines joined."""
    return " ".join(line.strip(" █▊▎") for line in text.splitlines())


def _prompt(screen: SearchScreen, index: int) -> Content:
    shown = screen.results.get_option_at_index(index).prompt
    assert isinstance(shown, Content)
    return shown


def _highlights(content: Content) -> list[str]:
    return [content.plain[s.start : s.end] for s in content.spans if "reverse" in str(s.style)]


async def test_fussball_finds_fussball_highlighted_and_enter_opens_that_sentence(tmp_path: Path) -> None:
    ids = _library(tmp_path)
    app = build([SEED])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _search(pilot, "Fussball")
        text = _flat(screen_text(app))  # the paragraph wraps at 80 columns
        assert "Sieg im Derby" in text and "Trainer Müller sagte, der Fußball sei schnell" in text
        assert len(screen.found) == 2  # "Fußball" here, "Fußball-Fans" in another article
        n, hit = next((n, r) for n, r in enumerate(screen.found) if r.article == ids["Sieg im Derby"])
        # never opened, so not split: its second paragraph, which is split when it is chosen
        assert (hit.first.sentence, hit.first.block, hit.first.lang) == (None, 1, "de")
        assert _highlights(_prompt(screen, n)) == ["Fußball"]
        assert "DE Sieg im Derby · paragraph 2" in text
        for _ in range(n):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        opened = state(app)
        assert opened.id == ids["Sieg im Derby"] and opened.cursor == 3
        assert opened.article.units[3].sentence.text.startswith("Trainer Müller")
        assert "Deutsch · 4/4" in screen_text(app)
        assert isinstance(app.focused, SentencePane)


async def test_up_and_down_choose_from_the_input_and_the_states_say_so(tmp_path: Path) -> None:
    ids = _library(tmp_path)
    app = build([SEED])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert "@Name lists the articles" in screen_text(app)  # the empty state explains both kinds
        screen = await _search(pilot, "zeppelinfahrt")
        said = _flat(screen_text(app))
        assert "Nothing matches 'zeppelinfahrt' (tried 'zeppelinfahrt' and compounds)." in said
        screen = await _search(pilot, "Putin")  # the seed mentions him too, in German and English
        found = [r.article for r in screen.found]
        assert set(found) >= {ids["Sieg im Derby"], ids["Rede in Moskau"]}
        assert len(found) == len(set(found))  # one result per article
        screen = await _search(pilot, "counterparts")  # only in the seed's English
        assert [r.first.lang for r in screen.found] == ["en"]
        second = screen.found[0]
        await pilot.press("enter")
        await settle(pilot)
        assert (state(app).id, state(app).cursor) == (second.article, second.first.sentence)


async def test_a_click_on_a_result_opens_it(tmp_path: Path) -> None:
    ids = _library(tmp_path)
    app = build([SEED])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _search(pilot, "Stunde")
        assert [(r.article, r.first.block) for r in screen.found] == [(ids["Rede in Moskau"], 0)]
        assert await pilot.click("#search-results", offset=(5, 1))
        await settle(pilot)
        assert (state(app).id, state(app).cursor) == (ids["Rede in Moskau"], 1)


async def test_at_name_lists_the_articles_mentioning_an_entity(tmp_path: Path) -> None:
    ids = _library(tmp_path)
    app = build([SEED])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _search(pilot, "@Putin")
        assert {r.article for r in screen.found} >= {ids["Sieg im Derby"], ids["Rede in Moskau"]}
        text = screen_text(app)
        assert "Rede in Moskau" in text and "Sieg im Derby" in text and "(PER) · 1 mention" in text
        screen.query_one(Input).value = "@Putin "  # a space typed after the name changes nothing
        await settle(pilot)
        assert "results, best first; ↑↓ choose" in screen_text(app) and "Searching" not in screen_text(app)
        screen = await _search(pilot, "@Niemand")
        assert "No article mentions 'Niemand'." in screen_text(app)
        screen = await _search(pilot, "@Putin")
        moskau = next(i for i, r in enumerate(screen.found) if r.article == ids["Rede in Moskau"])
        for _ in range(moskau):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert state(app).id == ids["Rede in Moskau"]


async def test_the_entity_query_prefills_the_screen(tmp_path: Path) -> None:
    ids = _library(tmp_path)
    app = build([SEED])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reading(app).action_search(entity_query("Wladimir  Putin"))
        await settle(pilot)
        prefilled = app.screen
        assert isinstance(prefilled, SearchScreen) and prefilled.query_one(Input).value == "@Wladimir Putin"
        # one entity, whatever he is called: the full name here, "Putin" in the other two articles
        found = {r.article: r.first for r in prefilled.found}
        assert set(found) >= {ids["Sieg im Derby"], ids["Rede in Moskau"]}
        # never opened, so not split: the mention is known by paragraph, and found again on opening
        assert (found[ids["Sieg im Derby"]].sentence, found[ids["Sieg im Derby"]].block) == (None, 1)
        derby = [r.article for r in prefilled.found].index(ids["Sieg im Derby"])
        for _ in range(derby):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert (state(app).id, state(app).cursor) == (ids["Sieg im Derby"], 2)
        # opened once, it is split: the result names the sentence
        screen = await _search(pilot, "@Wladimir Putin")
        assert {r.article: r.first.sentence for r in screen.found}[ids["Sieg im Derby"]] == 2


async def test_escape_closes_and_the_keys_go_back_to_the_reading_pane(tmp_path: Path) -> None:
    _library(tmp_path)
    app = build([SEED])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = state(app)
        await _search(pilot, "Fussball")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SearchScreen) and isinstance(app.focused, SentencePane)
        assert state(app).id == before.id
        await pilot.press("j")
        assert state(app).cursor == before.cursor + 1  # the key moved the cursor, not typed anywhere


async def test_hostile_text_in_a_result_shows_literally(tmp_path: Path) -> None:
    _library(tmp_path)
    app = build([SEED])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _search(pilot, "klickten")
        text = _flat(screen_text(app))  # the sentence wraps at 80 columns
        assert "DE Ein [b]Titel[/b]" in text and "1 result;" in text
        assert "Die [CDU] und [bold red]rote[/] Fußball-Fans [@click=app.bell]klickten[/] nicht." in text
        assert _highlights(_prompt(screen, 0)) == ["klickten"]


def test_control_characters_are_removed_without_moving_the_highlight() -> None:
    text = "Vor\x1b]0;pwn\x07 dem \x1b[2JStadion\x9b feierten sie."
    start = text.index("Stadion")
    shown = highlighted(text, ((start, start + len("Stadion")),))
    assert "\x1b" not in shown.plain and "\x9b" not in shown.plain and "\x07" not in shown.plain
    assert _highlights(shown) == ["Stadion"]
    passage = Passage(text, "en", 0, -1, 0, ((start, start + 7),))
    title = prompt(SearchHit("a", "[red]T\x1b[31mitel", (passage,), -1.0, "lemma"))
    assert title.plain.startswith("EN [red]Titel · sentence 1 · lemma\n")


def test_a_long_sentence_is_cut_around_its_match() -> None:
    text = "Wort " * 100 + "Fußball " + "Satz " * 100
    start = text.index("Fußball")
    shown = highlighted(text, ((start, start + 7),), width=80)
    assert shown.plain.startswith("…") and shown.plain.endswith("…") and len(shown.plain) <= 82
    assert _highlights(shown) == ["Fußball"]


async def test_new_articles_join_the_index_in_the_background_and_a_search_says_how_far(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.screens import indexing
    from reader.store import search as index

    monkeypatch.setattr(indexing, "CHECK_EVERY", 0.2)
    folder = tmp_path / "neu"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(
            f"Neu {i}\n\nDie Enkelkinder spielten im Garten.\n", encoding="utf-8"
        )
    app = build([folder])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        store = app.services.store
        for _ in range(200):  # the child process indexes the seed and the three new articles
            await settle(pilot)
            if index.coverage(store).complete:
                break
            await pilot.pause(0.1)
        assert index.coverage(store).complete
        screen = await _search(pilot, "Kind")
        assert {r.title for r in screen.found} == {"Neu 0", "Neu 1", "Neu 2"}
        assert {r.via for r in screen.found} == {"compound"}
        assert "being built" not in screen_text(app)
        await pilot.press("escape")
        reading(app).query_one(indexing.BackgroundIndexing).remove()  # as if it had not got there yet
        await settle(pilot)
        (folder / "3.txt").write_text("Neu 3\n\nDas Enkelkind schlief.\n", encoding="utf-8")
        list(add_paths(store, [folder / "3.txt"]))
        screen = await _search(pilot, "Enkelkind")
        assert "The search index is being built: indexed 4 of 5 articles so far" in _flat(screen_text(app))


async def test_results_page_in_as_the_reader_goes_down_the_list(tmp_path: Path) -> None:
    from reader.library.search import find
    from reader.screens import search as search_screen

    folder = tmp_path / "viele"
    folder.mkdir()
    for i in range(70):
        text = "Die Polizei kam. " + "Sonst nichts. " * (i % 7)
        (folder / f"{i:02d}.txt").write_text(f"Bericht {i}\n\n{text}\n", encoding="utf-8")
    store = Store(Settings().store_path)
    list(add_paths(store, [folder]))
    index_pending(store, None)
    ranked = [h.article for h in find(store, "Polizei").page(store, 0, 0)]
    store.close()
    app = build([SEED])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _search(pilot, "Polizei")
        assert len(screen.found) == search_screen.PAGE
        assert "70 results, best first (30 shown; more as you scroll)" in screen_text(app)
        for _ in range(search_screen.PAGE - search_screen.AHEAD):
            await pilot.press("down")
        await settle(pilot)
        assert len(screen.found) == 2 * search_screen.PAGE
        await pilot.press("end")  # the last of those: the rest follows
        for _ in range(30):
            await pilot.press("down")
        await settle(pilot)
        assert [r.article for r in screen.found] == ranked  # all 70, in rank order, none twice
        assert "70 results, best first;" in screen_text(app)
