"""Violations found at an inspection: recording one, then its sanction and follow-up."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from lanhmanh.core.http import AuthedRequest, render_page_or_fragment
from lanhmanh.core.versioning import ConflictError
from lanhmanh.inspections import services
from lanhmanh.inspections.access import get_inspection_for_user, get_violation_for_user
from lanhmanh.inspections.forms import ViolationFollowUpForm, ViolationForm
from lanhmanh.inspections.models import Inspection, Violation


def _page(
    request: AuthedRequest, form: ViolationForm, inspection: Inspection, violation: Violation | None
) -> HttpResponse:
    context = {"section": "inspections", "form": form, "inspection": inspection, "violation": violation}
    return render_page_or_fragment(
        request, "inspections/violation_form.html", "inspections/_violation_fields.html", context
    )


def _typed(request: AuthedRequest) -> dict[str, str]:
    """What the person had typed when the form reloads its catalogue rows (htmx sends the whole form)."""
    return {name: str(value) for name, value in request.GET.items() if name not in ("csrfmiddlewaretoken", "version")}


@login_required
@require_http_methods(["GET", "POST"])
def violation_create(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    inspection = get_inspection_for_user(user, pk, write=True)
    if request.method != "POST":
        # The offered catalogue rows follow the day and subject typed so far (htmx reloads the fields).
        day, subject = ViolationForm.chosen_day_and_subject(request.GET, inspection.date)
        initial = {
            "offender": inspection.establishment.name,
            **_typed(request),
            "committed_on": day,
            "subject_type": subject,
        }
        return _page(request, ViolationForm(initial=initial, day=day, subject_type=subject), inspection, None)
    day, subject = ViolationForm.chosen_day_and_subject(request.POST, inspection.date)
    form = ViolationForm(request.POST, day=day, subject_type=subject)
    if form.is_valid():
        try:
            services.violation_record(actor=user, inspection=inspection, data=form.to_input())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã ghi nhận vi phạm."))
            return redirect("inspections:inspection_detail", pk=inspection.pk)
    return _page(request, form, inspection, None)


@login_required
@require_http_methods(["GET", "POST"])
def violation_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    violation = get_violation_for_user(user, pk, write=True)
    inspection = violation.inspection
    if request.method != "POST":
        initial = ViolationFollowUpForm.initial_for(violation)
        day, subject = ViolationForm.chosen_day_and_subject(request.GET, violation.committed_on)
        if request.GET:
            initial.update(_typed(request), committed_on=day, subject_type=subject)
        form = ViolationFollowUpForm(
            initial=initial, day=day, subject_type=request.GET.get("subject_type", violation.subject_type)
        )
        return _page(request, form, inspection, violation)
    day, subject = ViolationForm.chosen_day_and_subject(request.POST, violation.committed_on)
    form = ViolationFollowUpForm(request.POST, day=day, subject_type=subject)
    if form.is_valid():
        try:
            services.violation_update(
                actor=user, violation=violation, data=form.to_input(), expected_version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except ConflictError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, gettext("Đã lưu xử phạt và theo dõi chấp hành."))
            return redirect("inspections:inspection_detail", pk=inspection.pk)
    return _page(request, form, inspection, violation)
