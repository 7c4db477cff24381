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
