"""Render screenshots/ from the real app: main view 120x36, narrow view 80x24, help, entities.

    python scripts/screenshots.py

Writes SVG, and PNG when cairosvg is installed. The store is a throwaway one under a temp dir.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "screenshots"


async def _settle(pilot) -> None:
    """Until no worker is pending or running: handlers start new ones, so go round."""
    from textual.worker import WorkerCancelled, WorkerState  # noqa: PLC0415

    for _ in range(100):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            pass
        await pilot.pause()
        if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers):
            return


async def _shot(name: str, size: tuple[int, int], steps: Callable[..., Awaitable[None]]) -> Path:
    from reader.app import make_app
    from reader.settings import Settings

    settings = Settings()
    settings.translation.auto = False
    app = make_app(settings)
    async with app.run_test(size=size) as pilot:
        await _settle(pilot)
        await steps(pilot)
        await _settle(pilot)
        path = OUT / f"{name}.svg"
        path.write_text(app.export_screenshot(title="reader"), encoding="utf-8")
    return path


async def main() -> None:
    os.environ["READER_HOME"] = tempfile.mkdtemp(prefix="reader-shots-")
    OUT.mkdir(exist_ok=True)

    async def reading(pilot) -> None:
        await pilot.press(*"jjjjjjj")

    async def entities(pilot) -> None:
        await pilot.press("e")
        await pilot.press(*"jjjjjjjjjjjjjjjj")

    async def help_screen(pilot) -> None:
        await pilot.press("question_mark")

    shots = [
        await _shot("main-120x36", (120, 36), reading),
        await _shot("narrow-80x24", (80, 24), reading),
        await _shot("help-80x24", (80, 24), help_screen),
        await _shot("entities-120x36", (120, 36), entities),
    ]
    try:
        import cairosvg
    except ImportError:
        print("cairosvg is not installed: SVG only", file=sys.stderr)
        cairosvg = None
    for svg in shots:
        if cairosvg is not None:
            # cairosvg does not resolve the font list "Fira Code, monospace" to a monospace font, and a
            # proportional one misplaces every styled span: name an installed monospace font instead.
            text = svg.read_text(encoding="utf-8").replace("Fira Code, monospace", "DejaVu Sans Mono")
            text = text.replace('"Fira Code"', '"DejaVu Sans Mono"')
            cairosvg.svg2png(bytestring=text.encode("utf-8"), write_to=str(svg.with_suffix(".png")))
        print(svg)


if __name__ == "__main__":
    asyncio.run(main())
