"""The status line under the panes: the note on the sentence, what went wrong, the article's new words
and known share, the words due for review, translation progress, entity recognition, what runs in the
background (a refresh of the feeds, the dictionary being indexed, the library's words being counted), and
the entity legend."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from reader.nlp.types import LABELS
from reader.widgets.styles import entity_style


class StatusLine(Widget):
    """One line: progress and problems on the left (cut with … when long), the legend on the right. One
    widget that renders itself: no child widgets to style at start-up."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    """
    translation: reactive[str] = reactive("")
    entities: reactive[str] = reactive("")  # recognising the entities
    counts: reactive[dict[str, int]] = reactive(dict)
    problem: reactive[str] = reactive("")
    note: reactive[str] = reactive("")  # the note on the sentence under the cursor
    words: reactive[str] = reactive("")  # the word tools: indexing the dictionary
    activity: reactive[str] = reactive("")  # the library: refreshing the feeds
    known: reactive[str] = reactive("")  # words you know: the article's new words and known share
    review: reactive[str] = reactive("")  # words you know: the words due for review
    counting: reactive[str] = reactive("")  # words you know: counting the library's words

    def __init__(self, *, id: str | None = None, who: str = "") -> None:
        super().__init__(id=id)
        self.who = who  # whose profile is open ("" for the default one)

    def _text(self) -> Content:
        parts: list[Content] = []
        if self.who:
            parts.append(Content.styled(self.who, "bold"))
        if self.note:
            parts.append(Content.styled(f"✎ {self.note}", "$text-warning"))
        if self.problem:
            parts.append(Content.styled(f"⚠ {self.problem}", "$text-error"))
        # What the reader waits for now (a lookup waits for the dictionary, a refresh they asked for), then
        # the article's figures, then what runs by itself: the end is what a narrow terminal cuts.
        parts += [Content(text) for text in (self.words, self.activity) if text]
        if self.known:
            parts.append(Content.styled(self.known, "$text-accent"))
        if self.review:
            parts.append(Content.styled(self.review, "$text-warning"))
        parts += [Content(text) for text in (self.translation, self.entities, self.counting) if text]
        return Content(" │ ").join(parts)

    def _legend(self) -> Content:
        if not self.counts:
            return Content("")
        return Content(" ").join(
            Content.styled(f" {label} {self.counts.get(label, 0)} ", entity_style(label)) for label in LABELS
        )

    def render(self) -> Content:
        width = self.content_region.width
        legend = self._legend()
        room = max(0, width - legend.cell_length - (1 if legend else 0))
        text = self._text().truncate(room, ellipsis=True)
        return Content.assemble(text, " " * max(0, width - text.cell_length - legend.cell_length), legend)
