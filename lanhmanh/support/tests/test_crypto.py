import base64
import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from lanhmanh.support import crypto
from lanhmanh.support.keyring import KeyringError, dev_keyring, parse_keyring

CTX = "support.case.full_name"
OTHER_KEY = "other:" + base64.b64encode(b"k" * 32).decode()


def test_a_value_comes_back_from_its_token():
    token = crypto.encrypt("Nguyễn Thị Hoa", context=CTX)
    assert "Hoa" not in token
    assert token.startswith("v1.test1.")
    assert crypto.decrypt(token, context=CTX) == "Nguyễn Thị Hoa"


def test_two_encryptions_of_one_value_differ():
    assert crypto.encrypt("x", context=CTX) != crypto.encrypt("x", context=CTX)


def test_an_empty_value_needs_no_token():
    assert crypto.encrypt("", context=CTX) == ""
    assert crypto.decrypt("", context=CTX) == ""


def test_a_tampered_token_is_refused():
    token = crypto.encrypt("Hoa", context=CTX)
    head, data = token.rsplit(".", 1)
    raw = bytearray(base64.urlsafe_b64decode(data))
    raw[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(f"{head}.{base64.urlsafe_b64encode(bytes(raw)).decode()}", context=CTX)


def test_a_token_moved_to_another_field_is_refused():
    token = crypto.encrypt("Hoa", context=CTX)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, context="support.case.phone")


def test_a_token_whose_key_id_was_edited_is_refused():
    token = crypto.encrypt("Hoa", context=CTX)
    with override_settings(LANHMANH_FIELD_KEYS=f"{OTHER_KEY},test1:{base64.b64encode(b'x' * 32).decode()}"):
        forged = token.replace("v1.test1.", "v1.other.")
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(forged, context=CTX)


def test_a_wrong_key_cannot_read():
    token = crypto.encrypt("Hoa", context=CTX)
    wrong = f"test1:{base64.b64encode(b'w' * 32).decode()}"
    with override_settings(LANHMANH_FIELD_KEYS=wrong), pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, context=CTX)


def test_a_token_of_a_key_no_longer_in_the_ring_is_refused():
    token = crypto.encrypt("Hoa", context=CTX)
    with override_settings(LANHMANH_FIELD_KEYS=OTHER_KEY), pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, context=CTX)


def test_malformed_tokens_are_refused():
    for token in ("garbage", "v1.test1.", "v2.test1.abc", "v1.test1.!!!"):
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(token, context=CTX)


def test_blind_indexes_match_on_the_normalised_value_only():
    a = crypto.blind_index(crypto.fold("  Nguyễn  Thị ĐÀO "), purpose="p")
    b = crypto.blind_index(crypto.fold("nguyen thi dao"), purpose="p")
    assert a == b and a.startswith("test1.")
    assert crypto.blind_index(crypto.fold("nguyen thi dao"), purpose="q") != a
    assert crypto.normalise_id_number("079 190-000 123") == "079190000123"
    assert crypto.blind_index("", purpose="p") == ""


def test_blind_index_candidates_cover_every_key_of_the_ring():
    with override_settings(LANHMANH_FIELD_KEYS=f"{OTHER_KEY},test1:dGVzdC1vbmx5LWtleS1sYW5obWFuaC1maWVsZHMhIT0="):
        candidates = crypto.blind_index_candidates("abc", purpose="p")
    assert [c.split(".")[0] for c in candidates] == ["other", "test1"]
    assert crypto.blind_index("abc", purpose="p") == candidates[1]


@pytest.mark.parametrize(
    "raw",
    ["", "nokey", "a:notbase64!!", "a:" + base64.b64encode(b"short").decode(), f"{OTHER_KEY},{OTHER_KEY}", "bad id:x"],
)
def test_a_malformed_keyring_is_refused(raw):
    with pytest.raises(KeyringError):
        parse_keyring(raw)


def test_the_development_key_file_is_created_once(tmp_path):
    path = tmp_path / "var" / "field-keys"
    first = dev_keyring(path)
    assert parse_keyring(first)
    assert dev_keyring(path) == first
    assert oct(path.stat().st_mode & 0o777) == "0o600"


SETTINGS = Path(__file__).resolve().parents[2] / "settings.py"


def _settings_with(monkeypatch, **env: str) -> dict[str, object]:
    """Run settings.py afresh with DEBUG off, outside tests: as production starts."""
    for name in ("DEBUG", "LANHMANH_TESTING", "LANHMANH_FIELD_KEYS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "example.org")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_production_refuses_to_start_without_the_field_keys(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="LANHMANH_FIELD_KEYS must be set"):
        _settings_with(monkeypatch)


def test_production_starts_with_field_keys(monkeypatch):
    assert _settings_with(monkeypatch, LANHMANH_FIELD_KEYS=OTHER_KEY)["LANHMANH_FIELD_KEYS"] == OTHER_KEY


def test_production_refuses_a_malformed_keyring(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="LANHMANH_FIELD_KEYS"):
        _settings_with(monkeypatch, LANHMANH_FIELD_KEYS="k1:short")


def test_development_creates_its_key_file_under_var(monkeypatch, tmp_path):
    settings = _settings_with(monkeypatch, DEBUG="1", LANHMANH_VAR_DIR=str(tmp_path))
    assert (tmp_path / "field-keys").read_text().strip() == settings["LANHMANH_FIELD_KEYS"]
