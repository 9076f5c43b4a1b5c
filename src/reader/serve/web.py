"""`reader serve web`: the reader in a browser, one app process per browser tab, via textual-serve."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path

from reader.errors import UserError
from reader.serve import prepare_store

WILDCARDS = {"0.0.0.0", "::", ""}


def serve_web(
    command: Sequence[str],
    *,
    paths: Sequence[Path] = (),
    host: str = "127.0.0.1",
    port: int = 8000,
    public_url: str | None = None,
    title: str = "reader",
) -> None:
    """Serve until Ctrl+C. textual-serve runs the command through a shell, hence the quoting."""
    from textual_serve.server import Server  # here, not at the top: aiohttp is slow to import

    if host in WILDCARDS and not public_url:
        # The page tells the browser where to connect, and 0.0.0.0 is not an address a browser can use.
        raise UserError(
            f"--host {host} needs --public-url, the address browsers use, like http://HOST:{port}"
        )
    prepare_store(paths)
    server = Server(
        shlex.join(command),
        host=host,
        port=port,
        title=title,
        public_url=public_url.rstrip("/") if public_url else None,
    )
    try:
        server.serve()
    except OSError as exc:
        raise UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
