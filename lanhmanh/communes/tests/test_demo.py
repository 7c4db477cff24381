"""The demo's healthy-commune records: Tây Ninh's 95 communes, 74 recognised healthy in 2018 and
77 in 2019, assessments at every step; deterministic and idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from lanhmanh.communes.demo import _kinds, _plan_2019, _values, populate
from lanhmanh.communes.indicators import healthy_communes
from lanhmanh.communes.models import AssessmentStatus, HealthyCommuneAssessment, RecognitionDecision
from lanhmanh.core.demo import seeded_faker
from lanhmanh.indicators.periods import Basis, make_period
from lanhmanh.places.models import AdministrativeUnit


@pytest.fixture
def tay_ninh(db, settings, tmp_path):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_units", "data/units/tay-ninh-2019.json", stdout=out)
    call_command("load_agencies", "data/agencies/tay-ninh.yaml", stdout=out)
    return AdministrativeUnit.objects.get(code="72", source="tay-ninh-2019")


def demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_the_demo_command_adds_two_years_of_assessments(tay_ninh):
    output = demo()
    assert "năm 2018: quyết định 2845/QĐ-UBND ngày 07/12/2018 công nhận 95 xã, 74 xã lành mạnh." in output
    assert "năm 2019: quyết định 3120/QĐ-UBND ngày 06/12/2019 công nhận 86 xã, 77 xã lành mạnh." in output
    statuses = set(HealthyCommuneAssessment.objects.filter(year=2019).values_list("status", flat=True))
    assert statuses == set(AssessmentStatus.values)
    own = HealthyCommuneAssessment.objects.get(commune__code="25486", year=2019)
    assert own.status == AssessmentStatus.RETURNED
    assert RecognitionDecision.objects.count() == 2

    year = make_period("year", 2019, basis=Basis.CALENDAR)
    result = healthy_communes(year, tay_ninh)
    assert (result.value, result.denominator, result.detail["baseline_count"]) == (77, 95, 74)

    # Some communes changed class: promotions and knock-outs.
    by_year = {
        (a.commune_id, a.year): a.reviewed_class.code
        for a in HealthyCommuneAssessment.objects.filter(status=AssessmentStatus.RECOGNISED).select_related(
            "reviewed_class"
        )
    }
    changed = {c for (c, y), k in by_year.items() if y == 2019 and (c, 2018) in by_year and by_year[(c, 2018)] != k}
    assert len(changed) >= 3

    again = demo()
    assert "đã có bản đánh giá 2018-2019, bỏ qua" in again


def test_the_same_seed_chooses_the_same_classes_and_steps(tay_ninh):
    communes = list(AdministrativeUnit.objects.filter(level="commune").order_by("path"))
    district = AdministrativeUnit.objects.get(code="705", level="district")

    def plan(seed):
        rng = seeded_faker(seed).random
        kinds = _kinds(communes, 74, rng)
        later = _plan_2019(communes, own=communes[0].pk, district=district, before=kinds, rng=rng)
        return kinds, later, [_values(kind, rng) for kind in kinds.values()]

    assert plan(2019) == plan(2019)
    assert plan(2019) != plan(7)


def test_without_the_demo_users_it_says_so(tay_ninh):
    assert "bỏ qua" in populate(seed=1) and not HealthyCommuneAssessment.objects.exists()
