"""Markdown export: structure, highlights, marks, notes and hostile text, read back with markdown-it."""

from __future__ import annotations

import random
from datetime import date

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from reader.articles.model import Article
from reader.export import HIGHLIGHTS, LAYOUTS, ExportDocument, build_document, render_markdown
from reader.export.escape import escape, plain
from reader.export.markdown import LABEL_NAMES, UNTRANSLATED, inline, yaml_string
from reader.nlp.types import Entity
from reader.store.marks import Mark
from reader.translation.types import English
from test_export_support import (
    ListRecognizer,
    core,
    english_for,
    make_article,
    read,
    split_front_matter,
)

DAY = date(2026, 11, 29)
REC = ListRecognizer()
COMBOS = [(layout, highlight) for layout in LAYOUTS for highlight in HIGHLIGHTS]


def build(
    article: Article, english: English | None = None, marks: dict[int, Mark] | None = None
) -> ExportDocument:
    english = english or english_for(article)
    return build_document(
        article,
        english,
        REC.recognize_many([u.sentence.text for u in article.units]),
        marks,
        recognizer=REC,
        english_entities=[REC.recognize(t.text or "") for t in english.units],
        exported=DAY,
    )


def expected_leaves(doc: ExportDocument, layout: str, highlight: str) -> list[tuple | str]:
    """What a correct export parses to: (tag, containers, text, strong, marks, em) for each inline run."""
    out: list[tuple | str] = []
    notes: list[str] = []

    def sentence(text: str | None, entities, marked: bool, note: str) -> tuple:
        if text is None:
            text, entities = UNTRANSLATED, ()
        visible = plain(text)
        names = [plain(core(e.text)) for e in entities if core(e.text)]
        strong = names if highlight == "bold" else []
        marks = (
            [(e.label, plain(core(e.text))) for e in entities if core(e.text)] if highlight == "mark" else []
        )
        em = [visible] if marked and visible else []
        if note:
            notes.append(note)
            visible += f"[^{len(notes)}]"
        return visible, strong, marks, em

    def german(pair) -> tuple:
        return sentence(
            pair.german, pair.german_entities, pair.marked, pair.note if layout != "english" else ""
        )

    def english(pair, with_note: bool) -> tuple:
        return sentence(pair.english, pair.english_entities, pair.marked, pair.note if with_note else "")

    def joined(parts: list[tuple]) -> tuple:
        return (
            " ".join(p[0] for p in parts),
            [s for p in parts for s in p[1]],
            [m for p in parts for m in p[2]],
            [e for p in parts for e in p[3]],
        )

    if layout == "english":
        out.append(("h1", (), plain(doc.english_title or doc.title), [], [], []))
    else:
        out.append(("h1", (), plain(doc.title), [], [], []))
    if layout in ("interleaved", "side-by-side"):
        out.append(("p", ("blockquote",), plain(doc.english_title or UNTRANSLATED), [], [], []))
    pairs = doc.pairs
    has_legend = (
        (highlight != "none" and doc.entities) or any(p.marked for p in pairs) or any(p.note for p in pairs)
    )
    if has_legend:
        out.append("LEGEND")
    rows: list[tuple] = []

    def flush() -> None:
        if rows:
            out.extend(("th", ("table",), h, [], [], []) for h in ("#", "Deutsch", "English"))
            out.extend(rows)
            rows.clear()

    for block in doc.blocks:
        if block.kind == "heading":
            flush()
            pair = block.pairs[0]
            if layout == "english":
                out.append(("h2", (), *english(pair, True)))
            else:
                out.append(("h2", (), *german(pair)))
                if layout != "german":
                    out.append(("p", ("blockquote",), *english(pair, False)))
        elif layout == "side-by-side":
            for n, pair in enumerate(block.pairs):
                number = f"¶ {pair.index + 1}" if n == 0 else str(pair.index + 1)
                rows.append(("td", ("table",), number, [], [], []))
                rows.append(("td", ("table",), *german(pair)))
                rows.append(("td", ("table",), *english(pair, False)))
        elif layout == "english":
            out.append(("p", (), *joined([english(p, True) for p in block.pairs])))
        else:
            out.append(("p", (), *joined([german(p) for p in block.pairs])))
            if layout == "interleaved":
                out.append(("p", ("blockquote",), *joined([english(p, False) for p in block.pairs])))
    flush()
    if doc.entities:
        out.append(("h2", (), "Entities", [], [], []))
        out.extend(("th", ("table",), h, [], [], []) for h in ("Entity", "Type", "Mentions", "English"))
        for row in doc.entities:
            cells = [plain(row.text), f"{LABEL_NAMES[row.label]} ({row.label})", str(row.mentions)]
            cells.append(plain(row.english) if row.english else "—")
            out.extend(("td", ("table",), c, [], [], []) for c in cells)
    out.extend(("p", (), f"[^{n}]: Your note: {plain(note)}", [], [], []) for n, note in enumerate(notes, 1))
    return out


def check(doc: ExportDocument, markdown: str, layout: str, highlight: str) -> None:
    """Every inline run is where it should be, with exactly the expected text, highlights and emphasis,
    and nothing else: no other block type, no link, image, code or HTML."""
    front, body = split_front_matter(markdown)
    assert front["layout"] == layout and front["highlight"] == highlight
    leaves, bad = read(body)
    assert bad == []
    assert [leaf.other for leaf in leaves if leaf.other] == []
    want = expected_leaves(doc, layout, highlight)
    got = [(leaf.tag, leaf.containers, leaf.text, leaf.strong, leaf.marks, leaf.em) for leaf in leaves]
    if "LEGEND" in want:
        at = want.index("LEGEND")
        assert got[at][0] == "p" and got[at][2].startswith("Legend: ")
        del want[at], got[at]
    assert got == want


SEEDLIKE = make_article(
    [
        ("paragraph", ["Putin traf die CIA in Moskau.", "Die Moscow Times berichtete.", "Nichts weiter."]),
        ("heading", ["Russland und die Ukraine"]),
        ("paragraph", ["Ein Satz ohne Namen.", "Dann wieder Putin und Russland."]),
        ("paragraph", ["Ein zweiter Absatz."]),
        ("heading", ["Schluss"]),
        ("paragraph", ["Letzter Satz über AT&T."]),
    ],
    title="Putin und Moskau",
)


def english_seedlike() -> English:
    table = {"Moskau": "Moscow", "Russland": "Russia"}

    def translate(text: str) -> str | None:
        if text == "Nichts weiter.":
            return None  # untranslated: shown as such
        for de, en in table.items():
            text = text.replace(de, en)
        return "EN " + text

    return english_for(SEEDLIKE, translate, title="Putin and Moscow")


@pytest.mark.parametrize(("layout", "highlight"), COMBOS)
def test_seedlike_article_in_every_layout(layout: str, highlight: str) -> None:
    marks = {1: Mark(1, True, ""), 3: Mark(3, True, "Wichtig *sehr*"), 5: Mark(5, False, "[x]: http://y")}
    doc = build(SEEDLIKE, english_seedlike(), marks)
    check(doc, render_markdown(doc, layout, highlight), layout, highlight)  # type: ignore[arg-type]


def test_headings_appear_where_expected() -> None:
    _, body = split_front_matter(render_markdown(build(SEEDLIKE, english_seedlike())))
    leaves, _ = read(body)
    headings = [(leaf.tag, leaf.text) for leaf in leaves if leaf.tag.startswith("h")]
    assert headings == [
        ("h1", "Putin und Moskau"),
        ("h2", "Russland und die Ukraine"),
        ("h2", "Schluss"),
        ("h2", "Entities"),
    ]
    _, body = split_front_matter(render_markdown(build(SEEDLIKE, english_seedlike()), "english"))
    leaves, _ = read(body)
    assert [leaf.text for leaf in leaves if leaf.tag.startswith("h")][:3] == [
        "Putin and Moscow",
        "EN Russia und die Ukraine",
        "EN Schluss",
    ]


@pytest.mark.parametrize("highlight", HIGHLIGHTS)
def test_every_mention_is_highlighted(highlight: str) -> None:
    doc = build(SEEDLIKE, english_seedlike())
    _, body = split_front_matter(render_markdown(doc, "german", highlight))  # type: ignore[arg-type]
    leaves, _ = read(body)
    text_leaves = leaves[2:]  # after the title and the legend
    strong = [s for leaf in text_leaves for s in leaf.strong]
    marks = [m for leaf in text_leaves for m in leaf.marks]
    mentions = [(e.label, e.text) for pair in doc.pairs for e in pair.german_entities]
    assert len(mentions) == 9
    if highlight == "bold":
        assert strong == [text for _, text in mentions] and marks == []
    elif highlight == "mark":
        assert marks == mentions and strong == []
    else:
        assert strong == marks == [] and not leaves[1].text.startswith("Legend")


def test_side_by_side_has_one_row_per_sentence() -> None:
    doc = build(SEEDLIKE, english_seedlike())
    tokens = (
        MarkdownIt("commonmark")
        .enable("table")
        .parse(split_front_matter(render_markdown(doc, "side-by-side"))[1])
    )
    tables: list[int] = []
    in_body = False
    for tok in tokens:
        if tok.type in ("tbody_open", "tbody_close"):
            in_body = tok.type == "tbody_open"
            tables += [0] if in_body else []
        elif tok.type == "tr_open" and in_body:
            tables[-1] += 1
    paragraph_sentences = sum(len(b.pairs) for b in doc.blocks if b.kind == "paragraph")
    assert tables[:-1] == [3, 3, 1]  # one table per section; the last table lists the entities
    assert sum(tables[:-1]) == paragraph_sentences


def test_text_round_trips() -> None:
    doc = build(SEEDLIKE, english_seedlike())
    _, body = split_front_matter(render_markdown(doc, "interleaved", "mark"))
    leaves, _ = read(body)
    german = [leaf.text for leaf in leaves if leaf.tag == "p" and not leaf.containers][1:5]
    assert german == [" ".join(p.german for p in b.pairs) for b in doc.blocks if b.kind == "paragraph"]
    english = [leaf.text for leaf in leaves if leaf.containers == ("blockquote",)]
    assert english[0] == "Putin and Moscow"
    assert english[1] == "EN Putin traf die CIA in Moscow. EN Die Moscow Times berichtete. (untranslated)"


def test_marks_are_italic_and_notes_are_footnotes() -> None:
    marks = {0: Mark(0, True, ""), 4: Mark(4, False, "Quelle prüfen!")}
    markdown = render_markdown(build(SEEDLIKE, english_seedlike(), marks))
    assert "*__Putin__" not in markdown
    assert "***Putin** traf die **CIA** in **Moskau**.*" in markdown
    assert "Ein Satz ohne Namen.[^1]" in markdown
    assert markdown.rstrip().endswith("[^1]: Your note: Quelle prüfen!")
    assert "sentences you marked are in *italics*" in markdown
    # a GFM renderer turns them into real footnotes
    html = MarkdownIt("commonmark").enable("table").use(footnote_plugin).render(markdown)
    assert 'class="footnote-ref"' in html and "Quelle prüfen!" in html


def test_front_matter() -> None:
    article = make_article(
        [("paragraph", ["Putin."])], title='Er sagte: "Nein" \u2028 --- # x', article_id="a: b"
    )
    doc = build(article)
    front, _ = split_front_matter(render_markdown(doc))
    assert front["title"] == 'Er sagte: "Nein" \u2028 --- # x'
    assert front["id"] == "a: b"
    assert front["translation"] == "reference"
    assert front["untranslated"] == "0"
    assert (front["recogniser"], front["recogniser_version"]) == ("list", "1")
    assert front["exported"] == "2026-11-29"
    assert front["reader_version"] == __import__("reader").__version__
    assert "\u2028" not in yaml_string("a\u2028b") and yaml_string('a"b') == '"a\\"b"'


def test_untranslated_and_memory_sources_in_front_matter() -> None:
    article = make_article([("paragraph", ["Eins.", "Zwei."])])
    english = english_for(article, lambda s: None, title=None)
    doc = build_document(article, english, exported=DAY, engine="google")
    front, body = split_front_matter(render_markdown(doc))
    assert front["translation"] == "none" and front["untranslated"] == "2" and front["recogniser"] == "none"
    assert "> (untranslated) (untranslated)" in body


# --- escaping -------------------------------------------------------------------------------------

HOSTILE = [
    "[bold]x[/]", "[link=http://x]y[/link]", "[@click=app.quit]z[/]", "[CDU]", "[/]",
    "*em* _em_ **strong** __strong__ ***both***", "a*b*c", "a_b_c", "`code` ``co`de``", "```", "~~~",
    "<b>html</b>", "<script>alert(1)</script>", "<!-- c -->", "<mark class=\"per\" title=\"PER\">x</mark>",
    "&amp; &copy; &#42; &#x2A;", "# not a heading", "## nor this #", "#tag", "- item", "+ item", "* item",
    "1. item", "1) item", "2026. Jahr", "> quote", ">> nested", "| a | b |", "|---|---|", "---", "===", "***",
    "___", "- - -", "~~strike~~", "~sub~", "![img](x.png)", "[link](http://x)", "[ref][1]", "[1]: http://y",
    "<http://x>", "http://example.com/a_b", "https://x.de", "www.example.com", "mail@example.com",
    "Spiegel.de meldet", "\\", "a\\", "\\*", "x\\|y", "\\\\|", "$E=mc^2$", "$$x$$", "==hl==", "%%comment%%",
    "[[wiki]]", "[^1]", "[^note]: text", "    indented code", "\tTab", "line\nbreak", "two  spaces  ",
    "hard\\\nbreak", "\x1b[31mred\x1b[0m", "\x1b]0;title\x07", "\x9b31m", "\u202erevert", "\x00nul",
    "{: .class}", "{{ template }}", ":smile:", "^super^", "Satz ^abc123",
    "Putin*", "*Putin", "„Putin“", "Putin!", "!Putin",
    "Putin's", "(Putin)", "[Putin]", "_Putin_", "AT&T", "Yahoo!", "C++", "O'Neill", "-Putin-", "1.Putin",
    "Setext\n---", "Ende!", "!", "!!", "\"quoted\"", "'single'", "Ü-Boot & Co.", "—", "…", "\u00a0nbsp",
    "\ud800lone",
]  # fmt: skip
SEPARATORS = ["", " ", "  ", "\n", "\t"]


def hostile_strings(n: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    out = list(HOSTILE)
    while len(out) < n:
        parts = [rng.choice(HOSTILE) for _ in range(rng.randint(2, 5))]
        text = ""
        for part in parts:
            text += part + rng.choice(SEPARATORS)
        out.append(text)
    return [s for s in out if plain(s)]


def test_escape_keeps_text_literal() -> None:
    parser = MarkdownIt("commonmark").enable("table")
    for text in hostile_strings(600):
        tokens = parser.parse(escape(text))
        assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], text
        children = tokens[1].children or []
        assert [c.type for c in children] == ["text"], text
        assert children[0].content == plain(text), text


def test_escape_is_per_character() -> None:
    assert escape("1. Mai") == "1\\. Mai"
    assert escape("- x") == "\\- x"
    assert escape("x - y") == "x - y"
    assert escape("  \t+ x  ") == "\\+ x"
    assert escape("a\\*b") == "a\\\\\\*b"
    assert escape("www.x.de") == "www\\.x\\.de"
    assert escape("1.5-Format") == "1.5-Format"


def _hostile_article(rng: random.Random, strings: list[str]) -> Article:
    def some() -> str:
        text = rng.choice(strings)
        if rng.random() < 0.5:  # put a name somewhere
            at = rng.randint(0, len(text))
            text = (
                text[:at]
                + rng.choice([" Putin ", " Moscow Times ", "Russland ", " AT&T", " Yahoo! "])
                + text[at:]
            )
        return text

    blocks = []
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.3:
            blocks.append(("heading", [some()]))
        blocks.append(("paragraph", [some() for _ in range(rng.randint(1, 3))]))
    return make_article(blocks, title=some(), article_id=some())


def test_hostile_articles_render_literally_in_every_layout() -> None:
    """A property-style loop: random hostile articles, marks and notes, in all 12 combinations."""
    rng = random.Random(2026)
    strings = hostile_strings(400)
    for _ in range(60):
        article = _hostile_article(rng, strings)
        n = len(article.units)
        marks = {
            i: Mark(i, rng.random() < 0.5, rng.choice(["", *strings])) for i in range(n) if rng.random() < 0.4
        }
        english = english_for(
            article, lambda s: None if rng.random() < 0.1 else rng.choice(strings) + " Russia"
        )
        doc = build(article, english, marks)
        for layout, highlight in COMBOS:
            markdown = render_markdown(doc, layout, highlight)
            try:
                check(doc, markdown, layout, highlight)
            except AssertionError:
                print(markdown)
                raise


def test_gfm_like_parser_sees_no_links_or_strikethrough() -> None:
    """GitHub and Obsidian also autolink bare URLs and strike through ~text~: the escapes stop both."""
    parser = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "linkify", "strikethrough"])
    rng = random.Random(7)
    strings = hostile_strings(300)
    for _ in range(40):
        doc = build(_hostile_article(rng, strings))
        body = split_front_matter(render_markdown(doc, "side-by-side"))[1]
        for tok in parser.parse(body):
            for child in tok.children or []:
                assert child.type not in ("link_open", "s_open", "image"), body


def test_no_control_characters_reach_the_file() -> None:
    article = make_article(
        [("paragraph", ["\x1b]0;pwned\x07Putin \x1b[2J kam.", "\x9b31mrot"])], title="\x1b[1mT"
    )
    markdown = render_markdown(build(article, marks={0: Mark(0, False, "note \x1b[31m")}))
    assert not any(ch in markdown for ch in "\x1b\x07\x9b")


def test_touching_or_overlapping_mentions() -> None:
    text = "AB CD"
    entities = [
        Entity(0, 1, "PER", "A"),
        Entity(1, 2, "LOC", "B"),
        Entity(3, 5, "ORG", "CD"),
        Entity(4, 5, "PER", "D"),
    ]
    assert inline(text, entities, "bold") == "**A**B **CD**"
    assert inline(text, entities, "mark") == (
        '<mark class="per" title="PER">A</mark><mark class="loc" title="LOC">B</mark> '
        '<mark class="org" title="ORG">CD</mark>'
    )
    # a mention is highlighted from its first to its last letter or digit
    assert inline("x „Putin“ y", [Entity(2, 9, "PER", "„Putin“")], "bold") == "x „**Putin**“ y"
    assert inline("x-(Putin)", [Entity(2, 9, "PER", "(Putin)")], "bold") == "x-(**Putin**)"


def test_footnote_after_exclamation_is_not_an_image() -> None:
    assert inline("Frieden!", footnote=1) == "Frieden\\![^1]"
    html = MarkdownIt("commonmark").use(footnote_plugin).render("Frieden\\![^1]\n\n[^1]: Your note: x\n")
    assert "<img" not in html and "footnote-ref" in html


def test_footnote_definition_is_never_a_link_definition() -> None:
    doc = build(make_article([("paragraph", ["Satz."])]), marks={0: Mark(0, False, 'http://evil "title"')})
    html = MarkdownIt("commonmark").render(render_markdown(doc, "german"))
    assert "<a " not in html and "Your note: http://evil" in html
