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


def _defined_at_top_level() -> dict[str, list[str]]:
    """Every name a module of src/reader defines at its top level (classes, functions, assignments)."""
    import ast

    defined: dict[str, list[str]] = {}
    for path in sorted((ROOT / "src" / "reader").rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                names = [node.name]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            else:
                continue
            for name in names:
                defined.setdefault(name, []).append(str(path.relative_to(ROOT)))
    return defined


def test_each_concept_has_one_home() -> None:
    """Concepts a review found defined twice or more are defined once; "Progress" named three things."""
    defined = _defined_at_top_level()
    for name in ("ShouldStop", "pair_of", "Store", "TITLE", "TranslationProgress", "report_failure", "say"):
        assert len(defined.get(name, [])) == 1, f"{name}: {defined.get(name)}"
    assert "Progress" not in defined
    built_by_hand = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "src" / "reader").rglob("*.py")
        if "translation.source}-{" in path.read_text(encoding="utf-8")
    ]
    assert built_by_hand == ["src/reader/enrich/english.py"]  # the language pair: pair_of only
