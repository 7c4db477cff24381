"""The roster of officials: list, add, change (an end date when someone leaves), import from .xlsx."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from lanhmanh.core.http import AuthedRequest, render_page_or_fragment
from lanhmanh.outreach import queries, services
from lanhmanh.outreach.access import get_official_for_user, may_record
from lanhmanh.outreach.forms import OfficialFilterForm, OfficialForm, RosterImportForm
from lanhmanh.outreach.models import Official
from lanhmanh.outreach.roster_import import COLUMNS, Problem, read_roster
from lanhmanh.outreach.views.common import PAGE_SIZE, allowed


@login_required
@require_GET
def official_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = OfficialFilterForm(request.GET or None, user=user)
    officials = queries.officials_for(user).order_by("unit__path", "full_name", "pk")
    if form.is_bound:
        form.full_clean()
        data = form.cleaned_data
        if data.get("unit") is not None:
            officials = officials.filter(unit__path__prefix=data["unit"].path)
        if data.get("agency") is not None:
            officials = officials.filter(agency=data["agency"])
        if data.get("active_on") is not None:
            day = data["active_on"]
            officials = officials.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
    page = Paginator(officials, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"section": "officials", "form": form, "page": page, "can_record": may_record(user)}
    return render_page_or_fragment(request, "outreach/official_list.html", "outreach/_official_results.html", context)


def _initial(official: Official) -> dict[str, object]:
    return {
        "full_name": official.full_name,
        "agency": official.agency_id,
        "unit": official.unit_id,
        "position": official.position,
        "start_date": official.start_date,
        "end_date": official.end_date,
    }


@allowed(may_record)
@require_http_methods(["GET", "POST"])
def official_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if request.method != "POST":
        form = OfficialForm(initial={"agency": user.agency_id, "unit": user.scope_id}, user=user)
        return render(request, "outreach/official_form.html", {"section": "officials", "form": form, "official": None})
    form = OfficialForm(request.POST, user=user)
    if form.is_valid():
        try:
            services.official_create(actor=user, data=form.to_input())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã thêm cán bộ vào danh sách."))
            return redirect("outreach:official_list")
    return render(request, "outreach/official_form.html", {"section": "officials", "form": form, "official": None})


@login_required
@require_http_methods(["GET", "POST"])
def official_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    official = get_official_for_user(user, pk, write=True)
    context: dict[str, object] = {"section": "officials", "official": official}
    if request.method != "POST":
        context["form"] = OfficialForm(initial=_initial(official), user=user)
        return render(request, "outreach/official_form.html", context)
    form = OfficialForm(request.POST, user=user)
    if form.is_valid():
        try:
            services.official_update(official=official, actor=user, data=form.to_input())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu thay đổi."))
            return redirect("outreach:official_list")
    context["form"] = form
    return render(request, "outreach/official_form.html", context)


@allowed(may_record)
@require_http_methods(["GET", "POST"])
def official_import(request: AuthedRequest) -> HttpResponse:
    """Upload a roster; every row is added, or none and the page lists every problem."""
    user = request.user
    problems: list[Problem] = []
    form = RosterImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = read_roster(upload, actor=user)
            created = (
                services.officials_import(actor=user, rows=report.rows, file_name=upload.name or "")
                if report.ok
                else []
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if report.ok:
                count = len(created)
                messages.success(
                    request,
                    ngettext(
                        "Đã thêm %(count)d cán bộ vào danh sách.", "Đã thêm %(count)d cán bộ vào danh sách.", count
                    )
                    % {"count": count},
                )
                return redirect("outreach:official_list")
            problems = report.problems
    context = {"section": "officials", "form": form, "problems": problems, "columns": COLUMNS}
    return render(request, "outreach/official_import.html", context)
