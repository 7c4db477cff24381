from datetime import date
from decimal import Decimal

import pytest

from lanhmanh.indicators import registry
from lanhmanh.indicators.pending import PendingIndicator, as_indicator
from lanhmanh.indicators.periods import calendar_month, calendar_year
from lanhmanh.indicators.progress import Status, measure_progress, plan_progress, progress_from_result
from lanhmanh.indicators.registry import IndicatorResult, indicator
from lanhmanh.plans.models import Direction, ManualValue, Measure, Target

# June 2019 has 30 days: on 15 June half of it has passed, so a measure is on track from 40%.
JUNE = calendar_month(2019, 6)
MID_JUNE = date(2019, 6, 15)


def judge(value, *, direction=Direction.INCREASE, baseline=None, target=None, period=JUNE, today=MID_JUNE):
    measure = Measure(
        code="M",
        label="Chỉ tiêu",
        direction=direction,
        baseline=None if baseline is None else Decimal(baseline),
        target_value=None if target is None else Decimal(target),
        unit_of_measure="%",
    )
    result = None if value is None else IndicatorResult(value=Decimal(value))
    return progress_from_result(measure, result, period, today)


# No data --------------------------------------------------------------------------------------


def test_a_measure_without_a_value_has_no_data_and_no_bar():
    progress = judge(None, baseline=74, target=80)
    assert progress.status == Status.NO_DATA
    assert progress.percent_of_target is None
    assert progress.status.label == "Chưa có số liệu"


# Increase -------------------------------------------------------------------------------------


def test_an_increase_is_reached_at_or_above_the_target():
    assert judge(80, baseline=74, target=80).status == Status.REACHED
    assert judge(81, baseline=74, target=80).status == Status.REACHED
    assert judge(80, baseline=74, target=80).percent_of_target == 100


def test_an_increase_is_measured_from_the_baseline():
    # (77 - 74) / (80 - 74) = 50%, above the 40% asked at mid-June.
    progress = judge(77, baseline=74, target=80)
    assert (progress.status, progress.percent_of_target) == (Status.ON_TRACK, 50)


def test_an_increase_exactly_ten_points_behind_the_calendar_is_still_on_track():
    assert judge(Decimal("40"), baseline=0, target=100).status == Status.ON_TRACK
    assert judge(Decimal("39.99"), baseline=0, target=100).status == Status.AT_RISK


def test_an_increase_more_than_ten_points_behind_the_calendar_is_at_risk():
    # (76 - 74) / (80 - 74) = 33%, below the 40% asked at mid-June.
    progress = judge(76, baseline=74, target=80)
    assert (progress.status, progress.percent_of_target) == (Status.AT_RISK, 33)


def test_an_increase_without_a_baseline_is_measured_from_zero():
    progress = judge(60, target=100)
    assert (progress.status, progress.percent_of_target) == (Status.ON_TRACK, 60)
    assert judge(30, target=100).status == Status.AT_RISK


def test_an_increase_is_judged_against_the_time_elapsed():
    # 2 July 2019 is day 183 of 365 (50.1%): 33% is at risk then, but on track on 1 June (41.6%).
    year = calendar_year(2019)
    assert judge(76, baseline=74, target=80, period=year, today=date(2019, 7, 2)).status == Status.AT_RISK
    assert judge(76, baseline=74, target=80, period=year, today=date(2019, 6, 1)).status == Status.ON_TRACK


def test_at_the_start_of_a_period_any_value_is_on_track():
    assert judge(74, baseline=74, target=80, today=date(2019, 5, 20)).status == Status.ON_TRACK


def test_after_the_period_an_increase_short_of_ninety_percent_of_the_way_is_at_risk():
    # (79 - 74) / (80 - 74) = 83% when 100% of the time has passed.
    assert judge(79, baseline=74, target=80, today=date(2019, 7, 1)).status == Status.AT_RISK
    assert judge(Decimal("79.4"), baseline=74, target=80, today=date(2019, 7, 1)).status == Status.ON_TRACK


def test_a_value_below_the_baseline_leaves_an_empty_bar():
    progress = judge(70, baseline=74, target=80)
    assert (progress.status, progress.percent_of_target) == (Status.AT_RISK, 0)


def test_a_bar_looks_full_only_when_the_target_is_reached():
    progress = judge(Decimal("99.9"), target=100)
    assert (progress.status, progress.percent_of_target) == (Status.ON_TRACK, 99)


def test_an_increase_without_a_numeric_target_is_on_track_above_its_baseline():
    assert judge(75, baseline=74).status == Status.ON_TRACK
    assert judge(74, baseline=74).status == Status.AT_RISK
    assert judge(1).status == Status.ON_TRACK
    assert judge(0).status == Status.AT_RISK
    assert judge(75, baseline=74).percent_of_target is None


# Decrease -------------------------------------------------------------------------------------


def test_a_decrease_is_reached_at_or_below_the_target():
    assert judge(5, direction=Direction.DECREASE, baseline=20, target=5).status == Status.REACHED
    assert judge(4, direction=Direction.DECREASE, baseline=20, target=5).status == Status.REACHED


def test_a_decrease_is_measured_from_the_baseline_down_to_the_target():
    # (20 - 16) / (20 - 10) = 40%: on track at mid-June; (20 - 17) / 10 = 30%: at risk.
    on_track = judge(16, direction=Direction.DECREASE, baseline=20, target=10)
    assert (on_track.status, on_track.percent_of_target) == (Status.ON_TRACK, 40)
    assert judge(17, direction=Direction.DECREASE, baseline=20, target=10).status == Status.AT_RISK


def test_a_decrease_without_a_baseline_compares_the_target_with_the_value():
    # 10 / 20 = 50% of the way; 10 / 30 = 33%.
    assert judge(20, direction=Direction.DECREASE, target=10).status == Status.ON_TRACK
    assert judge(30, direction=Direction.DECREASE, target=10).status == Status.AT_RISK


def test_reduce_without_a_number_is_on_track_below_the_baseline_and_at_risk_otherwise():
    assert judge(9, direction=Direction.DECREASE, baseline=12).status == Status.ON_TRACK
    assert judge(12, direction=Direction.DECREASE, baseline=12).status == Status.AT_RISK
    assert judge(13, direction=Direction.DECREASE, baseline=12).status == Status.AT_RISK
    assert judge(9, direction=Direction.DECREASE, baseline=12).percent_of_target is None


def test_reduce_without_a_number_or_a_baseline_is_reached_only_at_zero():
    assert judge(0, direction=Direction.DECREASE).status == Status.REACHED
    assert judge(3, direction=Direction.DECREASE).status == Status.AT_RISK


# Maintain -------------------------------------------------------------------------------------


def test_maintaining_is_reached_at_or_above_the_target_and_at_risk_below():
    assert judge(590, direction=Direction.MAINTAIN, target=590).status == Status.REACHED
    assert judge(600, direction=Direction.MAINTAIN, target=590).status == Status.REACHED
    assert judge(589, direction=Direction.MAINTAIN, target=590).status == Status.AT_RISK


def test_maintaining_without_a_target_holds_the_baseline():
    assert judge(74, direction=Direction.MAINTAIN, baseline=74).status == Status.REACHED
    assert judge(73, direction=Direction.MAINTAIN, baseline=74).status == Status.AT_RISK


# Status labels --------------------------------------------------------------------------------


def test_statuses_carry_their_vietnamese_labels():
    labels = [str(status.label) for status in Status]
    assert labels == ["Đạt", "Đúng tiến độ", "Có nguy cơ không đạt", "Chưa có số liệu"]


# Against the database ------------------------------------------------------------------------


@pytest.fixture
def report(world, personas):
    def report(measure, value, period_end=date(2019, 6, 30), unit=None):
        return ManualValue.objects.create(
            measure=measure,
            unit=unit or world.province,
            period_start=date(2019, 1, 1),
            period_end=period_end,
            value=Decimal(value),
            unit_of_measure=measure.unit_of_measure,
            source_note="Báo cáo 6 tháng",
            entered_by=personas["coordinator"],
        )

    return report


@pytest.fixture
def scratch(monkeypatch):
    copy = registry.default_registry.copy()
    monkeypatch.setattr(registry, "default_registry", copy)
    return copy


def test_the_healthy_communes_measure_is_on_track_with_77_of_80_at_mid_year(world, report):
    report(world.manual_measure, 77)
    progress = measure_progress(world.manual_measure, calendar_year(2019), world.province, date(2019, 7, 2))
    assert progress.value == Decimal(77)
    assert (progress.baseline, progress.target, progress.unit_of_measure) == (Decimal(74), Decimal(80), "xã")
    assert (progress.status, progress.percent_of_target) == (Status.ON_TRACK, 50)


def test_the_healthy_communes_measure_has_no_data_for_a_district_that_reported_nothing(world, report):
    report(world.manual_measure, 77)
    progress = measure_progress(world.manual_measure, calendar_year(2019), world.district, date(2019, 7, 2))
    assert progress.status == Status.NO_DATA


def test_a_measure_on_a_pending_indicator_has_no_data(world, scratch):
    scratch.register(as_indicator(PendingIndicator("not_built_yet", "Chưa có", "xã", "Chờ hồ sơ.")))
    measure = Measure.objects.create(
        target=world.target,
        code="T4c",
        label="Xã lành mạnh",
        indicator_code="not_built_yet",
        unit_of_measure="xã",
    )
    progress = measure_progress(measure, calendar_year(2019), world.province, date(2019, 7, 2))
    assert progress.status == Status.NO_DATA


def test_a_measure_on_a_computed_indicator_takes_its_value(world, scratch):
    @indicator("test_share", "Tỷ lệ thử", "%", "Luôn 95%.")
    def share(period, unit):
        return IndicatorResult(value=Decimal(95), numerator=Decimal(19), denominator=Decimal(20))

    measure = Measure.objects.create(
        target=world.target,
        code="T1",
        label="Tỷ lệ",
        indicator_code="test_share",
        target_value=Decimal(100),
        unit_of_measure="%",
    )
    progress = measure_progress(measure, calendar_year(2019), world.province, date(2019, 7, 2))
    assert (progress.value, progress.status, progress.percent_of_target) == (Decimal(95), Status.ON_TRACK, 95)
    assert progress.result.denominator == Decimal(20)


def test_a_measure_whose_indicator_was_removed_shows_no_data(world):
    measure = Measure.objects.create(
        target=world.target, code="T9", label="Cũ", indicator_code="removed_indicator", unit_of_measure="xã"
    )
    assert measure_progress(measure, calendar_year(2019), world.province, date(2019, 7, 2)).status == Status.NO_DATA


def test_plan_progress_lists_each_target_with_its_measures_in_order(world, report):
    later = Target.objects.create(plan=world.plan, code="T5", text="Cơ sở", order=5)
    commitments = Measure.objects.create(
        target=later,
        code="T5a",
        label="Cam kết",
        indicator_code="establishment_commitment_share",
        target_value=Decimal(100),
        unit_of_measure="%",
    )
    report(world.manual_measure, 80)
    result = plan_progress(world.plan, calendar_year(2019), world.province, date(2019, 7, 2))
    assert [(entry.target, [p.measure for p in entry.measures]) for entry in result] == [
        (world.target, [world.manual_measure]),
        (later, [commitments]),
    ]
    assert [p.status for entry in result for p in entry.measures] == [Status.REACHED, Status.NO_DATA]


def add_manual_measures(world, report, count):
    for number in range(count):
        measure = Measure.objects.create(
            target=world.target,
            code=f"M{number}",
            label=f"Chỉ tiêu {number}",
            baseline=Decimal(0),
            target_value=Decimal(10),
            unit_of_measure="lần",
        )
        report(measure, number)


@pytest.mark.parametrize("extra_measures", [1, 7])
def test_plan_progress_reads_two_or_eight_manual_measures_in_the_same_three_queries(
    world, report, django_assert_num_queries, extra_measures
):
    # With T4b, 2 and 8 manual measures: targets, their measures, all manual values.
    add_manual_measures(world, report, extra_measures)
    with django_assert_num_queries(3):
        result = plan_progress(world.plan, calendar_year(2019), world.province, date(2019, 7, 2))
    assert len(result[0].measures) == extra_measures + 1


def test_plan_progress_runs_an_indicator_shared_by_several_measures_once(world, scratch):
    calls = []

    @indicator("counted", "Đếm", "lần", "Đếm số lần được gọi.")
    def counted(period, unit):
        calls.append(unit)
        return IndicatorResult(value=Decimal(1))

    for code in ("A", "B", "C"):
        Measure.objects.create(
            target=world.target, code=code, label=code, indicator_code="counted", unit_of_measure="lần"
        )
    plan_progress(world.plan, calendar_year(2019), world.province, date(2019, 7, 2))
    assert calls == [world.province]
