from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from lanhmanh.core.models import AuditEntry
from lanhmanh.core.testing import make_unit
from lanhmanh.places.models import Level
from lanhmanh.plans.models import Measure, Plan, Target

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


def patch(client, measure, **body):
    return client.patch(f"/api/v1/measures/{measure.id}/", body, format="json")


def test_the_coordinator_changes_baseline_and_target_and_it_is_audited(world, personas):
    measure = world.manual_measure
    response = patch(api(personas["coordinator"]), measure, baseline="70", target_value="85.5", version=1)
    assert response.status_code == 200
    body = response.json()
    assert (body["baseline"], body["target_value"], body["version"]) == ("70.00", "85.50", 2)
    measure.refresh_from_db()
    assert (measure.baseline, measure.target_value) == (Decimal(70), Decimal("85.5"))
    assert AuditEntry.objects.filter(verb="plans.measure.updated", actor=personas["coordinator"]).exists()


def test_a_target_may_be_cleared_with_null(world, personas):
    response = patch(api(personas["coordinator"]), world.manual_measure, baseline=None, target_value=None, version=1)
    assert response.status_code == 200
    assert Measure.objects.get(pk=world.manual_measure.pk).target_value is None


@pytest.mark.parametrize("role", NOT_COORDINATORS)
def test_nobody_but_the_coordinator_may_change_a_measure(world, personas, role):
    response = patch(api(personas[role]), world.manual_measure, baseline="1", target_value="2", version=1)
    assert response.status_code == 403
    assert Measure.objects.get(pk=world.manual_measure.pk).version == 1


def test_a_stale_version_answers_409_and_changes_nothing(world, personas):
    client = api(personas["coordinator"])
    patch(client, world.manual_measure, baseline="70", target_value="80", version=1)
    response = patch(client, world.manual_measure, baseline="60", target_value="90", version=1)
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert Measure.objects.get(pk=world.manual_measure.pk).baseline == Decimal(70)


def test_version_and_both_values_are_required_and_must_be_numbers(world, personas):
    response = patch(api(personas["coordinator"]), world.manual_measure, baseline="bảy mươi")
    assert response.status_code == 400
    assert response.json() == {
        "baseline": ["Cần một số, ví dụ 1234.5 (dấu chấm thập phân)."],
        "target_value": ["Cần nhập trường này."],
        "version": ["Cần nhập trường này."],
    }


def test_a_measure_that_does_not_exist_answers_404(world, personas):
    response = api(personas["coordinator"]).patch("/api/v1/measures/999999/", {}, format="json")
    assert response.status_code == 404


def test_a_measure_of_another_provinces_plan_answers_404(world, personas):
    province = make_unit("Tỉnh Khác", "98", Level.PROVINCE)
    plan = Plan.objects.create(
        code="khac-2019",
        number="2/KH-UBND",
        title="Kế hoạch tỉnh khác",
        issuer="UBND tỉnh Khác",
        issued_on=date(2019, 3, 1),
        period_start=date(2019, 1, 1),
        period_end=date(2019, 12, 31),
        unit=province,
        lead_agency=world.lead,
    )
    target = Target.objects.create(plan=plan, code="T1", text="Khác")
    measure = Measure.objects.create(target=target, code="T1a", label="Khác", unit_of_measure="%")
    response = patch(api(personas["coordinator"]), measure, baseline="1", target_value="2", version=1)
    assert response.status_code == 404
