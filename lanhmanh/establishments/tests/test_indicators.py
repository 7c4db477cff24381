"""T5a, T5b and T2b: computed in the database, by period and subtree, in a constant number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lanhmanh.establishments import services
from lanhmanh.establishments.tests.records import commitment, establishment, flag, registration
from lanhmanh.indicators import registry
from lanhmanh.indicators.periods import Basis, PeriodKind, calendar_year, make_period


def compute(code, period, unit):
    return registry.get(code).compute(period, unit)


def test_commitment_share_counts_operating_establishments_with_a_commitment_valid_at_the_end(world, personas):
    officer, sibling = personas["commune_officer"], personas["sibling_commune"]
    valid = establishment(officer, world.commune, "A")
    commitment(officer, valid, date(2019, 1, 10), None)
    expired = establishment(officer, world.commune, "B")
    commitment(officer, expired, date(2018, 1, 1), date(2019, 6, 30))
    establishment(officer, world.commune, "C")  # none
    future = establishment(sibling, world.sibling_commune, "D")
    commitment(sibling, future, date(2020, 1, 5), None)
    closed = establishment(officer, world.commune, "E")
    services.establishment_set_status(
        establishment=closed, actor=officer, status="closed", since=date(2019, 3, 1), expected_version=1
    )
    suspended = establishment(officer, world.commune, "F")
    services.establishment_set_status(
        establishment=suspended, actor=officer, status="suspended", since=date(2019, 11, 1), expected_version=1
    )
    establishment(officer, world.commune, "G", opened_on=date(2020, 3, 1))  # not yet open in 2019
    result = compute("establishment_commitment_share", calendar_year(2019), world.district)
    assert (result.numerator, result.denominator, result.value) == (1, 4, Decimal("25.00"))
    assert result.missing_unit_ids == sorted([world.commune.pk, world.sibling_commune.pk])
    first_half = compute(
        "establishment_commitment_share", make_period(PeriodKind.HALF, 2019, 1, basis=Basis.CALENDAR), world.commune
    )
    # On 30 June: A, B valid; C none; F still operating; E closed in March.
    assert (first_half.numerator, first_half.denominator) == (2, 4)


def test_labour_registration_share_counts_registrations_made_by_the_end(world, personas):
    officer = personas["commune_officer"]
    registration(officer, establishment(officer, world.commune, "A"), date(2019, 2, 1))
    registration(officer, establishment(officer, world.commune, "B"), date(2020, 2, 1))
    result = compute("establishment_labour_registration_share", calendar_year(2019), world.province)
    assert (result.numerator, result.denominator, result.value) == (1, 2, Decimal("50.00"))


def test_no_establishment_in_the_subtree_means_no_data(world, personas):
    establishment(personas["commune_officer"], world.commune)
    for code in (
        "establishment_commitment_share",
        "establishment_labour_registration_share",
        "establishments_with_signs",
    ):
        assert compute(code, calendar_year(2019), world.other_district) is None


def test_establishments_with_signs_counts_flags_current_at_the_period_end(world, personas):
    officer = personas["commune_officer"]
    current = establishment(officer, world.commune, "A")
    flag(officer, current, date(2019, 3, 1))
    flag(officer, current, date(2019, 4, 1))  # two flags, one establishment
    cleared = establishment(officer, world.commune, "B")
    services.flag_clear(
        flag=flag(officer, cleared, date(2019, 2, 1)),
        actor=officer,
        cleared_on=date(2019, 9, 1),
        reason="Đã chấn chỉnh",
    )
    late = establishment(officer, world.commune, "C")
    flag(officer, late, date(2020, 1, 10))
    year = compute("establishments_with_signs", calendar_year(2019), world.province)
    assert (year.value, year.missing_unit_ids) == (Decimal(1), [world.commune.pk])
    first_half = compute(
        "establishments_with_signs", make_period(PeriodKind.HALF, 2019, 1, basis=Basis.CALENDAR), world.province
    )
    assert first_half.value == Decimal(2)
    assert compute("establishments_with_signs", calendar_year(2019), world.other_district) is None


def test_each_indicator_costs_the_same_queries_for_few_or_many_communes_and_establishments(world, personas):
    officer = personas["commune_officer"]
    codes = ("establishment_commitment_share", "establishment_labour_registration_share", "establishments_with_signs")

    def queries() -> list[int]:
        counts = []
        for code in codes:
            with CaptureQueriesContext(connection) as captured:
                compute(code, calendar_year(2019), world.province)
            counts.append(len(captured.captured_queries))
        return counts

    est = establishment(officer, world.commune, "A")
    flag(officer, est)
    small = queries()
    for i in range(10):
        more = establishment(
            personas["coordinator"], [world.commune, world.sibling_commune, world.far_commune][i % 3], f"N{i}"
        )
        commitment(personas["coordinator"], more)
        flag(personas["coordinator"], more)
    assert queries() == small
