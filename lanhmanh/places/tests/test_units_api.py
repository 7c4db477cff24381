from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lanhmanh.core.testing import make_unit
from lanhmanh.places.models import AdministrativeUnit, Level


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["results"]]


@pytest.fixture
def viewer_client(client, personas):
    client.force_login(personas["viewer"])
    return client


def test_an_anonymous_request_is_refused(client, world):
    assert client.get("/api/v1/units/").status_code == 401
    assert client.get(f"/api/v1/units/{world.province.pk}/").status_code == 401


@pytest.mark.parametrize(
    "persona",
    [
        "admin",
        "coordinator",
        "agency_officer",
        "district_officer",
        "commune_officer",
        "inspector",
        "case_worker",
        "viewer",
        "sibling_commune",
    ],
)
def test_every_user_reads_every_unit_whatever_their_scope(client, personas, persona):
    client.force_login(personas[persona])
    assert codes(client.get("/api/v1/units/")) == ["99", "991", "99101", "99102", "992", "99201"]


def test_an_item_carries_code_name_kind_level_parent_code_and_validity(viewer_client, world):
    AdministrativeUnit.objects.filter(pk=world.commune.pk).update(kind="Xã", valid_to=date(2025, 6, 30))
    item = viewer_client.get(f"/api/v1/units/{world.commune.pk}/").json()
    assert item == {
        "id": world.commune.pk,
        "code": "99101",
        "name": "Xã An",
        "kind": "Xã",
        "level": "commune",
        "parent": "991",
        "valid_from": None,
        "valid_to": "2025-06-30",
    }
    assert viewer_client.get(f"/api/v1/units/{world.province.pk}/").json()["parent"] is None


def test_an_unknown_unit_is_a_404(viewer_client):
    assert viewer_client.get("/api/v1/units/999999/").status_code == 404


def test_parent_lists_the_children_of_the_units_with_that_code(viewer_client, world):
    assert codes(viewer_client.get("/api/v1/units/?parent=991")) == ["99101", "99102"]
    assert codes(viewer_client.get("/api/v1/units/?parent=99")) == ["991", "992"]
    assert codes(viewer_client.get("/api/v1/units/?parent=12345")) == []


def test_level_keeps_units_of_that_level(viewer_client, world):
    assert codes(viewer_client.get("/api/v1/units/?level=district")) == ["991", "992"]
    assert sorted(codes(viewer_client.get("/api/v1/units/?level=commune&parent=991"))) == ["99101", "99102"]


def test_on_keeps_the_units_in_force_that_day(viewer_client, world):
    AdministrativeUnit.objects.filter(pk=world.sibling_commune.pk).update(valid_to=date(2020, 1, 31))
    successor = make_unit("Xã Mới", "99103", Level.COMMUNE, world.district)
    AdministrativeUnit.objects.filter(pk=successor.pk).update(valid_from=date(2020, 2, 1))
    assert codes(viewer_client.get("/api/v1/units/?parent=991&on=2019-06-01")) == ["99101", "99102"]
    assert codes(viewer_client.get("/api/v1/units/?parent=991&on=2020-02-01")) == ["99101", "99103"]
    assert codes(viewer_client.get("/api/v1/units/?parent=991")) == ["99101", "99102", "99103"]


@pytest.mark.parametrize("bad", ["01/06/2019", "2019-13-01", "yesterday", "2019-06-01T00:00"])
def test_a_malformed_on_date_is_a_400_naming_the_parameter(viewer_client, world, bad):
    response = viewer_client.get("/api/v1/units/", {"on": bad})
    assert response.status_code == 400
    assert response.json() == {"on": ["Ngày không hợp lệ: dùng dạng YYYY-MM-DD, ví dụ 2019-06-01."]}


def test_an_unknown_level_is_a_400(viewer_client, world):
    response = viewer_client.get("/api/v1/units/?level=hamlet")
    assert response.status_code == 400
    assert "level" in response.json()


def test_units_cannot_be_written_through_the_api(viewer_client, world):
    assert viewer_client.post("/api/v1/units/", {"code": "1"}).status_code == 405
    assert viewer_client.delete(f"/api/v1/units/{world.commune.pk}/").status_code == 405


def test_the_list_costs_the_same_queries_however_many_units_it_shows(
    viewer_client, world, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as few:
        assert len(codes(viewer_client.get("/api/v1/units/"))) == 6
    for number in range(40):
        make_unit(f"Xã Thêm {number}", f"98{number:03d}", Level.COMMUNE, world.other_district)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(codes(viewer_client.get("/api/v1/units/"))) == 46


def test_the_schema_documents_the_list_filters(viewer_client, world):
    schema = viewer_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/units/"]["get"]["parameters"]}
    assert {"parent", "level", "on"} <= parameters
