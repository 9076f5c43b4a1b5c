"""The German recognisers: the embedded CRF, the spaCy backend's loading and labels, and `reader entities`."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from reader.articles.load import read_article
from reader.cli import main
from reader.errors import UserError
from reader.nlp.embedded import EmbeddedRecognizer, spans_from_tags
from reader.nlp.features import tokenize
from reader.nlp.recognizers import load_recognizer, map_spacy_label, spacy_available
from reader.nlp.types import LABELS, Entity
from reader.settings import EntitySettings

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_4cf55c76e33746fd.txt"


@pytest.fixture(scope="module")
def embedded() -> EmbeddedRecognizer:
    return EmbeddedRecognizer()


def run_cli(argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# -- tokeniser ------------------------------------------------------------------------------------


def test_tokens_keep_offsets_and_compounds() -> None:
    text = "Die US-Regierung (Washington) zahlte am 3. Mai 1.000 Dollar an Dr. Müller."
    words = [text[s:e] for s, e in tokenize(text)]
    assert words == [
        "Die", "US-Regierung", "(", "Washington", ")", "zahlte", "am", "3.", "Mai", "1.000", "Dollar",
        "an", "Dr.", "Müller", ".",
    ]  # fmt: skip


def test_tokens_of_odd_text() -> None:
    assert tokenize("") == []
    assert tokenize("   ") == []
    text = "„Zeit“ – 🙂 Bundes- und Landesregierung"
    assert [text[s:e] for s, e in tokenize(text)] == [
        "„", "Zeit", "“", "–", "🙂", "Bundes-", "und", "Landesregierung",
    ]  # fmt: skip


def test_bio_decoding() -> None:
    assert spans_from_tags(["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG", "I-MISC"]) == [
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 5, "ORG"),
        (5, 6, "ORG"),
        (6, 7, "MISC"),
    ]
    assert spans_from_tags(["B-LOCderiv", "B-ORGpart", "O"]) == []


# -- the embedded recogniser ----------------------------------------------------------------------


def test_embedded_finds_seed_names(embedded: EmbeddedRecognizer) -> None:
    article = read_article(SEED)
    found = {(e.text, e.label) for u in article.units for e in embedded.recognize(u.sentence.text)}
    for expected in [
        ("Putin", "PER"),
        ("William Burns", "PER"),
        ("Sergei Naryschkin", "PER"),
        ("Moskau", "LOC"),
        ("Russland", "LOC"),
        ("Washington", "LOC"),
        ("Ukraine", "LOC"),
        ("Krim", "LOC"),
    ]:
        assert expected in found, expected


def test_embedded_offsets_are_string_indices(embedded: EmbeddedRecognizer) -> None:
    text = "🙂 Gestern traf Angela Merkel in Paris den Chef von Siemens."
    entities = embedded.recognize(text)
    assert entities, text
    for e in entities:
        assert isinstance(e, Entity)
        assert e.label in LABELS
        assert text[e.start : e.end] == e.text
    assert ("Angela Merkel", "PER") in {(e.text, e.label) for e in entities}
    assert ("Paris", "LOC") in {(e.text, e.label) for e in entities}


def test_embedded_many_and_empty(embedded: EmbeddedRecognizer) -> None:
    texts = ["", "  ", "Putin ist in Moskau.", "keine namen hier"]
    many = embedded.recognize_many(texts)
    assert many == [embedded.recognize(t) for t in texts]
    assert many[0] == [] and many[1] == []
    assert embedded.name == "embedded" and embedded.version.startswith("crf-")


def test_embedded_missing_model_is_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="missing"):
        EmbeddedRecognizer(tmp_path)


# -- choosing a backend ---------------------------------------------------------------------------


def test_backend_choice() -> None:
    assert load_recognizer(EntitySettings(backend="embedded")).name == "embedded"
    assert load_recognizer(EntitySettings(backend="auto", model="no_such_pipeline_xx")).name == "embedded"
    with pytest.raises(UserError, match="no_such_pipeline_xx"):
        load_recognizer(EntitySettings(backend="spacy", model="no_such_pipeline_xx"))
    with pytest.raises(UserError, match="backend"):
        load_recognizer(EntitySettings(backend="stanza"))


def test_spacy_label_mapping() -> None:
    assert map_spacy_label("PER") == "PER"
    assert map_spacy_label("PERSON") == "PER"
    assert map_spacy_label("GPE") == "LOC"
    assert map_spacy_label("LOC") == "LOC"
    assert map_spacy_label("ORG") == "ORG"
    assert map_spacy_label("NORP") == "MISC"
    assert map_spacy_label("MISC") == "MISC"
    assert map_spacy_label("DATE") is None
    assert map_spacy_label("CARDINAL") is None


@pytest.fixture()
def spacy_pipeline(tmp_path: Path) -> Path:
    """A tiny German pipeline saved to disk: a blank model whose entity_ruler knows a few names."""
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("de")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": [{"TEXT": "William"}, {"TEXT": "Burns"}]},
            {"label": "GPE", "pattern": "Moskau"},
            {"label": "ORG", "pattern": "CIA"},
            {"label": "NORP", "pattern": "Ukrainer"},
            {"label": "DATE", "pattern": "Montag"},
        ]
    )
    path = tmp_path / "de_tiny"
    nlp.to_disk(path)
    return path


def test_spacy_backend_loads_and_maps(spacy_pipeline: Path) -> None:
    assert spacy_available(str(spacy_pipeline))
    for backend in ("spacy", "auto"):
        rec = load_recognizer(EntitySettings(backend=backend, model=str(spacy_pipeline)))
        assert rec.name == "spacy"
    text = "Am Montag traf 🙂 William Burns (CIA) in Moskau die Ukrainer."
    entities = rec.recognize(text)
    assert [(e.text, e.label) for e in entities] == [
        ("William Burns", "PER"),
        ("CIA", "ORG"),
        ("Moskau", "LOC"),
        ("Ukrainer", "MISC"),
    ]
    assert all(text[e.start : e.end] == e.text for e in entities)
    assert rec.recognize_many([text, ""]) == [entities, []]
    assert "spacy" in rec.version


def test_spacy_pipeline_without_ner_is_user_error(tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    path = tmp_path / "de_blank"
    spacy.blank("de").to_disk(path)
    with pytest.raises(UserError, match="no entity recogniser"):
        load_recognizer(EntitySettings(backend="spacy", model=str(path)))


# -- the CLI --------------------------------------------------------------------------------------


def test_cli_jsonl_contract(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    lines = ["Putin traf William Burns in Moskau.", "", "ohne namen", "🙂 Angela Merkel besucht Paris."]
    code, out, _ = run_cli(["entities", "--jsonl"], "\n".join(lines) + "\n", monkeypatch, capsys)
    assert code == 0
    rows = [json.loads(row) for row in out.splitlines()]
    assert len(rows) == len(lines)
    for line, row in zip(lines, rows, strict=True):
        assert list(row) == ["entities"]
        for ent in row["entities"]:
            assert set(ent) == {"start", "end", "label", "text"}
            assert ent["label"] in LABELS
            assert line[ent["start"] : ent["end"]] == ent["text"]
    assert rows[1] == {"entities": []}
    first = {(e["text"], e["label"]) for e in rows[0]["entities"]}
    assert {("Putin", "PER"), ("William Burns", "PER"), ("Moskau", "LOC")} <= first


def test_cli_jsonl_without_final_newline_and_crlf(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    code, out, _ = run_cli(["entities", "--jsonl"], "Berlin\r\nin München", monkeypatch, capsys)
    assert code == 0
    rows = [json.loads(row) for row in out.splitlines()]
    assert rows == [
        {"entities": [{"start": 0, "end": 6, "label": "LOC", "text": "Berlin"}]},
        {"entities": [{"start": 3, "end": 10, "label": "LOC", "text": "München"}]},
    ]


def test_cli_jsonl_subprocess_utf8(tmp_path: Path) -> None:
    import os
    import subprocess

    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "READER_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "reader", "entities", "--jsonl"],
        input="Gespräche in Moskau\n\n".encode(),
        capture_output=True,
        env=env,
        check=True,
    )
    rows = [json.loads(r) for r in done.stdout.decode("utf-8").splitlines()]
    assert rows == [
        {"entities": [{"start": 13, "end": 19, "label": "LOC", "text": "Moskau"}]},
        {"entities": []},
    ]


def test_cli_table(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    code, out, _ = run_cli(["entities", str(SEED)], "", monkeypatch, capsys)
    assert code == 0
    assert "Russland" in out and "LOC" in out and "William Burns" in out
    # a second run is served from the entity cache and shows the same table
    code, again, _ = run_cli(["entities", str(SEED)], "", monkeypatch, capsys)
    assert again == out


def test_cli_user_errors(monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path) -> None:
    code, _, err = run_cli(["entities"], "", monkeypatch, capsys)
    assert code != 0 and err.count("\n") == 1 and "--jsonl" in err
    code, _, err = run_cli(["entities", str(tmp_path / "nope.txt")], "", monkeypatch, capsys)
    assert code != 0 and "no such file" in err and err.count("\n") == 1
    code, _, err = run_cli(
        ["entities", "--jsonl", "--backend", "spacy", "--model", "no_such_pipeline_xx"],
        "",
        monkeypatch,
        capsys,
    )
    assert code != 0 and "no_such_pipeline_xx" in err and err.count("\n") == 1


def test_embedded_long_line_is_chunked(embedded: EmbeddedRecognizer) -> None:
    sentence = "Angela Merkel traf gestern in Berlin den Präsidenten von Frankreich. "
    text = sentence * 300
    entities = embedded.recognize(text)
    assert len(entities) == 900
    assert all(text[e.start : e.end] == e.text for e in entities)


def test_importing_recognisers_loads_nothing_heavy() -> None:
    import subprocess

    code = (
        "import sys, reader.nlp.recognizers, reader.nlp.embedded, reader.commands.entities; "
        "print(sorted(m for m in ('spacy', 'pycrfsuite', 'textual') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
