"""Render screenshots/ from the real app: main view 120x36 (also in 256 colours), narrow view 80x24, help,
entities, a word lookup and a search.

    python scripts/screenshots.py

Writes SVG, and PNG when cairosvg is installed (`pip install -e '.[screenshots]'`). The store is a
throwaway one under a temp dir.

The 256-colour shot shows what a terminal without truecolor (plain tmux, macOS Terminal, most SSH
clients) gets: every colour of the frame lowered to the xterm 256 palette the way Textual lowers it
when it writes to such a terminal (`Color.downgrade`, in `Strip.render`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "screenshots"


async def _settle(pilot) -> None:
    """Until no worker is pending or running: handlers start new ones, so go round."""
    from textual.worker import WorkerCancelled, WorkerState

    for _ in range(100):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers):
            return


def _svg(app, colors: int | None) -> str:
    """The screen as SVG; with `colors=256`, every colour as a 256-colour terminal shows it."""
    if colors is None:
        return str(app.export_screenshot(title="reader"))
    import io

    from rich.color import ColorSystem
    from rich.console import Console
    from rich.segment import Segment, Segments
    from rich.style import Style

    system = {256: ColorSystem.EIGHT_BIT, 16: ColorSystem.STANDARD}[colors]

    def lower(style: Style | None) -> Style | None:
        if style is None:
            return None
        return style + Style(
            color=style.color.downgrade(system) if style.color else None,
            bgcolor=style.bgcolor.downgrade(system) if style.bgcolor else None,
        )

    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, color_system="truecolor",
        record=True, legacy_windows=False, safe_box=False,
    )  # fmt: skip
    segments: list[Segment] = []
    for strip in app.screen._compositor.render_strips():
        segments.extend(Segment(text, lower(style)) for text, style, _ in strip)
        segments.append(Segment.line())
    console.print(Segments(segments[:-1]))
    return console.export_svg(title=f"reader ({colors} colours)")


async def _shot(
    name: str, size: tuple[int, int], steps: Callable[..., Awaitable[None]], colors: int | None = None
) -> Path:
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
        path.write_text(_svg(app, colors), encoding="utf-8")
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

    async def lookup(pilot) -> None:  # the system's Ding dictionary (trans-de-en), indexed on first use
        await pilot.press(*"jjj", "l", "l", "d")

    async def search(pilot) -> None:
        await pilot.press("f", *"Moskau")

    shots = [
        await _shot("main-120x36", (120, 36), reading),
        await _shot("main-256-120x36", (120, 36), reading, colors=256),
        await _shot("narrow-80x24", (80, 24), reading),
        await _shot("help-80x24", (80, 24), help_screen),
        await _shot("entities-120x36", (120, 36), entities),
        await _shot("lookup-80x24", (80, 24), lookup),
        await _shot("search-80x24", (80, 24), search),
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
