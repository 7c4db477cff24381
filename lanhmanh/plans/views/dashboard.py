"""The plan dashboard: targets and measures against their values, drill-down by unit, tasks by agency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from lanhmanh.core.http import AuthedRequest, render_page_or_fragment
from lanhmanh.indicators.periods import Period
from lanhmanh.indicators.progress import Monitored, Progress, TargetProgress, monitored, plan_progress
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans import queries
from lanhmanh.plans.access import can_manage_plan
from lanhmanh.plans.forms import DashboardFilterForm, format_number
from lanhmanh.plans.models import Plan, Target, TaskStatus


def dashboard_url(plan: Plan, unit: AdministrativeUnit, period: Period) -> str:
    params: dict[str, str | int] = {"plan": plan.pk, "unit": unit.pk, "period": period.key}
    return reverse("plans:dashboard") + "?" + urlencode(params)


def task_list_url(plan: Plan, unit: AdministrativeUnit, top: AdministrativeUnit, **filters: str | int) -> str:
    """The task list showing the tasks a dashboard count stands for."""
    params: dict[str, str | int] = {"plan": plan.pk}
    if unit != top:
        # The dashboard counts the tasks of the units above too; the list must count the same ones.
        params.update(unit=unit.pk, above=1)
    params.update(filters)
    return reverse("plans:task_list") + "?" + urlencode(params)


@dataclass
class MeasureRow:
    progress: Progress
    value: str
    baseline: str
    target: str


@dataclass
class TargetRow:
    target: Target
    measures: list[MeasureRow]


def _target_rows(progress: list[TargetProgress]) -> list[TargetRow]:
    return [
        TargetRow(
            target=tp.target,
            measures=[
                MeasureRow(p, format_number(p.value), format_number(p.baseline), format_number(p.target))
                for p in tp.measures
            ],
        )
        for tp in progress
    ]


@dataclass
class MonitoredRow:
    code: str
    label: str
    description: str
    value: str  # "" when the records give no answer
    unit_of_measure: str
    counts: str  # "12/40" behind a share, "" otherwise


def _monitored_rows(found: list[Monitored]) -> list[MonitoredRow]:
    rows = []
    for m in found:
        result, entry = m.result, m.indicator
        value = "" if result is None else result.display or format_number(result.value)
        counts = ""
        if result is not None and not result.display and result.denominator is not None:
            counts = f"{format_number(result.numerator)}/{format_number(result.denominator)}"
        rows.append(
            MonitoredRow(
                entry.code, str(entry.label), str(entry.description), value, str(entry.unit_of_measure), counts
            )
        )
    return rows


@dataclass
class CountCell:
    count: int
    url: str


@dataclass
class AgencyLine:
    name: str
    cells: list[CountCell]
    overdue: CountCell
    total: CountCell


def _agency_lines(
    table: queries.AgencyTable, plan: Plan, unit: AdministrativeUnit, top: AdministrativeUnit
) -> tuple[list[AgencyLine], AgencyLine]:
    """The agency table with each count linked to the task list that shows those tasks."""

    def line(name: str, counts: dict[str, int], overdue: int, total: int, agency: dict[str, int] | None) -> AgencyLine:
        def url(**filters: str | int) -> str:
            # Tasks without a lead agency have no agency filter to link to: their counts stay plain.
            return "" if agency is None else task_list_url(plan, unit, top, **agency, **filters)

        return AgencyLine(
            name=name,
            cells=[CountCell(counts[status], url(status=status)) for status in queries.STATUS_COLUMNS],
            overdue=CountCell(overdue, url(overdue=1)),
            total=CountCell(total, url()),
        )

    lines = [
        line(row.name, row.counts, row.overdue, row.total, None if row.agency_id is None else {"agency": row.agency_id})
        for row in table.rows
    ]
    totals = line("", table.totals, table.overdue, table.total, {})
    return lines, totals


def _context(request: AuthedRequest, plan: Plan, today: date) -> dict[str, object]:
    user = request.user
    unit = queries.chosen_unit(user, plan, request.GET.get("unit"))
    period, period_error = DashboardFilterForm.chosen_period(request.GET.dict(), plan, today)
    top = queries.home_unit(user, plan)
    tasks = queries.tasks_at_unit(user, plan, unit)
    agency_lines, agency_totals = _agency_lines(queries.tasks_by_agency(tasks, today), plan, unit, top)
    return {
        "plan": plan,
        "plans": list(queries.visible_plans(user)),
        "unit": unit,
        "period": period,
        "period_error": period_error,
        "today": today,
        "form": DashboardFilterForm.for_display(plan=plan, unit=unit, period=period),
        "breadcrumb": [(u, dashboard_url(plan, u, period)) for u in queries.breadcrumb(unit, top)],
        "children": [
            (row, dashboard_url(plan, row.unit, period)) for row in queries.child_units(unit, plan, tasks, today)
        ],
        "targets": _target_rows(plan_progress(plan, period, unit, today)),
        "monitored": _monitored_rows(monitored(plan, period, unit)),
        "status_columns": [TaskStatus(status) for status in queries.STATUS_COLUMNS],
        "agency_lines": agency_lines,
        "agency_totals": agency_totals,
        "overdue": queries.overdue_tasks(tasks, today),
        "overdue_url": task_list_url(plan, unit, top, overdue=1),
        "can_manage": can_manage_plan(user, plan),
    }


@login_required
@require_GET
def dashboard(request: AuthedRequest) -> HttpResponse:
    plan = queries.chosen_plan(request.user, request.GET.get("plan"))
    if plan is None:
        return render(request, "plans/dashboard_empty.html")
    context = _context(request, plan, timezone.localdate())
    return render_page_or_fragment(request, "plans/dashboard.html", "plans/_dashboard_body.html", context)
