"""Values reported by hand (plans.ManualValue) for measures whose indicator code is "manual".

The rule, for a measure, a period and a unit:
- only values reported for that very unit count: the province's dashboard shows the value the
  province reported, a district's the district's. Nothing is summed from the units below or
  borrowed from the units above, because a hand-reported figure for a province is not the sum of
  its communes' figures (a commune cannot report "number of healthy communes in the province");
- a value counts for the period when its own period ends inside it
  (period.start <= value.period_end <= period.end), so a quarterly report feeds the quarter and
  the year that hold its last day;
- of those, the value whose period ends last wins (the latest state of the measure), and among
  values for the same period end, the one entered last (a correction replaces what it corrects).
"""

from __future__ import annotations

from collections.abc import Iterable

from lanhmanh.indicators.periods import Period
from lanhmanh.indicators.registry import IndicatorResult
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans.models import ManualValue, Measure


def manual_value(measure: Measure, period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    """The value reported by hand for `unit` that counts for `period`, or None."""
    return manual_values([measure], period, unit).get(measure.pk)


def manual_values(measures: Iterable[Measure], period: Period, unit: AdministrativeUnit) -> dict[int, IndicatorResult]:
    """`manual_value` for many measures in one query, keyed by measure id; measures without a value are absent."""
    measure_ids = [measure.pk for measure in measures]
    if not measure_ids:
        return {}
    rows = ManualValue.objects.filter(
        measure_id__in=measure_ids,
        unit=unit,
        period_end__gte=period.start,
        period_end__lte=period.end,
    ).order_by("measure_id", "-period_end", "-entered_at", "-pk")
    results: dict[int, IndicatorResult] = {}
    for row in rows:
        # Rows come best first within each measure; keep the first one seen.
        if row.measure_id not in results:
            results[row.measure_id] = _result(row)
    return results


def _result(row: ManualValue) -> IndicatorResult:
    return IndicatorResult(
        value=row.value,
        detail={
            "source": "manual",
            "manual_value_id": row.pk,
            "period_start": row.period_start.isoformat(),
            "period_end": row.period_end.isoformat(),
            "unit_of_measure": row.unit_of_measure,
            "source_note": row.source_note,
            "entered_by_id": row.entered_by_id,
            "entered_at": row.entered_at.isoformat(),
        },
    )
