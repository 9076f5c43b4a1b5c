"""The Textual App, made by `make_app`, which the CLI, the tests and each SSH session share."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
from dataclasses import replace
from functools import partial
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.command import Provider
from textual.screen import Screen

from reader.screens.reading import ReadingScreen
from reader.services import Services
from reader.settings import Settings
from reader.store import Store, open_store
from reader.store.prefs import prefs, save_theme


def _reader_commands() -> type[Provider]:
    """The palette's commands, loaded when the palette first opens."""
    from reader.screens.commands import ReaderCommands

    return ReaderCommands


class ReaderApp(App[None]):
    """reader: German beside English, one sentence cursor in both."""

    CSS_PATH = "reader.tcss"
    COMMANDS = App.COMMANDS | {_reader_commands}
    TITLE = "reader"
    # Not in the footer: the reading screen shows its own, and a modal's footer shows the modal's keys.
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit", show=False),
        Binding("question_mark", "help", "Help", id="help", show=False),
        Binding("ctrl+c", "quit", "Quit", id="quit_ctrl_c", show=False),
    ]

    def __init__(self, services: Services, paths: list[Path]) -> None:
        super().__init__()
        self.services = services
        self.paths = paths

    def get_default_screen(self) -> Screen:
        # The reading screen is the default one: no empty screen is built and drawn before it.
        return ReadingScreen(self.services, self.paths)

    def on_mount(self) -> None:
        # A dropped SSH connection (SIGHUP) or a kill (SIGTERM) ends the app the normal way, so the
        # reading position is saved on the way out.
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.exit)
        settings, prefs = self.services.settings, self.services.prefs
        keys = settings.keys | prefs.keys  # the profile's remaps over the config file's
        if keys:
            self.set_keymap(keys)
        theme = prefs.theme or settings.theme
        if theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: object) -> None:
        """A theme chosen (in the palette) is the profile's from now on, in every session."""
        name = getattr(theme, "name", "")
        if name and name != self.services.prefs.theme:
            self.services.prefs = replace(self.services.prefs, theme=name)
            self.run_worker(
                partial(save_theme, self.services.store, name),
                thread=True,
                exit_on_error=False,
                group="prefs",
                description="Saving the theme",
            )

    def on_ready(self) -> None:
        """The first frame is on screen: collect garbage from now on (`reader.commands.run` turned the
        collector off for the start-up)."""
        gc.enable()

    def action_help(self) -> None:
        from reader.screens.help import HelpScreen

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


def make_app(settings: Settings, paths: list[Path] | None = None, store: Store | None = None) -> ReaderApp:
    """The one way to build the app. Opening the store may raise StoreError, before any UI starts."""
    store = store if store is not None else open_store(settings)
    own = prefs(store)
    if settings.keys or own.keys:
        from reader.screens.keymap import binding_ids, check_keymap

        ids = binding_ids(ReaderApp, ReadingScreen)
        check_keymap(settings.keys, ids, settings.config_path)
        check_keymap(own.keys, ids, Path(f"the keys of profile {store.profile}"))
    return ReaderApp(Services(settings, store, own), list(paths or []))  # no paths: the library
