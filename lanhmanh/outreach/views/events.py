"""Communication events: the list with its filters, recording, changing and deleting one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from lanhmanh.core.http import AuthedRequest, render_page_or_fragment
from lanhmanh.outreach import queries, services
from lanhmanh.outreach.access import (
    can_change_event,
    get_attachment_for_user,
    get_event_for_user,
    may_record,
)
from lanhmanh.outreach.forms import EventFilterForm, OutreachEventForm
from lanhmanh.outreach.models import OutreachEvent
from lanhmanh.outreach.views.common import PAGE_SIZE, allowed, stream


@login_required
@require_GET
def event_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    form = EventFilterForm(request.GET or None, user=user, years=(queries.first_year(user, today), today.year))
    events = queries.visible_events(user)
    period = None
    if form.is_bound:
        # A filter that does not validate is named on the page; the others still apply.
        form.full_clean()
        period = form.chosen_period()
        data = form.cleaned_data
        if period is not None:
            events = events.between(period.start, period.end)
        if data.get("unit") is not None:
            events = events.in_subtree(data["unit"])
        if data.get("form"):
            events = events.filter(form=data["form"])
        if data.get("agency") is not None:
            events = events.filter(organiser=data["agency"])
    page = Paginator(queries.events_for_listing(events), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"section": "events", "form": form, "page": page, "period": period, "can_record": may_record(user)}
    return render_page_or_fragment(request, "outreach/event_list.html", "outreach/_event_results.html", context)


def _form_page(request: AuthedRequest, form: OutreachEventForm, event: OutreachEvent | None) -> HttpResponse:
    return render(request, "outreach/event_form.html", {"section": "events", "form": form, "event": event})


@allowed(may_record)
@require_http_methods(["GET", "POST"])
def event_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if request.method != "POST":
        initial: dict[str, Any] = {"date": timezone.localdate(), "organiser": user.agency_id}
        # "Record an event here", from the to-do list of communes without outreach.
        unit_id = request.GET.get("unit", "")
        if unit_id.isdigit() and queries.communes_in_scope(user).filter(pk=unit_id).exists():
            initial["units"] = [int(unit_id)]
        return _form_page(request, OutreachEventForm(initial=initial, user=user), None)

    form = OutreachEventForm(request.POST, request.FILES, user=user)
    if form.is_valid():
        try:
            event = services.event_create(actor=user, data=form.to_input(), attachment=form.cleaned_data["attachment"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu hoạt động tuyên truyền."))
            return redirect("outreach:event_detail", pk=event.pk)
    return _form_page(request, form, None)


@login_required
@require_GET
def event_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    event = get_event_for_user(user, pk)
    context = {
        "section": "events",
        "event": event,
        "units": list(event.units.order_by("path")),
        "audience": list(event.audience.all()),
        "materials": list(event.materials.all()),
        "attachments": list(event.attachments.all()),
        "can_change": can_change_event(user, event),
    }
    return render(request, "outreach/event_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    event = get_event_for_user(user, pk, write=True)
    if request.method != "POST":
        return _form_page(request, OutreachEventForm(initial=OutreachEventForm.initial_for(event), user=user), event)

    form = OutreachEventForm(request.POST, request.FILES, user=user)
    if form.is_valid():
        try:
            services.event_update(
                event=event, actor=user, data=form.to_input(), attachment=form.cleaned_data["attachment"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu thay đổi."))
            return redirect("outreach:event_detail", pk=event.pk)
    return _form_page(request, form, event)


@login_required
@require_http_methods(["GET", "POST"])
def event_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    event = get_event_for_user(user, pk, write=True)
    if request.method == "POST":
        services.event_delete(event=event, actor=user)
        messages.success(request, gettext("Đã xóa hoạt động tuyên truyền."))
        return redirect("outreach:event_list")
    context = {
        "section": "events",
        "title": gettext("Xóa hoạt động tuyên truyền"),
        "record": event,
        "back_url": reverse("outreach:event_detail", args=[event.pk]),
        "warning": gettext("Số người dự, tài liệu và tệp đính kèm của hoạt động cũng bị xóa."),
    }
    return render(request, "outreach/confirm_delete.html", context)


@login_required
@require_GET
def attachment_download(request: AuthedRequest, pk: int) -> FileResponse:
    attachment = get_attachment_for_user(request.user, pk)
    return stream(attachment.file, attachment.name)
