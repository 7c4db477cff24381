import itertools
from datetime import date
from decimal import Decimal

import pytest

from lanhmanh.indicators.periods import (
    Basis,
    PeriodKind,
    calendar_half,
    calendar_month,
    calendar_nine_months,
    calendar_period_containing,
    calendar_quarter,
    calendar_year,
    elapsed_fraction,
    make_period,
    parse_period,
    reporting_half,
    reporting_month,
    reporting_nine_months,
    reporting_period_containing,
    reporting_quarter,
    reporting_year,
)

# Calendar constructors ------------------------------------------------------------------------


def test_a_calendar_month_runs_from_the_first_to_the_last_day():
    may = calendar_month(2019, 5)
    assert (may.start, may.end) == (date(2019, 5, 1), date(2019, 5, 31))
    assert may.kind == PeriodKind.MONTH
    assert may.basis == Basis.CALENDAR
    assert may.label == "Tháng 5/2019"


def test_calendar_february_has_29_days_in_2020_and_28_in_2019():
    assert calendar_month(2020, 2).end == date(2020, 2, 29)
    assert calendar_month(2019, 2).end == date(2019, 2, 28)


def test_calendar_december_ends_on_new_years_eve():
    assert calendar_month(2019, 12).end == date(2019, 12, 31)


def test_a_calendar_quarter_is_three_whole_months_labelled_in_roman_numerals():
    second = calendar_quarter(2019, 2)
    assert (second.start, second.end) == (date(2019, 4, 1), date(2019, 6, 30))
    assert second.label == "Quý II/2019"
    assert calendar_quarter(2019, 4).label == "Quý IV/2019"
    assert calendar_quarter(2019, 4).end == date(2019, 12, 31)


def test_calendar_halves_split_the_year_at_the_end_of_june():
    first, second = calendar_half(2019, 1), calendar_half(2019, 2)
    assert (first.start, first.end, first.label) == (date(2019, 1, 1), date(2019, 6, 30), "6 tháng đầu năm 2019")
    assert (second.start, second.end, second.label) == (date(2019, 7, 1), date(2019, 12, 31), "6 tháng cuối năm 2019")


def test_calendar_nine_months_run_from_january_to_september():
    nine = calendar_nine_months(2019)
    assert (nine.start, nine.end, nine.label) == (date(2019, 1, 1), date(2019, 9, 30), "9 tháng đầu năm 2019")


def test_a_calendar_year_is_january_to_december():
    year = calendar_year(2019)
    assert (year.start, year.end, year.label) == (date(2019, 1, 1), date(2019, 12, 31), "Năm 2019")


# Reporting constructors (decree 09/2019) ------------------------------------------------------


def test_a_reporting_month_runs_from_the_15th_of_the_previous_month_to_the_14th():
    may = reporting_month(2019, 5)
    assert (may.start, may.end) == (date(2019, 4, 15), date(2019, 5, 14))
    assert may.basis == Basis.REPORTING
    assert may.label == "Tháng 5/2019 (kỳ báo cáo 15/04/2019 - 14/05/2019)"


def test_reporting_january_starts_on_15_december_of_the_previous_year():
    january = reporting_month(2020, 1)
    assert (january.start, january.end) == (date(2019, 12, 15), date(2020, 1, 14))


def test_reporting_march_is_15_february_to_14_march_in_leap_and_common_years():
    assert (reporting_month(2020, 3).start, reporting_month(2020, 3).end) == (date(2020, 2, 15), date(2020, 3, 14))
    assert (reporting_month(2019, 3).start, reporting_month(2019, 3).end) == (date(2019, 2, 15), date(2019, 3, 14))
    assert reporting_month(2020, 3).days == 29
    assert reporting_month(2019, 3).days == 28


def test_reporting_quarters_run_from_the_15th_before_the_quarter_to_the_14th_of_its_last_month():
    expected = {
        1: (date(2018, 12, 15), date(2019, 3, 14)),
        2: (date(2019, 3, 15), date(2019, 6, 14)),
        3: (date(2019, 6, 15), date(2019, 9, 14)),
        4: (date(2019, 9, 15), date(2019, 12, 14)),
    }
    for quarter, dates in expected.items():
        period = reporting_quarter(2019, quarter)
        assert (period.start, period.end) == dates
    assert reporting_quarter(2019, 1).label == "Quý I/2019 (kỳ báo cáo 15/12/2018 - 14/03/2019)"


def test_reporting_halves_are_15_december_to_14_june_and_15_june_to_14_december():
    first, second = reporting_half(2019, 1), reporting_half(2019, 2)
    assert (first.start, first.end) == (date(2018, 12, 15), date(2019, 6, 14))
    assert (second.start, second.end) == (date(2019, 6, 15), date(2019, 12, 14))
    assert first.label == "6 tháng đầu năm 2019 (kỳ báo cáo 15/12/2018 - 14/06/2019)"


def test_reporting_nine_months_are_15_december_to_14_september():
    nine = reporting_nine_months(2019)
    assert (nine.start, nine.end) == (date(2018, 12, 15), date(2019, 9, 14))


def test_the_reporting_year_is_15_december_of_the_year_before_to_14_december():
    year = reporting_year(2019)
    assert (year.start, year.end) == (date(2018, 12, 15), date(2019, 12, 14))
    assert year.label == "Năm 2019 (kỳ báo cáo 15/12/2018 - 14/12/2019)"


def test_consecutive_reporting_months_leave_no_gap_and_no_overlap():
    months = [reporting_month(2019, m) for m in range(1, 13)] + [reporting_month(2020, 1)]
    for earlier, later in itertools.pairwise(months):
        assert (later.start - earlier.end).days == 1
    assert sum(month.days for month in months[:12]) == reporting_year(2019).days == 365


def test_a_constructor_refuses_a_month_quarter_or_half_out_of_range():
    with pytest.raises(ValueError, match="Tháng"):
        calendar_month(2019, 13)
    with pytest.raises(ValueError, match="Quý"):
        reporting_quarter(2019, 0)
    with pytest.raises(ValueError, match="Nửa năm"):
        calendar_half(2019, 3)


def test_make_period_builds_any_kind_on_either_basis():
    assert make_period("quarter", 2019, 2, basis="reporting") == reporting_quarter(2019, 2)
    assert make_period(PeriodKind.YEAR, 2019, basis=Basis.CALENDAR) == calendar_year(2019)
    with pytest.raises(ValueError):
        make_period(PeriodKind.MONTH, 2019, basis=Basis.CALENDAR)


# Which period holds a day --------------------------------------------------------------------


def test_15_december_belongs_to_the_next_reporting_year_and_14_december_to_this_one():
    assert reporting_period_containing(date(2019, 12, 15), PeriodKind.YEAR) == reporting_year(2020)
    assert reporting_period_containing(date(2019, 12, 14), PeriodKind.YEAR) == reporting_year(2019)


def test_15_december_opens_reporting_january_first_quarter_and_first_half_of_the_next_year():
    day = date(2019, 12, 15)
    assert reporting_period_containing(day, "month") == reporting_month(2020, 1)
    assert reporting_period_containing(day, "quarter") == reporting_quarter(2020, 1)
    assert reporting_period_containing(day, "half") == reporting_half(2020, 1)
    assert reporting_period_containing(day, "nine_months") == reporting_nine_months(2020)


def test_the_14th_closes_a_reporting_month_and_the_15th_opens_the_next():
    assert reporting_period_containing(date(2019, 5, 14), "month") == reporting_month(2019, 5)
    assert reporting_period_containing(date(2019, 5, 15), "month") == reporting_month(2019, 6)
    assert reporting_period_containing(date(2019, 6, 14), "half") == reporting_half(2019, 1)
    assert reporting_period_containing(date(2019, 6, 15), "half") == reporting_half(2019, 2)
    assert reporting_period_containing(date(2019, 3, 14), "quarter") == reporting_quarter(2019, 1)
    assert reporting_period_containing(date(2019, 3, 15), "quarter") == reporting_quarter(2019, 2)


def test_29_february_2020_is_in_reporting_march_and_calendar_february():
    leap_day = date(2020, 2, 29)
    assert reporting_period_containing(leap_day, "month") == reporting_month(2020, 3)
    assert calendar_period_containing(leap_day, "month") == calendar_month(2020, 2)


def test_28_february_2019_is_in_reporting_march_and_calendar_february():
    last_day = date(2019, 2, 28)
    assert reporting_period_containing(last_day, "month") == reporting_month(2019, 3)
    assert calendar_period_containing(last_day, "month") == calendar_month(2019, 2)


def test_calendar_periods_change_at_the_turn_of_the_year_not_in_december():
    assert calendar_period_containing(date(2019, 12, 31), "year") == calendar_year(2019)
    assert calendar_period_containing(date(2020, 1, 1), "year") == calendar_year(2020)
    assert calendar_period_containing(date(2019, 12, 15), "quarter") == calendar_quarter(2019, 4)
    assert calendar_period_containing(date(2019, 7, 1), "half") == calendar_half(2019, 2)
    assert calendar_period_containing(date(2019, 9, 30), "nine_months") == calendar_nine_months(2019)


def test_a_day_of_the_last_quarter_lies_in_no_nine_month_period():
    with pytest.raises(ValueError, match="9 tháng"):
        calendar_period_containing(date(2019, 10, 1), "nine_months")
    with pytest.raises(ValueError, match="9 tháng"):
        reporting_period_containing(date(2019, 9, 15), "nine_months")


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        calendar_period_containing(date(2019, 1, 1), "week")


# Keys ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "2019",
        "2019-9M",
        "2019-H1",
        "2019-H2",
        "2019-Q1",
        "2019-Q4",
        "2019-01",
        "2019-12",
        "r:2019",
        "r:2019-9M",
        "r:2019-H2",
        "r:2019-Q1",
        "r:2020-03",
    ],
)
def test_a_key_parses_to_a_period_that_writes_the_same_key(key):
    assert parse_period(key).key == key


def test_every_constructor_round_trips_through_its_key():
    periods = [
        calendar_month(2020, 2),
        calendar_quarter(2019, 3),
        calendar_half(2019, 2),
        calendar_nine_months(2019),
        calendar_year(2019),
        reporting_month(2020, 1),
        reporting_quarter(2019, 1),
        reporting_half(2019, 1),
        reporting_nine_months(2019),
        reporting_year(2019),
    ]
    for period in periods:
        assert parse_period(period.key) == period


def test_the_r_prefix_selects_the_reporting_basis():
    assert parse_period("r:2019-Q1") == reporting_quarter(2019, 1)
    assert parse_period("2019-Q1") == calendar_quarter(2019, 1)
    assert parse_period("2019-05") == calendar_month(2019, 5)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "19",
        "2019-Q5",
        "2019-Q0",
        "2019-H3",
        "2019-13",
        "2019-00",
        "2019-5",
        "2019-q2",
        "R:2019",
        "x:2019",
        "2019-6M",
        " 2019",
    ],
)
def test_a_malformed_key_is_refused_with_the_accepted_forms(text):
    with pytest.raises(ValueError, match=r"không hợp lệ.*2019-Q1"):
        parse_period(text)


# Elapsed time --------------------------------------------------------------------------------


def test_no_time_has_elapsed_before_a_period_and_all_of_it_from_its_last_day():
    year = calendar_year(2019)
    assert elapsed_fraction(year, date(2018, 12, 31)) == 0
    assert elapsed_fraction(year, date(2019, 12, 31)) == 1
    assert elapsed_fraction(year, date(2020, 3, 1)) == 1


def test_the_elapsed_fraction_counts_today_as_passed():
    year = calendar_year(2019)
    assert elapsed_fraction(year, date(2019, 1, 1)) == Decimal(1) / Decimal(365)
    # 1 Jan - 2 Jul 2019 is 183 days.
    assert elapsed_fraction(year, date(2019, 7, 2)) == Decimal(183) / Decimal(365)


def test_the_elapsed_fraction_of_a_reporting_year_starts_on_15_december():
    assert elapsed_fraction(reporting_year(2019), date(2018, 12, 14)) == 0
    assert elapsed_fraction(reporting_year(2019), date(2018, 12, 15)) == Decimal(1) / Decimal(365)
