"""Indicators of targets T2 and T5 of plan 905/KH-UBND, computed in the database for any period and
subtree, each in one or two queries whatever the number of establishments or communes.

All three look at the registry as it stood on the period's last day (`period.end`):

- "operating on a day": opened by then (or opening date unknown), not closed by then (`closed_on`
  after the day or empty), and not suspended then (the last status change on or before the day, if
  any, is "operating"). Suspended establishments are left out of T5's denominators: they are not
  trading, and the commitment is asked of businesses that trade.
- T5a `establishment_commitment_share`: of those, the share with a commitment valid on the day
  (signed and started by then, not expired: `valid_until` empty or on/after the day).
- T5b `establishment_labour_registration_share`: of those, the share that registered their workers
  with the labour authority on or before the day.
- T2b `establishments_with_signs`: establishments (whatever their status) with a flag current on the
  day: noted on or before it and not cleared by then (`cleared_on` empty or after it). The plan asks
  for it to go down.

Shares are percentages; the communes where some establishment falls short come back as
`missing_unit_ids` for the drill-down. No establishment in the subtree: no data (None).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from lanhmanh.establishments.models import (
    Commitment,
    Establishment,
    EstablishmentQuerySet,
    EstablishmentStatus,
    LabourRegistration,
    RiskFlag,
    StatusChange,
)
from lanhmanh.indicators.periods import Period
from lanhmanh.indicators.registry import IndicatorResult, indicator
from lanhmanh.places.models import AdministrativeUnit

HUNDRED = Decimal(100)


def share(numerator: int, denominator: int) -> Decimal:
    return (Decimal(numerator) * HUNDRED / Decimal(denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def operating_on(day: date, unit: AdministrativeUnit) -> EstablishmentQuerySet:
    """Establishments of the subtree operating on `day` (see the module docstring)."""
    last_status = (
        StatusChange.objects.filter(establishment=OuterRef("pk"), since__lte=day)
        .order_by("-since", "-pk")
        .values("status")[:1]
    )
    return (
        Establishment.objects.in_subtree(unit)
        .filter(Q(opened_on__isnull=True) | Q(opened_on__lte=day))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .annotate(status_then=Subquery(last_status))
        .filter(Q(status_then__isnull=True) | Q(status_then=EstablishmentStatus.OPERATING))
    )


def _share_of(establishments: EstablishmentQuerySet, condition: Exists, day: date) -> IndicatorResult | None:
    rows = list(
        establishments.annotate(ok=condition)
        .order_by()
        .values("commune_id")
        .annotate(total=Count("pk"), counted=Count("pk", filter=Q(ok=True)))
    )
    denominator = sum(row["total"] for row in rows)
    if denominator == 0:
        return None
    numerator = sum(row["counted"] for row in rows)
    return IndicatorResult(
        value=share(numerator, denominator),
        numerator=Decimal(numerator),
        denominator=Decimal(denominator),
        detail={"day": day.isoformat(), "communes": len(rows)},
        missing_unit_ids=sorted(row["commune_id"] for row in rows if row["counted"] < row["total"]),
    )


@indicator(
    "establishment_commitment_share",
    _("Tỷ lệ cơ sở kinh doanh ký cam kết không để xảy ra tệ nạn xã hội"),
    "%",
    _(
        "Số cơ sở kinh doanh dịch vụ nhạy cảm đang hoạt động vào ngày cuối kỳ có bản cam kết với UBND xã còn "
        "hiệu lực vào ngày đó, trên tổng số cơ sở đang hoạt động."
    ),
)
def establishment_commitment_share(period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    day = period.end
    valid = Exists(Commitment.objects.valid_on(day).filter(establishment=OuterRef("pk")))
    return _share_of(operating_on(day, unit), valid, day)


@indicator(
    "establishment_labour_registration_share",
    _("Tỷ lệ cơ sở kinh doanh đăng ký lao động với cơ quan lao động địa phương"),
    "%",
    _(
        "Số cơ sở kinh doanh dịch vụ nhạy cảm đang hoạt động vào ngày cuối kỳ đã đăng ký lao động với cơ quan "
        "quản lý lao động địa phương, trên tổng số cơ sở đang hoạt động."
    ),
)
def establishment_labour_registration_share(period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    day = period.end
    registered = Exists(LabourRegistration.objects.filter(establishment=OuterRef("pk"), registered_on__lte=day))
    return _share_of(operating_on(day, unit), registered, day)


@indicator(
    "establishments_with_signs",
    _("Số cơ sở kinh doanh có biểu hiện hoạt động mại dâm"),
    _("cơ sở"),
    _(
        "Số cơ sở kinh doanh dịch vụ nhạy cảm có dấu hiệu hoạt động mại dâm chưa kết thúc vào ngày cuối kỳ "
        "(ghi nhận qua kiểm tra, báo cáo của công an hoặc đơn thư). Chỉ tiêu giảm."
    ),
)
def establishments_with_signs(period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    day = period.end
    rows = list(
        RiskFlag.objects.current_on(day)
        .filter(establishment__commune__path__prefix=unit.path)
        .order_by()
        .values("establishment__commune_id")
        .annotate(count=Count("establishment", distinct=True))
    )
    total = sum(row["count"] for row in rows)
    if total == 0 and not Establishment.objects.in_subtree(unit).exists():
        return None
    return IndicatorResult(
        value=Decimal(total),
        detail={"day": day.isoformat(), "communes": len(rows)},
        missing_unit_ids=sorted(row["establishment__commune_id"] for row in rows),
    )
