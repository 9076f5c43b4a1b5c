"""The open article's enrichments as they become known: its English (reference, memory, then the engine)
and its entities (recognised, then found again in the English): the UI side of `reader.enrich`.

It decides when to ask the engine and says how far it has come in the status line; an engine that just
failed is left alone for a while, so that offline is a calm state and not a wall of errors.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.worker import Worker

from reader.screens import state as st
from reader.screens import workers
from reader.screens.parts import Host, Part
from reader.screens.state import ArticleState
from reader.translation.types import Translated

if TYPE_CHECKING:  # the replies' classes load with the workers, after the first frame
    from reader.screens.messages import EnglishArrived, EntitiesArrived, Known, Status

ENGINE_REST = 60.0  # seconds an engine that just failed is left alone when another article opens


class Enriching(Part):
    NAME = "enriching"
    BINDINGS = [
        Binding(
            "t",
            "translate",
            "Translate",
            id="translate",
            tooltip="Translate the missing sentences, or retry the failed ones",
        ),
    ]

    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.down: dict[str, tuple[float, str]] = {}  # engine -> (when it failed, why)

    @property
    def engine(self) -> str:
        return self.services.settings.translation.engine

    def opened(self, state: ArticleState) -> None:
        """What is known without the network, in one message; the entities follow in a second."""
        self.run(workers.known, state.article, group="known", description="Reading what is known")

    def on_known(self, message: Known) -> None:
        def known(state: ArticleState) -> ArticleState:
            return st.with_marks(st.with_english(state, message.updates, message.progress), message.marks)

        state = self.host.update(known, message.article_id)
        if state is None or not state.english.missing or not self.services.settings.translation.auto:
            return
        # What is known is shown; ask the engine for the rest, unless it failed a moment ago.
        why = self._down(self.engine)
        if why is None:
            self._start(state)
        else:  # said calmly, not asked again
            self.host.update(lambda s: st.with_unavailable(s, f"{why} a moment ago"))

    def _down(self, engine: str) -> str | None:
        """Why `engine` failed, if it did less than ENGINE_REST seconds ago."""
        failed = self.down.get(engine)
        if failed is None or time.monotonic() - failed[0] > ENGINE_REST:
            return None
        return failed[1]

    def _start(self, state: ArticleState) -> None:
        self.run(
            workers.translate,
            state.article,
            state.english,
            self.engine,
            group="translate",
            description="Translating",
        )

    def on_english_arrived(self, message: EnglishArrived) -> None:
        state = self.host.update(
            lambda s: st.with_english(s, message.updates, message.progress), message.article_id
        )
        if state is not None:
            self._remember_failure(state)
            self._project(state)

    def english_changed(self, article_id: str, updates: list[tuple[int, Translated]]) -> None:
        """English from elsewhere (the reader kept an engine's answer in compare): shown, and the entities
        found again in it."""
        state = self.host.update(lambda s: st.with_english(s, updates), article_id)
        if state is not None:
            self._project(state)

    def _remember_failure(self, state: ArticleState) -> None:
        """Remember an engine that answered nothing at all, so the next article does not hammer it."""
        progress = state.progress
        if progress is None or not progress.finished:
            return
        answered = any(t.source == progress.engine for t in (state.english.title, *state.english.units))
        failed = state.english.failed
        if failed and not answered:
            error = state.english.units[failed[0]].error or "failed"
            self.down[progress.engine] = (time.monotonic(), error)
        else:
            self.down.pop(progress.engine, None)

    def on_status(self, message: Status) -> None:
        self.host.status.entities = message.text

    def on_entities_arrived(self, message: EntitiesArrived) -> None:
        state = self.host.update(
            lambda s: st.with_entities(s, message.german, message.english, message.groups), message.article_id
        )
        if state is None:
            return
        self.host.status.entities = ""
        if message.english_from is not state.english and state.english.sources:
            self._project(state)  # English arrived while the entities were being found

    def _project(self, state: ArticleState) -> None:
        """Find the German entities again in the English the state holds now."""
        if state.german_entities is None or state.groups is None:
            return
        german = [list(s) for s in state.german_entities]
        self.run(
            workers.project,
            state.article,
            german,
            state.groups,
            state.english,
            group="project",
            description="Matching entities in English",
        )

    def failed(self, event: Worker.StateChanged) -> None:
        self.host.status.entities = ""

    # -- the `t` key -------------------------------------------------------------------------------
    def action_translate(self) -> None:
        """Translate what is missing, or retry what failed, with the configured engine."""
        state = self.host.state
        if state is None:
            return
        english = state.english
        if not english.missing and english.title.ok:
            sources = ", ".join(sorted(english.sources))
            self.say(f"Nothing to translate: every sentence has its English ({sources}).", timeout=3)
            return
        self.down.pop(self.engine, None)
        state = self.host.update(st.with_retry)
        self.host.status.problem = ""
        if state is not None:
            self._start(state)

    # -- the status line ---------------------------------------------------------------------------
    def follow(self, old: ArticleState | None, new: ArticleState) -> None:
        if old is None or old.article is not new.article or old.progress != new.progress:
            self._show_progress(new)

    def _show_progress(self, state: ArticleState) -> None:
        status = self.host.status
        progress = state.progress
        if progress is None:
            status.translation = ""
            return
        if not progress.finished:
            status.translation = f"Translating with {progress.engine}… {progress.done}/{progress.total}"
            return
        known = progress.total - len(state.english.missing)
        status.translation = f"{known}/{progress.total} translated"
        failed = state.english.failed
        if failed:
            error = state.english.units[failed[0]].error or "failed"
            status.problem = f"{len(failed)} not translated: {error} (t retries)"
