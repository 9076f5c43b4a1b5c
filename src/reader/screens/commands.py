"""The command palette (ctrl+p), derived from the bindings: every binding of the screen it was opened on
(the reading screen's parts included) and of the app, with the keys it has right now, remaps included.
A whole word of a title typed in full ranks first.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class Command:
    """One binding (or several with the same action and description, such as q and ctrl+c)."""

    title: str
    help: str
    action: str
    node: DOMNode  # where the action runs: the screen, or the app for the app's own bindings
    ids: tuple[str, ...]
    keys: tuple[str, ...]

    @property
    def help_with_keys(self) -> str:
        return f"{self.help} · key: {', '.join(self.keys)}" if self.keys else self.help


def keys_now(screen: Screen) -> dict[str, list[str]]:
    """Binding id -> the keys that run it on `screen` now: Textual's active bindings, with the keymap
    applied, for the widget that has focus."""
    keys: dict[str, list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.id:
            display = screen.app.get_key_display(binding) if key == binding.key else key
            shown = keys.setdefault(binding.id, [])
            if display not in shown:
                shown.append(display)
    return keys


def commands(screen: Screen) -> list[Command]:
    """Every described binding of `screen` and of the app, in the order they are declared."""
    app = screen.app
    now = keys_now(screen)
    merged: dict[tuple[str, str], Command] = {}
    for node in (screen, app):
        for binding in node.BINDINGS:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            ident = binding.id or binding.action
            # A binding whose keys the focused widget has taken (pagedown in the list) keeps its own.
            keys = now.get(ident) or [
                app.get_key_display(binding.with_key(k.strip())) for k in binding.key.split(",")
            ]
            action = binding.action.removeprefix("app.")
            where = app if node is app or binding.action.startswith("app.") else node
            key = (action, binding.description)
            old = merged.get(key)
            if old is None:
                help_text = binding.tooltip or binding.description
                merged[key] = Command(binding.description, help_text, action, where, (ident,), tuple(keys))
            elif ident not in old.ids:
                all_keys = (*old.keys, *(k for k in keys if k not in old.keys))
                merged[key] = Command(old.title, old.help, action, old.node, (*old.ids, ident), all_keys)
    return list(merged.values())


def _runner(command: Command) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        await command.node.app.run_action(command.action, command.node)

    return run


class ReaderCommands(Provider):
    """The bindings of the screen the palette was opened on, as commands."""

    async def discover(self) -> Hits:
        for command in commands(self.screen):
            yield DiscoveryHit(command.title, _runner(command), help=command.help_with_keys)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        word = query.strip().casefold()
        for command in commands(self.screen):
            score = matcher.match(command.title)
            if score <= 0:
                continue
            # A whole word of the title typed in full ranks above any fuzzy match ("mark" → Mark sentence).
            score = 1.0 if word in command.title.casefold().split() else min(score, 1.0) * 0.9
            yield Hit(score, matcher.highlight(command.title), _runner(command), help=command.help_with_keys)
