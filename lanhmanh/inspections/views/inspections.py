"""Inspections: the list with its filters and .xlsx export, recording (two steps), detail, editing."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods
from openpyxl import Workbook

from lanhmanh.core.http import AuthedRequest, render_page_or_fragment
from lanhmanh.establishments.models import Establishment
from lanhmanh.inspections import queries, services
from lanhmanh.inspections.access import (
    can_change_inspection,
    get_attachment_for_user,
    get_establishment_for_inspection,
    get_inspection_for_user,
    may_record_inspections,
)
from lanhmanh.inspections.checklist import items_for
from lanhmanh.inspections.forms import InspectionFilterForm, InspectionForm, StartInspectionForm
from lanhmanh.inspections.models import Inspection, InspectionQuerySet, InspectionTeam
from lanhmanh.outreach.views.common import PAGE_SIZE, allowed, stream

EXPORT_LIMIT = 50_000


def _filtered(request: AuthedRequest) -> tuple[InspectionFilterForm, InspectionQuerySet, Any]:
    user = request.user
    today = timezone.localdate()
    asked = request.GET.get("establishment", "")
    if asked and not Establishment.objects.visible_to(user).filter(pk=asked if asked.isdigit() else 0).exists():
        # An establishment named by hand outside the scope answers as one that does not exist.
        raise Http404
    form = InspectionFilterForm(request.GET or None, user=user, years=(2016, today.year))
    inspections = Inspection.objects.visible_to(user)
    period = None
    if form.is_bound:
        # A filter that does not validate is named on the page; the others still apply.
        form.full_clean()
        period = form.chosen_period()
        inspections = queries.filter_inspections(inspections, {**form.cleaned_data, "period": period})
    return form, inspections, period


@login_required
@require_GET
def inspection_list(request: AuthedRequest) -> HttpResponse:
    form, inspections, period = _filtered(request)
    page = Paginator(queries.inspections_for_listing(inspections), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "section": "inspections",
        "form": form,
        "page": page,
        "period": period,
        "can_record": may_record_inspections(request.user),
        "export_query": query.urlencode(),
        "establishment": form.cleaned_data.get("establishment") if form.is_bound else None,
    }
    return render_page_or_fragment(
        request, "inspections/inspection_list.html", "inspections/_inspection_results.html", context
    )


@login_required
@require_GET
def inspection_export(request: AuthedRequest) -> FileResponse:
    """The filtered list (every page, in the user's scope) as .xlsx."""
    _form, inspections, _period = _filtered(request)
    rows = queries.inspections_for_listing(inspections)[:EXPORT_LIMIT]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Kiem tra"
    sheet.append(
        [
            gettext("Ngày kiểm tra"),
            gettext("Cơ sở"),
            gettext("Địa chỉ"),
            gettext("Xã, phường"),
            gettext("Đội kiểm tra"),
            gettext("Hình thức"),
            gettext("Số thành viên có mặt"),
            gettext("Số biên bản"),
            gettext("Số vi phạm"),
            gettext("Kết quả kiểm tra"),
        ]
    )
    for item in rows:
        sheet.append(
            [
                item.date,
                item.establishment.name,
                item.establishment.address,
                item.establishment.commune.name,
                item.team.name,
                item.get_kind_display(),
                getattr(item, "present", 0),  # annotated by inspections_for_listing
                item.minutes_number,
                getattr(item, "violation_count", 0),
                item.findings,
            ]
        )
    for cell in sheet["A"][1:]:
        cell.number_format = "DD/MM/YYYY"
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    response = FileResponse(buffer, as_attachment=True, filename=f"kiem-tra-{timezone.localdate():%Y%m%d}.xlsx")
    response["Cache-Control"] = "no-store"
    return response


def _form_page(request: AuthedRequest, form: InspectionForm, inspection: Inspection | None) -> HttpResponse:
    context = {"section": "inspections", "form": form, "inspection": inspection, "establishment": form.establishment}
    return render(request, "inspections/inspection_form.html", context)


def _team_for(request: AuthedRequest, raw: str) -> InspectionTeam | None:
    if not raw.isdigit():
        return None
    return queries.visible_teams(request.user).filter(pk=raw).first()


@allowed(may_record_inspections)
@require_http_methods(["GET", "POST"])
def inspection_create(request: AuthedRequest) -> HttpResponse:
    """Step one picks the establishment and team (GET); step two is the inspection form itself."""
    user = request.user
    source = request.POST if request.method == "POST" else request.GET
    if request.method != "POST" and not (source.get("establishment") and source.get("team")):
        # From an establishment's page (?establishment=<pk>): the choice made so far, without errors yet.
        start = StartInspectionForm(initial=source.dict(), user=user)
        return render(request, "inspections/inspection_start.html", {"section": "inspections", "form": start})
    start = StartInspectionForm(source, user=user)
    if not start.is_valid():
        return render(request, "inspections/inspection_start.html", {"section": "inspections", "form": start})
    establishment: Establishment = get_establishment_for_inspection(user, start.cleaned_data["establishment"].pk)
    team: InspectionTeam = start.cleaned_data["team"]
    items = items_for(establishment.kind)
    if request.method != "POST":
        initial = {"date": timezone.localdate()}
        form = InspectionForm(initial=initial, user=user, team=team, establishment=establishment, items=items)
        return _form_page(request, form, None)
    form = InspectionForm(request.POST, request.FILES, user=user, team=team, establishment=establishment, items=items)
    if form.is_valid():
        attachment = form.cleaned_data["attachment"]
        try:
            inspection = services.inspection_create(
                actor=user, data=form.to_input(), attachments=[attachment] if attachment else []
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu cuộc kiểm tra."))
            return redirect("inspections:inspection_detail", pk=inspection.pk)
    return _form_page(request, form, None)


@login_required
@require_GET
def inspection_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    inspection = get_inspection_for_user(user, pk)
    context = {
        "section": "inspections",
        "inspection": inspection,
        "members": list(inspection.members_present.select_related("agency").order_by("role", "name")),
        "checklist": list(inspection.checklist.all()),
        "violations": list(inspection.violations.select_related("violation_type")),
        "attachments": list(inspection.attachments.all()),
        "can_change": can_change_inspection(user, inspection),
    }
    return render(request, "inspections/inspection_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def inspection_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    inspection = get_inspection_for_user(user, pk, write=True)
    items = items_for(inspection.establishment.kind)
    kwargs: dict[str, Any] = {
        "user": user,
        "team": inspection.team,
        "establishment": inspection.establishment,
        "items": items,
    }
    if request.method != "POST":
        return _form_page(request, InspectionForm(initial=InspectionForm.initial_for(inspection), **kwargs), inspection)
    form = InspectionForm(request.POST, request.FILES, **kwargs)
    if form.is_valid():
        attachment = form.cleaned_data["attachment"]
        try:
            services.inspection_update(
                actor=user, inspection=inspection, data=form.to_input(), attachments=[attachment] if attachment else []
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu thay đổi."))
            return redirect("inspections:inspection_detail", pk=inspection.pk)
    return _form_page(request, form, inspection)


@login_required
@require_GET
def attachment_download(request: AuthedRequest, pk: int) -> FileResponse:
    attachment = get_attachment_for_user(request.user, pk)
    return stream(attachment.file, attachment.name)
