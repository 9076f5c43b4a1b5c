"""The word panel under the panes: a word's lookup, or the interlinear gloss of the current sentence.

It never takes focus, so the word keys keep working while it is open and it follows the cursors; the
screen's Escape closes it. What it shows is built here from plain values (`lookup_content`,
`gloss_content`); every string in them came from outside and is shown as `Content`, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from reader.nlp.types import Entity

if TYPE_CHECKING:  # the lookup modules load on the first lookup, not at start-up
    from reader.lookup.gloss import Gloss
    from reader.lookup.service import LookupResult

HINT = "esc close"
_VIA = {
    "headword": "dictionary · the word itself",
    "lemma": "dictionary · by its lemma",
    "memory": "translation memory (no dictionary entry)",
    "engine": "translation engine (no dictionary entry)",
}


def lookup_content(
    result: LookupResult,
    entity: Entity | None = None,
    entity_english: str = "",
    engine: str = "",
    status: Content | None = None,
) -> Content:
    """The word, its lemma and part of speech, its status for the reader (a line made by the caller),
    its entity, its entries best first, and any hint."""
    head = [Content.styled(result.word, "bold")]
    if result.lemma and result.lemma != result.word:
        head += [Content.styled("  lemma ", "dim"), Content(result.lemma)]
    if result.pos:
        head += [Content.styled("  · ", "dim"), Content.styled(result.pos, "italic")]
    lines = [Content.assemble(*head)]
    if status is not None:
        lines.append(status)
    if entity is not None:
        english = f" → {entity_english}" if entity_english and entity_english != entity.text else ""
        lines.append(
            Content.assemble(Content.styled("entity  ", "dim"), f"{entity.text} ({entity.label}){english}")
        )
    if result.entries:
        if result.via == "compound":
            label = "dictionary · compound of " + " + ".join(result.parts)
        elif result.via == "engine" and engine:
            label = f"translation engine {engine} (no dictionary entry)"
        else:
            label = _VIA.get(result.via, result.via)
        lines.append(Content.styled(label, "$text-accent"))
        for entry in result.entries:
            lines.append(Content.assemble("  ", Content.styled(entry.de, "bold"), "  —  ", entry.en))
    elif not result.hint:
        lines.append(Content.styled("nothing found for this word", "$text-warning"))
    if result.hint:
        lines.append(Content.styled(result.hint, "$text-warning"))
    return Content("\n").join(lines)


def gloss_content(sentence: str, glosses: Sequence[Gloss], width: int, note: str = "") -> Content:
    """The sentence with each word's gloss under it, wrapped within `width` cells."""
    from reader.lookup.gloss import layout

    rows = layout(sentence, list(glosses), width)
    lines: list[Content] = []
    for top, bottom in rows:
        lines += [Content(top), Content.styled(bottom, "$text-accent italic")]
    if note:
        lines.append(Content.styled(note, "$text-warning"))
    return Content("\n").join(lines) if lines else Content.styled("no words to gloss", "dim")


class WordPanel(VerticalScroll, can_focus=False):
    """Shown under the panes; `mode` is "lookup" or "gloss" while it is shown, "" when hidden."""

    DEFAULT_CSS = """
    WordPanel {
        height: auto; max-height: 40%; display: none; padding: 0 1;
        border-top: solid $accent; border-title-color: $text-accent; border-title-align: left;
        border-subtitle-color: $text-muted; border-subtitle-align: right;
        scrollbar-size-vertical: 1; scrollbar-gutter: stable;  /* a scrollbar never rewraps the gloss */
    }
    WordPanel.-shown { display: block; }
    WordPanel > Static { width: 1fr; height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode = ""
        self.border_subtitle = HINT
        self._gloss: tuple[str, Sequence[Gloss], str] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="word-text", markup=False)

    def text_width(self) -> int:
        """The columns a line of the panel has (the gloss is laid out to fit them)."""
        width = self.scrollable_content_region.width or (self.screen.size.width - 3)
        return max(8, width)

    def show_gloss(self, title: str, sentence: str, glosses: Sequence[Gloss], note: str = "") -> None:
        """The gloss, laid out at the panel's width now and again whenever that width changes."""
        self._gloss = (sentence, glosses, note)
        self.show("gloss", title, gloss_content(sentence, glosses, self.text_width(), note), keep=True)

    def on_resize(self) -> None:
        if self.mode == "gloss" and self._gloss is not None:
            sentence, glosses, note = self._gloss
            content = gloss_content(sentence, glosses, self.text_width(), note)
            self.query_one("#word-text", Static).update(content)

    def show(self, mode: str, title: str, content: Content, *, keep: bool = False) -> None:
        if not keep:
            self._gloss = None
        self.mode = mode
        self.border_title = Content(title)
        self.query_one("#word-text", Static).update(content)
        self.add_class("-shown")
        self.scroll_home(animate=False)

    def hide(self) -> None:
        self.mode = ""
        self.remove_class("-shown")
