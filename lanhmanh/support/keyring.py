"""Parsing the field-encryption keyring. No Django imports: settings.py uses it to fail loudly.

The keyring is one string, `keyid:base64key` entries separated by commas; the first entry is the
current key (new values are encrypted under it), the others are older keys kept so that values
written before a rotation can still be read until `manage.py rotate_field_key` has re-encrypted them.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
from pathlib import Path

KEY_BYTES = 32  # AES-256
KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


class KeyringError(ValueError):
    pass


def parse_keyring(raw: str) -> dict[str, bytes]:
    """{key id: key bytes}, in ring order (the first is the current key)."""
    ring: dict[str, bytes] = {}
    for entry in (part.strip() for part in raw.split(",")):
        if not entry:
            continue
        key_id, sep, encoded = entry.partition(":")
        if not sep or not KEY_ID.match(key_id):
            raise KeyringError(f"Keyring entry for key id {key_id!r} is not 'keyid:base64key'.")
        try:
            key = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise KeyringError(f"Key {key_id!r} is not valid base64.") from None
        if len(key) != KEY_BYTES:
            raise KeyringError(f"Key {key_id!r} must be {KEY_BYTES} bytes, not {len(key)}.")
        if key_id in ring:
            raise KeyringError(f"Key id {key_id!r} appears twice in the keyring.")
        ring[key_id] = key
    if not ring:
        raise KeyringError("The keyring holds no key.")
    return ring


def new_key_entry(key_id: str) -> str:
    """A fresh `keyid:base64key` entry (for `manage.py rotate_field_key --new-key` and the dev key)."""
    if not KEY_ID.match(key_id):
        raise KeyringError(f"Key id {key_id!r}: letters, digits, '-' or '_', at most 16.")
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()}"


def dev_keyring(path: Path) -> str:
    """The development keyring kept in `path` (var/field-keys), created on first use.

    Only for DEBUG runs on a developer's machine: the file lives beside the SQLite database, so it
    protects nothing against a stolen laptop; production reads the key from the environment.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Written aside then linked into place: two processes starting at once (runserver's
        # reloader) never read a half-written file, and the second link loses without harm.
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(new_key_entry("dev1") + "\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()
