"""Integrated plans of districts and communes (T6): list with the units still missing one, add, change."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from lanhmanh.core.http import AuthedRequest
from lanhmanh.indicators.periods import Basis, PeriodKind, make_period
from lanhmanh.outreach import queries, services
from lanhmanh.outreach.access import get_integrated_plan_for_user, may_record
from lanhmanh.outreach.forms import IntegratedPlanForm, MediaGridForm
from lanhmanh.outreach.indicators import integrated_plan_share
from lanhmanh.outreach.models import IntegratedPlan
from lanhmanh.outreach.views.common import PAGE_SIZE, allowed, stream
from lanhmanh.places.models import AdministrativeUnit


@login_required
@require_GET
def integrated_plan_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    # The year decides which units count (those existing that year) and which plans are on record.
    year_form = MediaGridForm(request.GET)
    year_form.full_clean()
    year = year_form.cleaned_data.get("year") or queries.default_year(user, timezone.localdate())
    period = make_period(PeriodKind.YEAR, year, basis=Basis.CALENDAR)
    result = integrated_plan_share(period, user.scope) if user.scope is not None else None
    missing = []
    if result is not None and result.missing_unit_ids:
        missing = list(
            AdministrativeUnit.objects.filter(pk__in=result.missing_unit_ids).select_related("parent").order_by("path")
        )
    plans = queries.visible_integrated_plans(user)
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "section": "plans",
        "form": year_form,
        "year": year,
        "result": result,
        "missing": missing,
        "page": page,
        "can_record": may_record(user),
    }
    return render(request, "outreach/integrated_plan_list.html", context)


def _initial(plan: IntegratedPlan) -> dict[str, object]:
    return {
        "unit": plan.unit_id,
        "document_number": plan.document_number,
        "issued_on": plan.issued_on,
        "title": plan.title,
        "programmes": list(plan.programmes),
    }


@allowed(may_record)
@require_http_methods(["GET", "POST"])
def integrated_plan_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    context: dict[str, object] = {"section": "plans", "plan": None}
    if request.method != "POST":
        unit_id = request.GET.get("unit", "")
        context["form"] = IntegratedPlanForm(initial={"unit": int(unit_id) if unit_id.isdigit() else None}, user=user)
        return render(request, "outreach/integrated_plan_form.html", context)
    form = IntegratedPlanForm(request.POST, request.FILES, user=user)
    if form.is_valid():
        try:
            services.integrated_plan_create(actor=user, data=form.to_input(), file=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu kế hoạch lồng ghép."))
            return redirect("outreach:integrated_plan_list")
    context["form"] = form
    return render(request, "outreach/integrated_plan_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def integrated_plan_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    plan = get_integrated_plan_for_user(user, pk, write=True)
    context: dict[str, object] = {"section": "plans", "plan": plan}
    if request.method != "POST":
        context["form"] = IntegratedPlanForm(initial=_initial(plan), user=user)
        return render(request, "outreach/integrated_plan_form.html", context)
    form = IntegratedPlanForm(request.POST, request.FILES, user=user)
    if form.is_valid():
        try:
            services.integrated_plan_update(plan=plan, actor=user, data=form.to_input(), file=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu thay đổi."))
            return redirect("outreach:integrated_plan_list")
    context["form"] = form
    return render(request, "outreach/integrated_plan_form.html", context)


@login_required
@require_GET
def integrated_plan_file(request: AuthedRequest, pk: int) -> FileResponse:
    plan = get_integrated_plan_for_user(request.user, pk)
    return stream(plan.file, plan.file_name)
