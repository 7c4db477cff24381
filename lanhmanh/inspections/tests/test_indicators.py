"""Monitored indicators: coverage, violations found, fines imposed and collected, by period and subtree."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lanhmanh.indicators import registry
from lanhmanh.indicators.periods import calendar_year
from lanhmanh.inspections import services
from lanhmanh.inspections.tests import records

YEAR = calendar_year(2023)


def compute(code, unit, period=YEAR):
    return registry.get(code).compute(period, unit)


def test_the_four_are_registered_as_monitored():
    for code in ("inspection_coverage", "violations_found", "fines_imposed", "fines_collected"):
        assert registry.get(code).monitor


def test_coverage_counts_operating_establishments_inspected_in_the_period(world, personas, scene):
    coordinator = personas["coordinator"]
    records.place(world.commune, coordinator, name="Chưa kiểm tra")
    records.place(world.commune, coordinator, name="Đã đóng cửa").__class__.objects.filter(name="Đã đóng cửa").update(
        status="closed", closed_on=date(2022, 6, 1)
    )
    records.inspect(scene["team"], scene["karaoke"], coordinator)
    records.inspect(scene["team"], scene["far"], coordinator, date=date(2022, 5, 1))
    province = compute("inspection_coverage", world.province)
    assert (province.numerator, province.denominator, province.value) == (Decimal(1), Decimal(3), Decimal("33.33"))
    commune = compute("inspection_coverage", world.commune)
    assert (commune.numerator, commune.denominator) == (Decimal(1), Decimal(2))
    assert compute("inspection_coverage", world.sibling_commune) is None
    assert compute("inspection_coverage", world.province, calendar_year(2022)).numerator == Decimal(1)


def test_fines_imposed_and_collected_follow_decision_and_payment_dates(world, personas, scene):
    coordinator = personas["coordinator"]
    inspection = records.inspect(scene["team"], scene["karaoke"], coordinator)
    services.violation_record(
        actor=coordinator,
        inspection=inspection,
        data=records.violation_input(fine_paid_on=date(2023, 5, 20), fine_collected=15_000_000),
    )
    services.violation_record(
        actor=coordinator, inspection=inspection, data=records.violation_input(fine_amount=12_000_000)
    )
    assert compute("violations_found", world.district).value == Decimal(2)
    assert compute("violations_found", world.other_district).value == Decimal(0)
    assert compute("fines_imposed", world.province).value == Decimal(27_000_000)
    assert compute("fines_collected", world.commune).value == Decimal(15_000_000)
    assert compute("fines_collected", world.commune, calendar_year(2024)).value == Decimal(0)


def test_indicator_queries_do_not_grow_with_the_records(world, personas, scene):
    coordinator = personas["coordinator"]
    counts = []
    for extra in (1, 10):
        for index in range(extra):
            place = records.place(world.commune, coordinator, name=f"Cơ sở {extra}-{index}")
            records.inspect(scene["team"], place, coordinator)
        with CaptureQueriesContext(connection) as queries:
            for code in ("inspection_coverage", "violations_found", "fines_imposed", "fines_collected"):
                compute(code, world.province)
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1] == 4
