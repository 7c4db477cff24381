"""Monitored indicators of support to people (dashboard): people supported, referrals made and
completed, people reintegrated. Definitions and the suppression rule are in docs/privacy.md.

Every count is of consenting records only (`stats.counted_case_ids`: statistics consent in force).
The dashboard is read by every role, most of them without case access, and an indicator is computed
once for all readers: so the value is always suppressed. A count of 1 to 4 answers `None` (the
dashboard shows no figure) with `detail["display"] == "<5"`; the breakdowns in `detail` hold displays
("12", "<5", "x"), never a raw small count. Exact figures are on the statistics page, for readers
with case access.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from lanhmanh.indicators.periods import Period
from lanhmanh.indicators.registry import IndicatorResult, indicator
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.support.models import (
    CaseKind,
    CaseStatus,
    CaseStatusChange,
    Referral,
    ReferralEvent,
    ReferralStatus,
    ServiceDelivery,
    ServiceKind,
)
from lanhmanh.support.stats import THRESHOLD, counted_case_ids, suppressed_counts


def _result(total: int, detail: dict[str, Any]) -> IndicatorResult:
    small = 0 < total < THRESHOLD
    return IndicatorResult(
        value=None if small else Decimal(total),
        detail={**detail, "display": "<5" if small else str(total), "suppressed": small},
    )


def _breakdown(rows: dict[str, int], choices: list[tuple[str, Any]], total: int) -> dict[str, str]:
    values = {key: rows.get(key, 0) for key, _label in choices}
    displays, _total = suppressed_counts(values, total)
    return displays


@indicator(
    "support_people_supported",
    _("Số người bán dâm, nạn nhân bị mua bán được hỗ trợ"),
    _("người"),
    _(
        "Số người (hồ sơ) được cung cấp ít nhất một dịch vụ trong kỳ, cư trú tại địa bàn, chỉ gồm người "
        "đồng ý được tính trong số liệu thống kê. Số từ 1 đến 4 không hiển thị (“<5”)."
    ),
    monitor=True,
)
def support_people_supported(period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    deliveries = ServiceDelivery.objects.filter(
        date__gte=period.start,
        date__lte=period.end,
        case__commune__path__prefix=unit.path,
        case_id__in=counted_case_ids(),
    ).order_by()
    people = Count("case_id", distinct=True)
    total = deliveries.aggregate(n=people)["n"]
    by_kind = {r["case__kind"]: r["n"] for r in deliveries.values("case__kind").annotate(n=people)}
    by_service = {r["kind"]: r["n"] for r in deliveries.values("kind").annotate(n=people)}
    return _result(
        total,
        {
            "by_kind": _breakdown(by_kind, list(CaseKind.choices), total),
            "by_service": _breakdown(by_service, list(ServiceKind.choices), total),
        },
    )


@indicator(
    "support_referrals_made",
    _("Số lượt chuyển gửi người được hỗ trợ"),
    _("lượt"),
    _(
        "Số lượt chuyển gửi đến cơ quan, tổ chức khác có ngày chuyển gửi trong kỳ, của người cư trú tại địa "
        "bàn và đồng ý được tính trong số liệu thống kê (kể cả lượt đã thu hồi, bị từ chối)."
    ),
    monitor=True,
)
def support_referrals_made(period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    referrals = Referral.objects.filter(
        referred_on__gte=period.start,
        referred_on__lte=period.end,
        case__commune__path__prefix=unit.path,
        case_id__in=counted_case_ids(),
    ).order_by()
    by_status = {r["status"]: r["n"] for r in referrals.values("status").annotate(n=Count("pk"))}
    total = sum(by_status.values())
    return _result(total, {"by_status": _breakdown(by_status, list(ReferralStatus.choices), total)})


@indicator(
    "support_referrals_completed",
    _("Số lượt chuyển gửi đã hoàn thành"),
    _("lượt"),
    _(
        "Số lượt chuyển gửi được bên nhận đánh dấu hoàn thành trong kỳ (theo ngày hoàn thành), của người cư "
        "trú tại địa bàn và đồng ý được tính trong số liệu thống kê."
    ),
    monitor=True,
)
def support_referrals_completed(period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    total = (
        ReferralEvent.objects.filter(
            to_status=ReferralStatus.DONE,
            at__date__gte=period.start,
            at__date__lte=period.end,
            referral__case__commune__path__prefix=unit.path,
            referral__case_id__in=counted_case_ids(),
        )
        .order_by()
        .aggregate(n=Count("referral_id", distinct=True))["n"]
    )
    return _result(total, {})


@indicator(
    "support_people_reintegrated",
    _("Số người được hỗ trợ đã tái hòa nhập cộng đồng"),
    _("người"),
    _(
        "Số người (hồ sơ) chuyển sang tình trạng “Đã tái hòa nhập” trong kỳ, cư trú tại địa bàn, chỉ gồm "
        "người đồng ý được tính trong số liệu thống kê."
    ),
    monitor=True,
)
def support_people_reintegrated(period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    changes = CaseStatusChange.objects.filter(
        to_status=CaseStatus.REINTEGRATED,
        changed_at__date__gte=period.start,
        changed_at__date__lte=period.end,
        case__commune__path__prefix=unit.path,
        case_id__in=counted_case_ids(),
    ).order_by()
    people = Count("case_id", distinct=True)
    total = changes.aggregate(n=people)["n"]
    by_kind = {r["case__kind"]: r["n"] for r in changes.values("case__kind").annotate(n=people)}
    return _result(total, {"by_kind": _breakdown(by_kind, list(CaseKind.choices), total)})
