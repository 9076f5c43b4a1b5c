"""A damaged store (pages overwritten, file cut short, header zeroed) never stops reader.

The file is set aside, what SQLite can still read is copied into a fresh store, one line says so,
and every command and the app go on.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from apps import build, screen_text, settle, state, toasts
from conftest import SEED, SEEDS
from reader import locations
from reader.cli import main
from reader.library.importing import import_paths
from reader.store import Store, marks, reading, translations
from reader.store.recover import salvage

if TYPE_CHECKING:
    from servers import LibreServer

pytest_plugins = ["servers"]

SENTENCES = [f"Satz Nummer {i}: Die Regierung hat am Montag neue Pläne vorgestellt." for i in range(3000)]


def populate(path: Path) -> None:
    """A store with a library, a large translation memory, a reading position and a mark."""
    store = Store(path)
    reading.save_position(store, "a1", 7)
    marks.set_mark(store, "a1", 3, marked=True, note="wichtig")
    translations.remember(store, "libre", "de-en", [(s, f"Sentence {s[12:16]}") for s in SENTENCES])
    list(import_paths(store, [SEEDS]))
    store.close()  # the last connection checkpoints the WAL into the file
    assert not path.with_name(path.name + "-wal").exists()


def overwrite(path: Path) -> None:
    """Header intact; two pages in the middle of the file overwritten."""
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.seek((size // 2) // 4096 * 4096)
        f.write(b"\xa5" * 8192)


def truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size * 6 // 10 // 4096 * 4096)


def zero_header(path: Path) -> None:
    with path.open("r+b") as f:
        f.write(b"\0" * 100)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "overwritten": overwrite,
    "truncated": truncate,
    "zeroed header": zero_header,
}


@pytest.fixture
def store_path() -> Path:
    path = locations.store_path()
    path.parent.mkdir(parents=True)
    populate(path)
    return path


def kept(path: Path) -> list[Path]:
    return [p for p in path.parent.glob(f"{path.name}.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]


@pytest.mark.parametrize("damage", DAMAGE)
def test_open_sets_aside_salvages_and_goes_on(damage: str, store_path: Path) -> None:
    DAMAGE[damage](store_path)
    store = Store(store_path)
    assert len(store.notices) == 1
    notice = store.notices[0]
    assert "damaged" in notice and f"kept as {kept(store_path)[0]}" in notice
    found = translations.lookup(store, "libre", "de-en", SENTENCES)
    if damage == "zeroed header":
        assert "nothing could be saved" in notice and found == {}
    else:
        # Most of the memory lies outside the damage, and the notice counts what came back.
        assert len(found) > 1000
        assert re.search(rf"saved .*\b{len(found)}( of 3000)? remembered translations", notice)
    reading.save_position(store, "b2", 1)  # the fresh store takes writes
    assert reading.positions(store)["b2"] == 1


def test_overwritten_pages_keep_what_is_readable(store_path: Path) -> None:
    overwrite(store_path)
    store = Store(store_path)
    assert reading.positions(store) == {"a1": 7}
    assert marks.marks_for(store, "a1")[3].note == "wichtig"


def test_damage_found_by_a_later_query_recovers_and_answers(store_path: Path) -> None:
    store = Store(store_path)
    assert store.notices == []
    store.close()
    overwrite(store_path)  # damaged while reader runs; the next connection reads the bad pages
    found = translations.lookup(store, "libre", "de-en", SENTENCES)
    assert len(found) > 1000
    assert len(store.notices) == 1 and "damaged" in store.notices[0]
    assert len(kept(store_path)) == 1


def test_damage_found_inside_a_write_recovers_once_across_threads(store_path: Path) -> None:
    store = Store(store_path)
    store.close()
    overwrite(store_path)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            translations.remember(store, "libre", "de-en", [(s, "x") for s in SENTENCES[n::4]])
            reading.save_position(store, f"t{n}", n)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(store.notices) == 1 and len(kept(store_path)) == 1
    assert {f"t{n}" for n in range(4)} <= set(reading.positions(store))


def test_salvage_of_a_file_that_is_not_a_database_saves_nothing(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"junk" * 4096)
    fresh = Store(tmp_path / "fresh.db")
    assert not any(salvage(junk, fresh._raw()).kept.values())


@pytest.mark.parametrize("damage", DAMAGE)
def test_export_prints_the_notice_once_and_exports(
    damage: str, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    DAMAGE[damage](store_path)
    assert main(["export", str(SEED), "-o", "-"]) == 0
    out, err = capsys.readouterr()
    assert "Frieden möglich" in out
    assert err.count("reader: The store was damaged") == 1 and "Traceback" not in err


@pytest.mark.parametrize("damage", DAMAGE)
def test_entities_prints_the_notice_once_and_answers(
    damage: str, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    DAMAGE[damage](store_path)
    assert main(["entities", "--backend", "embedded", str(SEED)]) == 0
    out, err = capsys.readouterr()
    assert "entity" in out
    assert err.count("reader: The store was damaged") == 1


@pytest.mark.parametrize("damage", DAMAGE)
def test_translate_prints_the_notice_once_and_translates(
    damage: str,
    store_path: Path,
    libre_server: LibreServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[translation]\nengine = "libre"\nretries = 0\n[engines.libre]\nurl = "{libre_server.url}"\n'
        'api_key = "k"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("READER_CONFIG", str(config))
    DAMAGE[damage](store_path)
    assert main(["translate", str(SEED)]) == 0
    out, err = capsys.readouterr()
    assert err.count("reader: The store was damaged") == 1
    assert out.startswith("# ")


@pytest.mark.parametrize("damage", DAMAGE)
async def test_app_opens_the_seed_and_shows_the_notice(damage: str, store_path: Path) -> None:
    DAMAGE[damage](store_path)
    app = build()
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await settle(pilot)
        assert any(toast.startswith("The store was damaged") for toast in toasts(app))
        assert "Frieden möglich" in screen_text(app)
        assert state(app).unit_count > 0
    assert app.return_code in (0, None)
