"""Each class of transport failure, from a local server that does exactly that, is named and retried right.

Stalled after the headers: "timed out". Closed or reset mid-body (by length or mid-chunk): retried
like a 5xx, then "server error: ... dropped the connection". Refused: "offline", at once.
"""

from __future__ import annotations

import socket
import struct
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from reader.enrich.english import translate_article
from reader.store import Store
from reader.translation.types import FAILED
from test_translation import assert_aligned, make_article

if TYPE_CHECKING:
    from servers import LibreServer

pytest_plugins = ["servers"]

FAULTS = ("cut", "reset", "chunk-cut")


def misbehave(server: LibreServer, handler: Any, mode: object) -> None:
    """Answer 200 with the start of a body, then stall, reset or close the connection."""
    head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    if mode == "chunk-cut":
        head += "Transfer-Encoding: chunked\r\n\r\n40\r\n" + '{"translatedText": "EN:'
    else:
        head += "Content-Length: 400\r\n\r\n" + '{"translatedText": "EN:'
    handler.connection.sendall(head.encode())
    handler.close_connection = True
    if mode == "stall":
        server.released.wait(10)  # until the test ends; the client's read timeout fires first
    elif mode == "reset":  # an RST, not a FIN: the peer sees ECONNRESET
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()
    else:
        handler.connection.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def server() -> Iterator[LibreServer]:
    """LibreTranslate that answers 200 and then misbehaves in the body, as scripted per request."""
    from servers import LibreServer

    class FaultyLibre(LibreServer):
        def answer(self, handler: Any, mode: Any, fields: dict[str, str]) -> None:
            if mode in (*FAULTS, "stall"):
                misbehave(self, handler, mode)
            else:
                super().answer(handler, mode, fields)

    with FaultyLibre() as running:
        yield running  # type: ignore[misc]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "r.db")


def test_a_body_that_stalls_after_the_headers_is_timed_out(server: LibreServer, store: Store) -> None:
    server.mode = "stall"
    started = time.monotonic()
    english = translate_article(store, server.settings(read_timeout=0.3, retries=1), make_article(1, 2, 0))
    assert time.monotonic() - started < 5
    assert {t.error for t in english.units} == {
        f"timed out: 127.0.0.1:{server.port} stopped answering mid-way"
    }
    assert server.count == 2  # retried once, like any timeout


@pytest.mark.parametrize("fault", FAULTS)
def test_a_connection_dropped_mid_body_is_retried_like_a_5xx(
    fault: str, server: LibreServer, store: Store
) -> None:
    server.script = [fault]
    article = make_article(paragraphs=2, per=2, heading_every=0)
    english = translate_article(store, server.settings(), article)
    assert_aligned(article, english, "libre")
    assert server.count == 2


@pytest.mark.parametrize("fault", FAULTS)
def test_a_connection_always_dropped_mid_body_is_a_server_error_after_bounded_retries(
    fault: str, server: LibreServer, store: Store
) -> None:
    server.mode = fault
    english = translate_article(store, server.settings(retries=2), make_article(1, 2, 0))
    assert server.count == 3
    assert english.title.source == FAILED
    assert {t.error for t in english.units} == {
        f"server error: 127.0.0.1:{server.port} dropped the connection"
    }
