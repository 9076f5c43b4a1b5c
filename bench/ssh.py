"""Connect → first frame over `reader serve ssh`, alone and with many sessions at once.

Runs the server in-process on a free loopback port, with a throwaway READER_HOME and a generated
client key, and times asyncssh clients from the start of the TCP connect until a pyte screen shows
the seed's title, i.e. the app's first frame has arrived: for a cold start (a new reader process),
for a warm spare (`--spares 1`, waiting for the spare to be drawn before each run), and for many
cold sessions at once. A local pty without SSH is the baseline.

    python bench/ssh.py [--runs 10] [--concurrent 10] [--size 100x30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
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
TARGET = 0.6


async def local_session(env: dict[str, str], cols: int, rows: int) -> float:
    """The baseline: seconds from spawning the reader on a local pty to its first frame."""
    start = time.perf_counter()
    child = await PtyChild.spawn(default_command(), env=env, cols=cols, rows=rows)
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    try:
        async with asyncio.timeout(60):
            while not any(TITLE in line for line in screen.display):
                data = await child.read()
                if not data:
                    raise RuntimeError("the reader ended before its first frame")
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
        async with asyncio.timeout(60):
            while True:
                data = await process.stdout.read(65536)
                if not data:
                    raise RuntimeError("session ended before the first frame:\n" + "\n".join(screen.display))
                first_byte = first_byte or time.perf_counter() - start
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
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=10, help="sequential sessions (default: %(default)s)")
    parser.add_argument("--concurrent", type=int, default=10, help="sessions at once (default: %(default)s)")
    parser.add_argument("--size", default="100x30", help="terminal COLSxROWS (default: %(default)s)")
    return asyncio.run(bench(parser.parse_args()))


if __name__ == "__main__":
    raise SystemExit(main())
