"""Authenticated encryption of identifying fields, and keyed blind indexes for duplicate search.

- `encrypt(value, context=...)` -> "v1.<key id>.<base64url(nonce | ciphertext+tag)>": AES-256-GCM under
  the current key of the keyring (`settings.LANHMANH_FIELD_KEYS`, first entry). The associated data
  binds the token to its key id and to `context` ("support.case.full_name"): a token copied into
  another column, or whose key id was edited, fails to decrypt instead of being read as that field.
- `decrypt(token, context=...)` finds the key by the id the token carries, so values written before
  a rotation stay readable while `manage.py rotate_field_key` re-encrypts them.
- `blind_index(value, purpose=...)` -> "<key id>.<hex HMAC-SHA256>" with an HMAC key derived from the
  current key by HKDF (one derived key per purpose); equal normalised values give equal indexes, so
  duplicates are found by equality without decrypting anything. `blind_index_candidates` gives the
  index under every key of the ring, for searches during a rotation.

Nothing here logs or raises with a value in the message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import unicodedata
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from lanhmanh.support.keyring import parse_keyring

VERSION = "v1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A token that cannot be read: tampered with, moved to another field, or its key is gone."""


@lru_cache(maxsize=4)
def _ring(raw: str) -> dict[str, bytes]:
    return parse_keyring(raw)


def keyring() -> dict[str, bytes]:
    """{key id: key}, the current key first. Read from settings at each call (tests override it)."""
    return _ring(settings.LANHMANH_FIELD_KEYS)


def current_key_id() -> str:
    return next(iter(keyring()))


def _aad(key_id: str, context: str) -> bytes:
    return f"lanhmanh|{VERSION}|{key_id}|{context}".encode()


def encrypt(value: str, *, context: str) -> str:
    """The token for `value`; "" stays "" (an absent value needs no ciphertext)."""
    if value == "":
        return ""
    return encrypt_bytes(value.encode(), context=context)


def encrypt_bytes(data: bytes, *, context: str) -> str:
    key_id = current_key_id()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(keyring()[key_id]).encrypt(nonce, data, _aad(key_id, context))
    return f"{VERSION}.{key_id}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def token_key_id(token: str) -> str:
    """The key id a token was written under ("" for an empty token)."""
    if not token:
        return ""
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != VERSION:
        raise DecryptionError("malformed token")
    return parts[1]


def decrypt_bytes(token: str, *, context: str) -> bytes:
    key_id = token_key_id(token)
    key = keyring().get(key_id)
    if key is None:
        raise DecryptionError(f"key {key_id!r} is not in the keyring")
    try:
        raw = base64.urlsafe_b64decode(token.split(".")[2].encode())
    except ValueError:
        raise DecryptionError("malformed token") from None
    if len(raw) <= NONCE_BYTES:
        raise DecryptionError("malformed token")
    try:
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _aad(key_id, context))
    except InvalidTag:
        raise DecryptionError("token does not authenticate (tampered, moved or wrong key)") from None


def decrypt(token: str, *, context: str) -> str:
    if token == "":
        return ""
    return decrypt_bytes(token, context=context).decode()


def needs_rotation(token: str) -> bool:
    """True for a non-empty token (or blind index) written under a key other than the current one."""
    return bool(token) and _key_id_of(token) != current_key_id()


def _key_id_of(token_or_index: str) -> str:
    # Tokens are "v1.<key id>.<data>", blind indexes "<key id>.<hex>".
    parts = token_or_index.split(".")
    return parts[1] if parts[0] == VERSION and len(parts) == 3 else parts[0]


# Blind indexes ------------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _index_key(key: bytes, purpose: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"lanhmanh-blind-index|{purpose}".encode()
    ).derive(key)


def _index_under(key_id: str, value: str, purpose: str) -> str:
    digest = hmac.new(_index_key(keyring()[key_id], purpose), value.encode(), hashlib.sha256).hexdigest()
    return f"{key_id}.{digest}"


def blind_index(value: str, *, purpose: str) -> str:
    """The index of an already normalised value under the current key; "" for "" (nothing to match)."""
    if value == "":
        return ""
    return _index_under(current_key_id(), value, purpose)


def blind_index_candidates(value: str, *, purpose: str) -> list[str]:
    """The index under every key of the ring: a search matches rows not yet rotated too."""
    if value == "":
        return []
    return [_index_under(key_id, value, purpose) for key_id in keyring()]


def fold(text: str) -> str:
    """Lower case, no diacritics (đ -> d), single spaces: "  Nguyễn  Thị Đào" -> "nguyen thi dao"."""
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def normalise_id_number(text: str) -> str:
    """Letters and digits only, upper case: "079 190-000 123" -> "079190000123"."""
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()
