"""`reader export` and write_export: choosing the article, where the Markdown goes, never overwriting."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED
from reader.cli import main
from reader.errors import UserError
from reader.export import export_stem, write_export
from reader.export.service import export_to_directory
from reader.library.importing import import_file
from reader.settings import load_settings
from reader.store import Store
from reader.store.marks import set_mark
from test_export_support import split_front_matter


def test_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(SEED), "-o", "-", "--layout", "side-by-side", "--highlight", "mark"]) == 0
    front, body = split_front_matter(capsys.readouterr().out)
    assert front["id"] == "17794" and front["layout"] == "side-by-side" and front["highlight"] == "mark"
    assert front["translation"] == "reference"
    assert body.lstrip().startswith("# Frieden möglich! Geheimverhandlungen")


def test_default_writes_a_new_file_each_time(reader_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(SEED)]) == 0
    assert main(["export", str(SEED)]) == 0
    first, second = capsys.readouterr().out.split()
    folder = reader_home / "exports"
    assert Path(first) == folder / "frieden-möglich-geheimverhandlungen-zwischen-usa-und.md"
    assert Path(second) == folder / "frieden-möglich-geheimverhandlungen-zwischen-usa-und-2.md"
    assert Path(first).read_text(encoding="utf-8") == Path(second).read_text(encoding="utf-8")


def test_output_file_is_not_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.md"
    out.write_text("mine", encoding="utf-8")
    assert main(["export", str(SEED), "-o", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "mine"
    assert main(["export", str(SEED), "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("---\n")


def test_article_by_id_or_title_from_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(load_settings().store_path)
    import_file(store, SEED)
    set_mark(store, "17794", 1, marked=True, note="Quelle?")
    store.close()
    for query in ("17794", "Geheimverhandlungen zwischen"):
        assert main(["export", query, "-o", "-", "--layout", "german"]) == 0
        out = capsys.readouterr().out
        assert "*Ein US-Teilnehmer hat anonym" in out and "[^1]: Your note: Quelle?" in out
    assert main(["export", "nichts dergleichen", "-o", "-"]) == 2
    assert "no such file, and no article in the library" in capsys.readouterr().err


def test_unknown_layout_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["export", str(SEED), "--layout", "sideways"])
    assert exc.value.code == 2


def test_write_export_picks_a_new_name(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("old", encoding="utf-8")
    (tmp_path / "a-2.md").write_text("old", encoding="utf-8")
    path = write_export("new", tmp_path, "a")
    assert path == tmp_path / "a-3.md" and path.read_text(encoding="utf-8") == "new"
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "old"
    assert write_export("x", tmp_path / "new" / "dir", "../../etc/passwd").parent == tmp_path / "new" / "dir"


def test_write_export_disk_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object, **kwargs: object) -> object:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fdopen", full)
    with pytest.raises(UserError, match="No space left on device"):
        write_export("text", tmp_path, "a")
    assert list(tmp_path.iterdir()) == []  # the empty file is removed


def test_write_export_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(UserError, match="cannot create the export folder"):
        write_export("text", blocker / "sub", "a")


def test_export_stem() -> None:
    assert (
        export_stem("Frieden möglich! USA/Russland: *Gespräche*") == "frieden-möglich-usa-russland-gespräche"
    )
    assert export_stem("!!!", "17794") == "17794"
    assert export_stem("") == "article"
    assert len(export_stem("Wort " * 50)) <= 60


def test_service_for_the_app(reader_home: Path) -> None:
    """The app's key: export what the app holds into the export folder."""
    from reader.articles.load import read_article

    settings = load_settings()
    store = Store(settings.store_path)
    article = read_article(SEED)
    path, markdown = export_to_directory(store, settings, article, layout="german", highlight="none")
    store.close()
    assert path.parent == reader_home / "exports"
    assert path.read_text(encoding="utf-8") == markdown
    assert "## Moskau und Washington führen Geheimverhandlungen" in markdown


def test_output_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(SEED), "-o", str(tmp_path)]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.parent == tmp_path and path.suffix == ".md"


def test_export_code_does_not_import_textual() -> None:
    """Domain code stays Textual-free, so the CLI export starts fast and works without a terminal."""
    code = (
        "import sys, reader.export, reader.export.service, reader.commands.export;"
        "print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_memory_translations_and_untranslated_sentences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a reference, the export uses the translation memory and never the network."""
    from reader.store.translations import remember

    article = tmp_path / "a.txt"
    article.write_text("Ein Titel\n\nPutin kam nach Berlin. Niemand wusste warum.\n", encoding="utf-8")
    store = Store(load_settings().store_path)
    remember(store, "deepl", "de-en", [("Putin kam nach Berlin.", "Putin came to Berlin.")])
    store.close()
    assert main(["export", str(article), "-o", "-", "--engine", "deepl", "--highlight", "none"]) == 0
    front, body = split_front_matter(capsys.readouterr().out)
    assert front["translation"] == "memory (deepl)" and front["untranslated"] == "1"
    assert "> (untranslated)\n" in body  # the title
    assert "> Putin came to Berlin. (untranslated)\n" in body
