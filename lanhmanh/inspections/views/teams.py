"""Teams, their members, inspection schedules and their approval; the violation catalogue."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lanhmanh.core.http import AuthedRequest
from lanhmanh.inspections import queries, services
from lanhmanh.inspections.access import (
    can_approve_schedule,
    can_change_team,
    get_schedule_for_user,
    get_team_for_user,
    may_manage_teams,
)
from lanhmanh.inspections.forms import MemberForm, ScheduleForm, TeamForm
from lanhmanh.inspections.models import ScheduledVisit, SubjectType, ViolationType
from lanhmanh.outreach.views.common import PAGE_SIZE, allowed


@login_required
@require_GET
def team_list(request: AuthedRequest) -> HttpResponse:
    teams = queries.visible_teams(request.user)
    page = Paginator(teams, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"section": "teams", "page": page, "can_manage": may_manage_teams(request.user)}
    return render(request, "inspections/team_list.html", context)


@allowed(may_manage_teams)
@require_http_methods(["GET", "POST"])
def team_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = TeamForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(actor=user, data=form.to_input())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu đội kiểm tra."))
            return redirect("inspections:team_detail", pk=team.pk)
    return render(request, "inspections/team_form.html", {"section": "teams", "form": form})


@login_required
@require_GET
def team_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    team = get_team_for_user(user, pk)
    context = {
        "section": "teams",
        "team": team,
        "members": list(
            team.members.select_related("agency", "user")
            .annotate(inspection_count=Count("inspections"))
            .order_by("role", "name", "pk")
        ),
        "can_change": can_change_team(user, team),
        "member_form": MemberForm(user=user),
    }
    return render(request, "inspections/team_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    team = get_team_for_user(user, pk, write=True)
    form = MemberForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_member_add(actor=user, team=team, data=form.to_input())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã thêm thành viên."))
            return redirect("inspections:team_detail", pk=team.pk)
    return render(request, "inspections/member_form.html", {"section": "teams", "form": form, "team": team})


@login_required
@require_POST
def member_remove(request: AuthedRequest, pk: int, member_pk: int) -> HttpResponse:
    """Remove a member (POST only: the team page asks for confirmation first)."""
    user = request.user
    team = get_team_for_user(user, pk, write=True)
    member = get_object_or_404(team.members.select_related("agency"), pk=member_pk)
    try:
        services.team_member_remove(actor=user, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("Đã xóa %(name)s khỏi đội.") % {"name": member.name})
    return redirect("inspections:team_detail", pk=team.pk)


@login_required
@require_GET
def schedule_list(request: AuthedRequest) -> HttpResponse:
    schedules = queries.visible_schedules(request.user).order_by("-period_start", "-pk")
    page = Paginator(schedules, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"section": "schedules", "page": page, "can_manage": may_manage_teams(request.user)}
    return render(request, "inspections/schedule_list.html", context)


@allowed(may_manage_teams)
@require_http_methods(["GET", "POST"])
def schedule_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = ScheduleForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            schedule = services.schedule_create(actor=user, data=form.to_input())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu kế hoạch kiểm tra (dự thảo, chờ phê duyệt)."))
            return redirect("inspections:schedule_detail", pk=schedule.pk)
    return render(request, "inspections/schedule_form.html", {"section": "schedules", "form": form})


@login_required
@require_GET
def schedule_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    schedule = get_schedule_for_user(user, pk)
    # Only the establishments of the reader's own scope: a provincial plan lists the whole province.
    visits = (
        ScheduledVisit.objects.filter(schedule=schedule, establishment__in=queries.establishments_in_scope(user))
        .select_related("establishment", "establishment__commune")
        .order_by("planned_on", "pk")
    )
    context = {
        "section": "schedules",
        "schedule": schedule,
        "visits": list(visits),
        "can_approve": schedule.status == "draft" and can_approve_schedule(user, schedule),
    }
    return render(request, "inspections/schedule_detail.html", context)


@login_required
@require_POST
def schedule_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    schedule = get_schedule_for_user(user, pk, approve=True)
    try:
        services.schedule_approve(actor=user, schedule=schedule)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("Đã phê duyệt kế hoạch kiểm tra."))
    return redirect("inspections:schedule_detail", pk=schedule.pk)


@login_required
@require_GET
def catalogue(request: AuthedRequest) -> HttpResponse:
    rows = ViolationType.objects.all()
    day_text = request.GET.get("on", "")
    day: date | None = None
    try:
        day = date.fromisoformat(day_text) if day_text else None
    except ValueError:
        day = None
    if day is not None:
        rows = rows.in_force_on(day)
    subject = request.GET.get("subject_type", "")
    if subject in SubjectType.values:
        rows = rows.filter(subject_type=subject)
    context = {
        "section": "catalogue",
        "rows": list(rows),
        "day": day,
        "subject": subject,
        "subjects": SubjectType.choices,
    }
    return render(request, "inspections/catalogue.html", context)
