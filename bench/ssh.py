"""Memory per session and connect → first frame over `reader serve ssh`, for 1, 10 and 30 sessions.

Runs the server in-process on a free loopback port, with a throwaway READER_HOME (the seed and a
second article, translation off so no session goes to the network, the dictionary index built) and
a generated client key. Clients are asyncssh connections that time from the start of the TCP
connect until the seed's title has arrived, i.e. the app's first frame. Each burst's clients run in a
process of their own, as real clients would, all starting together. Once every session has drawn and
gone quiet for a second, the proportional set size (PSS, from /proc/PID/smaps_rollup) of every
session's process and of the fork server is read ("drawn"); then every session reads a little
(sentences, the next article, the entity panel, a word looked up) and it is read again ("read").

PSS divides shared pages among the processes sharing them, so the sum is what the sessions cost
together, and (sum for N − sum for 1) / (N − 1) is the cost of each session beyond the first. Each
mode gets a fresh server:

- fork: the fork server (the default): one process that has loaded the reader forks each session;
- spawn: a new `python -m reader` per session, as when the fork server is down (`--no-fork-server`).

    python bench/ssh.py [--sessions 1,10,30] [--runs 5] [--modes fork,spawn] [--size 80x24]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import asyncssh
import pyte

from reader.serve.ssh import SSHServeConfig, SSHService

TITLE = "Frieden möglich!".encode()
QUIET = 1.0  # seconds without output after which a session counts as settled
KEY_GAP = 0.4  # seconds between the keys a reading session presses
# A little reading: three sentences on, the next article and a sentence there, the entity panel and
# back, the previous article, two words on and one looked up, and back.
READING = [b"j", b"j", b"j", b"n", b"j", b"e", b"\x1b", b"p", b"l", b"l", b"d", b"\x1b"]
MODES: dict[str, dict[str, Any]] = {"fork": {"fork_server": True}, "spawn": {"fork_server": False}}
TARGETS = "targets: each session beyond the first ≤ 25 MB PSS; 30 at once ≤ 2 s median; one alone ≤ 0.3 s"
SECOND_TITLE = "Zweiter Artikel für die Messung"
SECOND_ARTICLE = (
    f"ID: bench2\n\n{SECOND_TITLE}\n\n"
    "Die Bundesregierung in Berlin hat am Montag neue Pläne vorgestellt. "
    "Bundeskanzler Olaf Scholz sprach von einem wichtigen Schritt für Deutschland.\n"
)


def pss_mb(pid: int) -> float:
    """A process's proportional set size in MB (0 if it has gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0.0


@dataclass
class Memory:
    sessions: list[float]  # MB, per session process
    shared: float  # MB: the fork server (0 without one)

    @property
    def total(self) -> float:
        return sum(self.sessions) + self.shared


@dataclass
class Burst:
    count: int
    frames: list[float]  # connect → first frame, per session
    memory: dict[str, Memory] = field(default_factory=dict)  # "drawn", "read"


class Session:
    """One client session: open it and time its first frame, read a little, quit."""

    def __init__(self) -> None:
        self.conn: asyncssh.SSHClientConnection | None = None
        self.process: asyncssh.SSHClientProcess[bytes] | None = None
        self._output = asyncio.Event()
        self._drain: asyncio.Task[None] | None = None

    async def open(self, port: int, key: asyncssh.SSHKey, cols: int, rows: int) -> float:
        start = time.perf_counter()
        self.conn = await asyncssh.connect(
            "127.0.0.1",
            port,
            username="bench",
            known_hosts=None,
            agent_path=None,
            client_keys=[key],
            config=None,
        )
        self.process = await self.conn.create_process(
            term_type="xterm-256color", term_size=(cols, rows), encoding=None
        )
        seen = b""
        async with asyncio.timeout(120):
            while TITLE not in seen:
                data = await self.process.stdout.read(65536)
                if not data:
                    raise RuntimeError(f"session ended before the first frame: {seen[-300:]!r}")
                seen = seen[-len(TITLE) :] + data
        first_frame = time.perf_counter() - start
        self._drain = asyncio.ensure_future(self._read())
        await self.quiet()
        return first_frame

    async def _read(self) -> None:
        assert self.process is not None
        while await self.process.stdout.read(65536):
            self._output.set()

    async def quiet(self) -> None:
        """Until nothing has been drawn for QUIET seconds."""
        while True:
            self._output.clear()
            try:
                await asyncio.wait_for(self._output.wait(), QUIET)
            except TimeoutError:
                return

    async def read_a_little(self) -> None:
        assert self.process is not None
        for key in READING:
            self.process.stdin.write(key)
            await asyncio.sleep(KEY_GAP)
        await self.quiet()

    async def quit(self) -> None:
        assert self.process is not None and self.conn is not None
        self.process.stdin.write(b"\x1b")
        await asyncio.sleep(0.2)
        self.process.stdin.write(b"q")
        try:
            await asyncio.wait_for(self.process.wait(), 60)
        except TimeoutError:
            print("a session did not quit on q; closing its connection", file=sys.stderr)
        self.conn.close()
        if self._drain is not None:
            self._drain.cancel()


async def clients(port: int, key_file: str, count: int, size: str) -> int:
    """In its own process (as real clients are): `count` sessions at once. Prints their first frames
    once all have settled; on "read" on stdin they read a little; on "quit" they quit."""
    cols, rows = (int(n) for n in size.split("x"))
    key = asyncssh.read_private_key(key_file)
    sessions = [Session() for _ in range(count)]
    loop = asyncio.get_running_loop()
    frames = await asyncio.gather(*(s.open(port, key, cols, rows) for s in sessions))
    print(json.dumps(frames), flush=True)
    while command := (await loop.run_in_executor(None, sys.stdin.readline)).strip():
        if command == "read":
            await asyncio.gather(*(s.read_a_little() for s in sessions))
        elif command == "quit":
            await asyncio.gather(*(s.quit() for s in sessions))
        print(json.dumps(command), flush=True)
    return 0


async def open_the_seed(port: int, key: asyncssh.SSHKey) -> None:
    """One session, not timed, that leaves the seed as the article read last, as a returning reader's
    is: every timed session then shows it in its first frame."""
    async with asyncssh.connect(
        "127.0.0.1", port, username="bench", known_hosts=None, agent_path=None, client_keys=[key], config=None
    ) as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24), encoding=None)
        screen = pyte.Screen(80, 24)
        stream = pyte.ByteStream(screen)
        title = TITLE.decode()
        async with asyncio.timeout(120):
            while title not in screen.display[0]:
                stream.feed(await process.stdout.read(65536))
                if SECOND_TITLE in screen.display[0]:
                    process.stdin.write(b"n")
                    screen.reset()
            await asyncio.sleep(2.0)  # the position is saved once the cursor rests
            process.stdin.write(b"q")
            await process.wait()


def memory(service: SSHService) -> Memory:
    sessions = [pss_mb(child.pid) for child in service.children]
    zygote = service.fork_server.pid if service.fork_server is not None else None
    return Memory(sessions, pss_mb(zygote) if zygote else 0.0)


async def burst(service: SSHService, key_file: Path, count: int, size: str) -> Burst:
    proc = await asyncio.create_subprocess_exec(
        *(sys.executable, __file__, "--clients", str(service.port), str(key_file), str(count), size),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None

    async def say(command: str) -> Any:
        assert proc.stdin is not None and proc.stdout is not None
        if command:
            proc.stdin.write(command.encode() + b"\n")
            await proc.stdin.drain()
        line = await proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the clients of a burst of {count} failed")
        return json.loads(line)

    result = Burst(count, await say(""))  # every session has drawn and settled
    result.memory["drawn"] = memory(service)
    await say("read")
    result.memory["read"] = memory(service)
    await say("quit")
    proc.stdin.close()
    await proc.wait()
    async with asyncio.timeout(60):
        while service.children:
            await asyncio.sleep(0.05)
    return result


async def single(service: SSHService, key: asyncssh.SSHKey, size: str) -> float:
    """Connect → first frame of one session alone, nothing else running."""
    cols, rows = (int(n) for n in size.split("x"))
    session = Session()
    frame = await session.open(service.port, key, cols, rows)
    await session.quit()
    async with asyncio.timeout(60):
        while service.children:
            await asyncio.sleep(0.05)
    return frame


def report(mode: str, singles: list[float], bursts: list[Burst]) -> None:
    print(f"mode {mode}:")
    print(
        f"  one session alone: first frame median {statistics.median(singles):.3f} s, "
        f"max {max(singles):.3f} s (n={len(singles)})"
    )
    first = next((b for b in bursts if b.count == 1), None)
    for b in bursts:
        print(
            f"  {b.count:>3} at once: first frame median {statistics.median(b.frames):.3f} s, "
            f"max {max(b.frames):.3f} s"
        )
        for phase, mem in b.memory.items():
            line = (
                f"      {phase:<5} PSS per session median {statistics.median(mem.sessions):.1f} MB, "
                f"fork server {mem.shared:.1f} MB, total {mem.total:.1f} MB"
            )
            if first is not None and b.count > 1:
                extra = (mem.total - first.memory[phase].total) / (b.count - 1)
                line += f"; each beyond the first {extra:.1f} MB"
            print(line)


def prepare(home: Path) -> None:
    """The library (the seed and a second article) and the dictionary index, made before any session."""
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text("[translation]\nauto = false\n", encoding="utf-8")
    second = home / "second.txt"
    second.write_text(SECOND_ARTICLE, encoding="utf-8")
    for command in (["add", str(second)], ["lookup", "Haus"]):
        subprocess.run([sys.executable, "-m", "reader", *command], check=True, stdout=subprocess.DEVNULL)


async def bench(args: argparse.Namespace) -> int:
    home = Path(tempfile.mkdtemp(prefix="reader-bench-ssh-"))
    os.environ["READER_HOME"] = str(home)  # the server passes it on to each session's reader
    os.environ.pop("READER_CONFIG", None)
    prepare(home)
    key = asyncssh.generate_private_key("ssh-ed25519")
    keys = home / "authorized_keys"
    keys.write_bytes(key.export_public_key())
    key_file = home / "client_key"
    key.write_private_key(str(key_file))
    config = SSHServeConfig(port=0, authorized_keys=keys, max_sessions=max(args.sessions) + 2, idle_timeout=0)
    print(f"reader serve ssh, {args.size}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f} at start")
    # Every mode's server runs from the start and they take turns, so that both meet the same load
    # (the machine is shared): their figures are side by side.
    services = {mode: SSHService(replace(config, **MODES[mode])) for mode in args.modes}
    singles: dict[str, list[float]] = {mode: [] for mode in args.modes}
    bursts: dict[str, list[Burst]] = {mode: [] for mode in args.modes}
    try:
        for service in services.values():
            await service.start()
            if service.fork_server is not None:
                await service.fork_server.wait_ready()
        await open_the_seed(next(iter(services.values())).port, key)
        for _ in range(args.runs):
            for mode, service in services.items():
                singles[mode].append(await single(service, key, args.size))
        for count in args.sessions:
            for mode, service in services.items():
                bursts[mode].append(await burst(service, key_file, count, args.size))
    finally:
        for service in services.values():
            await service.close()
    for mode in args.modes:
        report(mode, singles[mode], bursts[mode])
    print(TARGETS)
    print(f"load {os.getloadavg()[0]:.1f} at the end")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", default="1,10,30", help="bursts to run (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=5, help="sessions alone (default: %(default)s)")
    parser.add_argument("--modes", default=",".join(MODES), help="modes to run (default: %(default)s)")
    parser.add_argument("--size", default="80x24", help="terminal COLSxROWS (default: %(default)s)")
    parser.add_argument("--clients", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.clients:
        port, key_file, count, size = args.clients
        return asyncio.run(clients(int(port), key_file, int(count), size))
    args.sessions = [int(n) for n in args.sessions.split(",")]
    args.modes = args.modes.split(",")
    return asyncio.run(bench(args))


if __name__ == "__main__":
    raise SystemExit(main())
