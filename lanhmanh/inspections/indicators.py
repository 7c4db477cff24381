"""Monitored indicators of inspections: coverage, violations found, fines imposed and collected.

Each runs one or two aggregate queries in the database for any period and subtree
(`establishment__commune__path__prefix`), whatever the number of establishments. Definitions are
in docs/inspections.md.

"Operating during the period": an establishment opened on or before the period's last day (or with
no opening date) and not closed before its first day (`closed_on`; one marked closed without a
date counts as closed throughout).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Sum
from django.utils.translation import gettext_lazy as _

from lanhmanh.establishments.models import Establishment, EstablishmentQuerySet, EstablishmentStatus
from lanhmanh.indicators.periods import Period
from lanhmanh.indicators.registry import IndicatorResult, indicator
from lanhmanh.inspections.models import Inspection, Violation
from lanhmanh.places.models import AdministrativeUnit

HUNDRED = Decimal(100)


def operating_during(period: Period, unit: AdministrativeUnit) -> EstablishmentQuerySet:
    return (
        Establishment.objects.in_subtree(unit)
        .exclude(opened_on__gt=period.end)
        .exclude(closed_on__lt=period.start)
        .exclude(status=EstablishmentStatus.CLOSED, closed_on__isnull=True)
    )


def coverage_counts(period: Period, unit: AdministrativeUnit) -> tuple[int, int]:
    """(operating establishments, of which inspected at least once in the period), in one query."""
    inspected = Inspection.objects.filter(establishment=OuterRef("pk"), date__gte=period.start, date__lte=period.end)
    # The EXISTS straight in the aggregate's FILTER: as an annotation, Django would wrap the rows in a subquery.
    row = operating_during(period, unit).aggregate(total=Count("pk"), done=Count("pk", filter=Exists(inspected)))
    return row["total"], row["done"]


@indicator(
    "inspection_coverage",
    _("Tỷ lệ cơ sở kinh doanh được kiểm tra"),
    "%",
    _(
        "Số cơ sở kinh doanh dịch vụ nhạy cảm hoạt động trong kỳ (thuộc địa bàn) được kiểm tra ít nhất một lần "
        "trong kỳ, trên tổng số cơ sở đó."
    ),
    monitor=True,
)
def inspection_coverage(period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    total, done = coverage_counts(period, unit)
    if not total:
        return None
    value = (Decimal(done) * HUNDRED / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return IndicatorResult(value=value, numerator=Decimal(done), denominator=Decimal(total))


@indicator(
    "violations_found",
    _("Số vi phạm hành chính phát hiện qua kiểm tra"),
    _("vi phạm"),
    _("Số vi phạm được ghi nhận tại các cuộc kiểm tra diễn ra trong kỳ, tại các cơ sở thuộc địa bàn."),
    monitor=True,
)
def violations_found(period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    count = Violation.objects.filter(
        inspection__establishment__commune__path__prefix=unit.path,
        inspection__date__gte=period.start,
        inspection__date__lte=period.end,
    ).count()
    return IndicatorResult(value=Decimal(count))


@indicator(
    "fines_imposed",
    _("Số tiền phạt theo quyết định xử phạt"),
    _("đồng"),
    _("Tổng số tiền phạt của các quyết định xử phạt ban hành trong kỳ, đối với vi phạm tại các cơ sở thuộc địa bàn."),
    monitor=True,
)
def fines_imposed(period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    row = Violation.objects.filter(
        inspection__establishment__commune__path__prefix=unit.path,
        decision_date__gte=period.start,
        decision_date__lte=period.end,
    ).aggregate(total=Sum("fine_amount"), decisions=Count("pk"))
    return IndicatorResult(value=Decimal(row["total"] or 0), detail={"decisions": row["decisions"]})


@indicator(
    "fines_collected",
    _("Số tiền phạt đã thu"),
    _("đồng"),
    _("Tổng số tiền phạt đã nộp trong kỳ, đối với vi phạm tại các cơ sở thuộc địa bàn."),
    monitor=True,
)
def fines_collected(period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    row = Violation.objects.filter(
        inspection__establishment__commune__path__prefix=unit.path,
        fine_paid_on__gte=period.start,
        fine_paid_on__lte=period.end,
    ).aggregate(total=Sum("fine_collected"), payments=Count("pk"))
    return IndicatorResult(value=Decimal(row["total"] or 0), detail={"payments": row["payments"]})
