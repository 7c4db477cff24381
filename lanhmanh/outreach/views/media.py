"""Media items: the list, the month-by-outlet grid of a year (T4a), recording and changing one."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from lanhmanh.core.http import AuthedRequest, render_page_or_fragment
from lanhmanh.indicators.periods import Basis, PeriodKind, make_period
from lanhmanh.outreach import queries, services
from lanhmanh.outreach.access import get_media_item_for_user, may_record_media
from lanhmanh.outreach.forms import MediaFilterForm, MediaGridForm, MediaItemForm
from lanhmanh.outreach.indicators import media_by_month, media_months_share, months_of
from lanhmanh.outreach.models import MediaItem, Outlet
from lanhmanh.outreach.views.common import PAGE_SIZE, allowed, stream


@login_required
@require_GET
def media_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = MediaFilterForm(request.GET or None)
    items = queries.visible_media(user)
    if form.is_bound:
        form.full_clean()
        data = form.cleaned_data
        if data.get("year"):
            items = items.filter(date__year=data["year"])
        if data.get("outlet"):
            items = items.filter(outlet=data["outlet"])
        if data.get("kind"):
            items = items.filter(kind=data["kind"])
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"section": "media", "form": form, "page": page, "can_record": may_record_media(user)}
    return render_page_or_fragment(request, "outreach/media_list.html", "outreach/_media_results.html", context)


@dataclass
class GridCell:
    count: int
    required: bool


@dataclass
class GridRow:
    label: str
    cells: list[GridCell]
    url: str


@login_required
@require_GET
def media_grid(request: AuthedRequest) -> HttpResponse:
    """Which months of a year have at least one item, outlet by outlet: one GROUP BY query."""
    user = request.user
    form = MediaGridForm(request.GET)
    form.full_clean()
    year = form.cleaned_data.get("year") or queries.default_year(user, timezone.localdate())
    basis = form.cleaned_data.get("basis") or Basis.CALENDAR
    period = make_period(PeriodKind.YEAR, year, basis=basis)
    months = months_of(period)
    unit = user.scope
    counts = media_by_month(months, unit) if unit is not None else {}
    rows = [
        GridRow(
            label=str(label),
            cells=[GridCell(counts.get((outlet, index), 0), outlet != Outlet.OTHER) for index in range(len(months))],
            url=reverse("outreach:media_list") + "?" + urlencode({"year": year, "outlet": outlet}),
        )
        for outlet, label in Outlet.choices
    ]
    context = {
        "section": "media",
        "form": form,
        "year": year,
        "period": period,
        "months": months,
        "rows": rows,
        "result": media_months_share(period, unit) if unit is not None else None,
    }
    return render(request, "outreach/media_grid.html", context)


@allowed(may_record_media)
@require_http_methods(["GET", "POST"])
def media_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    province = queries.province_of(user)
    if province is None:
        raise PermissionDenied
    if request.method != "POST":
        form = MediaItemForm(initial={"date": timezone.localdate()})
        return render(request, "outreach/media_form.html", {"section": "media", "form": form, "item": None})
    form = MediaItemForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.media_item_create(actor=user, data=form.to_input(province), file=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu tin, bài."))
            return redirect("outreach:media_list")
    return render(request, "outreach/media_form.html", {"section": "media", "form": form, "item": None})


def _initial(item: MediaItem) -> dict[str, object]:
    return {
        "outlet": item.outlet,
        "outlet_name": item.outlet_name,
        "kind": item.kind,
        "date": item.date,
        "title": item.title,
        "link": item.link,
    }


@login_required
@require_http_methods(["GET", "POST"])
def media_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    item = get_media_item_for_user(user, pk, write=True)
    if request.method != "POST":
        form = MediaItemForm(initial=_initial(item))
        return render(request, "outreach/media_form.html", {"section": "media", "form": form, "item": item})
    form = MediaItemForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.media_item_update(
                item=item, actor=user, data=form.to_input(item.unit), file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu thay đổi."))
            return redirect("outreach:media_list")
    return render(request, "outreach/media_form.html", {"section": "media", "form": form, "item": item})


@login_required
@require_http_methods(["GET", "POST"])
def media_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    item = get_media_item_for_user(user, pk, write=True)
    if request.method == "POST":
        services.media_item_delete(item=item, actor=user)
        messages.success(request, gettext("Đã xóa tin, bài."))
        return redirect("outreach:media_list")
    context = {
        "section": "media",
        "title": gettext("Xóa tin, bài"),
        "record": item,
        "back_url": reverse("outreach:media_edit", args=[item.pk]),
    }
    return render(request, "outreach/confirm_delete.html", context)


@login_required
@require_GET
def media_file(request: AuthedRequest, pk: int) -> FileResponse:
    item = get_media_item_for_user(request.user, pk)
    return stream(item.file, item.file_name)
