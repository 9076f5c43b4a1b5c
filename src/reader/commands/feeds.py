"""`reader feeds`: the subscribed feeds, with their articles and unread counts; rename or unsubscribe one.

reader feeds [list] [--format jsonl]      # every feed: name, unread/articles, failing items, address
reader feeds rename FEED NAME             # your own name for it ("" gives it its own title back)
reader feeds remove FEED [--articles]     # unsubscribe (its articles stay, unless --articles)

FEED is the feed's address, its name, or its number in `reader feeds list`.
"""

from __future__ import annotations

import argparse

from reader.commands.common import day, iso, jsonl, opened_store, plain
from reader.commands.options import profile_argument
from reader.errors import UserError
from reader.store import Store
from reader.store.feeds import FeedSummary


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "The feeds you subscribed to (`reader add --feed`): list them with their articles and how many "
        "you have not read, give one a name of your own, or unsubscribe. FEED is a feed's address, its "
        "name, or its number in `reader feeds list`."
    )
    actions = parser.add_subparsers(dest="action", metavar="{list,rename,remove}")
    listing = actions.add_parser("list", help="every feed, with its articles and unread count")
    listing.add_argument("--format", choices=("text", "jsonl"), default="text", help="default: %(default)s")
    rename = actions.add_parser("rename", help="give a feed a name of your own")
    rename.add_argument("feed", metavar="FEED")
    rename.add_argument("name", metavar="NAME", help='the new name ("" gives the feed its own title back)')
    remove = actions.add_parser("remove", help="unsubscribe from a feed")
    remove.add_argument("feed", metavar="FEED")
    remove.add_argument("--articles", action="store_true", help="remove its articles from the library too")
    for action in (listing, rename, remove):
        profile_argument(action)


def find_feed(listed: list[FeedSummary], query: str) -> FeedSummary:
    """The feed a reader named: by address, number in the list, name, or a unique part of the name."""
    for feed in listed:
        if feed.url == query:
            return feed
    if query.isdigit() and 1 <= int(query) <= len(listed):
        return listed[int(query) - 1]
    folded = query.casefold()
    exact = [f for f in listed if f.name.casefold() == folded]
    matches = exact or [f for f in listed if folded in f.name.casefold() or folded in f.url.casefold()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UserError(f"{query}: no such feed (see reader feeds list)")
    shown = "; ".join(f"{f.name} ({f.url})" for f in matches[:5])
    raise UserError(f"{query}: {len(matches)} feeds match: {shown}. Give its address or number.")


def run(args: argparse.Namespace) -> int:
    from reader.settings import load_settings
    from reader.store import feeds

    with opened_store(load_settings()) as store:
        listed = feeds.summaries(store)
        if args.action in (None, "list"):
            _list(listed, getattr(args, "format", "text"))
            return 0
        feed = find_feed(listed, args.feed)
        store.require_writable()
        if args.action == "rename":
            feeds.rename(store, feed.url, args.name)
            named = " ".join(args.name.split())
            print(
                f"renamed: {feed.url}: {plain(named)}"
                if named
                else f"{feed.url}: its own title from the next refresh"
            )
        else:
            feeds.unsubscribe(store, feed.url)
            print(f"unsubscribed: {plain(feed.name)} ({feed.url})")
            if args.articles:
                print(f"removed: {_remove_articles(store, feed.url)} articles")
            elif feed.articles:
                stay = f"its {feed.articles} articles stay in the library"
                print(f"{stay} (reader feeds remove --articles removes them)")
    return 0


def _remove_articles(store: Store, url: str) -> int:
    from reader.store.library import list_articles
    from reader.store.removal import remove_articles

    return len(remove_articles(store, [s.id for s in list_articles(store, feed=url)]))


def _list(listed: list[FeedSummary], form: str) -> None:
    if not listed and form == "text":
        print("no feeds subscribed: reader add --feed URL|NAME (reader add --known lists some)")
    for n, feed in enumerate(listed, 1):
        if form == "jsonl":
            jsonl(
                {
                    "n": n,
                    "url": feed.url,
                    "name": feed.name,
                    "articles": feed.articles,
                    "unread": feed.unread,
                    "failing": feed.failing,
                    "checked": iso(feed.checked),
                }
            )
            continue
        failing = f", {feed.failing} failing" if feed.failing else ""
        counts = f"{feed.unread}/{feed.articles} unread{failing}"
        print(f"{n:3}  {plain(feed.name)}  ({counts}; checked {day(feed.checked)})  {plain(feed.url)}")
