"""People reached by peer groups and volunteer social-work teams: a monitored indicator (dashboard).

Two queries whatever the size of the subtree: one sum of the activities of the period by group
kind, one count of the groups that exist in the subtree. Definition in docs/peergroups.md.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from lanhmanh.indicators.periods import Period
from lanhmanh.indicators.registry import IndicatorResult, indicator
from lanhmanh.peergroups.models import Activity, GroupKind, GroupStatus, PeerGroup
from lanhmanh.places.models import AdministrativeUnit


@indicator(
    "peer_group_people_reached",
    _("Số lượt người được nhóm đồng đẳng, đội công tác xã hội tình nguyện tiếp cận"),
    _("lượt người"),
    _(
        "Tổng số người được tiếp cận trong các hoạt động của nhóm đồng đẳng và đội công tác xã hội "
        "tình nguyện thuộc địa bàn, có ngày trong kỳ. Một người được tiếp cận hai lần được đếm hai lượt."
    ),
    monitor=True,
)
def peer_group_people_reached(period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    groups = PeerGroup.objects.in_subtree(unit).aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(status=GroupStatus.ACTIVE)),
    )
    if not groups["total"]:
        # No group in the subtree: the records give no answer, rather than "nobody reached".
        return None
    rows = (
        Activity.objects.in_subtree(unit)
        .between(period.start, period.end)
        .values("group__kind")
        .annotate(
            reached=Sum("people_reached"),
            activities=Count("pk"),
            condoms=Sum("condoms_distributed"),
            leaflets=Sum("leaflets_distributed"),
        )
        .order_by("group__kind")
    )
    by_kind = dict.fromkeys(GroupKind.values, 0)
    activities = condoms = leaflets = 0
    for row in rows:
        by_kind[row["group__kind"]] = row["reached"] or 0
        activities += row["activities"]
        condoms += row["condoms"] or 0
        leaflets += row["leaflets"] or 0
    return IndicatorResult(
        value=Decimal(sum(by_kind.values())),
        detail={
            "by_kind": by_kind,
            "activities": activities,
            "condoms_distributed": condoms,
            "leaflets_distributed": leaflets,
            "groups": groups["total"],
            "active_groups": groups["active"],
        },
    )
