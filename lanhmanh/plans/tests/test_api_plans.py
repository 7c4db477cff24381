from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from lanhmanh.accounts.models import Agency, AgencyLevel
from lanhmanh.core.testing import make_unit
from lanhmanh.places.models import Level
from lanhmanh.plans.models import Plan

EVERYONE = [
    "admin",
    "coordinator",
    "agency_officer",
    "district_officer",
    "commune_officer",
    "inspector",
    "case_worker",
    "viewer",
    "sibling_commune",
]


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def other_province_plan():
    province = make_unit("Tỉnh Khác", "98", Level.PROVINCE)
    lead = Agency.objects.create(code="LDTBXH", name="Sở khác", level=AgencyLevel.PROVINCE, unit=province)
    return Plan.objects.create(
        code="khac-2019",
        number="2/KH-UBND",
        title="Kế hoạch tỉnh khác",
        issuer="UBND tỉnh Khác",
        issued_on=date(2019, 3, 1),
        period_start=date(2019, 1, 1),
        period_end=date(2019, 12, 31),
        unit=province,
        lead_agency=lead,
    )


@pytest.mark.parametrize("role", EVERYONE)
def test_everyone_in_the_province_lists_its_plan_and_no_other(world, personas, role):
    other_province_plan()
    response = api(personas[role]).get("/api/v1/plans/")
    assert response.status_code == 200
    assert [p["code"] for p in response.json()["results"]] == ["thu-2019"]


def test_a_plan_shows_its_header_with_unit_and_lead_agency_codes(world, personas):
    world.plan.content = {"purposes": ["Ngăn chặn tệ nạn"]}
    world.plan.save(update_fields=["content"])
    response = api(personas["viewer"]).get(f"/api/v1/plans/{world.plan.id}/")
    assert response.status_code == 200
    assert response.json() == {
        "id": world.plan.id,
        "code": "thu-2019",
        "number": "1/KH-UBND",
        "title": "Kế hoạch thử",
        "issuer": "UBND tỉnh Thử",
        "issued_on": "2019-05-07",
        "period_start": "2019-01-01",
        "period_end": "2019-12-31",
        "unit": {"id": world.province.id, "code": "99", "name": "Tỉnh Thử"},
        "lead_agency": "LDTBXH",
        "content": {"purposes": ["Ngăn chặn tệ nạn"]},
    }


@pytest.mark.parametrize("role", EVERYONE)
def test_another_provinces_plan_answers_404(world, personas, role):
    plan = other_province_plan()
    assert api(personas[role]).get(f"/api/v1/plans/{plan.id}/").status_code == 404


def test_an_id_that_is_not_a_number_answers_404(world, personas):
    assert api(personas["coordinator"]).get("/api/v1/plans/abc/").status_code == 404


def test_the_plan_list_is_paginated_with_limit_and_offset(world, personas):
    response = api(personas["coordinator"]).get("/api/v1/plans/?limit=1&offset=0")
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1 and body["next"] is None


def test_plans_cannot_be_changed_through_the_api(world, personas):
    client = api(personas["coordinator"])
    assert client.post("/api/v1/plans/", {}, format="json").status_code == 405
    assert client.delete(f"/api/v1/plans/{world.plan.id}/").status_code == 405


def test_the_number_of_queries_of_the_plan_list_does_not_grow(world, personas, django_assert_num_queries):
    client = api(personas["coordinator"])
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/plans/")
    for year in (2020, 2021, 2022):
        Plan.objects.create(
            code=f"thu-{year}",
            number=f"{year}/KH-UBND",
            title="Kế hoạch năm sau",
            issuer="UBND tỉnh Thử",
            issued_on=date(year, 1, 15),
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            unit=world.province,
            lead_agency=world.police,
        )
    with django_assert_num_queries(len(few)):
        assert client.get("/api/v1/plans/").json()["count"] == 4
