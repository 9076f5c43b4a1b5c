"""What the reader does with the library in the app (issue 20, items 3 and 4): undo (z) for u, U, * and
removing an article; U asks first; the feed list (F) to show, rename and unsubscribe a feed; refreshing
on a timer; the original page (o); modal footers with the modal's own keys; a public session refused
what would change the library, with one notice."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from apps import build, quiet_settings, screen_text, settle, state, toasts
from reader.app import ReaderApp
from reader.library.importing import ensure_seeds
from reader.screens.confirm import ConfirmScreen
from reader.screens.feed_list import FeedListScreen
from reader.screens.feeds_view import Feeds
from reader.screens.reading import ReadingScreen
from reader.screens.search import SearchScreen
from reader.settings import Settings
from reader.sources.fetch import Fetcher
from reader.sources.importer import add_feed
from reader.store import Store, feeds, library
from reader.widgets.article_rows import ArticleRows

if TYPE_CHECKING:
    from newssite import NewsSite

pytest_plugins = ["newssite"]


def _store() -> Store:
    return Store(Settings().store_path)


def _with_feed(news_site: NewsSite) -> str:
    store = _store()
    ensure_seeds(store)
    url = f"{news_site.url}/rss.xml"
    list(add_feed(store, url, fetcher=Fetcher(connect_timeout=1.0, read_timeout=0.5, total_timeout=2.0)))
    return url


def _footer(app: ReaderApp) -> str:
    return screen_text(app).splitlines()[-1]


def _summary(app: ReaderApp, article_id: str) -> library.ArticleSummary:
    found = library.summary(app.services.store, article_id)
    assert found is not None
    return found


async def test_z_undoes_u_and_star_each_in_turn() -> None:
    app = build()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        article = state(app).id
        await pilot.press("u", "asterisk")
        await settle(pilot)
        assert not _summary(app, article).read and _summary(app, article).starred
        await pilot.press("z")
        await settle(pilot)
        assert not _summary(app, article).starred and any("Undone: starred it" in t for t in toasts(app))
        await pilot.press("z")
        await settle(pilot)
        assert _summary(app, article).read and any("Undone: marked it unread" in t for t in toasts(app))
        await pilot.press("z")
        await pilot.pause()
        assert any("Nothing to undo" in t for t in toasts(app))


async def test_shift_u_asks_first_and_z_takes_it_back(news_site: NewsSite) -> None:
    _with_feed(news_site)
    app = build()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        store = app.services.store
        assert len(library.list_articles(store, unread=True)) == 3  # the seed opened: read
        await pilot.press("U")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Mark all 3 unread articles read?" in screen_text(app)
        footer = _footer(app)
        assert "Yes" in footer and "No" in footer and "Next article" not in footer
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen) and len(library.list_articles(store, unread=True)) == 3
        await pilot.press("U", "y")
        await settle(pilot)
        assert library.list_articles(store, unread=True) == []
        assert "●" not in screen_text(app)
        await pilot.press("z")
        await settle(pilot)
        assert len(library.list_articles(store, unread=True)) == 3
        assert any("Undone: marked 3 articles read" in t for t in toasts(app))


async def test_remove_takes_the_article_out_opens_the_next_and_z_puts_it_back(news_site: NewsSite) -> None:
    _with_feed(news_site)
    app = build()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        store, sidebar = app.services.store, app.screen.sidebar  # type: ignore[attr-defined]
        await pilot.press("n")
        await settle(pilot)
        gone = state(app).id
        title = state(app).article.title
        following = sidebar.shown_ids[sidebar.shown_ids.index(gone) + 1]
        await pilot.press("delete")
        await settle(pilot)
        assert library.summary(store, gone) is None and gone not in sidebar.shown_ids
        assert state(app).id == following
        assert any(f"Removed “{title}”" in t for t in toasts(app))
        await pilot.press("z")
        await settle(pilot)
        assert library.summary(store, gone) is not None and gone in sidebar.shown_ids
        assert state(app).id == gone


async def test_the_feed_list_shows_renames_and_unsubscribes_a_feed(news_site: NewsSite) -> None:
    url = _with_feed(news_site)
    app = build()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        store, sidebar = app.services.store, app.screen.sidebar  # type: ignore[attr-defined]
        await pilot.press("F")
        assert isinstance(app.screen, FeedListScreen)
        text = screen_text(app)
        name = feeds.summaries(store)[0].name
        assert name in text and "3 unread of 3" in text and "All articles" in text
        footer = _footer(app)
        assert "Rename" in footer and "Unsubscribe" in footer and "Next article" not in footer
        await pilot.press("down", "enter")
        await settle(pilot)
        assert len(sidebar.shown_ids) == 3 and any("3 unread of 3" in t for t in toasts(app))
        await pilot.press("F", "r", *"Lokales", "enter")  # the old name is selected: typing replaces it
        await settle(pilot)
        assert feeds.summaries(store)[0].name == "Lokales"
        assert "Lokales" in screen_text(app)  # the entries say where they came from by the new name
        app.clear_notifications()
        await pilot.press("F", "d")
        await pilot.pause()
        assert "Unsubscribe from Lokales; its 3 articles stay in the library? d again" in screen_text(app)
        await pilot.press("d")
        await settle(pilot)
        assert feeds.feeds(store) == [] and len(library.list_articles(store, feed=url)) == 3
        assert any("Unsubscribed; its 3 articles stay" in t for t in toasts(app))


async def test_feeds_refresh_on_a_timer_and_new_articles_join_the_list(news_site: NewsSite) -> None:
    store = _store()
    ensure_seeds(store)
    feeds.subscribe(store, f"{news_site.url}/rss.xml")
    settings = quiet_settings()
    settings.feeds.refresh_every = 15
    app = build(settings=settings)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        part = app.screen.part(Feeds)  # type: ignore[attr-defined]
        assert [t._interval for t in part._timers] == [15 * 60]
        part._timed_refresh()  # as the timer does
        await settle(pilot)
        assert len(app.screen.sidebar.shown_ids) == 4  # type: ignore[attr-defined]
        assert not any("Refreshed" in t for t in toasts(app)) or any("3 added" in t for t in toasts(app))
    quiet = build()
    async with quiet.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert not list(quiet.screen.part(Feeds)._timers)  # type: ignore[attr-defined]


async def test_o_opens_a_pages_original_and_says_where_a_file_came_from(
    news_site: NewsSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_feed(news_site)
    app = build()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("o")  # the seed: a file
        await pilot.pause()
        assert any("came from a file" in t and "no page to open" in t for t in toasts(app))
        await pilot.press("n")
        await settle(pilot)
        source = state(app).article.source
        assert source.startswith("http://127.0.0.1")
        monkeypatch.delenv("DISPLAY", raising=False)
        monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
        await pilot.press("o")  # no browser on this machine to start: the address, and the clipboard
        await pilot.pause()
        assert any(source in t and "clipboard" in t for t in toasts(app))
        opened: list[str] = []
        monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
        monkeypatch.setenv("DISPLAY", ":0")
        monkeypatch.delenv("SSH_CONNECTION", raising=False)
        await pilot.press("o")
        assert opened == [source]


async def test_modal_footers_show_the_modals_keys() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Next article" in _footer(app)
        await pilot.press("f")
        assert isinstance(app.screen, SearchScreen)
        footer = _footer(app)
        assert "Close search" in footer and "Open" in footer and "Next article" not in footer
        await pilot.press("escape", "a")
        footer = _footer(app)
        assert "Save the note" in footer and "Cancel" in footer and "Quit" not in footer
        await pilot.press("escape", "question_mark")
        assert "Close help" in _footer(app)


async def test_a_public_session_refuses_what_would_change_the_library(news_site: NewsSite) -> None:
    _with_feed(news_site)
    settings = quiet_settings()
    settings.profile, settings.public = "public", True
    app = build(settings=settings)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        store = Store(Settings().store_path)
        article = state(app).id
        for key in ("delete", "U", "asterisk", "R"):
            app.clear_notifications()
            await pilot.press(key)
            await settle(pilot)
            said = toasts(app)
            assert len(said) == 1 and "public, read-only session" in said[0], (key, said)
            assert isinstance(app.screen, ReadingScreen)
        assert library.summary(store, article) is not None and not library.summary(store, article).starred  # type: ignore[union-attr]
        await pilot.press("F", "down", "r")
        assert "public, read-only session" in screen_text(app)
        await pilot.press("enter")  # showing one feed is reading: allowed
        await settle(pilot)
        assert len(app.screen.sidebar.shown_ids) == 3  # type: ignore[attr-defined]
        await pilot.press("o")
        await pilot.pause()
        assert not any("public" in t for t in toasts(app)[-1:])
    assert len(feeds.feeds(store)) == 1 and len(library.list_articles(store)) == 4


async def test_the_list_rows_keep_the_keys_when_focused(news_site: NewsSite) -> None:
    _with_feed(news_site)
    app = build()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        rows = app.screen.query_one(ArticleRows)
        rows.focus()
        first = state(app).id
        await pilot.press("down", "enter")
        await settle(pilot)
        assert state(app).id != first


async def test_keys_typed_ahead_in_a_modal_arrive_in_order(news_site: NewsSite) -> None:
    """A modal's Enter is no priority binding: one would be handled ahead of the keys before it (a
    quick down-enter opened the wrong feed and moved the reading cursor behind the modal)."""
    from textual import events

    _with_feed(news_site)
    app = build()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        cursor = state(app).cursor
        await pilot.press("F")
        for key in ("down", "enter"):  # as a terminal delivers them in one read
            app.post_message(events.Key(key, None))
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen) and state(app).cursor == cursor
        assert len(app.screen.sidebar.shown_ids) == 3
