"""The server's host key (made on first run, owner-only) and the client keys allowed to log in, each
with a profile of its own.

A key's profile is named by its comment in authorized_keys (`reader.store.profiles.name_from`), or by
its fingerprint where it has none. Two keys never share a profile: where a later line's comment names
one already taken, its name gets the start of its own fingerprint (`alice-Ab3dE9xQ`), so adding a key
never renames the profiles of the lines above it. "public" is the public mode's, never a key's.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from reader import locations
from reader.errors import UserError
from reader.private import open_private, private_dir
from reader.store.profiles import DEFAULT, MAX_NAME, name_from

PUBLIC_PROFILE = "public"
_SHORT = 8  # characters of a fingerprint that tell two keys with one comment apart

log = logging.getLogger("reader.serve.ssh")


def load_or_create_host_key(path: Path | None) -> asyncssh.SSHKey:
    """Read the host key; the default one is generated on first run, readable by its owner only."""
    if path is not None:
        if not path.is_file():
            raise UserError(f"host key {path} does not exist; leave out --host-key to generate one")
    else:
        path = locations.host_key_path()
        private_dir(path.parent)
        if not path.exists():
            key = asyncssh.generate_private_key("ssh-ed25519")
            tmp = path.with_name(path.name + ".tmp")
            with open_private(tmp, "wb") as out:  # 0600 even if an interrupted run left it looser
                out.write(key.export_private_key())
            os.replace(tmp, path)
            log.info("generated host key %s (%s)", path, key.get_fingerprint())
            return key
        mode = path.stat().st_mode
        if mode & 0o077:  # ours, left looser by an older version: made private
            path.chmod(mode & 0o600)
    if path.stat().st_mode & 0o077:
        log.warning("host key %s is readable by others; run chmod 600 on it", path)
    try:
        return asyncssh.read_private_key(path)
    except (OSError, asyncssh.KeyImportError) as exc:
        raise UserError(f"cannot read host key {path}: {exc}") from exc


@dataclass(frozen=True)
class _Entry:
    check: asyncssh.SSHAuthorizedKeys  # this line alone, with its options (`from=`)
    key: asyncssh.SSHKey
    profile: str


class AuthorizedKeys:
    """The keys in an authorized_keys file, in order, each with its profile."""

    def __init__(self, entries: list[_Entry]) -> None:
        self.entries = entries

    @classmethod
    def parse(cls, text: str) -> AuthorizedKeys:
        """Raises ValueError when no line holds a key."""
        lines = [line.strip() for line in text.splitlines()]
        found = [(line, key) for line in lines if line and not line.startswith("#") if (key := _key_of(line))]
        if not found:
            raise ValueError("no public keys in it")
        names = profile_names([key for _, key in found])
        return cls(
            [
                _Entry(asyncssh.import_authorized_keys(line), key, names[i])
                for i, (line, key) in enumerate(found)
            ]
        )

    @classmethod
    def read(cls, path: Path) -> AuthorizedKeys:
        """Raises OSError or ValueError."""
        return cls.parse(path.read_text(encoding="utf-8", errors="replace"))

    def profile_for(self, key: asyncssh.SSHKey, host: str) -> str | None:
        """The profile of `key` connecting from `host`, or None if it may not log in."""
        for entry in self.entries:
            if entry.key == key and entry.check.validate(key, host, host) is not None:
                return entry.profile
        return None


def _key_of(line: str) -> asyncssh.SSHKey | None:
    """The line's public key with its comment: the key starts after the options, if any."""
    words = line.split()
    for start in range(len(words)):
        try:
            return asyncssh.import_public_key(" ".join(words[start:]))
        except (asyncssh.KeyImportError, ValueError):
            continue
    return None


def profile_names(keys: list[asyncssh.SSHKey]) -> list[str]:
    """A profile name per key, in file order: its comment, else its fingerprint; never one for two keys."""
    taken: dict[str, str] = {PUBLIC_PROFILE: ""}  # name -> fingerprint
    names = []
    for key in keys:
        fingerprint = key.get_fingerprint()
        comment = (key.get_comment() or "").strip()
        name = name_from(comment) if comment else ""
        if not name or (name == DEFAULT and comment != DEFAULT):  # nothing usable in the comment
            name = name_from(fingerprint)
        if taken.get(name, fingerprint) != fingerprint:
            short = name_from(fingerprint.partition(":")[2][:_SHORT])
            name = f"{name[: MAX_NAME - _SHORT - 1]}-{short}"
        taken[name] = fingerprint
        names.append(name)
    return names


def load_authorized_keys(path: Path) -> AuthorizedKeys:
    if not path.is_file():
        raise UserError(
            f"no authorized_keys file at {path}; add the public keys allowed to log in there, "
            "or pass --authorized-keys FILE"
        )
    try:
        return AuthorizedKeys.read(path)
    except (OSError, ValueError) as exc:
        raise UserError(f"cannot use {path} as an authorized_keys file: {exc}") from exc
