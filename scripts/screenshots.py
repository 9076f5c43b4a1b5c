"""Render screenshots/ from the real app: main view 120x36 (also in 256 colours), narrow view 80x24, help,
entities, a word lookup and a search; and, for a reader who knows the 2,000 most frequent German words
and has used reader for a month (`_learner`: made up, through the domain's own calls with past
times), the new and learning words marked in the pane (in 256 colours), the review screen (in 256
colours) and the progress screen.

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


LEARNING = {  # words of the seed article the made-up reader is learning, and their levels
    "Verhandlungen": 1, "Niederlage": 1, "Gesprächspartner": 2, "ermöglichen": 2, "betont": 3,
    "Eskalationsrisiken": 1, "demütigend": 2, "gewollt": 4, "Autonomie": 3, "Kanal": 4,
}  # fmt: skip


def _learner(profile: str) -> None:
    """A month of made-up use, for `profile`: the 2,000 most frequent words known on the first day, a
    few more known each day, articles read, reviews; the words in LEARNING due for review now."""
    import random
    import time

    from reader.settings import Settings
    from reader.store import open_store
    from reader.words import importing, progress, review, status

    settings = Settings()
    settings.profile = profile
    store = open_store(settings)
    rng = random.Random(18)
    day = 86_400.0
    start = time.time() - 30 * day
    top = importing.top_words(2_600)
    status.mark(store, top[:2_000], "known", at=start)
    later = top[2_000:]
    for n in range(1, 30):
        at = start + n * day
        status.mark(store, later[: rng.randint(4, 26)], "known", at=at)
        later = later[26:]
        for article in range(rng.choice((0, 1, 1, 2, 3))):
            progress.record_read(store, f"made-up-{n}-{article}", at=at)
    for n, (word, level) in enumerate(LEARNING.items()):
        status.mark_word(store, word, "learning", level, at=start + 20 * day)
        key = status.wanted(word, "learning").key
        for back in range(4 + n % 5, 0, -1):
            review.rate(store, key, rng.choice(("again", "hard", "good")), now=time.time() - back * day)
    with store.write() as conn:  # every card due now, for the review screen
        conn.execute("UPDATE review_cards SET due = ? WHERE profile = ?", (time.time() - 60, profile))


async def _shot(
    name: str,
    size: tuple[int, int],
    steps: Callable[..., Awaitable[None]],
    colors: int | None = None,
    profile: str = "default",
) -> Path:
    from reader.app import make_app
    from reader.settings import Settings

    settings = Settings()
    settings.translation.auto = False
    settings.profile = profile
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

    async def new_words(pilot) -> None:  # the cursor on a sentence with words in learning, on one of them
        await pilot.press(*"jjjjjjj", *"llll")

    async def review_screen(pilot) -> None:
        await pilot.press("r")
        await _settle(pilot)
        await pilot.press("space")

    async def progress_screen(pilot) -> None:
        await pilot.press("P")

    shots = [
        await _shot("main-120x36", (120, 36), reading),
        await _shot("main-256-120x36", (120, 36), reading, colors=256),
        await _shot("narrow-80x24", (80, 24), reading),
        await _shot("help-80x24", (80, 24), help_screen),
        await _shot("entities-120x36", (120, 36), entities),
        await _shot("lookup-80x24", (80, 24), lookup),
        await _shot("search-80x24", (80, 24), search),
    ]
    _learner("learner")
    shots += [
        await _shot("words-256-120x36", (120, 36), new_words, colors=256, profile="learner"),
        await _shot("review-256-80x24", (80, 24), review_screen, colors=256, profile="learner"),
        await _shot("progress-80x24", (80, 24), progress_screen, profile="learner"),
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
            text = _underlines(text)
            cairosvg.svg2png(bytestring=text.encode("utf-8"), write_to=str(svg.with_suffix(".png")))
        print(svg)


def _underlines(svg: str) -> str:
    """Draw the underlines as lines: cairosvg ignores CSS `text-decoration`, which Rich's SVG uses."""
    import re

    classes = dict(re.findall(r"\.([\w-]+) \{ fill: (#[0-9a-f]+);[^}]*text-decoration: underline", svg))
    lines: list[str] = []
    pattern = r'<text class="([\w-]+)" x="([\d.]+)" y="([\d.]+)" textLength="([\d.]+)"'
    for name, x, y, length in re.findall(pattern, svg):
        if name in classes:
            top = float(y) + 4
            lines.append(
                f'<rect x="{x}" y="{top:.1f}" width="{length}" height="1.2" fill="{classes[name]}"/>'
            )
    if not lines:
        return svg
    at = svg.rindex("</g>")  # inside the matrix of text, which is translated within the window
    return svg[:at] + "".join(lines) + svg[at:]


if __name__ == "__main__":
    asyncio.run(main())
