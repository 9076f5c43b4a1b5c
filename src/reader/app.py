"""The Textual App, made by `make_app`, which the CLI, the tests and each SSH session share."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from reader import locations
from reader.screens.help import HelpScreen
from reader.screens.reading import ReadingScreen
from reader.services import Services
from reader.settings import Settings
from reader.store import Store


class ReaderApp(App[None]):
    """reader: German beside English, one sentence cursor in both."""

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
    ]

    def __init__(self, services: Services, paths: list[Path]) -> None:
        super().__init__()
        self.services = services
        self.paths = paths

    def get_default_screen(self) -> Screen:
        # The reading screen is the default one: no empty screen is built and drawn before it.
        return ReadingScreen(self.services, self.paths)

    def on_mount(self) -> None:
        settings = self.services.settings
        if settings.keys:
            self.set_keymap(settings.keys)
        if settings.theme in self.available_themes:
            self.theme = settings.theme

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        rows: dict[str, tuple[list[str], str]] = {}
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.description:
                continue
            ident = binding.id or binding.action
            keys, _ = rows.setdefault(ident, ([], binding.description))
            display = self.get_key_display(binding) if key == binding.key else key
            if display not in keys:
                keys.append(display)
        self.push_screen(HelpScreen([(", ".join(keys), desc) for keys, desc in rows.values()]))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, ReadingScreen):
            for title, help_text, action in [
                ("Translate", "Translate missing sentences, or retry failed ones", "translate"),
                ("Compare engines", "Show the current sentence from each engine", "compare"),
                ("Export to Markdown", "Write the article to the export folder", "export"),
                ("Entities panel", "Show or hide the article's entities", "entities"),
                ("Next article", "Open the next article", "article(1)"),
                ("Previous article", "Open the previous article", "article(-1)"),
                ("Filter articles", "Filter the article list by title", "filter"),
                ("Mark sentence", "Mark or unmark the current sentence", "mark"),
                ("Note on sentence", "Add a note to the current sentence", "note"),
                ("Toggle sidebar", "Show or hide the article list", "sidebar"),
                ("Help", "Show every key", "app.help"),
            ]:
                yield SystemCommand(title, help_text, _runner(screen, action))


def _runner(screen: Screen, action: str) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        await screen.run_action(action)

    return run


def make_app(settings: Settings, paths: list[Path] | None = None, store: Store | None = None) -> ReaderApp:
    """The one way to build the app. Opening the store may raise StoreError, before any UI starts."""
    services = Services(settings, store if store is not None else Store(settings.store_path))
    return ReaderApp(services, paths if paths else [locations.seeds_dir()])
