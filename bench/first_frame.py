"""Where the first frame's time goes, reader against a minimal Textual app showing the same text.

    python bench/first_frame.py [--runs 5] [--library N] [--detail]

Each run starts both apps on a 100x30 pty, side by side, with timers around Textual's phases (CSS
parsing, applying styles to nodes, layout, rendering lines, writing the frame) and the garbage
collector, and stops at the first frame that shows the seed's title and its first German sentence.
Prints the medians per phase, the nodes in the DOM and the CSS rules at that frame, and two ratios
within each run: wall time (what a user waits, which other load on the machine disturbs) and the
process's CPU time (what reader itself spends, which other load disturbs less). The timers cost
reader more than the minimal app (it calls them more often): `bench/startup.py` times the real thing.
Imports by module: `python -X importtime -m reader`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import FIRST_FRAME, MINIMAL, Terminal, _env, _fill_library

# Runs in the child before the app: wraps Textual's phases with timers; writes them at the first frame
# whose text holds every one of FIRST_FRAME, then exits.
PROBE = r"""
import json, os, sys, time
START = time.perf_counter()
OUT, WANTED, TARGET = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
sys.argv = sys.argv[3:]
totals, counts, marks = {}, {}, {}

def timed(owner, name, key):
    original = getattr(owner, name)
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            totals[key] = totals.get(key, 0.0) + time.perf_counter() - t
            counts[key] = counts.get(key, 0) + 1
    setattr(owner, name, wrapper)

import gc
gc_started = [0.0]
def on_gc(phase, info):
    if phase == "start":
        gc_started[0] = time.perf_counter()
    else:
        key = f"gc: generation {info['generation']}"
        totals[key] = totals.get(key, 0.0) + time.perf_counter() - gc_started[0]
        counts[key] = counts.get(key, 0) + 1
gc.callbacks.append(on_gc)
import textual.app, textual.css.stylesheet, textual._compositor, textual.widget, textual.message_pump
marks["imports: textual.app"] = time.perf_counter() - START
S = textual.css.stylesheet.Stylesheet
timed(S, "parse", "css: parse")
timed(S, "reparse", "css: reparse")
def timed_by_class(owner, name, key, arg):
    original = getattr(owner, name)
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            node = type(args[arg]).__name__
            by_class[(key, node)] = by_class.get((key, node), 0.0) + time.perf_counter() - t
            totals[key] = totals.get(key, 0.0) + time.perf_counter() - t
            counts[key] = counts.get(key, 0) + 1
    setattr(owner, name, wrapper)

by_class = {}
timed_by_class(S, "apply", "css: apply to nodes", 1)
C = textual._compositor.Compositor
timed(C, "reflow", "layout: reflow")
timed(C, "render_update", "render: compose strips")
timed_by_class(textual.widget.Widget, "render_lines", "render: widgets' lines", 0)
App = textual.app.App
original_display = App._display
original_run = App.run

def run(self, *args, **kwargs):
    marks["app.run() called"] = time.perf_counter() - START
    return original_run(self, *args, **kwargs)

def display(self, screen, renderable):
    t = time.perf_counter()
    original_display(self, screen, renderable)
    totals["write: frame to terminal"] = totals.get("write: frame to terminal", 0.0) + time.perf_counter() - t
    if renderable is None:
        return
    counts["frames"] = counts.get("frames", 0) + 1
    lines = ["".join(s.text for s in strip) for strip in screen._compositor.render_strips()]
    if all(any(w in line for line in lines) for w in WANTED):
        marks["first frame with the text"] = time.perf_counter() - START
        marks["CPU time at the first frame"] = time.process_time()  # all threads, since the process began
        nodes = list(screen.walk_children(with_self=True))
        rules = len(self.stylesheet.rules)
        with open(OUT, "w") as f:
            detail = {f"{k} {c}": v for (k, c), v in by_class.items()}
            json.dump({"totals": totals, "counts": counts, "marks": marks, "nodes": len(nodes),
                       "rules": rules, "detail": detail}, f)
        os._exit(0)

App._display = display
App.run = run
if TARGET == "reader":
    from reader.cli import main
    sys.exit(main())
else:
    exec(compile(open(TARGET).read(), TARGET, "exec"))
"""


def _run(which: str, argv: list[str], env: dict[str, str], out: Path) -> dict:
    t = Terminal(argv, env)
    try:
        deadline = time.perf_counter() + 30
        while t.proc.poll() is None and time.perf_counter() < deadline:
            try:
                t.idle(0.02)
            except OSError:  # the child has gone
                break
        t.proc.wait(timeout=5)
        if not out.exists():
            screen = "\n".join(t.screen.display)
            raise TimeoutError(f"{which}: no frame with {FIRST_FRAME}:\n{screen}")
        return json.loads(out.read_text())
    finally:
        t.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--library", type=int, default=0)
    parser.add_argument("--detail", action="store_true", help="the time per widget class, too")
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="reader-frame-")
    articles = Path(home) / "articles"
    articles.mkdir()
    seed = Path(__file__).resolve().parents[1] / "seeds" / "000_4cf55c76e33746fd.txt"
    (articles / "1.txt").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (articles / "1.en.txt").write_text(
        seed.with_name(seed.stem + ".en.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    minimal = Path(home) / "minimal.py"
    minimal.write_text(MINIMAL, encoding="utf-8")
    if args.library:
        _fill_library(home, args.library)
    warm = Terminal([sys.executable, "-m", "reader", str(articles)], _env(home))
    try:
        warm.wait_for("Frieden möglich!")
    finally:
        warm.close()

    wanted = json.dumps(list(FIRST_FRAME))
    results: dict[str, list[dict]] = {"reader": [], "minimal": []}
    for n in range(args.runs):
        run_home = tempfile.mkdtemp(prefix=f"reader-frame-{n}-")
        shutil.copytree(home, run_home, dirs_exist_ok=True)
        env = _env(run_home)
        for which, target in (("minimal", str(minimal)), ("reader", "reader")):
            out = Path(run_home) / f"{which}.json"
            argv = [sys.executable, "-c", PROBE, str(out), wanted, target]
            if which == "reader":
                argv.append(str(articles))
            results[which].append(_run(which, argv, env, out))

    def median(which: str, part: str, key: str) -> float:
        return statistics.median(r[part].get(key, 0.0) for r in results[which]) * 1000

    def row(key: str, part: str) -> str:
        return f"{key:34} {median('reader', part, key):8.1f} {median('minimal', part, key):8.1f}"

    totals = sorted({k for rs in results.values() for r in rs for k in r["totals"]})
    marks = sorted({k for rs in results.values() for r in rs for k in r["marks"]})
    print(f"runs: {args.runs}, terminal 100x30, library: {args.library} more articles; medians in ms")
    print(f"{'':34} {'reader':>8} {'minimal':>8}")
    for key in sorted(marks, key=lambda k: median("reader", "marks", k)):
        print(row(key, "marks"))
    for key in totals:
        print(row(key, "totals"))
    for key in ("nodes", "rules"):
        r = statistics.median(x[key] for x in results["reader"])
        m = statistics.median(x[key] for x in results["minimal"])
        print(f"{key:34} {r:8.0f} {m:8.0f}")
    if args.detail:
        detail = sorted({k for rs in results.values() for r in rs for k in r["detail"]})
        for key in sorted(detail, key=lambda k: -median("reader", "detail", k)):
            print("  " + row(key, "detail"))
    frames = [statistics.median(x["counts"].get("frames", 0) for x in results[w]) for w in results]
    print(f"{'frames painted until then':34} {frames[0]:8.0f} {frames[1]:8.0f}")
    for key in ("first frame with the text", "CPU time at the first frame"):
        ratios = [
            r["marks"][key] / m["marks"][key]
            for r, m in zip(results["reader"], results["minimal"], strict=True)
        ]
        print(f"{'ratio, ' + key.split(' at ')[0].split(' with ')[0]:34} {statistics.median(ratios):8.2f}")


if __name__ == "__main__":
    main()
