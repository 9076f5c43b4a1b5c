"""Config mistakes are one line at start-up naming the file, the key and what was expected."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.settings import load_settings

CASES = [
    (
        '[translation]\nengine = "babelfish"\n',
        "[translation] engine: expected an engine name (google, deepl, microsoft, mymemory, libre, baidu), "
        'got "babelfish"',
    ),
    # a misspelled section used to be ignored, so the article went to the default online engine
    ('[translaton]\nengine = "libre"\n', "[translaton]: unknown section; did you mean translation?"),
    (
        'colour = "red"\n',
        "colour: unknown setting; known: engines, entities, export_dir, feeds, keys, lookup, sources, theme, "
        "translation",
    ),
    (
        '[translation]\nread_timeout = "fast"\n',
        '[translation] read_timeout: expected a number of seconds, got "fast"',
    ),
    ("[translation]\nretries = -5\n", "[translation] retries: expected a whole number from 0 to 10, got -5"),
    (
        "[translation]\nchunk_chars = 0\n",
        "[translation] chunk_chars: expected a number of characters from 50 to 4900, got 0",
    ),
    ('[translation]\nauto = "no"\n', '[translation] auto: expected true or false, got "no"'),
    (
        "[translation]\nretries = true\n",
        "[translation] retries: expected a whole number from 0 to 10, got true",
    ),
    ("[translation]\nmax_in_flight = 2.5\n", "[translation] max_in_flight: expected a whole number"),
    ('[entities]\nbackend = "spacey"\n', '[entities] backend: expected one of "auto", "embedded", "spacy"'),
    (
        '[engines.libre]\nurl = "127.0.0.1:5000"\n',
        '[engines.libre] url: expected a URL, got "127.0.0.1:5000"',
    ),
    ('[engines.babel]\nurl = "http://x/"\n', "[engines.babel]: unknown engine; choose one of: google"),
    ('[engines.libre]\napikey = "k"\n', "[engines.libre] apikey: unknown setting; did you mean api_key?"),
    ("[keys]\nnext_sentence = 7\n", '[keys] next_sentence: expected keys as text, like "j,down", got 7'),
    ("theme = 3\n", "theme: expected a Textual theme name"),
    (
        "[feeds]\nrefresh_every = 0.5\n",
        "[feeds] refresh_every: expected a number of minutes (0: only when asked) from 0 to 1440, got 0.5",
    ),
    (
        '[translation]\nretries = "\\u001b[2J"\n',
        r'[translation] retries: expected a whole number from 0 to 10, got "\u001b[2J"',
    ),
]


# Binding ids and key names are the UI's: checked when the app is built, before anything is drawn.
KEY_CASES = [
    ('[keys]\nnext_sentense = "j"\n', "[keys] next_sentense: unknown setting; did you mean next_sentence?"),
    (
        '[keys]\nnext_sentence = "jj"\n',
        '[keys] next_sentence: expected a key like j, down, ctrl+p or question_mark, got "jj"',
    ),
    ('[keys]\nnext_sentence = "ctrl+"\n', "[keys] next_sentence: expected a key like j"),
    ('[keys]\nnext_sentence = "hyperspace+j"\n', "[keys] next_sentence: expected a key like j"),
]


@pytest.mark.parametrize(("text", "expected"), KEY_CASES)
def test_each_key_mistake_is_one_line_before_the_app_starts(
    text: str,
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    assert main([str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"reader: {config}: {expected}"), err
    assert err.count("\n") == 1


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_each_mistake_is_one_line_naming_file_key_and_expectation(
    text: str,
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    assert main(["export", "nothing-here", "-o", "-"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"reader: {config}: {expected}"), err
    assert err.count("\n") == 1 and "\x1b" not in err and "\x07" not in err


def test_every_mistake_is_listed_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[translation]\nretries = -1\nauto = "no"\n[keys]\nquit = "ctrl+q,Q"\n', encoding="utf-8"
    )
    monkeypatch.setenv("READER_CONFIG", str(config))
    with pytest.raises(Exception) as info:
        load_settings()
    lines = str(info.value).split("\nreader: ")
    assert [line.split(": ", 2)[1] for line in lines] == ["[translation] retries", "[translation] auto"]


def test_a_good_config_loads_with_its_types(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[translation]\nread_timeout = 3\nauto = false\nchunk_chars = 900\n[keys]\nnext_sentence = "l,down"\n'
        'quit = "ctrl+q,question_mark,Q"\n[engines.libre]\nurl = "http://127.0.0.1:5000/"\napi_key = "k"\n'
        "[feeds]\nrefresh_every = 30\n",
        encoding="utf-8",
    )
    settings = load_settings(config)
    assert settings.translation.read_timeout == 3.0 and isinstance(settings.translation.read_timeout, float)
    assert settings.translation.auto is False and settings.translation.chunk_chars == 900
    assert settings.feeds.refresh_every == 30
    assert settings.keys["next_sentence"] == "l,down"


def test_checking_costs_little_at_start_up(tmp_path: Path) -> None:
    """Without [keys] nothing heavy is imported; the checks themselves take well under a millisecond."""
    config = tmp_path / "config.toml"
    config.write_text('[translation]\nread_timeout = 3\nretries = 2\n[entities]\nbackend = "auto"\n')
    code = (
        "import sys, time; from pathlib import Path; from reader.settings import load_settings;"
        f"t = time.perf_counter(); [load_settings(Path({str(config)!r})) for _ in range(100)];"
        "print((time.perf_counter() - t) / 100); print('textual' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[1] == "False"
    assert float(out[0]) < 0.005


def test_the_readme_example_config_loads(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    config = tmp_path / "config.toml"
    config.write_text(example, encoding="utf-8")
    settings = load_settings(config)
    assert settings.keys == {"next_sentence": "j,down"} and settings.entities.model == "de_core_news_lg"
