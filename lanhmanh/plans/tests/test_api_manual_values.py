from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from lanhmanh.core.models import AuditEntry
from lanhmanh.plans import services
from lanhmanh.plans.models import ManualValue, Measure

NOT_COORDINATORS = [
    "admin",
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


def record(client, world, **fields):
    body = {
        "measure": world.manual_measure.id,
        "unit": world.province.id,
        "period_start": "2019-01-01",
        "period_end": "2019-06-30",
        "value": "76",
        "unit_of_measure": "xã",
        "source_note": "Báo cáo 6 tháng của UBND tỉnh",
        **fields,
    }
    return client.post("/api/v1/manual-values/", body, format="json")


def test_the_coordinator_records_a_value_with_its_source(world, personas):
    response = record(api(personas["coordinator"]), world)
    assert response.status_code == 201
    value = ManualValue.objects.get()
    assert response.json() == {
        "id": value.id,
        "measure": world.manual_measure.id,
        "measure_code": "T4b",
        "unit": {"id": world.province.id, "code": "99", "name": "Tỉnh Thử"},
        "period_start": "2019-01-01",
        "period_end": "2019-06-30",
        "value": "76.00",
        "unit_of_measure": "xã",
        "source_note": "Báo cáo 6 tháng của UBND tỉnh",
        "entered_by": "coordinator",
        "entered_at": response.json()["entered_at"],
    }
    assert AuditEntry.objects.filter(verb="plans.manual_value.recorded").exists()


@pytest.mark.parametrize("role", NOT_COORDINATORS)
def test_nobody_but_the_coordinator_records_values(world, personas, role):
    assert record(api(personas[role]), world).status_code == 403
    assert not ManualValue.objects.exists()


def test_a_measure_computed_from_records_takes_no_manual_value(world, personas):
    computed = Measure.objects.create(
        target=world.target, code="T4a", label="Tin bài", indicator_code="media_months_share", unit_of_measure="%"
    )
    response = record(api(personas["coordinator"]), world, measure=computed.id)
    assert response.status_code == 400
    assert list(response.json()) == ["measure"]


def test_the_services_rules_come_back_field_by_field(world, personas):
    response = record(
        api(personas["coordinator"]), world, period_start="2019-07-01", source_note=" ", unit_of_measure=""
    )
    assert response.status_code == 400
    assert response.json() == {
        "period_end": ["Ngày kết thúc kỳ phải sau ngày bắt đầu."],
        "source_note": ["Cần ghi nguồn số liệu."],
        "unit_of_measure": ["Cần ghi đơn vị tính."],
    }


def test_an_unknown_unit_or_measure_is_refused(world, personas):
    client = api(personas["coordinator"])
    response = record(client, world, unit=999999)
    assert response.status_code == 400
    assert response.json() == {"unit": ["Không có địa bàn mã số 999999."]}
    assert record(client, world, measure=999999).status_code == 404


def test_values_are_listed_by_measure_within_the_scope(world, personas):
    for unit in (world.province, world.commune, world.sibling_commune):
        services.manual_value_record(
            measure=world.manual_measure,
            actor=personas["coordinator"],
            unit=unit,
            period_start=date(2019, 1, 1),
            period_end=date(2019, 12, 31),
            value=Decimal(1),
            unit_of_measure="xã",
            source_note="Báo cáo năm",
        )
    client = api(personas["commune_officer"])
    response = client.get(f"/api/v1/manual-values/?measure={world.manual_measure.id}")
    assert response.status_code == 200
    # The commune's own value and the province's above it; never the commune next door.
    assert sorted(v["unit"]["name"] for v in response.json()["results"]) == ["Tỉnh Thử", "Xã An"]
    assert client.get("/api/v1/manual-values/?measure=999999").json()["count"] == 0
    sibling_value = ManualValue.objects.get(unit=world.sibling_commune)
    assert client.get(f"/api/v1/manual-values/{sibling_value.id}/").status_code == 404
    assert api(personas["sibling_commune"]).get(f"/api/v1/manual-values/{sibling_value.id}/").status_code == 200


def test_the_number_of_queries_of_the_value_list_does_not_grow(world, personas, django_assert_num_queries):
    client = api(personas["coordinator"])
    record(client, world)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/manual-values/")
    expected = len(few)  # read now: every request clears Django's query log
    for unit in (world.district, world.commune, world.far_commune) * 3:
        record(client, world, unit=unit.id)
    with django_assert_num_queries(expected):
        assert client.get("/api/v1/manual-values/").json()["count"] == 10
