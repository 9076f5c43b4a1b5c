"""Where a fetch may connect: resolving a host once, and telling public addresses from private ones.

A URL the user typed may lead anywhere (their own feeds at home included). What the web hands us (a
redirect, a feed's item link, an OPML entry) may not lead from a public address to a loopback,
private, link-local, multicast or otherwise special one, so that a public page cannot make reader
fetch, and import into a library others may read, what only this machine can reach. A host is
resolved once per request and the connection goes to the address that was checked, so a DNS answer
that changes in between (rebinding) cannot switch it.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

# (host, port) -> the host's addresses, best first. The one seam for name resolution: tests pass their own.
Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    """The system's answer for `host` (IPv4 and IPv6), in the order it gives them, without repeats."""
    found: list[str] = []
    for *_, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        address = str(sockaddr[0])
        if address not in found:
            found.append(address)
    return found


def literal(host: str) -> str | None:
    """The host itself if it is an IP address (IPv6 without its brackets), else None."""
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        ipaddress.ip_address(bare.split("%", 1)[0])
    except ValueError:
        return None
    return bare


def is_public(address: str) -> bool:
    """Whether an address is on the public internet: not loopback, private, link-local, multicast,
    shared, reserved, unspecified or for documentation; IPv4 inside IPv6 is judged as IPv4."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 scope ("%eth0") says nothing here
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)
