"""The server's host key (made on first run, owner-only) and the client keys allowed to log in."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import asyncssh

from reader import locations
from reader.errors import UserError

log = logging.getLogger("reader.serve.ssh")


def load_or_create_host_key(path: Path | None) -> asyncssh.SSHKey:
    """Read the host key; the default one is generated on first run, readable by its owner only."""
    if path is not None:
        if not path.is_file():
            raise UserError(f"host key {path} does not exist; leave out --host-key to generate one")
    else:
        path = locations.host_key_path()
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            key = asyncssh.generate_private_key("ssh-ed25519")
            tmp = path.with_name(path.name + ".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(key.export_private_key())
            os.chmod(tmp, 0o600)  # in case the file was left by an earlier, interrupted run
            os.replace(tmp, path)
            log.info("generated host key %s (%s)", path, key.get_fingerprint())
            return key
    if path.stat().st_mode & 0o077:
        log.warning("host key %s is readable by others; run chmod 600 on it", path)
    try:
        return asyncssh.read_private_key(path)
    except (OSError, asyncssh.KeyImportError) as exc:
        raise UserError(f"cannot read host key {path}: {exc}") from exc


def load_authorized_keys(path: Path) -> asyncssh.SSHAuthorizedKeys:
    if not path.is_file():
        raise UserError(
            f"no authorized_keys file at {path}; add the public keys allowed to log in there, "
            "or pass --authorized-keys FILE"
        )
    try:
        return asyncssh.read_authorized_keys(str(path))
    except (OSError, ValueError) as exc:
        raise UserError(f"cannot use {path} as an authorized_keys file: {exc}") from exc
