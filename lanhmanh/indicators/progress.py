"""Progress of measures against their targets, and a status for each (rules in docs/indicators.md).

`measure_progress` answers for one measure; `plan_progress` for every measure of a plan with a
fixed number of queries: the targets and measures, one query for all manual values, and one call
per distinct indicator code.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from lanhmanh.indicators import registry
from lanhmanh.indicators.manual import manual_value, manual_values
from lanhmanh.indicators.periods import Period, elapsed_fraction
from lanhmanh.indicators.registry import IndicatorResult
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans.models import Direction, Measure, Plan, Target

logger = logging.getLogger(__name__)

# How far behind the calendar a measure may be and still count as on track: at half the period,
# 40% of the way from baseline to target is on track, 39% is at risk.
TOLERANCE = Decimal("0.10")


class Status(models.TextChoices):
    REACHED = "reached", _("Đạt")
    ON_TRACK = "on_track", _("Đúng tiến độ")
    AT_RISK = "at_risk", _("Có nguy cơ không đạt")
    NO_DATA = "no_data", _("Chưa có số liệu")


@dataclass(frozen=True)
class Progress:
    measure: Measure
    value: Decimal | None
    baseline: Decimal | None
    target: Decimal | None
    unit_of_measure: str
    # How full the progress bar is, 0..100 (100 only when reached); None when there is nothing to
    # draw: no data, or a "reduce" measure without a numeric target.
    percent_of_target: int | None
    status: Status
    result: IndicatorResult | None


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    measures: list[Progress]


def measure_progress(measure: Measure, period: Period, unit: AdministrativeUnit, today: date) -> Progress:
    if measure.is_manual:
        result = manual_value(measure, period, unit)
    else:
        result = _compute(measure.indicator_code, period, unit)
    return progress_from_result(measure, result, period, today)


def plan_progress(plan: Plan, period: Period, unit: AdministrativeUnit, today: date) -> list[TargetProgress]:
    targets = list(plan.targets.prefetch_related("measures"))
    measures = [measure for target in targets for measure in target.measures.all()]
    manual = manual_values([m for m in measures if m.is_manual], period, unit)
    # Several measures may share an indicator; each indicator runs once.
    computed = {code: _compute(code, period, unit) for code in {m.indicator_code for m in measures if not m.is_manual}}
    return [
        TargetProgress(
            target=target,
            measures=[
                progress_from_result(
                    measure,
                    manual.get(measure.pk) if measure.is_manual else computed[measure.indicator_code],
                    period,
                    today,
                )
                for measure in target.measures.all()
            ],
        )
        for target in targets
    ]


@dataclass(frozen=True)
class Monitored:
    """An indicator followed on the dashboard without being a measure of the plan."""

    indicator: registry.Indicator
    result: IndicatorResult | None


def monitored(plan: Plan, period: Period, unit: AdministrativeUnit) -> list[Monitored]:
    """Every indicator registered with `monitor=True` that no measure of `plan` already shows."""
    shown = set(Measure.objects.filter(target__plan=plan).values_list("indicator_code", flat=True))
    return [
        Monitored(entry, entry.compute(period, unit))
        for entry in registry.all_indicators()
        if entry.monitor and entry.code not in shown
    ]


def _compute(code: str, period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    if not registry.is_known(code):
        # The plan loader refuses unknown codes; one can only appear if an indicator was removed
        # after its plan was loaded. The dashboard should still render, showing no data.
        logger.warning("Measure refers to unknown indicator %r; showing no data.", code)
        return None
    return registry.get(code).compute(period, unit)


def progress_from_result(measure: Measure, result: IndicatorResult | None, period: Period, today: date) -> Progress:
    """Status and progress-bar filling of `measure` given what its indicator found."""
    value = result.value if result is not None else None
    status, fraction = _judge(measure, value, elapsed_fraction(period, today))
    return Progress(
        measure=measure,
        value=value,
        baseline=measure.baseline,
        target=measure.target_value,
        unit_of_measure=measure.unit_of_measure,
        percent_of_target=_percent(status, fraction),
        status=status,
        result=result,
    )


def _judge(measure: Measure, value: Decimal | None, elapsed: Decimal) -> tuple[Status, Decimal | None]:
    """The status, and the fraction of the way to the target (None when it has no meaning)."""
    if value is None:
        return Status.NO_DATA, None
    baseline, target = measure.baseline, measure.target_value
    if measure.direction == Direction.MAINTAIN:
        reference = target if target is not None else baseline
        if reference is None:
            # Nothing to hold the value to: the figure exists, so the measure is being followed.
            return Status.ON_TRACK, None
        if value >= reference:
            return Status.REACHED, Decimal(1)
        return Status.AT_RISK, _ratio(value, reference)
    if measure.direction == Direction.DECREASE:
        if target is None:
            return _judge_reduce(value, baseline), None
        if value <= target:
            return Status.REACHED, Decimal(1)
        fraction = _ratio(baseline - value, baseline - target) if baseline is not None else _ratio(target, value)
    else:
        if target is None:
            # "Increase" without a number mirrors "reduce": any gain on the baseline is on track.
            return _judge_raise(value, baseline), None
        if value >= target:
            return Status.REACHED, Decimal(1)
        fraction = _ratio(value - baseline, target - baseline) if baseline is not None else _ratio(value, target)
    return (Status.ON_TRACK if fraction >= elapsed - TOLERANCE else Status.AT_RISK), fraction


def _judge_reduce(value: Decimal, baseline: Decimal | None) -> Status:
    if baseline is None:
        return Status.REACHED if value == 0 else Status.AT_RISK
    return Status.ON_TRACK if value < baseline else Status.AT_RISK


def _judge_raise(value: Decimal, baseline: Decimal | None) -> Status:
    if baseline is None:
        return Status.ON_TRACK if value > 0 else Status.AT_RISK
    return Status.ON_TRACK if value > baseline else Status.AT_RISK


def _ratio(part: Decimal, whole: Decimal) -> Decimal:
    # A target no further than the baseline (or zero) leaves no way to measure the distance
    # covered; the value is short of the target, so count no progress.
    if whole <= 0:
        return Decimal(0)
    return part / whole


def _percent(status: Status, fraction: Decimal | None) -> int | None:
    if status == Status.REACHED:
        return 100
    if fraction is None:
        return None
    # Floor and cap at 99: a bar that looks full must mean the target is reached.
    percent = (fraction * 100).to_integral_value(rounding=ROUND_FLOOR)
    return int(min(max(percent, Decimal(0)), Decimal(99)))
