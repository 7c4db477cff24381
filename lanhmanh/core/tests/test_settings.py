"""The settings module refuses to start in production without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def start(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "LANHMANH_TESTING"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "lanhmanh.settings"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_refuses_to_start_with_debug_off_and_no_secret_key():
    result = start({"DEBUG": "0", "ALLOWED_HOSTS": "lanhmanh.example.vn"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_refuses_to_start_with_debug_off_and_no_allowed_hosts():
    result = start({"DEBUG": "0", "SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


# A production start also needs the support area's field keys (support/tests/test_crypto.py checks the refusal).
FIELD_KEYS = "prod1:" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE="


def test_it_starts_in_production_mode_when_both_are_given():
    env = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "lanhmanh.example.vn"}
    result = start({**env, "LANHMANH_FIELD_KEYS": FIELD_KEYS})
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_development_mode_starts_with_safe_defaults():
    result = start({"DEBUG": "1"})
    assert result.returncode == 0, result.stderr
