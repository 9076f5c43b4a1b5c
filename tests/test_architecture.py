"""The layering as contracts: import-linter's, and no import cycle anywhere in src/reader/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_are_kept() -> None:
    """pyproject.toml's [tool.importlinter] contracts: layers, no Textual in the domain, a plain store."""
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout and "KEPT" in result.stdout


def test_no_import_cycle_between_modules() -> None:
    graph = grimp.build_graph("reader")
    cycles = sorted(
        (importer, imported)
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
        if imported != importer and graph.chain_exists(importer=imported, imported=importer)
    )
    assert cycles == []


def test_the_config_schema_knows_every_engine_reader_builds() -> None:
    from reader.config_check import ENGINE_NAMES
    from reader.translation.engines import ENGINES

    assert tuple(ENGINES) == ENGINE_NAMES
