"""The store: schema migrations, a corrupt file set aside, reading state, memory, marks, search."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from conftest import SEED, SEEDS
from reader.library.importing import import_paths
from reader.library.indexing import index_pending
from reader.library.search import find
from reader.store import Store, marks, reading, translations
from reader.store.db import SCHEMA_VERSION, StoreError


def test_new_store_is_wal_and_at_the_current_schema(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_corrupt_store_is_kept_aside_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    path.write_bytes(b"this is not a database, just junk" * 100)
    store = Store(path)
    assert store.notices and "kept as" in store.notices[0]
    kept = list(tmp_path.glob("r.db.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not")
    reading.save_position(store, "a", 3)
    assert reading.positions(store) == {"a": 3}


def test_store_from_a_newer_reader_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_reading_positions_survive_reopening(tmp_path: Path) -> None:
    reading.save_position(Store(tmp_path / "r.db"), "17794", 7)
    assert reading.positions(Store(tmp_path / "r.db")) == {"17794": 7}


def test_translation_memory_is_keyed_by_normalised_sentence(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    translations.remember(store, "google", "de-en", [("Guten  Tag.", "Good day.")])
    assert translations.lookup(store, "google", "de-en", ["Guten Tag."]) == {"Guten Tag.": "Good day."}
    assert translations.lookup(store, "deepl", "de-en", ["Guten Tag."]) == {}


def test_marks_and_notes(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    marks.set_mark(store, "a", 2, marked=True)
    marks.set_mark(store, "a", 2, note="  wichtig ")
    assert marks.marks_for(store, "a") == {2: marks.Mark(2, True, "wichtig")}
    marks.set_mark(store, "a", 2, marked=False, note="")
    assert marks.marks_for(store, "a") == {}


def test_import_caches_the_parse_and_search_finds_text(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    first = [a for a in import_paths(store, [SEEDS]) if not isinstance(a, str)]
    again = [a for a in import_paths(store, [SEED]) if not isinstance(a, str)]
    assert first == again and first[0].reference is not None
    assert _found(store, "Naryschkin") == {"17794"}
    assert _found(store, "Bundeskanzler") == set()


def test_an_edited_article_is_reimported_and_search_follows(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    path = tmp_path / "a.txt"
    path.write_text("ID: a\n\nTitel\n\nDer Zeppelin landet.\n", encoding="utf-8")
    list(import_paths(store, [path]))
    path.write_text("ID: a\n\nTitel\n\nDer Ballon landet.\n", encoding="utf-8")
    [article] = [a for a in import_paths(store, [path]) if not isinstance(a, str)]
    assert article.units[0].sentence.text == "Der Ballon landet."
    assert _found(store, "Ballon") == {"a"}
    assert _found(store, "Zeppelin") == set()  # the text it replaced is out of the index


def _found(store: Store, query: str) -> set[str]:
    index_pending(store, None)
    return {h.article for h in find(store, query).page(store, 0, 0)}


def test_processes_opening_a_new_store_together_all_succeed(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = "import sys; from pathlib import Path; from reader.store import Store; Store(Path(sys.argv[1]))"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "r.db")]) for _ in range(6)]
    assert [p.wait(timeout=60) for p in procs] == [0] * 6
    assert not list(tmp_path.glob("r.db.corrupt-*"))


def test_first_article_comes_from_the_store_only_when_cached(tmp_path: Path) -> None:
    from reader.library.importing import cached_first, first_file

    store = Store(tmp_path / "r.db")
    assert first_file([SEEDS]) == SEED
    assert cached_first(store, [SEEDS]) is None  # never parsed: the import worker does it
    list(import_paths(store, [SEEDS]))
    first = cached_first(store, [SEEDS])
    assert first is not None and first.id == "17794" and first.reference is not None
