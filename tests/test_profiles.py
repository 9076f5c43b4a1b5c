"""Profiles: each reader's own positions, flags, marks, notes and words; a store from before profiles
becomes the default profile's; a public session writes nothing of anyone's."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest

from apps import build, quiet_settings, region_text, settle, state, toasts, two_articles
from apps import reading as reading_screen
from conftest import SEED
from reader.cli import main
from reader.errors import UserError
from reader.library.importing import import_file
from reader.settings import Settings
from reader.store import ReadOnlySession, Store, library, marks, prefs, reading, vocab
from reader.store.db import _statements
from reader.store.profiles import DEFAULT, check_name, name_from
from reader.store.schema import MIGRATIONS
from reader.store.vocab import VocabItem

ARTICLE = "17794"  # the seed's id


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "reader.db"
    import_file(Store(path), SEED)
    return path


def test_two_profiles_never_see_each_others_state(path: Path) -> None:
    alice, bob = Store(path, profile="alice"), Store(path, profile="bob")
    reading.save_position(alice, ARTICLE, 7)
    library.set_read(alice, [ARTICLE])
    library.set_starred(alice, ARTICLE)
    marks.set_mark(alice, ARTICLE, 3, marked=True, note="nur für Alice")
    vocab.save_word(alice, VocabItem("Frieden", "Frieden", "NN", "Frieden möglich!"))

    assert reading.positions(bob) == {} and reading.last_read(bob) is None
    [summary] = library.list_articles(bob)
    assert not summary.read and not summary.starred
    assert library.list_articles(bob, unread=True) != [] and library.list_articles(bob, starred=True) == []
    assert marks.marks_for(bob, ARTICLE) == {}
    assert vocab.list_words(bob) == [] and vocab.count(bob) == 0 and vocab.saved_forms(bob) == frozenset()

    # Bob's own changes stay his, and Alice's stay hers.
    marks.set_mark(bob, ARTICLE, 3, note="Bobs Notiz")
    assert marks.marks_for(alice, ARTICLE)[3].note == "nur für Alice"
    assert reading.positions(alice) == {ARTICLE: 7} and reading.last_read(alice) == ARTICLE
    [mine] = library.list_articles(alice)
    assert mine.read and mine.starred
    assert [w.word for w in vocab.list_words(alice)] == ["Frieden"]
    assert [c.unread for c in library.feed_counts(alice)] == [0]
    assert [c.unread for c in library.feed_counts(bob)] == [1]


def test_an_older_position_never_replaces_a_newer_one(path: Path) -> None:
    """A session that ends late must not write the past over what a newer session did."""
    store = Store(path, profile="alice")
    now = time.time()
    assert reading.save_position(store, ARTICLE, 12, at=now)
    assert not reading.save_position(store, ARTICLE, 2, at=now - 60)  # from a session idle since
    assert reading.positions(store) == {ARTICLE: 12}
    assert reading.save_position(store, ARTICLE, 13, at=now + 1)
    assert reading.positions(store) == {ARTICLE: 13}


def test_marking_all_read_returns_what_changed_so_it_can_be_undone(path: Path) -> None:
    store = Store(path)
    assert library.mark_all_read(store) == [ARTICLE]
    assert library.mark_all_read(store) == []
    assert library.set_read(store, [ARTICLE], False) == [ARTICLE]
    assert library.list_articles(store, unread=True)[0].id == ARTICLE


def _version_3_store(path: Path) -> None:
    """A store as reader made it before profiles, with one person's state in it."""
    conn = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[:3]:
        for statement in _statements(step):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    conn.execute(
        "INSERT INTO articles (id, title, source, content_hash, parser_version, body, added_at, read,"
        " starred) VALUES ('a1', 'Titel', 'x.txt', 'h', 1, ?, 1.0, 1, 1)",
        ('{"id": "a1", "title": "Titel", "source": "x.txt", "blocks": [], "notices": []}',),
    )
    conn.execute("INSERT INTO reading (article_id, position, opened_at) VALUES ('a1', 4, 100.0)")
    conn.execute(
        "INSERT INTO marks (article_id, position, marked, note, updated_at) VALUES ('a1', 2, 1, 'n', 1)"
    )
    conn.execute(
        "INSERT INTO vocabulary (word, lemma, pos, sentence, entries, added_at)"
        " VALUES ('Hause', 'Haus', 'NN', 'Zu Hause.', '[]', 1.0)"
    )
    conn.close()


def test_a_store_from_before_profiles_becomes_the_default_profiles(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _version_3_store(path)
    store = Store(path)
    assert store.profile == DEFAULT
    assert reading.positions(store) == {"a1": 4}
    assert marks.marks_for(store, "a1") == {2: marks.Mark(2, True, "n")}
    assert [(w.word, w.lemma) for w in vocab.list_words(store)] == [("Hause", "Haus")]
    [summary] = library.list_articles(store)
    assert summary.read and summary.starred
    # and none of it is anyone else's
    other = Store(path, profile="guest")
    assert reading.positions(other) == {} and marks.marks_for(other, "a1") == {}
    assert vocab.list_words(other) == [] and not library.list_articles(other)[0].read


def test_a_public_session_reads_but_saves_nothing_of_anyones(path: Path) -> None:
    owner = Store(path)
    marks.set_mark(owner, ARTICLE, 1, note="des Besitzers")
    public = Store(path, profile="public", read_only=True)
    assert library.list_articles(public)[0].id == ARTICLE  # the library is there to read
    assert marks.marks_for(public, ARTICLE) == {}  # the owner's notes are not
    with pytest.raises(ReadOnlySession, match="public"):
        marks.set_mark(public, ARTICLE, 1, marked=True)
    with pytest.raises(ReadOnlySession):
        vocab.save_word(public, VocabItem("Frieden", "Frieden", "NN", "Frieden möglich!"))
    with pytest.raises(ReadOnlySession):
        library.set_starred(public, ARTICLE)
    # positions and read flags live for the session only: quietly not saved
    assert not reading.save_position(public, ARTICLE, 5)
    assert library.set_read(public, [ARTICLE]) == []
    assert reading.positions(Store(path, profile="public")) == {}
    assert not library.list_articles(owner)[0].read
    # what is a cache of shared work may still be written (the split of an article on first open)
    assert library.open_article(public, ARTICLE) is not None


@pytest.mark.parametrize("name", ["", "a b", "x" * 65, "-flag", ".hidden", "a/b", "ä"])
def test_bad_profile_names_are_refused(name: str) -> None:
    with pytest.raises(UserError, match="cannot name a profile"):
        check_name(name)


def test_names_from_key_comments() -> None:
    assert name_from("alice@laptop") == "alice@laptop"
    assert name_from("Bob Smith (work)") == "Bob-Smith--work-"
    assert name_from("  ") == DEFAULT
    assert check_name(name_from("SHA256:abc+/def")) == "SHA256:abc+-def"


def _jsonl(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_every_command_takes_the_profile(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--format", "jsonl"]) == 0  # the seed arrives in the shared library
    [seed] = _jsonl(capsys.readouterr().out)
    library.set_read(Store(Settings().store_path, profile="alice"), [str(seed["id"])])
    assert main(["list", "--format", "jsonl", "--profile", "alice"]) == 0
    assert _jsonl(capsys.readouterr().out)[0]["read"] is True
    assert main(["--profile", "bob", "list", "--format", "jsonl"]) == 0
    assert _jsonl(capsys.readouterr().out)[0]["read"] is False
    assert main(["list", "--unread", "--profile", "alice"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["list", "--profile", "no good"]) == 2
    assert "cannot name a profile" in capsys.readouterr().err


def test_a_profile_keeps_its_theme_and_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "theme", "nord", "--profile", "alice"]) == 0
    assert main(["profile", "keys", "next_sentence=j,ctrl+n", "--profile", "alice"]) == 0
    out = capsys.readouterr().out
    assert "theme: nord" in out and "keys: next_sentence = j,ctrl+n" in out
    assert main(["profile", "keys", "no_such_binding=x", "--profile", "alice"]) == 2
    assert "no_such_binding: unknown" in capsys.readouterr().err
    assert main(["profile", "theme", "no-such-theme"]) == 2
    assert main(["profile", "list", "--format", "jsonl"]) == 0
    assert [row["name"] for row in _jsonl(capsys.readouterr().out)] == ["alice", "default"]


async def test_the_app_opens_with_the_profiles_theme_and_keys_and_saves_a_new_theme() -> None:
    settings = quiet_settings()
    settings.profile = "alice"
    store = Store(settings.store_path, profile="alice")
    prefs.save_theme(store, "nord")
    prefs.save_keys(store, {"next_sentence": "ctrl+n"})
    app = build(settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        await pilot.press("ctrl+n")
        assert state(app).cursor == 1
        app.theme = "gruvbox"  # as the palette's theme picker does
        await settle(pilot)
    assert prefs.prefs(Store(settings.store_path, profile="alice")).theme == "gruvbox"
    assert prefs.prefs(Store(settings.store_path, profile="bob")).theme == ""


async def test_a_public_session_in_the_app_says_what_it_cannot_do(tmp_path: Path) -> None:
    owner = Settings()
    folder = two_articles(tmp_path)
    for article in sorted(folder.iterdir()):
        import_file(Store(owner.store_path), article)
    marks.set_mark(Store(owner.store_path), "a1", 0, note="des Besitzers")
    settings = quiet_settings()
    settings.profile, settings.public = "public", True
    app = build([folder / "a.txt"], settings=settings)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert state(app).marks == {}  # the owner's note is not shown
        await pilot.press("j", "m")
        await settle(pilot)
        await pilot.pause()  # the failure's notice is raised as the worker ends; its toast follows
        assert "This is a public, read-only session: nothing you do here is saved." in toasts(app)
        await pilot.press("t")
        await settle(pilot)
        await pilot.pause()
        assert any("does not ask translation engines" in t for t in toasts(app))
        assert not any("Loading articles" in t for t in toasts(app))  # nothing added, nothing failed
    assert reading.positions(Store(owner.store_path, profile="public")) == {}
    assert marks.marks_for(Store(owner.store_path), "a1")[0].note == "des Besitzers"


def test_salvage_from_a_store_before_profiles_gives_its_state_to_the_default_profile(tmp_path: Path) -> None:
    from reader.store.recover import salvage

    old = tmp_path / "old.db"
    _version_3_store(old)
    fresh = Store(tmp_path / "fresh.db")
    salvage(old, fresh._raw(), shell="")
    assert reading.positions(fresh) == {"a1": 4}
    assert marks.marks_for(fresh, "a1") == {2: marks.Mark(2, True, "n")}
    assert [w.word for w in vocab.list_words(fresh)] == ["Hause"]


async def test_the_status_line_says_whose_profile_is_open() -> None:
    settings = quiet_settings()
    settings.profile = "anna@laptop"
    app = build(settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "anna@laptop" in region_text(app, reading_screen(app).status)


async def test_a_session_that_quits_late_does_not_write_the_past_over_a_newer_one(tmp_path: Path) -> None:
    """Session A reads a1, session B of the same profile then reads b2 and quits; when A quits last,
    the next session still opens b2, where the reader was last."""
    folder = two_articles(tmp_path)
    first = build([folder / "a.txt"])
    async with first.run_test(size=(100, 30)) as pilot_a:
        await settle(pilot_a)
        assert state(first).id == "a1"
        second = build([folder / "b.txt"])
        async with second.run_test(size=(100, 30)) as pilot_b:
            await settle(pilot_b)
            assert state(second).id == "b2"
            await pilot_b.press("j")
            await settle(pilot_b)
    store = Store(Settings().store_path)
    assert reading.last_read(store) == "b2"
    assert reading.positions(store) == {"a1": 0, "b2": 1}
