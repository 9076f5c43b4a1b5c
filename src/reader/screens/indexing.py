"""The library's indexes kept up to date while the app runs, in the background.

`BackgroundIndexing` is a hidden part of the reading screen, mounted after the first frame. It owns
one thread worker that looks at the index queue now and every few seconds after, so that articles
from an import or a feed refresh, and English from the engine, join the indexes without a query ever
waiting for them. The indexing itself runs in a child process (`reader index --progress`): the
analysers it loads (HanTa, word frequencies, the recogniser: some 70 MB) stay out of the app, and
the app stays smooth while it works. Its progress goes to the status line as a `Status` message; a
child that fails is reported with its last line; quitting stops the child, which loses nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, get_current_worker

from reader.errors import UserError
from reader.screens.feedback import report_failure
from reader.screens.messages import Status
from reader.services import Services

CHECK_EVERY = 5.0  # seconds between looks at the queue
SAY_EVERY = 0.5  # seconds between progress notes
WHAT = {"words": "search index", "entities": "names"}


class IndexingFailed(UserError):
    """The indexing child process failed; its last line says why."""


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
        self._busy = False

    def on_mount(self) -> None:
        self.check()
        self.set_interval(CHECK_EVERY, self.check)

    def check(self) -> None:
        """Start the worker, unless it is running."""
        if not self._busy:
            self._busy = True
            self.run_worker(
                self._index,
                thread=True,
                exit_on_error=False,
                group="indexing",
                description="Indexing the library",
            )

    def _index(self) -> None:
        from reader.enrich.english import pair_of
        from reader.library.indexing import needs_work

        services = self.services
        engine, pair = services.settings.translation.engine, pair_of(services.settings)
        try:
            if not services.store.read_only and needs_work(
                services.store, services.recognizer(), engine, pair
            ):
                self._run_child()
        finally:
            self._busy = False

    def _run_child(self) -> None:
        """`reader index --progress` in a child process, its progress lines posted as they come."""
        import selectors
        import subprocess
        import sys

        worker = get_current_worker()
        child = subprocess.Popen(
            [sys.executable, "-m", "reader", "index", "--progress"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None and child.stderr is not None
        said = 0.0
        with selectors.DefaultSelector() as selector:
            selector.register(child.stdout, selectors.EVENT_READ)
            while True:
                if worker.is_cancelled:  # the app is closing: stop the child; the next run goes on
                    child.terminate()
                    child.wait()
                    return
                if not selector.select(timeout=0.2):
                    continue
                line = child.stdout.readline()
                if not line:
                    break
                task, done, total = [*line.split(), "", "0", "0"][:3]
                if time.monotonic() - said > SAY_EVERY:
                    said = time.monotonic()
                    text = f"Indexing the {WHAT.get(task, task)}: {int(done):,}/{int(total):,}…"
                    self.post_message(self.Step(text))
        problem = child.stderr.read().strip().splitlines()
        if child.wait() != 0:
            raise IndexingFailed(
                problem[-1] if problem else f"reader index ended with code {child.returncode}"
            )
        self.post_message(self.Step(""))

    def on_background_indexing_step(self, message: Step) -> None:
        self.screen.post_message(Status(message.text))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)
