"""`reader feeds list|rename|remove`, `reader remove ID`, and export's warning about missing English."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader.cli import main
from test_translation_cli import configure

if TYPE_CHECKING:
    from newssite import NewsSite
    from servers import LibreServer

pytest_plugins = ["newssite", "servers"]


def _ids(capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["list", "--format", "jsonl"]) == 0
    return [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]


def _subscribe(news_site: NewsSite, capsys: pytest.CaptureFixture[str]) -> str:
    feed = f"{news_site.url}/rss.xml"
    assert main(["add", "--feed", feed]) == 0
    capsys.readouterr()
    return feed


def test_feeds_list_names_each_feed_with_its_unread_count_per_profile(
    news_site: NewsSite, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["feeds"]) == 0
    assert capsys.readouterr().out.startswith("no feeds subscribed")
    feed = _subscribe(news_site, capsys)
    assert main(["feeds", "list", "--format", "jsonl"]) == 0
    [row] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (row["n"], row["url"], row["articles"], row["unread"], row["failing"]) == (1, feed, 3, 3, 0)
    assert row["name"] and "127.0.0.1" not in row["name"]  # the feed's own title, not its address
    assert main(["list", "--feed", feed, "--format", "jsonl"]) == 0
    first = json.loads(capsys.readouterr().out.splitlines()[0])["id"]
    assert main(["--profile", "anna", "feeds"]) == 0
    assert "3/3 unread" in capsys.readouterr().out
    from reader.settings import load_settings
    from reader.store import Store
    from reader.store.library import set_read

    set_read(Store(load_settings().store_path, profile="anna"), [first])
    assert main(["feeds", "list", "--profile", "anna"]) == 0
    assert "2/3 unread" in capsys.readouterr().out
    monkeypatch.delenv("READER_PROFILE")  # --profile set it for the rest of this process
    assert main(["feeds", "list"]) == 0
    assert "3/3 unread" in capsys.readouterr().out  # the default profile read nothing


def test_feeds_rename_and_remove_by_number_name_or_address(
    news_site: NewsSite, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = _subscribe(news_site, capsys)
    assert main(["feeds", "rename", "1", "Lokales"]) == 0
    assert capsys.readouterr().out == f"renamed: {feed}: Lokales\n"
    assert main(["feeds", "remove", "Nachrichten aus Berlin"]) == 2
    assert capsys.readouterr().err == "reader: Nachrichten aus Berlin: no such feed (see reader feeds list)\n"
    assert main(["feeds", "remove", "lokales"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"unsubscribed: Lokales ({feed})") and "its 3 articles stay" in out
    assert len(_ids(capsys)) == 4  # the seed and the feed's three
    assert main(["feeds", "list"]) == 0 and "no feeds subscribed" in capsys.readouterr().out


def test_feeds_remove_with_its_articles(news_site: NewsSite, capsys: pytest.CaptureFixture[str]) -> None:
    feed = _subscribe(news_site, capsys)
    assert main(["feeds", "remove", feed, "--articles"]) == 0
    assert "removed: 3 articles" in capsys.readouterr().out
    assert len(_ids(capsys)) == 1  # the seed


def test_remove_takes_articles_out_and_names_what_it_could_not_find(
    capsys: pytest.CaptureFixture[str],
) -> None:
    [seed] = _ids(capsys)
    assert main(["remove", seed, "nichts"]) == 2
    captured = capsys.readouterr()
    assert captured.out.startswith(f"removed: {seed} (Frieden möglich! Geheimverhandlungen zwischen")
    assert captured.err == "reader: not in the library: nichts (see reader list)\n"
    assert main(["search", "Geheimverhandlungen"]) == 0 and capsys.readouterr().out == ""


def test_a_public_session_removes_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    [seed] = _ids(capsys)
    monkeypatch.setenv("READER_PUBLIC", "1")
    assert main(["remove", seed]) == 1
    assert "public, read-only" in capsys.readouterr().err
    assert main(["feeds", "rename", "1", "x"]) == 2  # no feeds: nothing to rename, said so
    monkeypatch.delenv("READER_PUBLIC")
    assert _ids(capsys) == [seed]


def test_export_without_english_says_so_and_names_reader_translate(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    libre_server: LibreServer,
) -> None:
    configure(tmp_path, monkeypatch, libre_server.url)
    path = tmp_path / "artikel.txt"
    path.write_text(
        "ID: 42\n\nRegierung legt Haushalt vor\n\nDie Regierung hat am Montag den Haushalt vorgestellt.\n"
    )
    assert main(["add", str(path)]) == 0
    capsys.readouterr()
    assert main(["export", "42", "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert "(untranslated)" in captured.out
    assert captured.err == (
        'reader: no sentence has English yet (shown as "(untranslated)"); '
        "`reader translate 42` fetches it from libre, then export again\n"
    )
    assert main(["translate", "42"]) == 0  # as the warning says: the library's article, by its id
    capsys.readouterr()
    assert main(["export", "42", "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert "(untranslated)" not in captured.out and captured.err == ""
