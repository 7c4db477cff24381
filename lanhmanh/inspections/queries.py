"""Reads behind the inspection pages and API: listings, choices, the risk-scored worklist.

Every queryset of records starts from `visible_to(user)`. The worklist's risk score is computed in
the database, in one query for the whole page whatever its length (docs/inspections.md):

    score = W_FLAG x current flags + W_VIOLATION x violations found in the last 24 months
          + W_MONTH x months since the last inspection (capped at 24; never inspected counts 24)
          + the weight of the establishment's type
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least

from lanhmanh.accounts.models import Agency, User
from lanhmanh.establishments.models import Establishment, EstablishmentQuerySet, EstablishmentStatus, RiskFlag
from lanhmanh.inspections.models import (
    Inspection,
    InspectionQuerySet,
    InspectionSchedule,
    InspectionTeam,
    InspectionTeamQuerySet,
    ScheduleStatus,
    Violation,
    ViolationQuerySet,
)
from lanhmanh.places.models import AdministrativeUnit, UnitQuerySet

# The risk score's weights (docs/inspections.md). Changing them changes the worklist's order only.
W_FLAG = 10
W_VIOLATION = 5
W_MONTH = 1
MONTHS_CAP = 24
VIOLATION_WINDOW_DAYS = 730  # 24 months
DAYS_PER_MONTH = 30
# Type weights: lines where disguised prostitution is most often found weigh most.
TYPE_WEIGHTS = {
    "karaoke": 6,
    "massage": 6,
    "sauna": 6,
    "dim_cafe": 6,
    "hair_wash": 5,
    "dance_hall": 5,
    "bar": 4,
    "guest_house": 4,
    "motel": 4,
    "hotel": 3,
    "rented_rooms": 3,
    "restaurant": 2,
    "other": 1,
}
# Re-inspections falling due within this many days are listed as due.
DUE_SOON_DAYS = 30


class DaysBetween(Func):
    """(later - earlier) in whole days, on both databases."""

    arity = 2
    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # date - date is an integer number of days in PostgreSQL.
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra)


def units_in_scope(user: User) -> UnitQuerySet:
    if user.scope is None:
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.subtree(user.scope).order_by("path")


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


def accounts_for(user: User) -> QuerySet[User]:
    """Active accounts a team member may be linked to: of an agency of the user's area, scoped within their scope."""
    scope = user.scope
    if scope is None:
        return User.objects.none()
    return (
        User.objects.filter(is_active=True, agency__in=agencies_for(user).values("pk"), scope__path__prefix=scope.path)
        .select_related("agency")
        .order_by("last_name", "first_name", "username", "pk")
    )


def visible_teams(user: User) -> InspectionTeamQuerySet:
    return InspectionTeam.objects.visible_to(user).select_related("unit").order_by("unit__path", "-valid_from", "pk")


def visible_schedules(user: User) -> QuerySet[InspectionSchedule]:
    return (
        InspectionSchedule.objects.visible_to(user)
        .select_related("team", "approved_by")
        .annotate(visit_count=Count("visits"))
    )


def approved_schedules(user: User) -> QuerySet[InspectionSchedule]:
    return (
        InspectionSchedule.objects.visible_to(user)
        .filter(status=ScheduleStatus.APPROVED)
        .select_related("team")
        .order_by("-period_start", "-pk")
    )


def establishments_in_scope(user: User) -> EstablishmentQuerySet:
    return Establishment.objects.visible_to(user).select_related("commune").order_by("name_folded", "pk")


def inspections_for_listing(inspections: InspectionQuerySet) -> InspectionQuerySet:
    """A page of inspections with what the table shows, in one query whatever its length."""
    return (
        inspections.select_related("team", "establishment", "establishment__commune")
        .annotate(violation_count=Count("violations", distinct=True), present=Count("members_present", distinct=True))
        .order_by("-date", "-pk")
    )


def filter_inspections(inspections: InspectionQuerySet, data: dict[str, Any]) -> InspectionQuerySet:
    """Apply the list filters (page form and API share them)."""
    period = data.get("period")
    if period is not None:
        inspections = inspections.filter(date__gte=period.start, date__lte=period.end)
    if data.get("unit") is not None:
        inspections = inspections.in_subtree(data["unit"])
    if data.get("establishment") is not None:
        inspections = inspections.filter(establishment=data["establishment"])
    if data.get("team") is not None:
        inspections = inspections.filter(team=data["team"])
    if data.get("kind"):
        inspections = inspections.filter(kind=data["kind"])
    if data.get("with_violations"):
        inspections = inspections.filter(violations__isnull=False).distinct()
    return inspections


# The worklist -------------------------------------------------------------------------------------------


def scored_establishments(user: User, today: date) -> EstablishmentQuerySet:
    """Operating establishments of the user's scope with their risk score and its components."""
    since = today - timedelta(days=VIOLATION_WINDOW_DAYS)
    flags = (
        RiskFlag.objects.filter(establishment=OuterRef("pk"), cleared_on__isnull=True)
        .order_by()
        .values("establishment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    violations = (
        Violation.objects.filter(inspection__establishment=OuterRef("pk"), committed_on__gte=since)
        .order_by()
        .values("inspection__establishment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last = (
        Inspection.objects.filter(establishment=OuterRef("pk"), date__lte=today)
        .order_by()
        .values("establishment")
        .annotate(last=Max("date"))
        .values("last")
    )
    type_weight = Case(
        *[When(kind=kind, then=Value(weight)) for kind, weight in TYPE_WEIGHTS.items()],
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Establishment.objects.visible_to(user)
        .exclude(status=EstablishmentStatus.CLOSED)
        .select_related("commune")
        .annotate(
            flag_count=Coalesce(Subquery(flags, output_field=IntegerField()), 0),
            violation_count=Coalesce(Subquery(violations, output_field=IntegerField()), 0),
            last_inspected=Subquery(last, output_field=DateField()),
            type_weight=type_weight,
        )
        .annotate(
            months_since=Least(
                Coalesce(
                    DaysBetween(Value(today, output_field=DateField()), F("last_inspected")) / DAYS_PER_MONTH,
                    Value(MONTHS_CAP),
                ),
                Value(MONTHS_CAP),
            )
        )
        .annotate(
            risk_score=F("flag_count") * W_FLAG
            + F("violation_count") * W_VIOLATION
            + F("months_since") * W_MONTH
            + F("type_weight")
        )
        .order_by("-risk_score", "name_folded", "pk")
    )


def overdue_follow_ups(user: User, today: date) -> ViolationQuerySet:
    """Fines unpaid past their due date, remedies not complied with past theirs."""
    return (
        Violation.objects.visible_to(user)
        .filter(
            Q(fine_due_on__lt=today, fine_paid_on__isnull=True, fine_amount__isnull=False)
            | Q(remedy_due_on__lt=today, complied_on__isnull=True) & ~Q(remedy="")
        )
        .select_related(
            "violation_type", "inspection", "inspection__establishment", "inspection__establishment__commune"
        )
        .order_by("fine_due_on", "remedy_due_on", "pk")
    )


def due_reinspections(user: User, today: date) -> ViolationQuerySet:
    """Violations whose re-inspection falls due within DUE_SOON_DAYS (or is past) and has not happened."""
    later = Inspection.objects.filter(
        establishment=OuterRef("inspection__establishment"), date__gt=OuterRef("inspection__date")
    )
    return (
        Violation.objects.visible_to(user)
        .filter(reinspection_due_on__lte=today + timedelta(days=DUE_SOON_DAYS))
        .exclude(Exists(later))
        .select_related(
            "violation_type", "inspection", "inspection__establishment", "inspection__establishment__commune"
        )
        .order_by("reinspection_due_on", "pk")
    )


@dataclass(frozen=True)
class Weights:
    flag: int = W_FLAG
    violation: int = W_VIOLATION
    month: int = W_MONTH
    months_cap: int = MONTHS_CAP
