from datetime import date
from decimal import Decimal

import pytest

from lanhmanh.indicators.manual import manual_value, manual_values
from lanhmanh.indicators.periods import calendar_quarter, calendar_year, reporting_year
from lanhmanh.plans.models import ManualValue, Measure


@pytest.fixture
def report(world, personas):
    """Record a hand-reported value of the healthy-communes measure (T4b)."""

    def report(value, period_end, *, unit=None, period_start=None, measure=None):
        return ManualValue.objects.create(
            measure=measure or world.manual_measure,
            unit=unit or world.province,
            period_start=period_start or date(period_end.year, 1, 1),
            period_end=period_end,
            value=Decimal(value),
            unit_of_measure="xã",
            source_note="Báo cáo của Sở LĐTBXH",
            entered_by=personas["coordinator"],
        )

    return report


def test_no_reported_value_means_no_data(world):
    assert manual_value(world.manual_measure, calendar_year(2019), world.province) is None


def test_a_value_counts_for_the_period_that_holds_its_end(world, report):
    reported = report(77, date(2019, 6, 30))
    result = manual_value(world.manual_measure, calendar_year(2019), world.province)
    assert result is not None
    assert result.value == Decimal(77)
    assert result.detail["manual_value_id"] == reported.pk
    assert result.detail["period_end"] == "2019-06-30"
    assert result.detail["source_note"] == "Báo cáo của Sở LĐTBXH"


def test_a_value_ending_after_the_period_does_not_count_for_it(world, report):
    report(77, date(2019, 12, 31))
    # The reporting year 2019 closes on 14 December.
    assert manual_value(world.manual_measure, reporting_year(2019), world.province) is None
    assert manual_value(world.manual_measure, calendar_quarter(2019, 3), world.province) is None


def test_a_value_starting_before_the_period_counts_when_it_ends_inside_it(world, report):
    report(76, date(2019, 12, 10), period_start=date(2018, 12, 15))
    result = manual_value(world.manual_measure, calendar_quarter(2019, 4), world.province)
    assert result is not None
    assert result.value == Decimal(76)


def test_the_value_whose_period_ends_last_wins_even_if_entered_earlier(world, report):
    report(78, date(2019, 6, 30))
    report(75, date(2019, 3, 31))  # a late first-quarter report
    result = manual_value(world.manual_measure, calendar_year(2019), world.province)
    assert result is not None
    assert result.value == Decimal(78)


def test_a_correction_for_the_same_period_replaces_the_earlier_value(world, report):
    report(77, date(2019, 6, 30))
    report(79, date(2019, 6, 30))
    result = manual_value(world.manual_measure, calendar_year(2019), world.province)
    assert result is not None
    assert result.value == Decimal(79)


def test_a_unit_sees_only_the_values_reported_for_itself(world, report):
    report(80, date(2019, 6, 30), unit=world.province)
    report(3, date(2019, 6, 30), unit=world.district)
    assert manual_value(world.manual_measure, calendar_year(2019), world.district).value == Decimal(3)
    assert manual_value(world.manual_measure, calendar_year(2019), world.province).value == Decimal(80)


def test_a_commune_does_not_inherit_the_provinces_value_nor_the_province_sum_its_communes(world, report):
    report(80, date(2019, 6, 30), unit=world.province)
    report(1, date(2019, 6, 30), unit=world.commune)
    report(1, date(2019, 6, 30), unit=world.sibling_commune)
    assert manual_value(world.manual_measure, calendar_year(2019), world.far_commune) is None
    assert manual_value(world.manual_measure, calendar_year(2019), world.province).value == Decimal(80)


def test_values_of_other_measures_are_not_mixed_in(world, report):
    other = Measure.objects.create(target=world.target, code="T4a", label="Tin bài", unit_of_measure="tháng")
    report(12, date(2019, 6, 30), measure=other)
    assert manual_value(world.manual_measure, calendar_year(2019), world.province) is None


def test_many_measures_are_read_in_one_query(world, report, django_assert_num_queries):
    other = Measure.objects.create(target=world.target, code="T4a", label="Tin bài", unit_of_measure="tháng")
    silent = Measure.objects.create(target=world.target, code="T4c", label="Chưa báo cáo", unit_of_measure="xã")
    report(77, date(2019, 6, 30))
    report(12, date(2019, 9, 30), measure=other)
    with django_assert_num_queries(1):
        results = manual_values([world.manual_measure, other, silent], calendar_year(2019), world.province)
    assert {measure_id: result.value for measure_id, result in results.items()} == {
        world.manual_measure.pk: Decimal(77),
        other.pk: Decimal(12),
    }


def test_no_measures_need_no_query(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert manual_values([], calendar_year(2019), world.province) == {}
