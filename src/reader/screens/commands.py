"""The reading screen's commands for the palette (ctrl+p): each shows its key; a whole word ranks first."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

# (title, what it does, action on the reading screen, binding id)
COMMANDS: list[tuple[str, str, str, str]] = [
    ("Translate", "Translate missing sentences, or retry failed ones", "translate", "translate"),
    ("Compare engines", "Show the current sentence from each engine", "compare", "compare"),
    ("Export to Markdown", "Write the article to the export folder", "export", "export"),
    ("Entities panel", "Show or hide the article's entities", "entities", "entities"),
    ("Next article", "Open the next article", "article(1)", "next_article"),
    ("Previous article", "Open the previous article", "article(-1)", "previous_article"),
    ("Filter articles", "Filter the article list by title", "filter", "filter"),
    ("Search", "Search every article's text, or @Name for an entity's articles", "search", "search"),
    ("Mark sentence", "Mark or unmark the current sentence", "mark", "mark"),
    ("Note on sentence", "Add a note to the current sentence", "note", "note"),
    ("Toggle sidebar", "Show or hide the article list", "sidebar", "sidebar"),
    ("Copy German sentence", "Send the German sentence to the clipboard", "copy('de')", "copy_german"),
    ("Copy English sentence", "Send the English sentence to the clipboard", "copy('en')", "copy_english"),
    ("Look up word", "Look up the word under the word cursor (h/l move it)", "lookup", "lookup"),
    ("Gloss sentence", "Show or hide a gloss under each word of the sentence", "gloss", "gloss"),
    ("Save word", "Save the word and its sentence to the vocabulary", "save_word", "save_word"),
    ("Next word", "Move the word cursor to the next word", "word(1)", "next_word"),
    ("Previous word", "Move the word cursor to the previous word", "word(-1)", "previous_word"),
    ("Help", "Show every key", "app.help", "help"),
]


def _runner(screen: Screen, action: str) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        await screen.run_action(action)

    return run


class ReaderCommands(Provider):
    """Commands of the reading screen, with the keys they are bound to right now (remaps included)."""

    def _keys(self) -> dict[str, str]:
        keys: dict[str, list[str]] = {}
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if binding.id:
                display = self.app.get_key_display(binding) if key == binding.key else key
                keys.setdefault(binding.id, []).append(display)
        return {ident: ", ".join(dict.fromkeys(shown)) for ident, shown in keys.items()}

    def _commands(self) -> list[tuple[str, str, str]]:
        """(title, help with the key, action) for the screen the palette was opened on."""
        keys = self._keys()
        out = []
        for title, help_text, action, ident in COMMANDS:
            key = keys.get(ident)
            out.append((title, f"{help_text} · key: {key}" if key else help_text, action))
        return out

    async def discover(self) -> Hits:
        if not hasattr(self.screen, "action_translate"):
            return
        for title, help_text, action in self._commands():
            yield DiscoveryHit(title, _runner(self.screen, action), help=help_text)

    async def search(self, query: str) -> Hits:
        if not hasattr(self.screen, "action_translate"):
            return
        matcher = self.matcher(query)
        word = query.strip().casefold()
        for title, help_text, action in self._commands():
            score = matcher.match(title)
            if score <= 0:
                continue
            # A whole word of the title typed in full ranks above any fuzzy match ("mark" → Mark sentence).
            words = title.casefold().split()
            score = 1.0 if word in words else min(score, 1.0) * 0.9
            run = _runner(self.screen, action)
            yield Hit(score, matcher.highlight(title), run, text=title, help=help_text)
