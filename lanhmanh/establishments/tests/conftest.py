import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api(personas):
    """An API client acting as the persona named: api("commune_officer").get(...)."""

    def as_persona(name: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(personas[name])
        return client

    return as_persona


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """Services refuse dates in the future: tests use 2019 dates and a today in 2020."""
    from datetime import date

    from lanhmanh.establishments import services

    monkeypatch.setattr(services, "today", lambda: date(2020, 6, 1))
