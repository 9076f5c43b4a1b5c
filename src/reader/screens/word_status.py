"""How a word's status is said: in notices, and in the lookup panel's line on the word under the word
cursor, which names its status and the keys that set it (the bindings of `reader.screens.learning`,
as the keymap has them now)."""

from __future__ import annotations

from textual.content import Content
from textual.screen import Screen

from reader.screens.state import ArticleState


def status_name(status: str, level: int = 0) -> str:
    """A status as the notices say it: "known", "learning (level 2)", "new"."""
    from reader.store.words import LEARNING

    return f"{LEARNING} (level {level})" if status == LEARNING else status


STATUS_KEYS = (  # binding id, and how the lookup panel's hint names it
    ("word_learning_1", ""),
    ("word_learning_2", ""),
    ("word_learning_3", ""),
    ("word_learning_4", "learning"),
    ("word_known", "known"),
    ("word_ignored", "ignore"),
    ("word_new", "new"),
)


def status_line(screen: Screen, state: ArticleState) -> Content | None:
    """The lookup panel's line on the word under the word cursor: its status and the keys that set it
    (as the keymap has them now); None until the statuses are known."""
    if state.statuses is None:
        return None
    from reader.screens.commands import keys_now

    mark = state.word_status()
    name = "part of a name: not counted" if mark is None else status_name(mark.status, mark.level)
    keys = keys_now(screen)
    hint: list[str] = []
    pending: list[str] = []
    for ident, label in STATUS_KEYS:
        pending += keys.get(ident, [])[:1]
        if label:
            if pending:
                hint.append(f"{' '.join(pending)} {label}")
            pending = []
    return Content.assemble(
        Content.styled("status  ", "dim"),
        Content.styled(name, "bold"),
        Content.styled("  ·  " + " · ".join(hint), "dim"),
    )
