"""`reader add`, `refresh`, `list`, `show` and `search` from the shell, against a local news site."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from conftest import SEEDS
from reader.cli import main

if TYPE_CHECKING:
    from newssite import NewsSite

pytest_plugins = ["newssite"]


def _jsonl(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_list_on_first_run_holds_the_seed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--format", "jsonl"]) == 0
    [row] = _jsonl(capsys.readouterr().out)
    assert row["id"] == "17794" and row["read"] is False and row["starred"] is False
    assert set(row) == {
        "id",
        "title",
        "source",
        "feed",
        "published",
        "added",
        "read",
        "starred",
        "new_words",
        "known",
    }
    assert row["new_words"] is None and row["known"] is None  # its words are not counted yet


def test_add_files_ends_with_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("Titel\n\nEin Satz über den Bundestag. Noch einer.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    assert main(["add", str(tmp_path), str(SEEDS)]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[-1] == "summary: 1 added, 1 duplicate, 1 failed"
    assert "failed: " in out.err and "b.txt: the file is empty" in out.err


def test_add_again_after_an_interrupted_add_finishes_its_indexing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader import locations
    from reader.library.importing import add_paths
    from reader.store import Store
    from reader.store.search import coverage

    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"Titel {i}\n\nDie Polizei kam um {i} Uhr.\n", encoding="utf-8")
    store = Store(locations.store_path())
    list(add_paths(store, [tmp_path]))  # stored, then killed before the indexes were made
    assert coverage(store).words == 0
    assert main(["add", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "summary: 0 added, 3 duplicate, 0 failed"
    assert coverage(store).words == 3
    assert main(["search", "Polizei"]) == 0
    assert capsys.readouterr().out.count("Polizei") == 3


def test_add_a_page_and_a_feed_then_list_show_search(
    news_site: NewsSite, capsys: pytest.CaptureFixture[str]
) -> None:
    page = f"{news_site.url}/politik/fussball.html"
    assert main(["add", page, "--feed", f"{news_site.url}/rss.xml"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "summary: 3 added, 1 duplicate, 0 failed"

    assert main(["list", "--format", "jsonl", "--feed", f"{news_site.url}/rss.xml"]) == 0
    rows = _jsonl(capsys.readouterr().out)
    assert [r["title"] for r in rows] == [  # the Fußball page was added by hand first: not the feed's
        "Lokführer kündigen neuen Streik bei der Bahn an",
        "Neue Straße in Köln: Stadtrat stimmt für umstrittenes Projekt",
    ]
    assert rows[0]["published"] == "2026-11-30T07:15:00+00:00"

    assert main(["search", "fussball", "--format", "jsonl"]) == 0
    hits = _jsonl(capsys.readouterr().out)
    assert hits and all(h["lang"] == "de" for h in hits)
    first = hits[0]
    text, (start, end) = str(first["text"]), first["matches"][0]  # type: ignore[index]
    assert text[start:end].lower() == "fußball"

    article = str(rows[0]["id"])
    assert main(["show", article, "--format", "jsonl"]) == 0
    sentences = _jsonl(capsys.readouterr().out)
    assert sentences[0] == {
        "n": 0,
        "de": "Die Gewerkschaft Deutscher Lokomotivführer hat für Montag einen neuen Streik im "
        "Personenverkehr angekündigt.",
        "en": None,
    }
    assert main(["show", article]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Lokführer kündigen") and "Cookies" not in shown

    assert main(["refresh"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "summary: 0 added, 0 duplicate, 1 unchanged, 0 failed"


def test_search_by_entity(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--entity", "Naryschkin", "--format", "jsonl"]) == 0
    rows = _jsonl(capsys.readouterr().out)
    assert rows and {r["article"] for r in rows} == {"17794"}


def test_bad_input_is_one_line(
    news_site: NewsSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["add", "--feed", "no-such-feed"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: no-such-feed: not a URL, and not a known feed (") and err.count("\n") == 1
    assert main(["show", "nope"]) == 2
    assert (
        capsys.readouterr().err == "reader: nope: no article with this id in the library (see reader list)\n"
    )
    assert main(["search"]) == 2
    assert main(["add", "--feed", f"{news_site.url}/broken.xml"]) == 1
    out = capsys.readouterr()
    assert "not an RSS or Atom feed" in out.err and out.out.endswith(
        "summary: 0 added, 0 duplicate, 1 failed\n"
    )
    opml = tmp_path / "subs.opml"
    opml.write_text("<opml><body><outline text='x'/></body></opml>", encoding="utf-8")
    assert main(["add", "--opml", str(opml)]) == 2
    assert "no feeds in this OPML file" in capsys.readouterr().err


def test_add_from_opml_subscribes(
    news_site: NewsSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(
        f'<?xml version="1.0"?><opml version="2.0"><body><outline text="Tagesblatt" '
        f'xmlUrl="{news_site.url}/atom.xml"/></body></opml>',
        encoding="utf-8",
    )
    # An OPML file's entries may not lead to a private address such as this test's server ...
    assert main(["add", "--opml", str(opml)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "summary: 0 added, 0 duplicate, 0 failed, 1 refused"
    assert f"refused: {news_site.url}/atom.xml: 127.0.0.1 is a private address" in err
    assert "[sources] allow_private = true allows it" in err
    # ... unless the config allows it, for feeds run at home.
    config = tmp_path / "config.toml"
    config.write_text("[sources]\nallow_private = true\n", encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    assert main(["add", "--opml", str(opml)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "summary: 2 added, 0 duplicate, 0 failed"
    assert main(["add", "--known"]) == 0
    assert "tagesschau" in capsys.readouterr().out


def test_search_ranks_forms_lemmas_and_compounds_and_numbers_sentences_from_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "artikel"
    folder.mkdir()
    texts = {
        "a.txt": "Schlaf\n\nDer Hund bellt. Das Kind schläft.\n",
        "b.txt": "Spiel\n\nDie Kinder spielen.\n",
        "c.txt": "Besuch\n\nDas Enkelkind kam.\n",
    }
    texts.update({f"f{i}.txt": f"Sonst {i}\n\nDer Zug fährt um {i} Uhr ab. Es regnet.\n" for i in range(6)})
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert main(["add", str(folder)]) == 0  # indexes what it added
    capsys.readouterr()
    assert main(["search", "Kind", "--format", "jsonl", "--limit", "0"]) == 0
    hits = _jsonl(capsys.readouterr().out)
    assert [(h["title"], h["via"]) for h in hits] == [
        ("Schlaf", "form"),
        ("Spiel", "lemma"),
        ("Besuch", "compound"),
    ]
    assert all(isinstance(h["score"], float) and h["score"] > 0 for h in hits)
    assert hits[0]["sentence"] is None and hits[0]["paragraph"] == 0  # never opened: its paragraph
    assert main(["search", "Kind", "--limit", "1"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert "   ¶1 de  Der Hund bellt. Das Kind schläft." in line
    article = str(hits[0]["article"])
    assert main(["show", article]) == 0  # opening (show) splits it
    capsys.readouterr()
    assert main(["search", '"Kind"', "--format", "jsonl"]) == 0
    [exact] = _jsonl(capsys.readouterr().out)
    assert exact["sentence"] == 1  # 0-based in JSON, as reader show's "n"
    assert main(["search", '"Kind"']) == 0
    assert f"{article:16}     2 de  Das Kind schläft." in capsys.readouterr().out  # sentence 2 for a person
