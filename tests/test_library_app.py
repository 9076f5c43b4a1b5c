"""The library in the app: refresh from a feed, read and unread, stars, one feed at a time."""

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
        await pilot.press("F")  # the first feed only
        shown = sidebar.shown_ids  # type: ignore[attr-defined]
        assert 1 <= len(shown) < 4
        await pilot.press("F", "F")  # and back to every article
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
        await pilot.press("U")
        await settle(pilot)
        summary = library.summary(app.services.store, article)
        assert summary is not None and summary.read
