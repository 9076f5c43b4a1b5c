"""What one browser tab costs `reader serve web`, and what a tab that asks for a huge terminal gets.

    python bench/web.py [--runs 5] [--seconds 10]

Starts the web server in-process on loopback (a temporary READER_HOME) with the real reader, and for
each run opens the WebSocket as the page does (with the token and the page's Origin) at 100x30:
prints the median time to the first frame holding the seed's title, and the session child's peak
resident memory (VmHWM). Then one tab asks for 10000x10000: prints the size the child got, the bytes
it sent in `--seconds`, and its peak memory (the issue measured 1.34 GB and 102 MB in 29 s before
the clamp).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import tempfile
import time
from pathlib import Path

import aiohttp

from reader.serve import default_command
from reader.serve.web import WebServeConfig, WebService

TITLE = "Frieden möglich!".encode()


def peak_mb(pid: int | None) -> float:
    """The child's peak resident memory (VmHWM), in MB; the child is a session, not the server."""
    if pid is None:
        return float("nan")
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found[1]) / 1024 if found else float("nan")


async def session(
    service: WebService, client: aiohttp.ClientSession, cols: int, rows: int, seconds: float
) -> dict:
    """One tab for `seconds`, or until its first frame when `seconds` is 0."""
    url = f"http://127.0.0.1:{service.port}/ws?width={cols}&height={rows}&token={service.token}"
    started = time.perf_counter()
    received = bytearray()
    first = None
    async with client.ws_connect(url, origin=service.origin, max_msg_size=0) as ws:
        deadline = started + (seconds or 30)
        while time.perf_counter() < deadline:
            try:
                message = await asyncio.wait_for(ws.receive(), deadline - time.perf_counter())
            except TimeoutError:
                break
            if message.type == aiohttp.WSMsgType.BINARY:
                received.extend(message.data)
                if first is None and TITLE in received:
                    first = time.perf_counter() - started
                    if seconds == 0:
                        break
        pid = next(iter(service.sessions)).pid if service.sessions else None
        peak = peak_mb(pid)
        size = re.findall(rb"\x1b\[(\d+);(\d+)H", bytes(received))  # the farthest cursor move: the size used
        farthest = (max(int(c) for _, c in size), max(int(r) for r, _ in size)) if size else (0, 0)
    return {"first": first, "bytes": len(received), "peak": peak, "farthest": farthest}


async def main(runs: int, seconds: float) -> None:
    service = WebService(WebServeConfig(command=default_command(), port=0))
    await service.start()
    try:
        async with aiohttp.ClientSession() as client:
            normal = [await session(service, client, 100, 30, 0) for _ in range(runs)]
            firsts = [r["first"] for r in normal if r["first"] is not None]
            print(f"100x30: first frame median {statistics.median(firsts):.2f} s over {len(firsts)} runs")
            peak = statistics.median(r["peak"] for r in normal)
            print(f"100x30: child peak RSS by its first frame, median {peak:.0f} MB")
            huge = await session(service, client, 10000, 10000, seconds)
            cols, rows = huge["farthest"]
            print(f"10000x10000 asked: drawn up to column {cols}, row {rows}")
            print(f"10000x10000 asked: {huge['bytes'] / 1e6:.2f} MB sent in {seconds:.0f} s")
            print(f"10000x10000 asked: child peak RSS {huge['peak']:.0f} MB")
    finally:
        await service.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="sessions at 100x30 (default: %(default)s)")
    parser.add_argument("--seconds", type=float, default=10, help="how long the huge tab runs (default: 10)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["READER_HOME"] = home
        asyncio.run(main(args.runs, args.seconds))
