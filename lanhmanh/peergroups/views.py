"""Pages of peer groups and volunteer teams: lists, one group with its members and activities, and
the forms that register groups, members and activities (writers per access.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from lanhmanh.core.http import AuthedRequest, render_page_or_fragment
from lanhmanh.outreach.views.common import allowed
from lanhmanh.peergroups import queries, services
from lanhmanh.peergroups.access import (
    can_change_group,
    can_record_activity,
    get_activity_for_user,
    get_group_for_activity,
    get_group_for_user,
    get_member_for_user,
    may_manage_groups,
    may_record_activities,
)
from lanhmanh.peergroups.forms import ActivityFilterForm, ActivityForm, GroupFilterForm, GroupForm, MemberForm
from lanhmanh.peergroups.models import Activity, GroupKind, Member, PeerGroup
from lanhmanh.places.models import Level

PAGE_SIZE = 25
RECENT_ACTIVITIES = 20


# Groups -------------------------------------------------------------------------------------------


@login_required
@require_GET
def group_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = GroupFilterForm(request.GET or None, user=user)
    period = None
    filters: dict[str, Any] = {}
    if form.is_bound:
        form.full_clean()
        period = form.chosen_period()
        filters = form.cleaned_data
    groups = queries.groups_with_reach(user, period)
    if filters.get("unit") is not None:
        groups = groups.in_subtree(filters["unit"])
    if filters.get("kind"):
        groups = groups.filter(kind=filters["kind"])
    if filters.get("status"):
        groups = groups.filter(status=filters["status"])
    page = Paginator(groups.order_by("commune__path", "name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "section": "groups",
        "form": form,
        "page": page,
        "period": period,
        "can_manage": may_manage_groups(user),
    }
    return render_page_or_fragment(request, "peergroups/group_list.html", "peergroups/_group_results.html", context)


@login_required
@require_GET
def group_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    group = get_group_for_user(user, pk)
    activities = group.activities.select_related("task").order_by("-date", "-pk")
    totals = group.activities.aggregate(n=Count("pk"), reached=Sum("people_reached", default=0))
    context = {
        "section": "groups",
        "group": group,
        "members": group.members.order_by("left_on", "code"),
        "activities": activities[:RECENT_ACTIVITIES],
        "totals": totals,
        "can_change": can_change_group(user, group),
        "can_record": can_record_activity(user, group),
        "is_peer_group": group.kind == GroupKind.PEER_GROUP,
    }
    return render(request, "peergroups/group_detail.html", context)


def _group_form_page(request: AuthedRequest, form: GroupForm, group: PeerGroup | None) -> HttpResponse:
    return render(request, "peergroups/group_form.html", {"section": "groups", "form": form, "group": group})


@allowed(may_manage_groups)
@require_http_methods(["GET", "POST"])
def group_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if request.method != "POST":
        # A commune officer registers groups of their own commune: it comes chosen.
        scope = user.scope
        initial = {"commune": scope.pk} if scope is not None and scope.level == Level.COMMUNE else {}
        return _group_form_page(request, GroupForm(initial=initial, user=user), None)
    form = GroupForm(request.POST, user=user)
    if form.is_valid():
        try:
            group = services.group_create(actor=user, data=form.to_input())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu nhóm, đội."))
            return redirect("peergroups:group_detail", pk=group.pk)
    return _group_form_page(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    group = get_group_for_user(user, pk, write=True)
    if request.method != "POST":
        initial = {
            "kind": group.kind,
            "name": group.name,
            "commune": group.commune_id,
            "founded_on": group.founded_on,
            "sponsor": group.sponsor_id,
            "status": group.status,
            "notes": group.notes,
        }
        return _group_form_page(request, GroupForm(initial=initial, user=user), group)
    form = GroupForm(request.POST, user=user)
    if form.is_valid():
        try:
            services.group_update(group=group, actor=user, data=form.to_input())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu thay đổi."))
            return redirect("peergroups:group_detail", pk=group.pk)
    return _group_form_page(request, form, group)


# Members ------------------------------------------------------------------------------------------


def _member_form_page(
    request: AuthedRequest, form: MemberForm, group: PeerGroup, member: Member | None
) -> HttpResponse:
    context = {"section": "groups", "form": form, "group": group, "member": member}
    return render(request, "peergroups/member_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    group = get_group_for_user(user, pk, write=True)
    peer_group = group.kind == GroupKind.PEER_GROUP
    if request.method != "POST":
        form = MemberForm(initial={"joined_on": timezone.localdate()}, peer_group=peer_group)
        return _member_form_page(request, form, group, None)
    form = MemberForm(request.POST, peer_group=peer_group)
    if form.is_valid():
        try:
            member = services.member_add(group=group, actor=user, data=form.to_input())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã thêm thành viên %(code)s.") % {"code": member.code})
            return redirect("peergroups:group_detail", pk=group.pk)
    return _member_form_page(request, form, group, None)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    member = get_member_for_user(user, pk, write=True)
    group = member.group
    peer_group = group.kind == GroupKind.PEER_GROUP
    if request.method != "POST":
        initial = {
            "role": member.role,
            "full_name": member.full_name,
            "joined_on": member.joined_on,
            "left_on": member.left_on,
        }
        return _member_form_page(request, MemberForm(initial=initial, peer_group=peer_group), group, member)
    form = MemberForm(request.POST, peer_group=peer_group)
    if form.is_valid():
        try:
            services.member_update(member=member, actor=user, data=form.to_input())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu thay đổi."))
            return redirect("peergroups:group_detail", pk=group.pk)
    return _member_form_page(request, form, group, member)


# Activities ---------------------------------------------------------------------------------------


@login_required
@require_GET
def activity_list(request: AuthedRequest) -> HttpResponse:
    """Activities of the user's groups with the people reached in the period: the list and its total."""
    user = request.user
    form = ActivityFilterForm(request.GET or None, user=user)
    activities = queries.visible_activities(user)
    period = None
    if form.is_bound:
        form.full_clean()
        period = form.chosen_period()
        data = form.cleaned_data
        if period is not None:
            activities = activities.between(period.start, period.end)
        if data.get("unit") is not None:
            activities = activities.in_subtree(data["unit"])
        if data.get("kind"):
            activities = activities.filter(kind=data["kind"])
    totals = activities.aggregate(
        reached=Sum("people_reached", default=0),
        condoms=Sum("condoms_distributed", default=0),
        leaflets=Sum("leaflets_distributed", default=0),
    )
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "section": "activities",
        "form": form,
        "page": page,
        "period": period,
        "totals": totals,
        "can_record": may_record_activities(user),
    }
    return render_page_or_fragment(
        request, "peergroups/activity_list.html", "peergroups/_activity_results.html", context
    )


def _activity_form_page(
    request: AuthedRequest, form: ActivityForm, group: PeerGroup, activity: Activity | None
) -> HttpResponse:
    context = {"section": "activities", "form": form, "group": group, "activity": activity}
    return render(request, "peergroups/activity_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    group = get_group_for_activity(user, pk)
    if request.method != "POST":
        return _activity_form_page(
            request, ActivityForm(initial={"date": timezone.localdate()}, user=user), group, None
        )
    form = ActivityForm(request.POST, user=user)
    if form.is_valid():
        try:
            services.activity_create(group=group, actor=user, data=form.to_input())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu hoạt động."))
            return redirect("peergroups:group_detail", pk=group.pk)
    return _activity_form_page(request, form, group, None)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    activity = get_activity_for_user(user, pk, write=True)
    if request.method != "POST":
        initial = {
            "date": activity.date,
            "kind": activity.kind,
            "description": activity.description,
            "people_reached": activity.people_reached,
            "condoms_distributed": activity.condoms_distributed,
            "leaflets_distributed": activity.leaflets_distributed,
            "task": activity.task_id,
        }
        return _activity_form_page(request, ActivityForm(initial=initial, user=user), activity.group, activity)
    form = ActivityForm(request.POST, user=user)
    if form.is_valid():
        try:
            services.activity_update(activity=activity, actor=user, data=form.to_input())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu thay đổi."))
            return redirect("peergroups:group_detail", pk=activity.group_id)
    return _activity_form_page(request, form, activity.group, activity)


@login_required
@require_http_methods(["GET", "POST"])
def activity_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    activity = get_activity_for_user(user, pk, write=True)
    back = reverse("peergroups:group_detail", kwargs={"pk": activity.group_id})
    if request.method != "POST":
        context = {"section": "activities", "title": gettext("Xóa hoạt động"), "record": activity, "back_url": back}
        return render(request, "peergroups/confirm_delete.html", context)
    services.activity_delete(activity=activity, actor=user)
    messages.success(request, gettext("Đã xóa hoạt động."))
    return redirect(back)
