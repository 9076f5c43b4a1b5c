"""A reading pane: an article's blocks as wrapped lines, with the sentence cursor, entities and marks,
the word cursor inside the cursor's sentence, underlined saved words, and (`word_marks`) the words that
are new or in learning.

It renders through the line API, so a long article costs only the lines on screen, and it knows which
lines each sentence occupies, so two panes can keep the same sentence in view.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from rich.segment import Segment
from textual import events
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from reader.nlp.types import Entity
from reader.widgets.styles import component_style, entity_chip, word_mark

PAD = 1  # columns left and right of the text; the left one is the gutter for mark and note glyphs
MARK_GLYPH = "●"
# Styles that do not depend on the theme are plain values: every component class is styled afresh for
# each pane whenever its styles are applied (twice before the first frame).
UNDERLINE = Style(underline=True)  # a marked sentence, a saved word
WORD = Style(bold=True, reverse=True)  # the word cursor
NOTE_GLYPH = "✎"


WordSpan = tuple[int, int, str, int]  # (start, end, status, level) of a word, for `styles.word_mark`


@dataclass(frozen=True, slots=True)
class PaneSentence:
    """One sentence as a pane shows it. `state` is "", "pending" or "failed"."""

    unit: int
    text: str
    entities: tuple[Entity, ...] = ()
    state: str = ""
    marked: bool = False
    noted: bool = False
    saved: tuple[tuple[int, int], ...] = ()  # (start, end) of saved vocabulary, underlined
    words: tuple[WordSpan, ...] = ()  # words that are new or in learning, marked while `word_marks` is on


@dataclass(frozen=True, slots=True)
class PaneBlock:
    kind: str  # "heading" | "paragraph"
    sentences: tuple[PaneSentence, ...]


@dataclass(slots=True)
class _Layout:
    """Where things are once wrapped at one width."""

    width: int
    lines: list[tuple[int, int, int]] = field(default_factory=list)  # (block, start, end) or block -1
    unit_lines: dict[int, tuple[int, int]] = field(default_factory=dict)  # unit -> first, last line
    unit_spans: dict[int, tuple[int, int, int]] = field(default_factory=dict)  # unit -> block, start, end
    gutter: dict[int, str] = field(default_factory=dict)  # line -> "mark" | "note"


class SentencePane(ScrollView, can_focus=True, inherit_bindings=False):
    """One language's text. The screen sets `cursor` and `word`; a click posts `SentencePane.Clicked`."""

    COMPONENT_CLASSES = {
        "pane--cursor",
        "pane--heading",
        "pane--pending",
        "pane--failed",
        "pane--gutter-mark",
        "pane--gutter-note",
    }
    DEFAULT_CSS = """
    SentencePane {
        height: 1fr; width: 1fr;
        border-top: solid $foreground 25%;
        border-title-color: $text-accent; border-title-align: left;
        border-subtitle-color: $text-muted; border-subtitle-align: right;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        overflow-y: scroll;  /* a fixed text width: wrapping never depends on whether a scrollbar shows */
    }
    SentencePane:focus { border-top: solid $accent; }
    SentencePane > .pane--cursor { background: $foreground 16%; }
    SentencePane:focus > .pane--cursor { background: $foreground 24%; text-style: bold; }
    SentencePane > .pane--heading { text-style: bold; color: $text-accent; }
    SentencePane > .pane--pending { color: $text-muted; }
    SentencePane > .pane--failed { color: $text-error; }
    SentencePane > .pane--gutter-mark { color: $text-accent; }
    SentencePane > .pane--gutter-note { color: $text-warning; text-style: bold; }
    """

    cursor: reactive[int] = reactive(0)
    word: reactive[tuple[int, int] | None] = reactive(None)  # the word cursor's span in the cursor's sentence
    word_marks: reactive[bool] = reactive(False)  # mark the words that are new or in learning

    class Clicked(Message):
        """The user clicked a sentence."""

        def __init__(self, unit: int) -> None:
            self.unit = unit
            super().__init__()

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None):
        super().__init__(name=name, id=id, classes=classes)
        self._blocks: list[PaneBlock] = []
        self._texts: list[str] = []
        self._offsets: list[list[tuple[int, int]]] = []
        self._styled: dict[int, Content] = {}
        self._strips: dict[int, Strip] = {}  # rendered lines, by line number
        self._layout: _Layout | None = None
        self._scroll_home = False  # a new document waits for its layout before scrolling to the top
        self._unit_block: dict[int, int] = {}

    # -- what to show ------------------------------------------------------------------------------
    def show(self, blocks: list[PaneBlock], *, keep_scroll: bool = False) -> None:
        """Replace the document. `keep_scroll` keeps the scroll position (an update, not a new article).

        The text is wrapped once the pane knows its width: before it has one it only remembers the
        blocks, and the first `render_line` lays them out, so the first frame shows the text and no
        made-up width is laid out and then thrown away.
        """
        self._blocks = blocks
        self._texts = []
        self._offsets = []
        self._unit_block = {}
        for b, block in enumerate(blocks):
            parts: list[str] = []
            spans: list[tuple[int, int]] = []
            pos = 0
            for s in block.sentences:
                if parts:
                    pos += 1
                spans.append((pos, pos + len(s.text)))
                parts.append(s.text)
                pos += len(s.text)
                self._unit_block[s.unit] = b
            self._texts.append(" ".join(parts))
            self._offsets.append(spans)
        self._styled = {}
        self._strips = {}
        self._layout = None
        self._scroll_home = self._scroll_home or not keep_scroll
        if self._has_width():
            self._lay_out_and_scroll()
        self.refresh()

    def _has_width(self) -> bool:
        return self.scrollable_content_region.width > 2 * PAD

    def _lay_out_and_scroll(self) -> None:
        self._relayout()
        if self._scroll_home:
            self._scroll_home = False
            self.scroll_to(0, 0, animate=False, immediate=True)
        self.scroll_to_cursor()

    def update_sentences(self, blocks: list[PaneBlock]) -> None:
        """New text or highlights for the same article."""
        self.show(blocks, keep_scroll=True)

    # -- layout ------------------------------------------------------------------------------------
    def _text_width(self) -> int:
        return max(1, self.scrollable_content_region.width - 2 * PAD)

    def _relayout(self) -> None:
        width = self._text_width()
        layout = _Layout(width)
        for b, text in enumerate(self._texts):
            start = 0
            for line in Content(text).wrap(width):
                plain = line.plain
                at = text.find(plain, start) if plain else start
                at = start if at < 0 else at
                layout.lines.append((b, at, at + len(plain)))
                start = at + len(plain)
            layout.lines.append((-1, 0, 0))  # a blank line after every block
        if layout.lines:
            layout.lines.pop()
        block_first_line: dict[int, int] = {}
        for y, (b, _, _) in enumerate(layout.lines):
            block_first_line.setdefault(b, y)
        for b, block in enumerate(self._blocks):
            for s, (start, end) in zip(block.sentences, self._offsets[b], strict=True):
                layout.unit_spans[s.unit] = (b, start, end)
                first = last = block_first_line.get(b, 0)
                y = block_first_line.get(b, 0)
                while y < len(layout.lines) and layout.lines[y][0] == b:
                    _, ls, le = layout.lines[y]
                    if ls <= start < max(le, ls + 1):
                        first = y
                    if ls < end <= le or (ls <= end - 1 < le):
                        last = y
                    y += 1
                layout.unit_lines[s.unit] = (first, max(first, last))
                if (s.noted or s.marked) and layout.gutter.get(first) != "note":
                    # The glyph goes on the line where the sentence starts, where the eye looks for it.
                    layout.gutter[first] = "note" if s.noted else "mark"
        self._layout = layout
        self._strips = {}
        self.virtual_size = Size(width + 2 * PAD, len(layout.lines))

    def on_resize(self, event: events.Resize) -> None:
        if not self._has_width():
            return
        if self._layout is None or self._layout.width != self._text_width():
            self._lay_out_and_scroll()

    # -- styling -----------------------------------------------------------------------------------
    def _style(self, component: str) -> Style:
        return component_style(self, component)

    def _block_content(self, b: int) -> Content:
        cached = self._styled.get(b)
        if cached is not None:
            return cached
        block = self._blocks[b]
        content = Content(self._texts[b])
        if block.kind == "heading":
            content = content.stylize(self._style("pane--heading"))
        for s, (start, end) in zip(block.sentences, self._offsets[b], strict=True):
            if s.state:
                content = content.stylize(self._style(f"pane--{s.state}"), start, end)
            if s.marked:
                content = content.stylize(UNDERLINE, start, end)
            if self.word_marks:  # before the entities: a chip keeps its colours
                content = self._mark_words(content, s, start)
            for e in s.entities:
                if 0 <= e.start < e.end <= len(s.text):
                    style = entity_chip(e.label, self.app.no_color)
                    content = content.stylize(style, start + e.start, start + e.end)
            for a, z in () if self.word_marks else s.saved:  # a saved word is in learning: marked so
                if 0 <= a < z <= len(s.text):
                    content = content.stylize(UNDERLINE, start + a, start + z)
            if s.unit == self.cursor:
                content = content.stylize_before(self._style("pane--cursor"), start, end)
                word = self.word
                if word is not None and 0 <= word[0] < word[1] <= len(s.text):
                    content = content.stylize(WORD, start + word[0], start + word[1])
        self._styled[b] = content
        return content

    def _mark_words(self, content: Content, s: PaneSentence, start: int) -> Content:
        dark, no_color = self.app.current_theme.dark, self.app.no_color
        for a, z, status, level in s.words:
            style = word_mark(status, level, dark=dark, no_color=no_color)
            if style is not None and 0 <= a < z <= len(s.text):
                content = content.stylize(style, start + a, start + z)
        return content

    def render_line(self, y: int) -> Strip:
        if self._layout is None and self._blocks and self._has_width():
            # The pane has its width before its first resize event: lay the text out now, so the first
            # frame shows it rather than a blank pane.
            self._lay_out_and_scroll()
        layout = self._layout
        width = self.scrollable_content_region.width
        line_no = y + self.scroll_offset.y
        visual = self.visual_style  # cached by Textual (`rich_style` walks every ancestor each time)
        base = visual.rich_style
        if layout is None or not (0 <= line_no < len(layout.lines)):
            return Strip.blank(width, base)
        strip = self._strips.get(line_no)
        if strip is None or strip.cell_length != width:
            b, start, end = layout.lines[line_no]
            if b < 0:
                strip = Strip.blank(width, base)
            else:
                content = self._block_content(b)[start:end]
                segments = [*self._gutter(layout.gutter.get(line_no)), *content.render_segments(visual)]
                strip = Strip(segments).apply_style(base).crop_extend(0, width, base)
            self._strips[line_no] = strip
        return strip

    def _gutter(self, kind: str | None) -> list[Segment]:
        """The left padding column, with a glyph beside a marked or noted sentence."""
        if kind is None:
            return [Segment(" " * PAD)]
        glyph = NOTE_GLYPH if kind == "note" else MARK_GLYPH
        marker = Content(glyph + " " * (PAD - 1)).stylize(self._style(f"pane--gutter-{kind}"), 0, 1)
        return list(marker.render_segments(self.visual_style))

    def _forget_block(self, b: int) -> None:
        """Restyle one block: drop its styled content and the lines it occupies."""
        self._styled.pop(b, None)
        layout = self._layout
        if layout is not None:
            for line_no in [n for n in self._strips if layout.lines[n][0] == b]:
                del self._strips[line_no]

    def notify_style_update(self) -> None:
        """The theme or CSS changed: every cached line is stale."""
        self._styled = {}
        self._strips = {}
        super().notify_style_update()

    def watch_cursor(self, old: int, new: int) -> None:
        for unit in (old, new):
            b = self._unit_block.get(unit)
            if b is not None:
                self._forget_block(b)
        self.scroll_to_cursor()
        self.refresh()

    def watch_word_marks(self) -> None:
        self._styled = {}
        self._strips = {}
        self.refresh()

    def watch_word(self) -> None:
        b = self._unit_block.get(self.cursor)
        if b is not None:
            self._forget_block(b)
        self.refresh()

    def scroll_to_cursor(self) -> None:
        """Bring the cursor's sentence into view, with a line of context where there is room."""
        layout = self._layout
        if layout is None or self.cursor not in layout.unit_lines:
            return
        first, last = layout.unit_lines[self.cursor]
        height = max(1, self.scrollable_content_region.height)
        top, bottom = max(0, first - 1), last + 2
        if bottom - top > height:
            bottom = top + height
        self.scroll_to_region(Region(0, top, 1, bottom - top), animate=False, immediate=True)

    # -- queries the screen uses -------------------------------------------------------------------
    def units_in_view(self) -> tuple[int, int] | None:
        """The first and last unit with a line on screen."""
        layout = self._layout
        if layout is None or not layout.unit_lines:
            return None
        top = self.scroll_offset.y
        bottom = top + self.scrollable_content_region.height - 1
        seen = [u for u, (f, last) in layout.unit_lines.items() if last >= top and f <= bottom]
        return (min(seen), max(seen)) if seen else None

    def on_click(self, event: events.Click) -> None:
        layout = self._layout
        if layout is None:
            return
        line_no = event.y + self.scroll_offset.y
        if not 0 <= line_no < len(layout.lines):
            return
        b, start, _ = layout.lines[line_no]
        if b < 0:
            return
        char = start + max(0, event.x + self.scroll_offset.x - PAD)
        spans = self._offsets[b]
        i = max(0, bisect_right([s for s, _ in spans], char) - 1)
        self.post_message(self.Clicked(self._blocks[b].sentences[i].unit))
