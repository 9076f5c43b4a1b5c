"""The library's indexes kept up to date while the app runs, in the background.

`BackgroundIndexing` is a hidden part of the reading screen, mounted after the first frame. It owns
one thread worker that works the index queue off (the words of new articles for search, the English
known for their sentences, their entities for search by name) and looks again every few seconds, so
articles from an import or a feed refresh, and English from the engine, join the indexes without a
query ever waiting for them. Its progress goes to the status line as a `Status` message.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, get_current_worker

from reader.screens.feedback import report_failure
from reader.screens.messages import Status
from reader.services import Services

CHECK_EVERY = 5.0  # seconds between looks at the queue
SAY_EVERY = 0.5  # seconds between progress notes
WHAT = {"words": "search index", "entities": "names"}


class BackgroundIndexing(Widget):
    """Keeps the library's indexes up to date: a worker after mounting, then whenever there is work."""

    DEFAULT_CSS = "BackgroundIndexing { display: none; }"

    @dataclass
    class Step(Message):
        """How far the indexing has come, for the status line ("" when it is done)."""

        text: str

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self._running = False

    def on_mount(self) -> None:
        self.check()
        self.set_interval(CHECK_EVERY, self.check)

    def check(self) -> None:
        """Start the worker, unless it is running."""
        if not self._running:
            self._running = True
            self.run_worker(
                self._index,
                thread=True,
                exit_on_error=False,
                group="indexing",
                description="Indexing the library",
            )

    def _index(self) -> None:
        import time

        from reader.enrich.english import pair_of
        from reader.store import search

        worker = get_current_worker()
        services = self.services
        engine, pair = services.settings.translation.engine, pair_of(services.settings)
        try:
            if services.store.read_only or not search.has_work(services.store, engine, pair):
                return
            from reader.library.indexing import index_pending

            said = 0.0

            def report(task: str, done: int, total: int) -> None:
                nonlocal said
                if time.monotonic() - said > SAY_EVERY and not worker.is_cancelled:
                    said = time.monotonic()
                    self.post_message(self.Step(f"Indexing the {WHAT.get(task, task)}: {done:,}/{total:,}…"))

            index_pending(
                services.store,
                services.recognizer,
                engine=engine,
                pair=pair,
                should_stop=lambda: worker.is_cancelled,
                report=report,
            )
            self.post_message(self.Step(""))
        finally:
            self._running = False

    def on_background_indexing_step(self, message: Step) -> None:
        self.screen.post_message(Status(message.text))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)
