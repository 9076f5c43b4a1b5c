"""Connect → first frame over `reader serve ssh`, alone and with many sessions at once.

Runs the server in-process on a free loopback port, with a throwaway READER_HOME and a generated
client key, and times asyncssh clients from the start of the TCP connect until a pyte screen shows
the seed's title, i.e. the app's first frame has arrived: for a cold start (a new reader process),
for a warm spare (`--spares 1`, waiting for the spare to be drawn before each run), and for many
cold sessions at once. A local pty without SSH is the baseline. Then the spares that follow demand
(`--spares 1 --max-spares N`): a first burst of N sessions teaches the pool, which grows to N warm
spares; the bursts after it (`--bursts`) are timed once the pool is ready.

    python bench/ssh.py [--runs 10] [--concurrent 10] [--bursts 3] [--size 100x30] [--only-bursts]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import asyncssh
import pyte

from reader.serve import default_command
from reader.serve.child import PtyChild
from reader.serve.ssh import SSHServeConfig, SSHService

TITLE = "Frieden möglich!"
TITLE_BYTES = TITLE.encode()
TARGET = 0.6
BURST_TARGET = 1.5  # ten sessions starting together, on 2 CPUs


async def local_session(env: dict[str, str], cols: int, rows: int) -> float:
    """The baseline: seconds from spawning the reader on a local pty to its first frame."""
    start = time.perf_counter()
    child = await PtyChild.spawn(default_command(), env=env, cols=cols, rows=rows)
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    seen = b""
    try:
        async with asyncio.timeout(60):
            while not any(TITLE in line for line in screen.display):
                data = await child.read()
                if not data:
                    raise RuntimeError("the reader ended before its first frame")
                seen = seen[-len(TITLE_BYTES) :] + data
                if TITLE_BYTES in seen:  # as for the SSH sessions: the title's bytes have arrived
                    break
                stream.feed(data)
        return time.perf_counter() - start
    finally:
        await child.write(b"q")
        await child.end(grace=5)


async def one_session(port: int, key: asyncssh.SSHKey, cols: int, rows: int) -> tuple[float, float, float]:
    """Seconds from connect to logged in, to the first byte and to the first frame; then quit with `q`."""
    start = time.perf_counter()
    async with asyncssh.connect(
        "127.0.0.1", port, username="bench", known_hosts=None, agent_path=None, client_keys=[key], config=None
    ) as conn:
        logged_in = time.perf_counter() - start
        process = await conn.create_process(term_type="xterm-256color", term_size=(cols, rows), encoding=None)
        screen = pyte.Screen(cols, rows)
        stream = pyte.ByteStream(screen)
        first_byte = 0.0
        seen = b""
        async with asyncio.timeout(60):
            while True:
                data = await process.stdout.read(65536)
                if not data:
                    raise RuntimeError("session ended before the first frame:\n" + "\n".join(screen.display))
                first_byte = first_byte or time.perf_counter() - start
                # The title's bytes in the stream mean the frame has arrived; pyte (slow, pure Python, and
                # sharing this loop with every other client) is only asked when they are split up.
                seen = seen[-len(TITLE_BYTES) :] + data
                if TITLE_BYTES in seen:
                    first_frame = time.perf_counter() - start
                    break
                stream.feed(data)
                if any(TITLE in line for line in screen.display):
                    first_frame = time.perf_counter() - start
                    break
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait(), 30)
    return logged_in, first_byte, first_frame


def describe(label: str, frames: list[float], extra: str = "") -> str:
    return (
        f"{label:<28} first frame median {statistics.median(frames):.3f} s, max {max(frames):.3f} s"
        f" (n={len(frames)}{extra})"
    )


def describe_ssh(label: str, runs: list[tuple[float, float, float]]) -> str:
    login = statistics.median(run[0] for run in runs)
    first_byte = statistics.median(run[1] for run in runs)
    extra = f"; login {login:.3f} s, first byte {first_byte:.3f} s, medians"
    return describe(label, [run[2] for run in runs], extra)


async def burst_of_clients(
    port: int, key_file: Path, args: argparse.Namespace
) -> list[tuple[float, float, float]]:
    """`--concurrent` sessions at once, from their own process, as real clients would be: in this one
    they would take the server's CPU and event loop."""
    clients = await asyncio.create_subprocess_exec(
        *(sys.executable, __file__, "--clients", str(port), str(key_file)),
        *("--concurrent", str(args.concurrent), "--size", args.size),
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await clients.communicate()
    return [tuple(run) for run in json.loads(out)]


async def bursts(
    config: SSHServeConfig, key: asyncssh.SSHKey, args: argparse.Namespace
) -> list[list[tuple[float, float, float]]]:
    """A burst without spares, then bursts against spares that follow demand (the first one teaches)."""
    key_file = Path(os.environ["READER_HOME"]) / "client_key"
    key.write_private_key(str(key_file))
    cold = SSHService(config)
    await cold.start()
    try:
        frames = [await burst_of_clients(cold.port, key_file, args)]
    finally:
        await cold.close()
    server = SSHService(replace(config, spares=1, max_spares=args.concurrent))
    await server.start()
    try:
        assert server.spares is not None
        for _ in range(args.bursts + 1):
            await server.spares.wait_ready()
            frames.append(await burst_of_clients(server.port, key_file, args))
    finally:
        await server.close()
    return frames


async def bench(args: argparse.Namespace) -> int:
    cols, rows = (int(n) for n in args.size.split("x"))
    home = Path(tempfile.mkdtemp(prefix="reader-bench-ssh-"))
    os.environ["READER_HOME"] = str(home)  # the server passes it on to each session's reader
    os.environ.pop("READER_CONFIG", None)
    key = asyncssh.generate_private_key("ssh-ed25519")
    keys = home / "authorized_keys"
    keys.write_bytes(key.export_public_key())
    config = SSHServeConfig(
        port=0, authorized_keys=keys, max_sessions=args.concurrent + 2, idle_timeout=0, spares=0
    )
    if args.only_bursts:
        return report_bursts(await bursts(config, key, args), args)
    cold_server = SSHService(config)
    await cold_server.start()
    try:
        port = cold_server.port
        await one_session(port, key, cols, rows)  # warm-up: page cache, bytecode, the store
        env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        local = [await local_session(env, cols, rows) for _ in range(args.runs)]
        cold = [await one_session(port, key, cols, rows) for _ in range(args.runs)]
        together = await asyncio.gather(*(one_session(port, key, cols, rows) for _ in range(args.concurrent)))
    finally:
        await cold_server.close()
    warm_server = SSHService(replace(config, spares=1))
    await warm_server.start()
    try:
        assert warm_server.spares is not None
        warm = []
        for _ in range(args.runs):
            await warm_server.spares.wait_ready()
            warm.append(await one_session(warm_server.port, key, cols, rows))
    finally:
        await warm_server.close()
    print(f"reader serve ssh, {cols}x{rows}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    print(describe("local pty, no SSH (baseline)", local))
    print(describe_ssh("ssh, cold start", cold))
    print(describe_ssh("ssh, warm spare (--spares 1)", warm))
    print(describe_ssh(f"ssh, {args.concurrent} cold at once", list(together)))
    for label, runs in (("cold", cold), ("warm spare", warm)):
        median = statistics.median(run[2] for run in runs)
        print(
            f"target ≤ {TARGET} s, {label}: {'met' if median <= TARGET else 'missed'} ({median:.3f} s median)"
        )
    return report_bursts(await bursts(config, key, args), args)


def report_bursts(frames: list[list[tuple[float, float, float]]], args: argparse.Namespace) -> int:
    n = args.concurrent
    load = os.getloadavg()[0]
    print(f"ssh, {n} at once, clients in their own process, load {load:.1f}")
    print(describe_ssh("  no spares (--spares 0)", frames[0]))
    print(describe_ssh(f"  first burst, --max-spares {n}", frames[1]))
    for i, burst in enumerate(frames[2:], 1):
        print(describe_ssh(f"  burst {i}, pool grown", burst))
    worst = max((max(run[2] for run in burst) for burst in frames[2:]), default=float("nan"))
    verdict = "met" if worst <= BURST_TARGET else "missed"
    print(
        f"target ≤ {BURST_TARGET} s for every session of a burst once the pool has grown: {verdict}"
        f" (slowest {worst:.3f} s)"
    )
    return 0


async def clients(port: int, key_file: str, args: argparse.Namespace) -> int:
    cols, rows = (int(n) for n in args.size.split("x"))
    key = asyncssh.read_private_key(key_file)
    runs = await asyncio.gather(*(one_session(port, key, cols, rows) for _ in range(args.concurrent)))
    print(json.dumps(runs))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=10, help="sequential sessions (default: %(default)s)")
    parser.add_argument("--concurrent", type=int, default=10, help="sessions at once (default: %(default)s)")
    parser.add_argument("--size", default="100x30", help="terminal COLSxROWS (default: %(default)s)")
    parser.add_argument(
        "--bursts", type=int, default=3, help="timed bursts after the first (default: %(default)s)"
    )
    parser.add_argument("--only-bursts", action="store_true", help="skip the single-session figures")
    parser.add_argument("--clients", nargs=2, metavar=("PORT", "KEY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.clients:
        return asyncio.run(clients(int(args.clients[0]), args.clients[1], args))
    return asyncio.run(bench(args))


if __name__ == "__main__":
    raise SystemExit(main())
