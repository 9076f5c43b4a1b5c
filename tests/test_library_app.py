"""The library in the app: refresh from a feed, read and unread, stars, one feed at a time (from the
feed list)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from apps import build, region_text, settle, state, toasts
from reader.store import feeds, library

if TYPE_CHECKING:
    from newssite import NewsSite

pytest_plugins = ["newssite"]


async def test_refresh_brings_a_feeds_articles_into_the_list_and_f_shows_one_feed(
    news_site: NewsSite,
) -> None:
    app = build()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one("#sidebar")
        assert len(app.screen.query_one("#sidebar").shown_ids) == 1  # type: ignore[attr-defined]
        feeds.subscribe(app.services.store, f"{news_site.url}/rss.xml")
        await pilot.press("R")
        await settle(pilot)
        assert "Refreshed: 3 added" in " ".join(toasts(app))
        assert "Lokführer kündigen neuen" in region_text(app, sidebar)
        assert len(sidebar.shown_ids) == 4  # type: ignore[attr-defined]
        await pilot.press("F", "down", "enter")  # the feed list: the first feed only
        shown = sidebar.shown_ids  # type: ignore[attr-defined]
        assert len(shown) == 3
        await pilot.press("F", "up", "enter")  # and back to every article
        assert len(sidebar.shown_ids) == 4  # type: ignore[attr-defined]
        await pilot.press("R")  # nothing new: an unchanged feed costs one short answer
        await settle(pilot)
        assert "0 added" in toasts(app)[-1] or "unchanged" in " ".join(toasts(app))


async def test_read_unread_and_star_are_kept_in_the_library() -> None:
    app = build()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        article = state(app).id
        assert library.summary(app.services.store, article).read  # type: ignore[union-attr]  # opened
        await pilot.press("u", "asterisk")
        await settle(pilot)
        summary = library.summary(app.services.store, article)
        assert summary is not None and not summary.read and summary.starred
        assert "★" in region_text(app, app.screen.query_one("#sidebar"))
        await pilot.press("U", "y")  # it asks first
        await settle(pilot)
        summary = library.summary(app.services.store, article)
        assert summary is not None and summary.read


async def test_from_the_entity_panel_f_lists_every_article_mentioning_it() -> None:
    from reader.screens.search import SearchScreen
    from reader.widgets.entities import EntityPanel

    app = build()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        panel = app.screen.query_one(EntityPanel)
        prompts = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        panel.highlighted = next(i for i, prompt in enumerate(prompts) if "Putin" in prompt)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        text = region_text(app, app.screen)
        assert "@Putin" in text and "Frieden möglich" in text
