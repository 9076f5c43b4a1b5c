"""What a session's child gets from the server and from the client: a minimal, checked environment.

Client strings are untrusted: TERM must be a plain terminal name, and of the client's variables only
the presence of NO_COLOR is passed on.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from reader.settings import ENGINE_KEY_VARS

# Server environment variables a session inherits; everything else is dropped. Besides the
# reader's own, the network settings and engine keys its translation engines need to work here.
PASSTHROUGH_ENV = (
    "READER_HOME",
    "READER_CONFIG",
    # Where platformdirs puts the store, the config and exports: the session's must be the server's.
    *(f"XDG_{name}" for name in ("DATA_HOME", "CONFIG_HOME", "DOCUMENTS_DIR", "CACHE_HOME", "STATE_HOME")),
    *(f"{name}_proxy" for name in ("http", "https", "no", "all")),
    *(f"{name}_PROXY" for name in ("HTTP", "HTTPS", "NO", "ALL")),
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "REQUESTS_CA_BUNDLE",
    *ENGINE_KEY_VARS.values(),
)
# Variables a client may send (`ssh -o SendEnv=NO_COLOR`) that are safe to hand to the app.
CLIENT_ENV = ("NO_COLOR",)
BASE_TERM = "xterm-256color"  # what OpenSSH sends from most terminal emulators; the fork server's
SAFE_TERM = BASE_TERM  # for a TERM that is not a plain terminal name
_TERM_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-_")


def safe_term(term: str | None) -> str:
    """The client's TERM if it is a plain terminal name, else a safe default (no escapes, no NUL)."""
    if term and len(term) <= 64 and set(term) <= _TERM_CHARS:
        return term
    return SAFE_TERM


def child_environment(
    term: str, client_env: Mapping[str, str], extra: Mapping[str, str] = {}
) -> dict[str, str]:
    """A minimal environment: what the app needs to find its files and draw, and nothing else."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(Path.home())),
        "LANG": "C.UTF-8",
        "TERM": safe_term(term),
        "COLORTERM": "truecolor",  # SSH clients do not send it; let the app degrade via TERM/NO_COLOR
    }
    env.update({name: os.environ[name] for name in PASSTHROUGH_ENV if name in os.environ})
    env.update({name: "1" for name in CLIENT_ENV if name in client_env})  # NO_COLOR: present is enough
    env.update(extra)
    return env
