"""Fetching stays on the side of the address it started from: a redirect, a feed's item link or an OPML
entry may not lead from a public address to a private one (IPv4 and IPv6), the address checked is the
one connected to, refusals are named in the summary, and `[sources] allow_private` allows it.

The end-to-end cases run in a network namespace of their own (root and `unshare` needed), where the
machine holds public-looking addresses beside loopback: see private_net.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

PUBLIC4, PUBLIC6 = "93.184.216.34", "2606:2800:220:1::1"
HERE = Path(__file__).parent


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1::1", True),
        ("127.0.0.1", False),
        ("127.8.9.10", False),
        ("::1", False),
        ("10.0.0.7", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata, link-local
        ("fe80::1%eth0", False),
        ("fd12:3456::1", False),
        ("100.64.0.1", False),  # shared address space (carrier NAT)
        ("224.0.0.1", False),
        ("ff02::1", False),
        ("0.0.0.0", False),
        ("::", False),
        ("::ffff:127.0.0.1", False),  # IPv4 inside IPv6
        ("::ffff:93.184.216.34", True),
        ("255.255.255.255", False),
        ("240.0.0.1", False),
    ],
)
def test_private_addresses_are_told_from_public_ones(address: str, public: bool) -> None:
    from reader.sources.addresses import is_public

    assert is_public(address) is public


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Any]:
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("ip"):
        pytest.skip("needs root, unshare and ip to make a network namespace with public-looking addresses")
    setup = (
        f"ip link set lo up && ip addr add {PUBLIC4}/32 dev lo && ip -6 addr add {PUBLIC6}/128 dev lo nodad"
        f' && exec "$0" {HERE / "private_net.py"} {PUBLIC4} {PUBLIC6}'
    )
    done = subprocess.run(
        ["unshare", "--net", "sh", "-c", setup, sys.executable],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(HERE.parent / "src")},
    )
    if done.returncode != 0 and "unshare" in done.stderr and "Operation not permitted" in done.stderr:
        pytest.skip(f"no network namespace here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


@pytest.mark.parametrize(
    "case", ["public to loopback", "public to loopback, IPv6", "public to loopback, IPv4 in IPv6"]
)
def test_a_redirect_from_a_public_address_to_loopback_is_refused(outcomes: dict[str, Any], case: str) -> None:
    result = outcomes[case]
    assert result["code"] == 1 and result["sources"] == []
    assert result["out"] == "summary: 0 added, 0 duplicate, 0 failed, 1 refused\n"
    assert "is a private address, where only a URL you give yourself may lead" in result["err"]
    assert result["err"].startswith("refused: http://")


def test_what_the_user_typed_may_lead_to_their_own_machine(outcomes: dict[str, Any]) -> None:
    result = outcomes["loopback to loopback"]
    assert result["code"] == 0 and len(result["sources"]) == 1


def test_a_public_feed_may_not_lead_to_private_pages_unless_allowed(outcomes: dict[str, Any]) -> None:
    refused = outcomes["public feed, private items"]
    assert refused["sources"] == [] and refused["code"] == 1
    assert refused["out"].splitlines()[-1] == "summary: 0 added, 0 duplicate, 0 failed, 3 refused"
    assert refused["err"].count("refused: http://127.0.0.1:") == 3
    allowed = outcomes["public feed, private items, allowed"]
    assert allowed["code"] == 0 and len(allowed["sources"]) == 3


def test_the_address_checked_is_the_address_connected_to(outcomes: dict[str, Any]) -> None:
    # The name resolves to a public address, then (were it asked again) to loopback: it is asked once.
    rebinding = outcomes["rebinding"]
    assert rebinding["status"] == 200 and rebinding["asked"] == ["news.example"]
    assert [a.removeprefix("::ffff:") for a in rebinding["arrived_at"]] == [PUBLIC4]
    # Private first: refused, and not asked again in the hope of a better answer.
    first_private = outcomes["rebinding first private"]
    assert first_private["refused"] and first_private["asked"] == ["news.example"]
    assert first_private["arrived_at"] == []
    # Of a public and a private answer, only the public one is used.
    both = outcomes["public and private answers"]
    assert both["status"] == 200 and [a.removeprefix("::ffff:") for a in both["arrived_at"]] == [PUBLIC4]


def test_a_redirect_to_a_name_at_a_private_address_is_refused(outcomes: dict[str, Any]) -> None:
    result = outcomes["redirect to a private name"]
    assert result["refused"] and "intranet.example is at a private address (127.0.0.1)" in result["error"]
    assert len(result["arrived_at"]) == 1  # the public page's redirect, and nothing from the private one
