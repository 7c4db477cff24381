from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lanhmanh.accounts.models import Agency, AgencyLevel


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["results"]]


@pytest.fixture
def commune_client(client, personas):
    # The narrowest scope: agencies are reference data, so even a commune officer reads them all.
    client.force_login(personas["commune_officer"])
    return client


def test_an_anonymous_request_is_refused(client, world):
    assert client.get("/api/v1/agencies/").status_code == 401
    assert client.get(f"/api/v1/agencies/{world.police.pk}/").status_code == 401


def test_every_agency_is_listed_with_its_units_code(commune_client, world):
    assert codes(commune_client.get("/api/v1/agencies/")) == ["CA", "LDTBXH", "UBND-HUYEN"]
    item = commune_client.get(f"/api/v1/agencies/{world.lead.pk}/").json()
    assert item == {
        "id": world.lead.pk,
        "code": "LDTBXH",
        "name": "Sở Lao động - Thương binh và Xã hội",
        "short_name": "Sở LĐTBXH",
        "level": "province",
        "unit": "99",
        "valid_from": None,
        "valid_to": None,
    }


def test_on_keeps_the_agencies_in_force_that_day(commune_client, world):
    Agency.objects.filter(pk=world.lead.pk).update(valid_to=date(2025, 2, 28))
    Agency.objects.create(
        code="YT", name="Sở Y tế", level=AgencyLevel.PROVINCE, unit=world.province, valid_from=date(2025, 3, 1)
    )
    assert codes(commune_client.get("/api/v1/agencies/?on=2019-06-01")) == ["CA", "LDTBXH", "UBND-HUYEN"]
    assert codes(commune_client.get("/api/v1/agencies/?on=2025-03-01")) == ["CA", "UBND-HUYEN", "YT"]
    assert codes(commune_client.get("/api/v1/agencies/")) == ["CA", "LDTBXH", "UBND-HUYEN", "YT"]


def test_a_malformed_on_date_is_a_400_naming_the_parameter(commune_client, world):
    response = commune_client.get("/api/v1/agencies/?on=2025-02-30")
    assert response.status_code == 400
    assert response.json() == {"on": ["Ngày không hợp lệ: dùng dạng YYYY-MM-DD, ví dụ 2019-06-01."]}


def test_an_unknown_agency_is_a_404(commune_client, world):
    assert commune_client.get("/api/v1/agencies/999999/").status_code == 404


def test_agencies_cannot_be_written_through_the_api(commune_client, world):
    assert commune_client.post("/api/v1/agencies/", {"code": "X"}).status_code == 405
    assert commune_client.patch(f"/api/v1/agencies/{world.police.pk}/", {"name": "X"}).status_code == 405


def test_the_list_costs_the_same_queries_however_many_agencies_it_shows(
    commune_client, world, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as few:
        assert len(codes(commune_client.get("/api/v1/agencies/"))) == 3
    for unit in (world.district, world.other_district, world.commune, world.far_commune):
        for number in range(10):
            Agency.objects.create(code=f"X{number}", name=f"Cơ quan {number}", level=AgencyLevel.COMMUNE, unit=unit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(codes(commune_client.get("/api/v1/agencies/"))) == 43


def test_the_schema_documents_the_on_filter(commune_client, world):
    schema = commune_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "on" in {p["name"] for p in schema["paths"]["/api/v1/agencies/"]["get"]["parameters"]}
