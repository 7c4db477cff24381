"""The coordinator's pages: assigning tasks, editing measures, recording values reported by hand.

Who may use them is decided by the access helpers (403 for other roles, 404 outside the scope);
the buttons leading here are only a convenience.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from lanhmanh.accounts.models import User
from lanhmanh.core.http import AuthedRequest
from lanhmanh.core.versioning import ConflictError
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans import queries, services
from lanhmanh.plans.access import can_manage_plan, get_measure_for_user, get_task_to_assign
from lanhmanh.plans.forms import (
    ManualValueForm,
    MeasureForm,
    TaskAssignForm,
    default_period,
    format_number,
    units_for_entry,
)
from lanhmanh.plans.models import ManualValue, Plan
from lanhmanh.plans.views.tasks import conflict_message

VALUES_PAGE_SIZE = 25


@login_required
@require_http_methods(["GET", "POST"])
def task_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    task = get_task_to_assign(user, pk)
    if request.method != "POST":
        initial = {
            "lead_agency": task.lead_agency_id,
            "partners": [agency.pk for agency in task.partners.all()],
            "deadline": task.deadline,
            "version": task.version,
        }
        form = TaskAssignForm(initial=initial, plan=task.plan)
        return render(request, "plans/task_assign.html", {"task": task, "form": form})

    form = TaskAssignForm(request.POST, plan=task.plan)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.task_assign(
                task=task,
                actor=user,
                lead_agency=data["lead_agency"],
                partners=data["partners"],
                deadline=data["deadline"],
                expected_version=data["version"],
            )
        except ConflictError:
            form.add_error(None, conflict_message())
            # Our copy carries the refused assignment; show what is stored.
            task = get_task_to_assign(user, pk)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu việc giao nhiệm vụ."))
            return redirect("plans:task_detail", pk=task.pk)
    return render(request, "plans/task_assign.html", {"task": task, "form": form})


@dataclass
class ValueRow:
    value: ManualValue
    amount: str


@login_required
@require_GET
def measure_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    measure = get_measure_for_user(user, pk)
    values = (
        ManualValue.objects.visible_to(user)
        .filter(measure=measure)
        .select_related("unit", "entered_by")
        .order_by("-period_end", "-entered_at", "-pk")
    )
    page = Paginator(values, VALUES_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "measure": measure,
        "plan": measure.target.plan,
        "baseline": format_number(measure.baseline),
        "target_value": format_number(measure.target_value),
        "page": page,
        "values": [ValueRow(v, format_number(v.value)) for v in page.object_list],
        "can_manage": can_manage_plan(user, measure.target.plan),
    }
    return render(request, "plans/measure_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    measure = get_measure_for_user(user, pk, write=True)
    if request.method != "POST":
        initial = {"baseline": measure.baseline, "target_value": measure.target_value, "version": measure.version}
        return render(request, "plans/measure_edit.html", {"measure": measure, "form": MeasureForm(initial=initial)})

    form = MeasureForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.measure_update(
                measure=measure,
                actor=user,
                baseline=data["baseline"],
                target_value=data["target_value"],
                expected_version=data["version"],
            )
        except ConflictError:
            form.add_error(
                None,
                gettext(
                    "Chỉ tiêu này vừa được người khác sửa trong lúc bạn đang nhập. Không có thay đổi nào được lưu; "
                    "hãy xem lại giá trị mới nhất rồi nhập lại."
                ),
            )
            measure = get_measure_for_user(user, pk, write=True)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu giá trị ban đầu và mục tiêu."))
            return redirect("plans:measure_detail", pk=measure.pk)
    return render(request, "plans/measure_edit.html", {"measure": measure, "form": form})


def _entry_units(user: User, plan: Plan) -> QuerySet[AdministrativeUnit]:
    if user.scope is None:
        return AdministrativeUnit.objects.none()
    return units_for_entry(user.scope, plan).order_by("path")


@login_required
@require_http_methods(["GET", "POST"])
def manual_value_create(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    measure = get_measure_for_user(user, pk, write=True)
    plan = measure.target.plan
    units = _entry_units(user, plan)
    if request.method != "POST":
        period = default_period(plan, timezone.localdate())
        initial = {
            "unit_of_measure": measure.unit_of_measure,
            "unit": queries.home_unit(user, plan).pk,
            "period_start": period.start,
            "period_end": period.end,
        }
        form = ManualValueForm(initial=initial, units=units)
        return render(request, "plans/manual_value_form.html", {"measure": measure, "form": form})

    form = ManualValueForm(request.POST, units=units)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.manual_value_record(
                measure=measure,
                actor=user,
                unit=data["unit"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                value=data["value"],
                unit_of_measure=data["unit_of_measure"],
                source_note=data["source_note"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã ghi nhận số liệu."))
            return redirect("plans:measure_detail", pk=measure.pk)
    return render(request, "plans/manual_value_form.html", {"measure": measure, "form": form})
