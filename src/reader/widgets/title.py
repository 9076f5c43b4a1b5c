"""The title line over the panes: the open article's title, whole (on up to two lines, then cut with …),
in German or in English. One widget that renders itself, in place of Textual's Header."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

LINES = 2


class TitleLine(Widget):
    DEFAULT_CSS = """
    TitleLine { dock: top; height: auto; max-height: 2; background: $panel; color: $foreground;
        padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text = ""
        self.language = ""  # "DE" or "EN", said before the title

    def show(self, title: str, language: str = "") -> None:
        self.title_text = " ".join(title.split())
        self.language = language
        self.refresh(layout=True)

    def _lines(self, width: int) -> list[Content]:
        tag = Content.styled(f"{self.language} ", "dim") if self.language else Content("")
        text = Content.assemble(tag, Content.styled(self.title_text, "bold"))
        lines = text.wrap(max(1, width)) or [Content("")]
        if len(lines) > LINES:
            last = lines[LINES - 1].truncate(max(1, width - 1))
            lines = [*lines[: LINES - 1], last.append("…")]
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_region.width))
