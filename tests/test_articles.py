"""The parser, the segmenter, the sanitiser and the loader, on the seed and on hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEED
from reader.articles.load import MAX_ARTICLE_BYTES, decode, expand_paths, read_article
from reader.articles.parse import is_heading, parse_article, parse_reference
from reader.articles.sanitize import sanitize
from reader.articles.segment import split_sentences
from reader.errors import ParseError, UserError

HOSTILE = (
    "ID: evil\n\nEvil [bold]x[/] title\n\n"
    "Erst [bold]x[/] und [link=http://x]y[/link] und [@click=app.quit]z[/] hier. "
    "Dann \x1b]0;t\x07Titel und \x1b[2JLöschen und \x9b31mRot.\n"
)


def test_seed_has_id_title_headings_and_no_site_furniture() -> None:
    article = read_article(SEED)
    assert article.id == "17794"
    assert article.title.startswith("Frieden möglich!")
    assert [b.kind for b in article.blocks] == ["paragraph", "heading", "paragraph", "heading", "paragraph"]
    assert article.blocks[1].text == "Moskau und Washington führen Geheimverhandlungen"
    assert len(article.units) == 21
    assert all("Beliebteste" not in b.text for b in article.blocks)


def test_seed_reference_is_aligned_sentence_for_sentence() -> None:
    article = read_article(SEED)
    assert article.reference is not None
    assert len(article.reference.sentences) == len(article.units)
    assert article.reference.sentences[3] == "Moscow and Washington hold secret negotiations"
    assert article.reference.title.startswith("Peace possible!")


def test_sentence_offsets_point_into_their_block() -> None:
    for block in read_article(SEED).blocks:
        for s in block.sentences:
            assert block.text[s.start : s.end] == s.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Er kam z. B. am 1. Januar nach Berlin. Dann ging er.", 2),
        ("Dr. Müller sagte, u. a. seien ca. 300 Leute da. Das war gut.", 2),
        ("„Wir kommen“, sagte er. „Wann?“ fragte sie. Dann war Ruhe.", 3),
        ("Er sagte: “Das ist gut.” Dann ging er. Am 3. Oktober 1990 war es so.", 3),
        ("Das kostet 3,5 Mio. Euro. Prof. Dr. Schmidt kommt im Sept. wieder.", 2),
    ],
)
def test_segmenter_survives_abbreviations_ordinals_and_quotes(text: str, expected: int) -> None:
    sentences = split_sentences(text)
    assert len(sentences) == expected, [s.text for s in sentences]
    assert " ".join(s.text for s in sentences) == text


def test_segmenter_keeps_the_quote_with_its_sentence() -> None:
    first = split_sentences("„Wir kommen“, sagte er. Dann war Ruhe.")[0]
    assert first.text == "„Wir kommen“, sagte er."


def test_headings_are_short_lines_without_closing_punctuation() -> None:
    assert is_heading("Moskau und Washington führen Geheimverhandlungen")
    assert not is_heading("Das ist ein Satz.")
    assert not is_heading("Beliebteste Artikel Aktuell:")
    assert not is_heading(" ".join(["Wort"] * 20))


def test_sanitiser_removes_escape_sequences_and_controls_but_keeps_text() -> None:
    dirty = "a\x1b]0;title\x07b\x1b[2Jc\x9b31md\x1b]8;;http://x\x1b\\e\x1bPdcs\x1b\\f\x00g\x7fh\u202ei\tj\nk"
    assert sanitize(dirty) == "abcdefghi\tj\nk"
    assert sanitize("[bold]x[/] [CDU]") == "[bold]x[/] [CDU]"
    assert sanitize("a\r\nb") == "a\nb"


def test_hostile_article_parses_to_literal_brackets_and_no_escape_bytes() -> None:
    article = parse_article(HOSTILE)
    text = article.title + " ".join(u.sentence.text for u in article.units)
    assert "[bold]x[/]" in text and "[@click=app.quit]z[/]" in text and "[link=http://x]y[/link]" in text
    assert not any(ch in text for ch in "\x1b\x07\x9b")


def test_plain_text_and_markdown() -> None:
    plain = parse_article("Ein Titel\n\nErster Satz. Zweiter Satz.\n", source="a.txt")
    assert plain.title == "Ein Titel" and len(plain.units) == 2 and len(plain.id) == 16
    md = parse_article("# Titel\n\n## Abschnitt\n\nText hier. Mehr.\n\n- Punkt eins.\n", source="a.md")
    assert md.title == "Titel"
    assert [b.kind for b in md.blocks] == ["heading", "paragraph", "paragraph"]
    assert md.blocks[2].text == "Punkt eins."


def test_hard_wrapped_paragraph_is_joined() -> None:
    article = parse_article("Titel\n\nDas ist ein langer\nSatz über zwei Zeilen.\n")
    assert article.units[0].sentence.text == "Das ist ein langer Satz über zwei Zeilen."


def test_reference_that_does_not_align_is_refused() -> None:
    article = parse_article("Titel\n\nEins. Zwei.\n")
    with pytest.raises(ParseError, match="1 sentences"):
        parse_reference("Title\n\nOne and two.\n", article)


def test_bad_inputs_get_clear_messages(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "big.txt").write_bytes(b"Titel\n\n" + b"Satz. " * (MAX_ARTICLE_BYTES // 6 + 10))
    for name, message in [("empty.txt", "empty"), ("binary.txt", "binary"), ("big.txt", "too large")]:
        with pytest.raises(ParseError, match=message):
            read_article(tmp_path / name)


def test_cp1252_files_keep_their_umlauts_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    text = "Titel\n\nGrüße aus Köln – „Straße“ für 5 €. Das ist ein Text mit genug Zeichen."
    path.write_bytes(text.encode("cp1252"))
    article = read_article(path)
    body = " ".join(u.sentence.text for u in article.units)
    assert "Grüße aus Köln – „Straße“ für 5 €." in body and "\ufffd" not in body
    assert any("Windows-1252" in n for n in article.notices)
    text, notices = decode("schön".encode(), "x")
    assert text == "schön" and notices == []


def test_bytes_that_are_neither_utf8_nor_clean_cp1252_are_replaced_with_a_notice(tmp_path: Path) -> None:
    # 0x81 is undefined in cp1252, and 0x01 is a control character no text file carries.
    for bad in (b"\x81", b"\x01\xe9"):
        path = tmp_path / "odd.txt"
        path.write_bytes(b"Titel\n\nGr\xfc\xdfe aus K\xf6ln" + bad + b". Das ist ein Text mit genug Zeichen.")
        article = read_article(path)
        assert "\ufffd" in " ".join(u.sentence.text for u in article.units)
        assert any("not UTF-8" in n for n in article.notices)
        assert not any("Windows-1252" in n for n in article.notices)


def test_missing_path_is_a_user_error_and_directories_skip_references(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such file"):
        expand_paths([tmp_path / "nope"])
    files = expand_paths([SEED.parent])
    assert [f.name for f in files] == ["000_4cf55c76e33746fd.txt"]
