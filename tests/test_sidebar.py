"""The sidebar at library scale: date order kept while batches arrive, feed filter, counts, stars."""

from __future__ import annotations

from textual.app import App, ComposeResult

from apps import screen_text
from reader.widgets.article_rows import STAR, ArticleEntry, ArticleRows
from reader.widgets.sidebar import ArticleList


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield ArticleList(id="sidebar")


def _entry(n: int, date: float, feed: str = "", unread: bool = True, starred: bool = False) -> ArticleEntry:
    return ArticleEntry(f"a{n}", f"Artikel {n}", unread, feed=feed, date=date, starred=starred)


async def test_batches_are_inserted_newest_first_without_losing_the_open_article() -> None:
    app = _Host()
    async with app.run_test(size=(60, 20)) as pilot:
        sidebar = app.query_one(ArticleList)
        sidebar.add_entries([_entry(1, 10.0), _entry(2, 30.0)])
        sidebar.set_current("a1")
        sidebar.add_entries([_entry(3, 20.0), _entry(4, 40.0), _entry(5, 5.0)])
        await pilot.pause()
        assert sidebar.shown_ids == ["a4", "a2", "a3", "a1", "a5"]
        rows = sidebar.query_one("#articles", ArticleRows)
        assert rows.highlighted == 3  # still on the open article, which moved down


async def test_feed_filter_counts_unread_and_marks_all_read() -> None:
    app = _Host()
    async with app.run_test(size=(60, 20)) as pilot:
        sidebar = app.query_one(ArticleList)
        sidebar.add_entries([_entry(1, 1, "f1"), _entry(2, 2, "f2"), _entry(3, 3, "f1", unread=False)])
        sidebar.set_feed_titles({"f1": "Tagesblatt"})
        assert [(c.feed, c.total, c.unread) for c in sidebar.feed_counts()] == [("f1", 2, 1), ("f2", 1, 1)]
        sidebar.set_feed("f1")
        await pilot.pause()
        assert sidebar.shown_ids == ["a3", "a1"]
        assert "Tagesblatt · 1 unread" in screen_text(app)
        sidebar.mark_all_read("f1")
        await pilot.pause()
        assert "Tagesblatt · 0 unread" in screen_text(app)
        assert [(c.feed, c.unread) for c in sidebar.feed_counts()] == [("f1", 0), ("f2", 1)]
        sidebar.set_feed(None)
        await pilot.pause()
        assert sidebar.shown_ids == ["a3", "a2", "a1"] and "unread" not in screen_text(app)


async def test_starred_and_unread_markers_show() -> None:
    app = _Host()
    async with app.run_test(size=(60, 20)) as pilot:
        sidebar = app.query_one(ArticleList)
        sidebar.add_entries([_entry(1, 1, unread=False), _entry(2, 2, unread=False)])
        sidebar.set_starred("a1", True)
        sidebar.set_unread(["a2"], unread=True)
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert any(line.lstrip().startswith(f"{STAR} Artikel 1") for line in lines)
        assert any(line.lstrip().startswith("● Artikel 2") for line in lines)
        sidebar.set_unread(["a2"], unread=False)
        sidebar.set_starred("a1", False)
        await pilot.pause()
        text = screen_text(app)
        assert STAR not in text and "●" not in text
