"""Warm spares on their own, with small stand-in commands instead of the reader."""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
import sys

import pytest

from reader.serve.spares import SparePool

WAITS_FOR_A_LINE = (
    "import sys; print('drawn', flush=True); sys.exit(0 if sys.stdin.readline() == 'q\\n' else 5)"
)


async def test_a_taken_spare_comes_with_what_it_drew_and_is_replaced() -> None:
    pool = SparePool([sys.executable, "-c", WAITS_FOR_A_LINE], {"PATH": "/usr/bin:/bin"}, 1, refill_delay=0)
    pool.fill()
    try:
        await asyncio.wait_for(pool.wait_ready(), 15)
        taken = await pool.take()
        assert taken is not None
        child, drawn = taken
        assert b"drawn" in drawn
        await child.write(b"q\n")
        assert await asyncio.wait_for(child.wait(), 15) == 0
        child.close()
        await asyncio.wait_for(pool.wait_ready(), 15)  # a new spare took its place
        assert pool.children and pool.children[0] is not child
    finally:
        await pool.close()
    assert not pool.children


async def test_a_spare_that_keeps_failing_is_retried_ever_more_slowly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="reader.serve.ssh")
    pool = SparePool([sys.executable, "-c", "raise SystemExit(3)"], {}, 1, refill_delay=0.01)
    pool.fill()

    def delays() -> list[float]:
        return [float(m) for m in re.findall(r"status 3\); another in ([\d.e-]+)s", caplog.text)]

    try:
        async with asyncio.timeout(15):
            while len(delays()) < 4:
                await asyncio.sleep(0.02)
    finally:
        await pool.close()
    found = delays()
    assert all(later > earlier for earlier, later in itertools.pairwise(found))
