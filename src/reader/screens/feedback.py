"""How screens tell the user things: notices as plain text, and the one handler for worker failures (a
programming error's traceback goes to a crash log, which the notice names).

`Worker.StateChanged` does not bubble, so every screen that starts workers calls `report_failure`
from its own `on_worker_state_changed`.
"""

from __future__ import annotations

from textual.notifications import SeverityLevel
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from reader.articles.sanitize import sanitize
from reader.errors import UserError
from reader.store import ReadOnlySession


def say(node: Widget, message: str, *, severity: SeverityLevel = "information", timeout: float = 5) -> None:
    """A notification. Messages carry file names and error text, so they are plain text, never markup."""
    node.notify(sanitize(message), severity=severity, timeout=timeout, markup=False)


def report_failure(node: Widget, event: Worker.StateChanged) -> str | None:
    """If the worker failed, say so in a notice and return the message; else None."""
    if event.state != WorkerState.ERROR:
        return None
    error = event.worker.error
    what = event.worker.description or event.worker.name
    if isinstance(error, ReadOnlySession):  # says all there is to say, whatever was being done
        message = str(error)[:1].upper() + str(error)[1:] + "."
    elif isinstance(error, UserError):
        message = f"{what}: {error}"
    else:  # a programming error: its traceback goes to a crash log
        from reader import crashlog

        where = (
            crashlog.write_exception(error, f"{what}: a worker failed")
            if error is not None
            else crashlog.NO_LOG
        )
        message = f"{what} failed: {type(error).__name__}: {error} (details in {where})"
        node.log.error(message)
    say(node, message, severity="error", timeout=10)
    return message
