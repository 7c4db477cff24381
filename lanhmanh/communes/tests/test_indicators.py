"""healthy_communes (T4b): commune-level units recognised healthy by a decision signed in the
period, with the share of the subtree's communes and the year before's count."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lanhmanh.accounts.models import Role
from lanhmanh.communes import services
from lanhmanh.communes.indicators import healthy_communes
from lanhmanh.communes.tests.helpers import FULL, approved
from lanhmanh.core.testing import make_unit, make_user
from lanhmanh.indicators.periods import Basis, make_period
from lanhmanh.indicators.registry import get
from lanhmanh.places.models import AdministrativeUnit, Level


def compute(period, unit):
    return healthy_communes(period, unit)


def recognise(personas, assessments, signed_on):
    services.recognition_record(
        actor=personas["coordinator"], number="QĐ", signed_on=signed_on, issuer="UBND", assessments=assessments
    )


@pytest.fixture
def two_years(world, personas, scheme):
    """2018 (decision 10/12/2018): Xã An and Xã Bình healthy, Xã Cư Loại 2.
    2019 (decision 20/12/2019): all three healthy; Xã Cư's decision for 2019 only in January 2020."""
    officer, sibling, reviewer = personas["commune_officer"], personas["sibling_commune"], personas["district_officer"]
    far = make_user("far", Role.COMMUNE_OFFICER, world.district_committees, world.far_commune)
    knocked = {**FULL, "III.2": Decimal(0)}
    recognise(
        personas,
        [
            approved(world.commune, officer, reviewer, 2018),
            approved(world.sibling_commune, sibling, reviewer, 2018),
            approved(world.far_commune, far, reviewer, 2018, knocked),
        ],
        date(2018, 12, 10),
    )
    recognise(
        personas,
        [approved(world.commune, officer, reviewer, 2019), approved(world.sibling_commune, sibling, reviewer, 2019)],
        date(2019, 12, 20),
    )
    recognise(personas, [approved(world.far_commune, far, reviewer, 2019)], date(2020, 1, 15))


def year(number, basis=Basis.CALENDAR):
    return make_period("year", number, basis=basis)


def test_it_counts_communes_recognised_healthy_by_a_decision_signed_in_the_period(two_years, world):
    result = compute(year(2019), world.province)
    assert (result.value, result.numerator, result.denominator) == (2, 2, 3)
    assert result.detail == {"share": "66.67", "baseline_year": 2018, "baseline_count": 2}
    assert result.missing_unit_ids == [world.far_commune.pk]


def test_the_year_before_is_the_baseline(two_years, world):
    result = compute(year(2020), world.province)
    assert (result.value, result.detail["baseline_count"], result.detail["baseline_year"]) == (1, 2, 2019)
    assert compute(year(2018), world.province).detail["baseline_count"] is None  # no decision in 2017


def test_a_class_the_scheme_does_not_count_as_healthy_is_not_counted(two_years, world):
    assert compute(year(2018), world.province).value == 2


def test_a_district_counts_its_own_communes_and_a_commune_itself(two_years, world):
    district = compute(year(2019), world.district)
    assert (district.value, district.denominator, district.missing_unit_ids) == (2, 2, [])
    assert compute(year(2019), world.other_district).value == 0
    commune = compute(year(2019), world.commune)
    assert (commune.value, commune.denominator, commune.detail["share"]) == (1, 1, "100.00")


def test_the_reporting_year_has_its_own_cut_off(two_years, world):
    # Decree 09/2019: reporting year 2019 ends 14/12/2019, so the 20/12/2019 decision is 2020's.
    assert compute(year(2019, Basis.REPORTING), world.province).value == 0
    assert compute(year(2020, Basis.REPORTING), world.province).value == 3


def test_a_period_without_a_decision_counts_zero_and_a_subtree_without_communes_has_no_data(two_years, world):
    assert compute(make_period("quarter", 2019, 2, basis=Basis.CALENDAR), world.province).value == 0
    empty = make_unit("Huyện Trống", "993", Level.DISTRICT, world.province)
    assert compute(year(2019), empty) is None


def test_communes_that_ended_before_the_period_are_not_counted(two_years, world):
    AdministrativeUnit.objects.filter(pk=world.far_commune.pk).update(valid_to=date(2019, 6, 30))
    assert compute(year(2019), world.province).denominator == 2


def test_the_queries_do_not_grow_with_the_number_of_communes(two_years, world, personas):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            compute(year(2019), world.province)
        return len(queries)

    few = count()
    for index in range(5):
        make_unit(f"Xã Thêm {index}", f"9939{index}", Level.COMMUNE, world.other_district)
    assert count() == few


def test_the_registry_answers_healthy_communes_with_this_function():
    entry = get("healthy_communes")
    assert entry.function is healthy_communes and not entry.pending
    assert entry.unit_of_measure == "xã"
