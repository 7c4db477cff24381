"""Reads behind the peer-group pages and API: listings and the choices a form may offer.

Every queryset of records starts from `visible_to(user)`; choices are limited to the user's area,
so a form never offers what the service would refuse.
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from lanhmanh.accounts.models import Agency, User
from lanhmanh.indicators.periods import Period
from lanhmanh.outreach import queries as outreach_queries
from lanhmanh.peergroups.models import Activity, ActivityQuerySet, Member, PeerGroup, PeerGroupQuerySet
from lanhmanh.places.models import UnitQuerySet
from lanhmanh.plans.models import Task


def visible_groups(user: User) -> PeerGroupQuerySet:
    return PeerGroup.objects.visible_to(user).select_related("commune", "commune__parent", "sponsor")


def groups_with_reach(user: User, period: Period | None) -> PeerGroupQuerySet:
    """The user's groups, each with its activities and people reached in the period (all time without
    one) and its current members: one query, whatever the number of groups."""
    today = timezone.localdate()
    in_period = (
        Q(activities__date__gte=period.start, activities__date__lte=period.end)
        if period is not None
        else Q(activities__isnull=False)
    )
    # Two to-many joins would multiply each other's rows: members are counted in a subquery.
    members = (
        Member.objects.filter(group=OuterRef("pk"))
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return visible_groups(user).annotate(
        reached=Sum("activities__people_reached", filter=in_period, default=0),
        activity_count=Count("activities", filter=in_period),
        member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0),
    )


def visible_activities(user: User) -> ActivityQuerySet:
    return Activity.objects.visible_to(user).select_related("group", "group__commune", "task")


def units_in_scope(user: User) -> UnitQuerySet:
    return outreach_queries.units_in_scope(user)


def communes_in_scope(user: User) -> UnitQuerySet:
    return outreach_queries.communes_in_scope(user)


def agencies_for(user: User) -> QuerySet[Agency]:
    return outreach_queries.agencies_for(user)


def tasks_for(user: User) -> QuerySet[Task]:
    return outreach_queries.tasks_for(user)
