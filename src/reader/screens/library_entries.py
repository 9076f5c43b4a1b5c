"""What the reading screen's list shows of the library, and which article the first frame opens: entries
made from summaries (where each article came from, as a reader names it: a feed's name, a site, a file;
never an id or a hash), the orders `S` goes through, and whether a page can be opened where the reader is.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

from reader import locations
from reader.articles.model import Article
from reader.store import Store, library, reading
from reader.store.feeds import name_of
from reader.store.library import ArticleSummary
from reader.widgets.article_rows import ArticleEntry
from reader.widgets.sidebar import NEWEST, Order

WEB = ("http://", "https://")


def source_name(summary: ArticleSummary, feeds: dict[str, str]) -> str:
    """Where an article came from, as the list says it: its feed's name, its site, or its file's name."""
    if summary.feed:
        return feeds.get(summary.feed) or name_of(summary.feed)
    if summary.source.startswith(WEB):
        return name_of(summary.source)
    if not summary.source:
        return ""
    path = Path(summary.source)
    return "sample article" if path.parent == locations.seeds_dir() else path.name


def entries(summaries: Iterable[ArticleSummary], feeds: dict[str, str]) -> list[ArticleEntry]:
    return [
        ArticleEntry(s.id, s.title, not s.read, s.feed, s.date, s.starred, source_name(s, feeds))
        for s in summaries
    ]


def orders() -> list[Order]:
    """The list's orders, in the order `S` goes through them."""
    from reader.words.counting import READABLE

    share = f"{READABLE:.0%}"
    return [
        NEWEST,
        Order(
            f"the articles you can read ({share} of their words known or more), newest first",
            keep=lambda e: e.known is not None and e.known >= READABLE - 1e-9,
            empty=f"No article has {share} of its words known yet (of those counted: reader words scan).",
        ),
        Order(
            "the fewest new words first (articles not counted yet last)",
            key=lambda e: (e.new_words is None, e.new_words or 0),
        ),
    ]


def first_article(store: Store, paths: list[Path]) -> Article | None:
    """The article to show in the first frame, if it is at hand (split already): the one read last, if
    it is one asked for (`reader DIR` goes back to it), else the first file asked for."""
    last = reading.last_read(store)
    stored = library.stored_article(store, last) if last else None
    if stored is not None and stored[1]:
        article = stored[0]
        if not paths or within(Path(article.source), paths):
            return article
    if paths:
        from reader.library.importing import cached_first

        return cached_first(store, paths)
    return None


def within(path: Path, roots: list[Path]) -> bool:
    """Whether `path` is one of `roots` or lies under one of them."""
    try:
        resolved = path.resolve()
        return any(resolved == r or r in resolved.parents for r in (root.resolve() for root in roots))
    except OSError:
        return False


def browser_here(is_web: bool) -> bool:
    """Whether opening a page reaches the reader: in a browser, or a terminal on a desktop (over SSH
    Python's webbrowser would start a browser on the server, or a text browser in the app's terminal)."""
    if is_web:
        return True
    desktop = sys.platform in ("darwin", "win32") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    return desktop and not os.environ.get("SSH_CONNECTION")
