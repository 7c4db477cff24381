"""Task pages: the lists, a task with its progress history, and posting a progress update."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from lanhmanh.core.http import AuthedRequest, render_page_or_fragment
from lanhmanh.core.versioning import ConflictError
from lanhmanh.plans import queries, services
from lanhmanh.plans.access import can_manage_plan, can_update_task, get_task_for_user
from lanhmanh.plans.forms import TaskFilterForm, TaskUpdateForm, format_number
from lanhmanh.plans.models import OPEN_STATUSES, Task, TaskUpdate

PAGE_SIZE = 25


def conflict_message() -> str:
    return gettext(
        "Nhiệm vụ này vừa được người khác cập nhật trong lúc bạn đang nhập. Không có thay đổi nào được lưu; "
        "hãy xem lại thông tin mới nhất bên dưới rồi nhập lại."
    )


def _task_list(request: AuthedRequest, *, mine: bool) -> HttpResponse:
    user = request.user
    plan = queries.chosen_plan(user, request.GET.get("plan"))
    if plan is None:
        return render(request, "plans/dashboard_empty.html")
    today = timezone.localdate()
    form = TaskFilterForm(request.GET or None, plan=plan, units=queries.units_of_plan(user, plan).order_by("path"))
    filters: dict[str, Any] = {}
    if form.is_bound:
        # A filter that does not validate (a stale agency id...) is dropped and shown as an error;
        # cleaned_data still holds the others, which apply.
        form.full_clean()
        filters = form.cleaned_data
    agency = filters.get("agency")
    tasks = queries.filter_tasks(
        queries.my_tasks(user, plan) if mine else queries.tasks_of_plan(user, plan),
        today=today,
        q=filters.get("q") or "",
        agency_id=agency.pk if agency is not None else None,
        status=filters.get("status") or "",
        unit=filters.get("unit"),
        above=bool(filters.get("above")),
        overdue=bool(filters.get("overdue")),
    )
    page = Paginator(queries.for_listing(tasks), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "plan": plan,
        "plans": list(queries.visible_plans(user)),
        "form": form,
        "page": page,
        "today": today,
        "open_statuses": list(OPEN_STATUSES),
        "mine": mine,
        "list_url": request.path,
    }
    return render_page_or_fragment(request, "plans/task_list.html", "plans/_task_results.html", context)


@login_required
@require_GET
def task_list(request: AuthedRequest) -> HttpResponse:
    return _task_list(request, mine=False)


@login_required
@require_GET
def my_tasks(request: AuthedRequest) -> HttpResponse:
    return _task_list(request, mine=True)


@dataclass
class UpdateRow:
    update: TaskUpdate
    quantity: str


def _detail_context(request: AuthedRequest, task: Task, form: TaskUpdateForm | None, today: date) -> dict[str, Any]:
    updates = (
        TaskUpdate.objects.visible_to(request.user)
        .filter(task=task)
        .select_related("author", "author_agency")
        .order_by("-date", "-created_at", "-pk")
    )
    return {
        "task": task,
        "partners": list(task.partners.all()),
        "updates": [UpdateRow(u, format_number(u.quantity)) for u in updates],
        "form": form,
        "today": today,
        "is_overdue": task.deadline is not None and task.deadline < today and task.status in OPEN_STATUSES,
        "can_assign": can_manage_plan(request.user, task.plan),
    }


@login_required
@require_http_methods(["GET", "POST"])
def task_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The task, its progress history and audit trail; POST posts a progress update."""
    user = request.user
    today = timezone.localdate()
    if request.method != "POST":
        task = get_task_for_user(user, pk)
        form = None
        if can_update_task(user, task):
            form = TaskUpdateForm(initial={"date": today, "version": task.version}, current_status=task.status)
        return render(request, "plans/task_detail.html", _detail_context(request, task, form, today))

    task = get_task_for_user(user, pk, write=True)
    form = TaskUpdateForm(request.POST, request.FILES, current_status=task.status)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.task_post_update(
                task=task,
                author=user,
                date=data["date"],
                text=data["text"],
                quantity=data["quantity"],
                evidence=data["evidence"],
                new_status=data["new_status"],
                expected_version=data["version"],
            )
        except ConflictError:
            form.add_error(None, conflict_message())
            # The service set the new status on our copy before the database refused it.
            task = get_task_for_user(user, pk, write=True)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu cập nhật tiến độ."))
            return redirect("plans:task_detail", pk=task.pk)
    return render(request, "plans/task_detail.html", _detail_context(request, task, form, today))
