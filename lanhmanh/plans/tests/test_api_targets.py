from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from lanhmanh.plans import services
from lanhmanh.plans.models import Measure, Target


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def report(world, personas, value, unit=None):
    services.manual_value_record(
        measure=world.manual_measure,
        actor=personas["coordinator"],
        unit=unit or world.province,
        period_start=date(2019, 1, 1),
        period_end=date(2019, 6, 30),
        value=Decimal(value),
        unit_of_measure="xã",
        source_note="Báo cáo 6 tháng",
    )


def test_targets_list_each_measure_with_its_current_value_for_the_plans_year(world, personas):
    report(world, personas, 78)
    response = api(personas["coordinator"]).get(f"/api/v1/targets/?plan={world.plan.id}")
    assert response.status_code == 200
    [target] = response.json()["results"]
    assert (target["code"], target["text"]) == ("T4", "Lành mạnh")
    assert target["period"] == {
        "key": "2019",
        "label": "Năm 2019",
        "start": "2019-01-01",
        "end": "2019-12-31",
        "basis": "calendar",
    }
    assert target["unit"] == {"id": world.province.id, "code": "99", "name": "Tỉnh Thử"}
    assert target["measures"] == [
        {
            "id": world.manual_measure.id,
            "code": "T4b",
            "label": "Số xã lành mạnh",
            "indicator_code": "manual",
            "baseline": "74.00",
            "target_value": "80.00",
            "unit_of_measure": "xã",
            "direction": "increase",
            "frequency": "yearly",
            "version": 1,
            # A year that is over with two thirds of the way covered: at risk.
            "current": {"value": "78.00", "percent_of_target": 66, "status": "at_risk"},
        }
    ]


def test_the_period_can_be_chosen_and_a_period_without_data_shows_no_data(world, personas):
    report(world, personas, 80)
    client = api(personas["coordinator"])
    [h1] = client.get(f"/api/v1/targets/?plan={world.plan.id}&period=2019-H1").json()["results"]
    [q4] = client.get(f"/api/v1/targets/?plan={world.plan.id}&period=2019-Q4").json()["results"]
    assert h1["measures"][0]["current"] == {"value": "80.00", "percent_of_target": 100, "status": "reached"}
    assert q4["period"]["key"] == "2019-Q4"
    assert q4["measures"][0]["current"] == {"value": None, "percent_of_target": None, "status": "no_data"}


def test_a_commune_officer_sees_their_communes_figures_by_default(world, personas):
    report(world, personas, 78)  # the province's figure does not count for the commune
    report(world, personas, 5, unit=world.commune)
    [target] = api(personas["commune_officer"]).get(f"/api/v1/targets/?plan={world.plan.id}").json()["results"]
    assert target["unit"]["id"] == world.commune.id
    assert target["measures"][0]["current"]["value"] == "5.00"


def test_the_coordinator_may_look_at_one_commune(world, personas):
    report(world, personas, 5, unit=world.far_commune)
    response = api(personas["coordinator"]).get(f"/api/v1/targets/?plan={world.plan.id}&unit={world.far_commune.id}")
    assert response.json()["results"][0]["measures"][0]["current"]["value"] == "5.00"


@pytest.mark.parametrize("unit", ["far_commune", "sibling_commune", "province"])
def test_a_unit_outside_the_users_scope_answers_404(world, personas, unit):
    unit_id = getattr(world, unit).id
    response = api(personas["commune_officer"]).get(f"/api/v1/targets/?plan={world.plan.id}&unit={unit_id}")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "query, field",
    [("", "plan"), ("plan=abc", "plan"), ("plan={plan}&period=2019-Q5", "period"), ("plan={plan}&unit=x", "unit")],
)
def test_bad_parameters_answer_400_naming_the_parameter(world, personas, query, field):
    response = api(personas["viewer"]).get("/api/v1/targets/?" + query.format(plan=world.plan.id))
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_a_plan_outside_the_scope_answers_404(world, personas):
    assert api(personas["viewer"]).get("/api/v1/targets/?plan=999999").status_code == 404


def test_the_number_of_queries_does_not_grow_with_targets_and_measures(world, personas, django_assert_num_queries):
    client = api(personas["coordinator"])
    url = f"/api/v1/targets/?plan={world.plan.id}"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(3):
        target = Target.objects.create(plan=world.plan, code=f"T{n + 5}", text="Khác", order=n + 5)
        for code in ("a", "b"):
            Measure.objects.create(target=target, code=f"T{n + 5}{code}", label="Chỉ tiêu", unit_of_measure="%")
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert response.json()["count"] == 4
