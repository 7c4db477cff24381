"""The indicator computed from healthy-commune records: T4b of the 2019 plan ("from 74 to 80")."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lanhmanh.communes.models import AssessmentStatus, HealthyCommuneAssessment
from lanhmanh.indicators.periods import Period, make_period
from lanhmanh.indicators.registry import IndicatorResult, indicator
from lanhmanh.places.models import AdministrativeUnit


def _recognised(unit: AdministrativeUnit, start: date, end: date) -> QuerySet[HealthyCommuneAssessment]:
    """Recognised assessments of the subtree whose decision was signed between the dates."""
    return HealthyCommuneAssessment.objects.filter(
        commune__path__prefix=unit.path,
        status=AssessmentStatus.RECOGNISED,
        recognition__signed_on__gte=start,
        recognition__signed_on__lte=end,
    )


@indicator(
    "healthy_communes",
    _("Số xã, phường, thị trấn lành mạnh không có tệ nạn ma túy, mại dâm"),
    _("xã"),
    _(
        "Số đơn vị cấp xã trong địa bàn được công nhận lành mạnh (quyết định công nhận ký trong kỳ, xếp loại mà "
        "bộ tiêu chí tính là lành mạnh); kèm tỷ lệ trên số đơn vị cấp xã còn hiệu lực cuối kỳ và số của năm trước."
    ),
)
def healthy_communes(period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    # One row per commune of the subtree valid at the end of the period, marked when a decision
    # signed in the period recognised it in a healthy class: count, share and drill-down at once.
    healthy = _recognised(unit, period.start, period.end).filter(reviewed_class__healthy=True, commune=OuterRef("pk"))
    rows = list(
        AdministrativeUnit.objects.subtree(unit)
        .communes()
        .valid_on(period.end)
        .annotate(healthy=Exists(healthy))
        .order_by("path")
        .values_list("pk", "healthy")
    )
    if not rows:
        return None
    count = sum(1 for _pk, is_healthy in rows if is_healthy)
    share = (Decimal(count * 100) / Decimal(len(rows))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    # The year before is the plan's baseline year ("from 74 communes"); its count, when the system
    # holds decisions of that year, lets the dashboard show "74 -> 80" beside the current count.
    before = make_period("year", period.year - 1, basis=period.basis)
    earlier = _recognised(unit, before.start, before.end).aggregate(
        decided=Count("pk"), healthy=Count("commune", distinct=True, filter=Q(reviewed_class__healthy=True))
    )
    return IndicatorResult(
        value=Decimal(count),
        numerator=Decimal(count),
        denominator=Decimal(len(rows)),
        detail={
            "share": str(share),
            "baseline_year": before.year,
            "baseline_count": earlier["healthy"] if earlier["decided"] else None,
        },
        missing_unit_ids=[pk for pk, is_healthy in rows if not is_healthy],
    )
