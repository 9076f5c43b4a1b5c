"""Building the real app for tests: the seeds or given paths, no network unless a test asks for it."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import WorkerCancelled, WorkerState

from reader.app import ReaderApp, make_app
from reader.screens.reading import ReadingScreen
from reader.screens.state import ArticleState
from reader.settings import Settings


def quiet_settings(**translation: object) -> Settings:
    settings = Settings()
    settings.translation.auto = False  # tests that translate point an engine at a local server
    settings.lookup.freedict = "none"  # the same lookups whether or not the system has FreeDict
    for key, value in translation.items():
        setattr(settings.translation, key, value)
    return settings


def build(paths: list[Path] | None = None, settings: Settings | None = None) -> ReaderApp:
    return make_app(settings or quiet_settings(), paths)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until no worker is pending or running and every message they sent has been handled.

    A worker superseded by a newer one in its exclusive group is cancelled; that is normal. A worker
    that failed still fails the test. Handlers start new workers (an article opens, entities follow),
    so this goes round until a pause starts nothing new.
    """
    app = pilot.app
    for _ in range(100):
        first = app.screen_stack[0] if app.screen_stack else None
        if isinstance(first, ReadingScreen) and not first.started:  # its workers start after a frame
            await pilot.pause()
            continue
        with contextlib.suppress(WorkerCancelled):  # superseded in its exclusive group: expected
            await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
            return
    raise AssertionError("workers kept starting: the app never settled")


def screen_text(app: App[Any]) -> str:
    """The screen as plain text, as a terminal would show it (the same render as a screenshot)."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def first_frames(app: App[Any]) -> list[str]:
    """What the app paints, frame by frame, as text (recorded where Textual hands a frame to the driver)."""
    import io

    from rich.console import Console

    frames: list[str] = []
    display = app._display

    def record(screen: Screen[Any], renderable: object) -> None:
        if renderable is not None:
            width, height = app.size
            console = Console(width=width, height=height, file=io.StringIO(), record=True)
            console.print(renderable)
            frames.append(console.export_text())
        display(screen, renderable)  # type: ignore[arg-type]

    app._display = record  # type: ignore[method-assign]
    return frames


def region_text(app: App[Any], widget: Widget) -> str:
    """The part of the screen a widget covers, as plain text lines."""
    region = widget.region
    lines = screen_text(app).splitlines()
    return "\n".join(line[region.x : region.right] for line in lines[region.y : region.bottom])


def row_of(app: ReaderApp, widget: Widget, fragment: str) -> int | None:
    """The row, inside `widget`, of the first line on screen that shows `fragment`."""
    for y, line in enumerate(region_text(app, widget).splitlines()):
        if fragment in line:
            return y
    return None


def toasts(app: ReaderApp) -> list[str]:
    """The notifications on screen, as the user reads them."""
    from textual.widgets._toast import Toast

    return [str(toast.render()) for toast in app.screen.query(Toast)]


def reading(app: ReaderApp) -> ReadingScreen:
    """The reading screen, which must be the one on top."""
    assert isinstance(app.screen, ReadingScreen)
    return app.screen


def state(app: ReaderApp) -> ArticleState:
    """The open article as the reading screen holds it."""
    current = reading(app).state
    assert current is not None
    return current


def two_articles(
    tmp_path: Path,
    first: tuple[str, str] = ("Erster Artikel", "Eins. Zwei. Drei. Vier."),
    second: tuple[str, str] = ("Zweiter Artikel", "Fünf. Sechs."),
) -> Path:
    """A folder of two short articles, a1 and b2, each a (title, text): by default "Erster Artikel"
    (four sentences) and "Zweiter Artikel" (two)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, article_id, (title, text) in (("a.txt", "a1", first), ("b.txt", "b2", second)):
        (folder / name).write_text(f"ID: {article_id}\n\n{title}\n\n{text}\n", encoding="utf-8")
    return folder
