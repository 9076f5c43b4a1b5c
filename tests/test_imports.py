"""Import hygiene: domain code never imports Textual, and heavy libraries load only when used."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import reader

DOMAIN = (
    "reader.articles",
    "reader.store",
    "reader.translation",
    "reader.nlp",
    "reader.export",
    "reader.serve",
    "reader.lookup",
    "reader.sources",
    "reader.enrich",
)
HEAVY = (
    "deep_translator",
    "asyncssh",
    "somajo",
    "spacy",
    "HanTa",
    "pycrfsuite",
    "textual_serve",
    "requests",
    "simplemma",
    "trafilatura",
    "feedparser",
    "lxml",
)


def _domain_modules() -> list[str]:
    names = ["reader.settings", "reader.locations", "reader.errors"]
    names += [f"reader.commands.{m}" for m in ("add", "refresh", "listing", "show", "search")]
    for package in DOMAIN:
        module = __import__(package, fromlist=["x"])
        names.append(package)
        names += [f"{package}.{m.name}" for m in pkgutil.iter_modules(module.__path__)]
    return names


def _loaded_after(imports: list[str]) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"for name in {imports!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return set(json.loads(done.stdout))


def test_domain_code_never_imports_textual() -> None:
    modules = _domain_modules()
    assert len(modules) > 20
    loaded = _loaded_after(modules)
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


def test_library_commands_and_sources_load_no_heavy_library_until_used() -> None:
    loaded = _loaded_after(
        ["reader.cli", "reader.sources.importer", "reader.library.importing", "reader.store.search"]
        + [f"reader.commands.{m}" for m in ("add", "refresh", "listing", "show", "search")]
    )
    assert not [h for h in HEAVY if h in loaded]


def test_the_app_and_cli_load_no_heavy_library_at_start() -> None:
    loaded = _loaded_after(["reader.cli", "reader.app", "reader.commands.run"])
    assert "textual.app" in loaded
    assert not [h for h in HEAVY if h in loaded]
    assert reader.__version__
    # The dictionary index and the lookup service load on the first lookup (d or i), not at start-up.
    assert not {"reader.lookup.service", "reader.lookup.index", "reader.lookup.gloss"} & loaded


def test_looking_up_loads_no_heavy_library_until_a_word_is_looked_up() -> None:
    loaded = _loaded_after(
        ["reader.commands.lookup", "reader.commands.vocab", "reader.lookup.service", "reader.lookup.gloss"]
    )
    assert not [h for h in HEAVY if h in loaded]


def test_the_first_frame_loads_only_what_it_draws() -> None:
    """What the reading screen needs later (replies, panels, modals, the palette, lookups) loads later."""
    loaded = _loaded_after(["reader.cli", "reader.app", "reader.commands.run", "reader.library.importing"])
    later = (
        "reader.screens.messages",
        "reader.screens.word_workers",
        "reader.screens.help",
        "reader.screens.commands",
        "reader.screens.search",
        "reader.widgets.entities",
        "reader.widgets.lookup",
        "reader.lookup.morph",
        "reader.nlp.grouping",
        "reader.config_check",
        "tomllib",
    )
    assert [m for m in later if m in loaded] == []
