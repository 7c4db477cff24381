"""Indicators of targets T1, T3, T4a and T6, computed in the database for any period and subtree.

Each answers with a constant number of queries, whatever the number of units: the units of the
subtree come back with one EXISTS flag each (served by an index named in models.py), so the
shares and the list of units pulling them down (`missing_unit_ids`, the drill-down) come from the
same rows. Definitions, with worked examples, are in docs/outreach.md.

"Valid during the period": a unit counts when it existed on at least one day of the period
(valid_from <= end and valid_to >= start), so a commune merged in the middle of a year counts in
that year, and so does its successor.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lanhmanh.indicators.periods import (
    Basis,
    Period,
    PeriodKind,
    calendar_period_containing,
    reporting_period_containing,
)
from lanhmanh.indicators.registry import IndicatorResult, indicator
from lanhmanh.outreach.models import (
    REQUIRED_OUTLETS,
    AudienceCount,
    AudienceGroup,
    IntegratedPlan,
    MediaItem,
    Official,
    OutreachEventUnit,
    Participant,
)
from lanhmanh.places.models import AdministrativeUnit, Level, UnitQuerySet

HUNDRED = Decimal(100)


def today() -> date:
    # A function, not a constant, so that tests can move "today" (T4a counts the months elapsed).
    return timezone.localdate()


def share(numerator: int, denominator: int) -> Decimal:
    """A percentage with two decimals: 2 of 3 is 66.67."""
    return (Decimal(numerator) * HUNDRED / Decimal(denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def units_during(period: Period, unit: AdministrativeUnit, levels: Sequence[str]) -> UnitQuerySet:
    """Units of `levels` in the subtree of `unit` that existed on some day of the period."""
    return (
        AdministrativeUnit.objects.subtree(unit)
        .filter(level__in=levels)
        .exclude(valid_from__gt=period.end)
        .exclude(valid_to__lt=period.start)
    )


def _result(rows: list[tuple[int, bool]], detail: dict[str, Any]) -> IndicatorResult | None:
    """Rows of (unit id, counted?) -> the share of counted units, and the others for drill-down."""
    if not rows:
        return None
    missing = [pk for pk, counted in rows if not counted]
    numerator = len(rows) - len(missing)
    return IndicatorResult(
        value=share(numerator, len(rows)),
        numerator=Decimal(numerator),
        denominator=Decimal(len(rows)),
        detail=detail,
        missing_unit_ids=missing,
    )


# T1 -------------------------------------------------------------------------------------------------


def audience_reached(period: Period, unit: AdministrativeUnit) -> tuple[int, dict[str, int]]:
    """Events of the period that reached the subtree, and the people they reached by group.

    An event held in several communes of the subtree counts once.
    """
    links = OutreachEventUnit.objects.filter(unit__path__prefix=unit.path, date__gte=period.start, date__lte=period.end)
    # COUNT(DISTINCT ...) in one aggregate: PostgreSQL runs it without the spilling hash of
    # SELECT COUNT(*) FROM (SELECT DISTINCT ...), which `.distinct().count()` would write.
    events: int = links.aggregate(events=Count("event_id", distinct=True))["events"]
    by_group = {
        row["group"]: row["people"]
        for row in AudienceCount.objects.filter(event_id__in=links.values("event_id"))
        .values("group")
        .annotate(people=Sum("count"))
        .order_by()
    }
    return events, {group: by_group.get(group, 0) for group in AudienceGroup.values}


def communes_reached(period: Period, unit: AdministrativeUnit) -> list[tuple[int, bool]]:
    """(commune id, held at least one event in the period?) for every commune of the subtree, in one query."""
    held = OutreachEventUnit.objects.filter(unit=OuterRef("pk"), date__gte=period.start, date__lte=period.end)
    return list(
        units_during(period, unit, [Level.COMMUNE])
        .annotate(reached=Exists(held))
        .order_by("path")
        .values_list("pk", "reached")
    )


@indicator(
    "outreach_commune_share",
    _("Tỷ lệ xã, phường, thị trấn có tổ chức tuyên truyền"),
    "%",
    _(
        "Số đơn vị cấp xã (có hiệu lực trong kỳ, thuộc địa bàn) có ít nhất một hoạt động tuyên truyền "
        "trong kỳ, trên tổng số đơn vị cấp xã đó."
    ),
)
def outreach_commune_share(period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    rows = communes_reached(period, unit)
    if not rows:
        return None
    events, audience = audience_reached(period, unit)
    return _result(rows, {"events": events, "audience": audience, "people": sum(audience.values())})


# T3 -------------------------------------------------------------------------------------------------


@indicator(
    "trained_official_share",
    _("Tỷ lệ cán bộ làm công tác phòng, chống tệ nạn xã hội được tập huấn"),
    "%",
    _(
        "Số cán bộ trong danh sách (còn làm công tác này trong kỳ) đã hoàn thành một lớp tập huấn kết thúc "
        "trong kỳ, trên tổng số cán bộ trong danh sách trong kỳ."
    ),
)
def trained_official_share(period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    completed = Participant.objects.filter(
        official=OuterRef("pk"),
        completed=True,
        course__end_date__gte=period.start,
        course__end_date__lte=period.end,
    )
    rows = list(
        Official.objects.filter(unit__path__prefix=unit.path)
        .active_between(period.start, period.end)
        .annotate(trained=Exists(completed))
        .order_by("unit__path", "full_name", "pk")
        .values_list("pk", "unit_id", "trained")
    )
    if not rows:
        return None
    untrained = [(pk, unit_id) for pk, unit_id, trained in rows if not trained]
    numerator = len(rows) - len(untrained)
    return IndicatorResult(
        value=share(numerator, len(rows)),
        numerator=Decimal(numerator),
        denominator=Decimal(len(rows)),
        detail={"untrained_official_ids": [pk for pk, _unit in untrained]},
        # Units with at least one rostered official not yet trained, for drill-down.
        missing_unit_ids=list(dict.fromkeys(unit_id for _pk, unit_id in untrained)),
    )


# T4a ------------------------------------------------------------------------------------------------


def months_of(period: Period) -> list[Period]:
    """The months of a period on its own basis: calendar months, or decree 09/2019 months (15th-14th)."""
    containing = calendar_period_containing if period.basis == Basis.CALENDAR else reporting_period_containing
    months = []
    day = period.start
    while day <= period.end:
        month = containing(day, PeriodKind.MONTH)
        months.append(month)
        day = month.end + timedelta(days=1)
    return months


def media_by_month(months: Sequence[Period], unit: AdministrativeUnit) -> dict[tuple[str, int], int]:
    """(outlet, index of the month in `months`) -> number of items, in one GROUP BY query.

    Media items belong to a province: a unit below it reads its province's items.
    """
    if not months:
        return {}
    month = Case(
        *[When(date__gte=m.start, date__lte=m.end, then=Value(index)) for index, m in enumerate(months)],
        output_field=IntegerField(),
    )
    rows = (
        MediaItem.objects.filter(Q(unit__path__prefix=unit.path) | Q(unit__path__in=unit.ancestor_paths()))
        .filter(date__gte=months[0].start, date__lte=months[-1].end)
        .annotate(month=month)
        .values("outlet", "month")
        .annotate(items=Count("pk"))
        .order_by()
    )
    return {(row["outlet"], row["month"]): row["items"] for row in rows}


@indicator(
    "media_months_share",
    _("Tỷ lệ tháng có tin, bài trên báo và đài tỉnh"),
    "%",
    _(
        "Tổng số tháng đã qua trong kỳ có ít nhất một tin, bài phòng, chống mại dâm, tính riêng cho Báo Tây Ninh "
        "và Đài Phát thanh và Truyền hình tỉnh, trên số tháng đã qua nhân với số cơ quan báo chí phải đăng."
    ),
)
def media_months_share(period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    # Months that have ended (today included): a month still running is not yet a month missed.
    elapsed = [month for month in months_of(period) if month.end <= today()]
    if not elapsed:
        return None
    counts = media_by_month(elapsed, unit)
    months = []
    missing = []
    for index, month in enumerate(elapsed):
        row: dict[str, Any] = {"key": month.key, "label": month.label}
        for outlet in REQUIRED_OUTLETS:
            row[outlet.value] = counts.get((outlet.value, index), 0)
            if not row[outlet.value]:
                missing.append({"month": month.key, "outlet": outlet.value})
        months.append(row)
    denominator = len(elapsed) * len(REQUIRED_OUTLETS)
    numerator = denominator - len(missing)
    return IndicatorResult(
        value=share(numerator, denominator),
        numerator=Decimal(numerator),
        denominator=Decimal(denominator),
        detail={"months": months, "missing": missing},
    )


# T6 -------------------------------------------------------------------------------------------------


@indicator(
    "integrated_plan_share",
    _("Tỷ lệ huyện, xã lồng ghép công tác phòng, chống mại dâm vào chương trình phát triển kinh tế - xã hội"),
    "%",
    _(
        "Số đơn vị cấp huyện và cấp xã (có hiệu lực trong kỳ, thuộc địa bàn) có kế hoạch lồng ghép ban hành "
        "đến hết kỳ, trên tổng số đơn vị đó."
    ),
)
def integrated_plan_share(period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    on_record = IntegratedPlan.objects.filter(unit=OuterRef("pk"), issued_on__lte=period.end)
    rows = list(
        units_during(period, unit, [Level.DISTRICT, Level.COMMUNE])
        .annotate(planned=Exists(on_record))
        .order_by("path")
        .values_list("pk", "planned")
    )
    return _result(rows, {})
