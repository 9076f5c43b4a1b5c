"""Start-up and article-switch latency on a real pseudo-terminal, read back through pyte.

    python bench/startup.py [--runs 7]

Prints the median time from process start to the article title and its first German sentence, at the
pane's width, on screen, for reader, and to the same text for a minimal Textual app (the ratio is the
target: <= 1.3), and the median time from pressing `p` to the
next article's text on screen (target <= 50 ms). The store is warmed by one run first, as a reader's is.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

import pyte

COLS, ROWS = 100, 30
# The title, and the first German sentence wrapped at the pane's width (at Textual's 10-column minimum
# "US-Verteidigungsbeamte und" would never stand on one line).
FIRST_FRAME = ("Frieden möglich!", "US-Verteidigungsbeamte und")
MINIMAL = """
from textual.app import App
from textual.widgets import Header, Static
class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("Frieden möglich! minimal app")
        yield Static("Ehemalige US-Verteidigungsbeamte und")
Minimal().run()
"""


class Terminal:
    """A child process on a pty, with a pyte screen fed from its output."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.start = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.master = master
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)

    def wait_for(self, *texts: str, timeout: float = 20.0) -> float:
        """The moment every one of `texts` is on screen."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.005)
            if ready:
                try:
                    self.stream.feed(os.read(self.master, 65536))
                except OSError:
                    break
                if all(any(text in line for line in self.screen.display) for text in texts):
                    return time.perf_counter()
        raise TimeoutError(f"{texts!r} never appeared")

    def idle(self, seconds: float) -> None:
        """Keep reading output (so the child never blocks on a full pty) for `seconds`."""
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.01)
            if ready:
                self.stream.feed(os.read(self.master, 65536))

    def send(self, data: bytes) -> float:
        now = time.perf_counter()
        os.write(self.master, data)
        return now

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        os.close(self.master)


def _env(home: str) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "HOME": home,
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "READER_HOME": home,
        "TEXTUAL_DISABLE_KITTY_KEY": "1",
        "LANG": "C.UTF-8",
    }


def _fill_library(home: str, count: int) -> None:
    """`count` real-length articles (2–3 KB, ~20 GermEval sentences) added to the library under `home`."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from library import GERMEVAL, fallback_sentences, germeval_sentences, write_articles

    folder = Path(home) / "library"
    folder.mkdir()
    write_articles(folder, count, germeval_sentences(GERMEVAL) or fallback_sentences())
    env = {**_env(home), "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    subprocess.run(
        [sys.executable, "-m", "reader", "add", str(folder)], env=env, check=True, capture_output=True
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--library",
        type=int,
        default=0,
        help="first add this many real-length articles (bench/library.py's) to the library",
    )
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="reader-bench-")
    articles = Path(home) / "articles"
    articles.mkdir()
    seed = Path(__file__).resolve().parents[1] / "seeds" / "000_4cf55c76e33746fd.txt"
    (articles / "1.txt").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    reference = seed.with_name(seed.stem + ".en.txt").read_text(encoding="utf-8")
    (articles / "1.en.txt").write_text(reference, encoding="utf-8")
    (articles / "2.txt").write_text(
        "ID: zwei\n\nZweiter Artikel im Test\n\nDer Zug fährt ab. Er ist pünktlich.\n"
    )
    reader = [sys.executable, "-m", "reader", str(articles)]
    minimal = [sys.executable, "-c", MINIMAL]

    if args.library:
        _fill_library(home, args.library)
    warm = Terminal(reader, _env(home))  # parses and caches the articles, as a first run does
    try:
        warm.wait_for("Frieden möglich!")
    finally:
        warm.close()

    starts: dict[str, list[float]] = {"reader": [], "minimal": []}
    switches: list[float] = []
    missed: list[int] = []  # runs where `p` did not show the other article within 20 s
    warmed = Path(home)
    for n in range(args.runs):
        # Each run starts from the warmed store as it was: the article read last is the seed.
        home = tempfile.mkdtemp(prefix=f"reader-bench-{n}-")
        shutil.copytree(warmed, home, dirs_exist_ok=True)
        t = Terminal(minimal, _env(home))
        try:
            starts["minimal"].append(t.wait_for(*FIRST_FRAME) - t.start)
        finally:
            t.close()
        t = Terminal(reader, _env(home))
        try:
            starts["reader"].append(t.wait_for(*FIRST_FRAME) - t.start)
            t.wait_for("Former US defence")  # the English pane too
            t.wait_for("LOC ")  # and the entity legend: the first article is fully shown
            if not args.library:  # with a library, the article above the seed is another one
                t.idle(1.0)  # a reader reads before pressing p
                sent = t.send(b"p")  # the other article was added after the seed: above it in the list
                try:
                    switches.append(t.wait_for("Der Zug fährt ab.") - sent)
                except TimeoutError:  # said, not hidden: the switch is part of what is measured
                    missed.append(n)
        finally:
            t.close()

    reader_ms = statistics.median(starts["reader"]) * 1000
    minimal_ms = statistics.median(starts["minimal"]) * 1000
    switch_ms = statistics.median(switches) * 1000 if switches else float("nan")
    # Each run starts the two side by side, so a run's own ratio is the least disturbed by other load.
    ratios = [r / m for r, m in zip(starts["reader"], starts["minimal"], strict=True)]
    print(f"runs: {args.runs}, terminal {COLS}x{ROWS}, library: {args.library} more articles")
    print(f"start -> title + German, reader:{reader_ms:6.0f} ms (median)")
    print(f"start -> text, minimal Textual: {minimal_ms:6.0f} ms (median)")
    print(f"ratio:                          {reader_ms / minimal_ms:6.2f}   (target <= 1.3)")
    print(f"ratio within each run:          {statistics.median(ratios):6.2f}   (median of {len(ratios)})")
    fastest = min(starts["reader"]) / min(starts["minimal"])  # other load only ever adds time
    print(
        f"ratio of the fastest runs:      {fastest:6.2f}   ({min(starts['reader']) * 1000:.0f} / "
        f"{min(starts['minimal']) * 1000:.0f} ms)"
    )
    print("  per run:", " ".join(f"{r:.2f}" for r in ratios))
    print(f"'p' -> other article's text:    {switch_ms:6.1f} ms (median; target <= 50 ms)")
    if missed:
        print(f"'p' showed no other article within 20 s in run(s) {missed}")


if __name__ == "__main__":
    main()
