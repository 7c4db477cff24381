"""The four indicators against counts worked out by hand on the test world:

Tỉnh Thử ── Huyện Một ── Xã An, Xã Bình
         └─ Huyện Hai ── Xã Cư
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lanhmanh.core.testing import make_unit
from lanhmanh.indicators import registry
from lanhmanh.indicators.periods import calendar_quarter, calendar_year, parse_period, reporting_year
from lanhmanh.outreach import indicators, services
from lanhmanh.places.models import Level

from .records import course, event, integrated_plan, media_item, official


def value(code, period, unit):
    result = registry.get(code).compute(period, unit)
    return None if result is None else (result.value, result.numerator, result.denominator, result.missing_unit_ids)


def queries_of(code, period, unit) -> int:
    with CaptureQueriesContext(connection) as captured:
        registry.get(code).compute(period, unit)
    return len(captured)


@pytest.fixture
def coordinator(personas):
    return personas["coordinator"]


# T1: outreach_commune_share -------------------------------------------------------------------------


def test_t1_counts_the_communes_with_an_event_in_the_period(world, coordinator):
    w = world
    event(w, coordinator, units=[w.commune], date=date(2019, 6, 1))
    event(w, coordinator, units=[w.far_commune], date=date(2019, 12, 14))
    year = calendar_year(2019)
    assert value("outreach_commune_share", year, w.province) == (
        Decimal("66.67"),
        2,
        3,
        [w.sibling_commune.pk],
    )
    assert value("outreach_commune_share", year, w.district) == (Decimal("50.00"), 1, 2, [w.sibling_commune.pk])
    assert value("outreach_commune_share", year, w.other_district) == (Decimal("100.00"), 1, 1, [])
    assert value("outreach_commune_share", year, w.sibling_commune) == (Decimal("0.00"), 0, 1, [w.sibling_commune.pk])


def test_t1_follows_the_decree_09_cut_off_on_the_14th(world, coordinator):
    w = world
    event(w, coordinator, units=[w.commune], date=date(2019, 12, 14))
    event(w, coordinator, units=[w.sibling_commune], date=date(2019, 12, 15))
    reporting_2019 = value("outreach_commune_share", reporting_year(2019), w.district)
    reporting_2020 = value("outreach_commune_share", reporting_year(2020), w.district)
    assert reporting_2019 == (Decimal("50.00"), 1, 2, [w.sibling_commune.pk])
    assert reporting_2020 == (Decimal("50.00"), 1, 2, [w.commune.pk])
    assert value("outreach_commune_share", calendar_year(2019), w.district)[:3] == (Decimal("100.00"), 2, 2)


def test_t1_is_zero_without_events_and_none_without_communes(world):
    assert value("outreach_commune_share", calendar_year(2019), world.province) == (
        Decimal("0.00"),
        0,
        3,
        [world.commune.pk, world.sibling_commune.pk, world.far_commune.pk],
    )
    empty_district = make_unit("Huyện Ba", "993", Level.DISTRICT, world.province)
    assert value("outreach_commune_share", calendar_year(2019), empty_district) is None


def test_t1_counts_communes_that_existed_during_the_period_only(world, coordinator):
    world.sibling_commune.valid_to = date(2018, 12, 31)
    world.sibling_commune.save()
    newer = make_unit("Phường Mới", "99103", Level.COMMUNE, world.district)
    newer.valid_from = date(2019, 7, 1)
    newer.save()
    event(world, coordinator, units=[newer], date=date(2019, 7, 2))
    assert value("outreach_commune_share", calendar_year(2019), world.district) == (
        Decimal("50.00"),
        1,
        2,
        [world.commune.pk],
    )
    assert value("outreach_commune_share", calendar_quarter(2019, 1), world.district)[2] == 1


def test_t1_an_event_in_two_communes_reaches_both_and_its_audience_counts_once(world, coordinator):
    w = world
    event(w, coordinator, units=[w.commune, w.sibling_commune], audience={"residents": 40, "students": 10})
    event(w, coordinator, units=[w.far_commune], audience={"residents": 5})
    event(w, coordinator, units=[w.commune], date=date(2020, 2, 1), audience={"owners": 99})
    result = registry.get("outreach_commune_share").compute(calendar_year(2019), w.district)
    assert result is not None
    assert (result.value, result.missing_unit_ids) == (Decimal("100.00"), [])
    assert result.detail["events"] == 1
    assert result.detail["audience"]["residents"] == 40
    assert result.detail["audience"]["owners"] == 0
    assert result.detail["people"] == 50
    province = registry.get("outreach_commune_share").compute(calendar_year(2019), w.province)
    assert (province.detail["events"], province.detail["people"]) == (2, 55)


def test_t1_runs_the_same_number_of_queries_for_three_or_thirty_communes(world, coordinator):
    year = calendar_year(2019)
    few = queries_of("outreach_commune_share", year, world.province)
    for index in range(27):
        commune = make_unit(f"Xã {index}", f"97{index:03d}", Level.COMMUNE, world.other_district)
        event(world, coordinator, units=[commune])
    assert queries_of("outreach_commune_share", year, world.province) == few == 3


# T3: trained_official_share -------------------------------------------------------------------------


def test_t3_counts_rostered_officials_who_completed_a_course_ending_in_the_period(world, coordinator):
    w = world
    an = official(w, coordinator, full_name="An", unit=w.commune)
    district = official(w, coordinator, full_name="Huyện", unit=w.district)
    official(w, coordinator, full_name="Đã nghỉ", unit=w.commune, end_date=date(2018, 12, 31))
    official(w, coordinator, full_name="Chưa đến", unit=w.commune, start_date=date(2020, 1, 1))
    far = official(w, coordinator, full_name="Cư", unit=w.far_commune, start_date=date(2017, 1, 1))
    this_year = course(w, coordinator, start_date=date(2019, 4, 10), end_date=date(2019, 4, 11))
    last_year = course(w, coordinator, start_date=date(2018, 4, 10), end_date=date(2018, 4, 11))
    services.participant_set(course=this_year, official=an, actor=coordinator, attended=True, completed=True)
    services.participant_set(course=this_year, official=district, actor=coordinator, attended=True, completed=False)
    services.participant_set(course=last_year, official=far, actor=coordinator, attended=True, completed=True)
    year = calendar_year(2019)
    assert value("trained_official_share", year, w.province) == (
        Decimal("33.33"),
        1,
        3,
        [w.district.pk, w.far_commune.pk],
    )
    assert value("trained_official_share", year, w.commune) == (Decimal("100.00"), 1, 1, [])
    assert value("trained_official_share", calendar_year(2018), w.other_district) == (Decimal("100.00"), 1, 1, [])
    result = registry.get("trained_official_share").compute(year, w.province)
    assert result.detail["untrained_official_ids"] == [district.pk, far.pk]


def test_t3_a_course_ending_on_15_december_counts_for_the_next_reporting_year(world, coordinator):
    person = official(world, coordinator)
    late = course(world, coordinator, start_date=date(2019, 12, 14), end_date=date(2019, 12, 15))
    services.participant_set(course=late, official=person, actor=coordinator, attended=True, completed=True)
    assert value("trained_official_share", reporting_year(2019), world.province)[:2] == (Decimal("0.00"), 0)
    assert value("trained_official_share", reporting_year(2020), world.province)[:2] == (Decimal("100.00"), 1)
    assert value("trained_official_share", calendar_year(2019), world.province)[:2] == (Decimal("100.00"), 1)


def test_t3_is_none_when_nobody_is_on_the_roster(world):
    assert value("trained_official_share", calendar_year(2019), world.province) is None


def test_t3_runs_one_query_however_long_the_roster(world, coordinator):
    official(world, coordinator)
    few = queries_of("trained_official_share", calendar_year(2019), world.province)
    for index in range(20):
        official(world, coordinator, full_name=f"Cán bộ {index}", unit=world.far_commune)
    assert queries_of("trained_official_share", calendar_year(2019), world.province) == few == 1


# T4a: media_months_share ----------------------------------------------------------------------------


@pytest.fixture
def today_is(monkeypatch):
    def move(day: date) -> None:
        monkeypatch.setattr(indicators, "today", lambda: day)

    return move


def test_t4a_counts_months_with_an_item_per_required_outlet(world, coordinator, today_is):
    today_is(date(2020, 1, 1))
    media_item(world, coordinator, outlet="bao_tn", date=date(2019, 1, 5))
    media_item(world, coordinator, outlet="bao_tn", date=date(2019, 1, 25))
    media_item(world, coordinator, outlet="bao_tn", date=date(2019, 2, 28))
    media_item(world, coordinator, outlet="ptth", date=date(2019, 1, 31))
    media_item(world, coordinator, outlet="other", outlet_name="Báo Lao Động", date=date(2019, 3, 1))
    result = registry.get("media_months_share").compute(calendar_quarter(2019, 1), world.province)
    assert (result.value, result.numerator, result.denominator) == (Decimal("50.00"), 3, 6)
    assert result.detail["missing"] == [
        {"month": "2019-02", "outlet": "ptth"},
        {"month": "2019-03", "outlet": "bao_tn"},
        {"month": "2019-03", "outlet": "ptth"},
    ]
    assert result.detail["months"][0] == {"key": "2019-01", "label": "Tháng 1/2019", "bao_tn": 2, "ptth": 1}
    assert result.missing_unit_ids == []


def test_t4a_counts_only_the_months_that_have_ended(world, coordinator, today_is):
    media_item(world, coordinator, outlet="bao_tn", date=date(2019, 1, 5))
    media_item(world, coordinator, outlet="ptth", date=date(2019, 1, 6))
    today_is(date(2019, 2, 10))
    assert value("media_months_share", calendar_year(2019), world.province)[:3] == (Decimal("100.00"), 2, 2)
    today_is(date(2019, 1, 31))
    assert value("media_months_share", calendar_year(2019), world.province)[:3] == (Decimal("100.00"), 2, 2)
    today_is(date(2019, 1, 30))
    assert value("media_months_share", calendar_year(2019), world.province) is None


def test_t4a_on_the_reporting_basis_an_item_of_the_15th_belongs_to_the_next_month(world, coordinator, today_is):
    today_is(date(2020, 1, 1))
    media_item(world, coordinator, outlet="bao_tn", date=date(2019, 1, 14))
    media_item(world, coordinator, outlet="ptth", date=date(2019, 1, 15))
    result = registry.get("media_months_share").compute(parse_period("r:2019-Q1"), world.province)
    assert result.detail["months"][0]["key"] == "r:2019-01"
    assert [(m["bao_tn"], m["ptth"]) for m in result.detail["months"]] == [(1, 0), (0, 1), (0, 0)]
    calendar = registry.get("media_months_share").compute(calendar_quarter(2019, 1), world.province)
    assert [(m["bao_tn"], m["ptth"]) for m in calendar.detail["months"]] == [(1, 1), (0, 0), (0, 0)]


def test_t4a_a_district_reads_its_provinces_media(world, coordinator, today_is):
    today_is(date(2020, 1, 1))
    media_item(world, coordinator, outlet="bao_tn", date=date(2019, 5, 5))
    assert value("media_months_share", calendar_year(2019), world.commune)[:3] == (Decimal("4.17"), 1, 24)


def test_t4a_is_zero_without_items_and_runs_one_query(world, coordinator, today_is):
    today_is(date(2020, 1, 1))
    assert value("media_months_share", calendar_year(2019), world.province)[:3] == (Decimal("0.00"), 0, 24)
    assert queries_of("media_months_share", calendar_year(2019), world.province) == 1


# T6: integrated_plan_share --------------------------------------------------------------------------


def test_t6_counts_districts_and_communes_with_a_plan_issued_by_the_end_of_the_period(world, coordinator):
    w = world
    integrated_plan(w, coordinator, w.district, issued_on=date(2019, 3, 1))
    integrated_plan(w, coordinator, w.commune, issued_on=date(2018, 12, 1))
    integrated_plan(w, coordinator, w.far_commune, issued_on=date(2020, 1, 10))
    assert value("integrated_plan_share", calendar_year(2019), w.province) == (
        Decimal("40.00"),
        2,
        5,
        [w.sibling_commune.pk, w.other_district.pk, w.far_commune.pk],
    )
    assert value("integrated_plan_share", calendar_year(2020), w.other_district) == (
        Decimal("50.00"),
        1,
        2,
        [w.other_district.pk],
    )
    assert value("integrated_plan_share", calendar_year(2019), w.commune) == (Decimal("100.00"), 1, 1, [])


def test_t6_a_plan_issued_on_the_last_day_counts_the_day_after_does_not(world, coordinator):
    integrated_plan(world, coordinator, world.commune, issued_on=date(2019, 12, 14))
    assert value("integrated_plan_share", reporting_year(2019), world.commune)[0] == Decimal("100.00")
    assert value("integrated_plan_share", parse_period("r:2019-Q3"), world.commune)[0] == Decimal("0.00")


def test_t6_runs_one_query_for_any_number_of_units(world, coordinator):
    few = queries_of("integrated_plan_share", calendar_year(2019), world.province)
    for index in range(10):
        make_unit(f"Xã {index}", f"96{index:03d}", Level.COMMUNE, world.district)
    assert queries_of("integrated_plan_share", calendar_year(2019), world.province) == few == 1


def test_the_four_codes_are_registered_by_outreach_not_pending(db):
    for code in ("outreach_commune_share", "trained_official_share", "media_months_share", "integrated_plan_share"):
        found = registry.get(code)
        assert not found.pending
        assert found.function.__module__ == "lanhmanh.outreach.indicators"
