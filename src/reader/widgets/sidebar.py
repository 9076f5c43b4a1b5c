"""The article list: title, id and an unread marker, with a filter box. Fast for 10,000 articles."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    id: str
    title: str
    unread: bool


def _prompt(entry: ArticleEntry) -> Content:
    marker = Content.styled("● ", "$accent") if entry.unread else Content("  ")
    return Content.assemble(marker, Content(entry.title), Content.styled(f"  {entry.id}", "dim"))


class ArticleList(Vertical):
    """The sidebar. It posts `ArticleList.Chosen` when the user picks an article."""

    DEFAULT_CSS = """
    ArticleList { width: 32; border-right: vkey $foreground 20%; }
    ArticleList > Input { display: none; margin: 0 0; border: tall $accent; }
    ArticleList.-filtering > Input { display: block; }
    ArticleList > OptionList { height: 1fr; border: none; padding: 0; }
    """

    class Chosen(Message):
        def __init__(self, article_id: str) -> None:
            self.article_id = article_id
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: list[ArticleEntry] = []
        self._shown: list[ArticleEntry] = []
        self._current: str | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter titles…", id="filter")
        yield OptionList(id="articles")

    @property
    def shown_ids(self) -> list[str]:
        return [e.id for e in self._shown]

    def set_entries(self, entries: list[ArticleEntry]) -> None:
        self._entries = entries
        self._refilter()

    def set_current(self, article_id: str) -> None:
        """Highlight the open article and clear its unread marker."""
        self._current = article_id
        self._entries = [
            ArticleEntry(e.id, e.title, False) if e.id == article_id else e for e in self._entries
        ]
        self._refilter()

    def _refilter(self) -> None:
        needle = self.query_one(Input).value.casefold().strip() if self.is_mounted else ""
        shown = [e for e in self._entries if not needle or needle in e.title.casefold() or needle in e.id]
        self._shown = shown
        options = self.query_one(OptionList)
        options.set_options(Option(_prompt(e), id=e.id) for e in shown)
        if self._current is not None and self._current in self.shown_ids:
            options.highlighted = self.shown_ids.index(self._current)

    def start_filter(self) -> None:
        self.add_class("-filtering")
        self.query_one(Input).focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._refilter()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self._shown:
            options.highlighted = options.highlighted or 0
            self.post_message(self.Chosen(self._shown[options.highlighted or 0].id))

    def key_escape(self) -> None:
        box = self.query_one(Input)
        if self.has_class("-filtering"):
            box.value = ""
            self.remove_class("-filtering")
            self._refilter()
            self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#articles")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))
