"""Reads behind the outreach pages and API: the choices a user may pick from, and the listings.

Every queryset of records starts from `visible_to(user)`; choices (units, agencies, tasks,
officials) are limited to the user's area, so a form never offers what the service would refuse.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Min, Q, QuerySet, Sum
from django.utils import timezone

from lanhmanh.accounts.models import Agency, User
from lanhmanh.indicators.periods import Basis, Period, make_period
from lanhmanh.outreach.models import (
    IntegratedPlan,
    MediaItem,
    Official,
    OfficialQuerySet,
    OutreachEvent,
    OutreachEventQuerySet,
    TrainingCourse,
)
from lanhmanh.places.models import AdministrativeUnit, Level, UnitQuerySet
from lanhmanh.plans.models import Plan, Task


def units_in_scope(user: User) -> UnitQuerySet:
    if user.scope is None:
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.subtree(user.scope).order_by("path")


def communes_in_scope(user: User) -> UnitQuerySet:
    return units_in_scope(user).communes().select_related("parent")


def province_of(user: User) -> AdministrativeUnit | None:
    """The province-level unit at or above the user's scope (media items are recorded for it)."""
    scope = user.scope
    if scope is None:
        return None
    if scope.level == Level.PROVINCE:
        return scope
    return AdministrativeUnit.objects.filter(path__in=scope.ancestor_paths(), level=Level.PROVINCE).first()


def agencies_for(user: User) -> QuerySet[Agency]:
    """Agencies of the user's area: those of the units above their scope, of the scope and below."""
    scope = user.scope
    if scope is None:
        return Agency.objects.none()
    return (
        Agency.objects.filter(Q(unit__path__in=scope.ancestor_paths()) | Q(unit__path__prefix=scope.path))
        .select_related("unit")
        .order_by("level", "name", "pk")
    )


def tasks_for(user: User) -> QuerySet[Task]:
    return Task.objects.visible_to(user).select_related("plan").order_by("plan", "order", "code")


def officials_for(user: User) -> OfficialQuerySet:
    return Official.objects.visible_to(user).select_related("unit", "agency").order_by("full_name", "pk")


def first_year(user: User, today: date) -> int:
    """The first year a period filter offers: the start of the earliest plan the user reads."""
    first = Plan.objects.visible_to(user).aggregate(first=Min("period_start"))["first"]
    return min(first.year, today.year) if first is not None else today.year


def default_year(user: User, today: date) -> int:
    """The year pages open on: this year while a plan runs, else the last plan's year."""
    plan = Plan.objects.visible_to(user).order_by("-period_end").first()
    if plan is None:
        return today.year
    return min(max(today.year, plan.period_start.year), plan.period_end.year)


def default_period(user: User) -> Period:
    return make_period("year", default_year(user, timezone.localdate()), basis=Basis.CALENDAR)


def events_for_listing(events: OutreachEventQuerySet) -> OutreachEventQuerySet:
    """One page of events with what the table shows, in three queries whatever its length."""
    return (
        events.select_related("primary_unit", "organiser")
        .prefetch_related("units")
        .annotate(people=Sum("audience__count"))
        .order_by("-date", "-pk")
    )


def visible_events(user: User) -> OutreachEventQuerySet:
    return OutreachEvent.objects.visible_to(user)


def visible_media(user: User) -> QuerySet[MediaItem]:
    return MediaItem.objects.visible_to(user).order_by("-date", "-pk")


def visible_courses(user: User) -> QuerySet[TrainingCourse]:
    return TrainingCourse.objects.visible_to(user).select_related("organiser", "unit").order_by("-start_date", "-pk")


def visible_integrated_plans(user: User) -> QuerySet[IntegratedPlan]:
    return IntegratedPlan.objects.visible_to(user).select_related("unit").order_by("-issued_on", "-pk")
