"""The title line: the open article's whole title, in German or (`T`) in English when it is known. A
part of the reading screen (see `reader.screens.parts`)."""

from __future__ import annotations

from textual.binding import Binding

from reader.screens.parts import Host, Part
from reader.screens.state import ArticleState


class Heading(Part):
    NAME = "heading"
    BINDINGS = [
        Binding(
            "T",
            "toggle_title",
            "Title in English / German",
            id="title_language",
            show=False,
            tooltip="Show the article's title in English (when known) or in German",
        ),
    ]

    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.english = False  # the reader asked for the English title

    def follow(self, old: ArticleState | None, new: ArticleState) -> None:
        if old is None or old.article is not new.article or old.english.title != new.english.title:
            self.draw(new)

    def draw(self, state: ArticleState) -> None:
        english = state.english.title.text
        if self.english and english:
            self.host.title_line.show(english, "EN")
        else:
            self.host.title_line.show(state.article.title, "DE" if english else "")

    def action_toggle_title(self) -> None:
        state = self.host.state
        if state is None:
            return
        if not self.english and not state.english.title.text:
            self.say("The title has no English yet (t translates the article).", timeout=4)
            return
        self.english = not self.english
        self.draw(state)
