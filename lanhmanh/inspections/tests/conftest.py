import pytest
from rest_framework.test import APIClient

from lanhmanh.inspections.tests import records


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def api(personas):
    """An API client acting as the persona named: api("inspector").get(...)."""

    def as_persona(name: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(personas[name])
        return client

    return as_persona


@pytest.fixture
def scene(world, personas):
    """The catalogue, a provincial team, a karaoke in the commune and a guest house in the far commune."""
    records.catalogue()
    coordinator = personas["coordinator"]
    return {
        "team": records.team(world, coordinator),
        "karaoke": records.place(world.commune, coordinator),
        "far": records.place(world.far_commune, coordinator, name="Nhà nghỉ Xa", kind="guest_house"),
    }
