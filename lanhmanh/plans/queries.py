"""Reads behind the plan pages: which plan and unit a page is about, and the task aggregates.

Every queryset starts from `visible_to(user)`; every aggregate is one GROUP BY query, so the
number of queries of a page does not grow with the number of units, tasks or agencies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from lanhmanh.accounts.models import Role, User
from lanhmanh.core.access import get_for_user
from lanhmanh.places.models import PATH_SEGMENT_WIDTH, AdministrativeUnit
from lanhmanh.plans.access import get_plan_for_user
from lanhmanh.plans.models import OPEN_STATUSES, Plan, Task, TaskQuerySet, TaskStatus

# Status columns of the agency table, in the order a reader follows a task's life.
STATUS_COLUMNS = (
    TaskStatus.NOT_STARTED,
    TaskStatus.IN_PROGRESS,
    TaskStatus.DONE,
    TaskStatus.BLOCKED,
    TaskStatus.CANCELLED,
)
OVERDUE_LIST_LIMIT = 20


# Plan and unit -----------------------------------------------------------------------------------


def visible_plans(user: User) -> QuerySet[Plan]:
    return Plan.objects.visible_to(user).select_related("unit", "lead_agency").order_by("-issued_on", "-pk")


def chosen_plan(user: User, plan_id: str | None) -> Plan | None:
    """The plan asked for with `?plan=` (404 if the user may not see it), else the most recent one."""
    if plan_id:
        return get_plan_for_user(user, plan_id)
    return visible_plans(user).first()


def home_unit(user: User, plan: Plan) -> AdministrativeUnit:
    """Where a user's dashboard opens: their scope, or the plan's province if the scope lies above it."""
    scope = user.scope
    if scope is not None and scope.is_within(plan.unit):
        return scope
    return plan.unit


def units_of_plan(user: User, plan: Plan) -> QuerySet[AdministrativeUnit]:
    """Units inside both the user's scope and the plan's area that existed during the plan."""
    return (
        AdministrativeUnit.objects.subtree(home_unit(user, plan))
        .exclude(valid_from__gt=plan.period_end)
        .exclude(valid_to__lt=plan.period_start)
    )


def chosen_unit(user: User, plan: Plan, unit_id: str | None) -> AdministrativeUnit:
    """The unit asked for with `?unit=`; 404 for one outside the user's scope or the plan's area."""
    if not unit_id:
        return home_unit(user, plan)
    return get_for_user(AdministrativeUnit.objects.subtree(home_unit(user, plan)), unit_id, user=user)


def breadcrumb(unit: AdministrativeUnit, top: AdministrativeUnit) -> list[AdministrativeUnit]:
    """`top` and the units between it and `unit`, down to `unit` itself."""
    paths = [path for path in unit.ancestor_paths() if path.startswith(top.path)]
    return list(AdministrativeUnit.objects.filter(path__in=paths).order_by("path"))


# Tasks -------------------------------------------------------------------------------------------


def tasks_of_plan(user: User, plan: Plan) -> TaskQuerySet:
    return Task.objects.visible_to(user).filter(plan=plan)


def tasks_at_unit(user: User, plan: Plan, unit: AdministrativeUnit) -> TaskQuerySet:
    """Tasks carried out in the unit's subtree, and those of the units above it (the province's
    duties apply in every commune), as far as the user may see them."""
    return tasks_of_plan(user, plan).filter(Q(unit__path__prefix=unit.path) | Q(unit__path__in=unit.ancestor_paths()))


def my_tasks(user: User, plan: Plan) -> TaskQuerySet:
    """Tasks the user's agency leads or partners in; for district and commune officers, also the
    tasks carried out in their area."""
    mine = Q(pk__in=[])
    if user.agency_id is not None:
        partner_of = Task.partners.through.objects.filter(agency_id=user.agency_id).values("task_id")
        mine = Q(lead_agency_id=user.agency_id) | Q(pk__in=partner_of)
    if user.role in (Role.DISTRICT_OFFICER, Role.COMMUNE_OFFICER) and user.scope is not None:
        mine |= Q(unit__path__prefix=user.scope.path)
    return tasks_of_plan(user, plan).filter(mine)


def filter_tasks(
    tasks: QuerySet[Task],
    *,
    today: date,
    q: str = "",
    agency_id: int | None = None,
    status: str = "",
    unit: AdministrativeUnit | None = None,
    above: bool = False,
    overdue: bool = False,
) -> QuerySet[Task]:
    """Narrow a task list. `unit` keeps the tasks carried out in its subtree; with `above`, also
    those of the units above it, as the dashboard counts them."""
    if q:
        tasks = tasks.filter(Q(text__icontains=q) | Q(code__icontains=q))
    if agency_id is not None:
        tasks = tasks.filter(lead_agency_id=agency_id)
    if status:
        tasks = tasks.filter(status=status)
    if unit is not None:
        around = Q(unit__path__prefix=unit.path)
        if above:
            around |= Q(unit__path__in=unit.ancestor_paths())
        tasks = tasks.filter(around)
    if overdue:
        # `&` reuses the one definition of overdue on a queryset of any shape (the API's too).
        tasks = tasks & Task.objects.overdue(today)
    return tasks


def for_listing(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.select_related("lead_agency", "unit").order_by("order", "code")


# Aggregates for the dashboard --------------------------------------------------------------------


@dataclass
class AgencyRow:
    agency_id: int | None
    name: str
    counts: dict[str, int]
    overdue: int
    total: int


@dataclass
class AgencyTable:
    rows: list[AgencyRow]
    totals: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    total: int = 0


def tasks_by_agency(tasks: TaskQuerySet, today: date) -> AgencyTable:
    """Per lead agency: tasks per status and overdue tasks, in one GROUP BY query."""
    per_status = {status.value: Count("pk", filter=Q(status=status)) for status in STATUS_COLUMNS}
    rows = (
        tasks.order_by()
        .values("lead_agency_id", "lead_agency__name", "lead_agency__short_name")
        .annotate(
            **per_status,
            overdue_count=Count("pk", filter=Q(status__in=OPEN_STATUSES, deadline__lt=today)),
            total=Count("pk"),
        )
        .order_by("lead_agency__name")
    )
    table = AgencyTable(rows=[], totals=dict.fromkeys(per_status, 0))
    for row in rows:
        counts = {status: row[status] for status in per_status}
        name = row["lead_agency__short_name"] or row["lead_agency__name"] or ""
        table.rows.append(AgencyRow(row["lead_agency_id"], name, counts, row["overdue_count"], row["total"]))
        for status, count in counts.items():
            table.totals[status] += count
        table.overdue += row["overdue_count"]
        table.total += row["total"]
    # Unassigned tasks (no lead agency) come last, whatever the database sorts NULL as.
    table.rows.sort(key=lambda r: r.agency_id is None)
    return table


def overdue_tasks(tasks: TaskQuerySet, today: date) -> list[Task]:
    """The most overdue tasks first; the full list is the task list filtered on overdue."""
    return list(for_listing(tasks.overdue(today)).order_by("deadline", "code")[:OVERDUE_LIST_LIMIT])


@dataclass
class ChildUnitRow:
    unit: AdministrativeUnit
    total: int = 0
    open: int = 0
    overdue: int = 0


def child_units(unit: AdministrativeUnit, plan: Plan, tasks: TaskQuerySet, today: date) -> list[ChildUnitRow]:
    """The units just below `unit` that existed during the plan, each with the task counts of its
    subtree. Two queries whatever the number of children: children share a path length, so a
    task's child is the prefix of its unit's path of that length."""
    children = list(
        unit.children.exclude(valid_from__gt=plan.period_end).exclude(valid_to__lt=plan.period_start).order_by("name")
    )
    if not children:
        return []
    child_path_length = len(unit.path) + PATH_SEGMENT_WIDTH + 1
    counts = (
        tasks.filter(unit__path__prefix=unit.path)
        .exclude(unit=unit)
        .order_by()
        .annotate(child_path=Substr("unit__path", 1, child_path_length))
        .values("child_path")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, deadline__lt=today)),
        )
    )
    by_path = {row["child_path"]: row for row in counts}
    rows = []
    for child in children:
        row = by_path.get(child.path, {})
        rows.append(ChildUnitRow(child, row.get("total", 0), row.get("open", 0), row.get("overdue", 0)))
    return rows
