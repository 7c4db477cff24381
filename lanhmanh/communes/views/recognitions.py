"""The province's recognition decisions: the list, recording one for a batch of communes, one decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from lanhmanh.communes import services
from lanhmanh.communes.access import assessments_for, get_recognition_for_user, may_recognise
from lanhmanh.communes.forms import RecognitionForm
from lanhmanh.communes.models import AssessmentStatus, RecognitionDecision
from lanhmanh.core.http import AuthedRequest
from lanhmanh.core.versioning import ConflictError

PAGE_SIZE = 25


@login_required
@require_GET
def recognition_list(request: AuthedRequest) -> HttpResponse:
    decisions = RecognitionDecision.objects.visible_to(request.user).select_related("unit", "recorded_by")
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "can_record": may_recognise(request.user)}
    return render(request, "communes/recognition_list.html", context)


def _chosen_year(request: AuthedRequest, years: list[int]) -> int | None:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or "")
    except ValueError:
        return years[0] if years else None
    return year if year in years else (years[0] if years else None)


@login_required
@require_http_methods(["GET", "POST"])
def recognition_create(request: AuthedRequest) -> HttpResponse:
    """Record a decision for the approved assessments of one year the coordinator chooses."""
    user = request.user
    if not may_recognise(user):
        raise PermissionDenied
    approved = assessments_for(user).filter(status=AssessmentStatus.APPROVED)
    years = sorted(set(approved.values_list("year", flat=True)), reverse=True)
    year = _chosen_year(request, years)
    waiting = approved.filter(year=year).order_by("commune__path") if year else approved.none()
    issuer = gettext("Ủy ban nhân dân %(unit)s") % {"unit": user.scope} if user.scope else ""
    if request.method != "POST":
        initial = {"issuer": issuer, "signed_on": timezone.localdate(), "assessments": list(waiting)}
        form = RecognitionForm(initial=initial, waiting=waiting)
    else:
        form = RecognitionForm(request.POST, waiting=waiting)
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision = services.recognition_record(
                    actor=user,
                    number=data["number"],
                    signed_on=data["signed_on"],
                    issuer=data["issuer"],
                    note=data["note"],
                    assessments=list(data["assessments"]),
                )
            except ConflictError:
                form.add_error(None, gettext("Một bản đánh giá vừa được người khác thay đổi; hãy chọn lại."))
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request, gettext("Đã ghi nhận quyết định công nhận %(number)s.") % {"number": decision.number}
                )
                return redirect("communes:recognition_detail", pk=decision.pk)
    context = {"form": form, "years": years, "year": year, "waiting": waiting}
    return render(request, "communes/recognition_form.html", context)


@login_required
@require_GET
def recognition_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = get_recognition_for_user(request.user, pk)
    # Only the rows the reader may see: a commune officer sees their own commune in the decision.
    assessments = assessments_for(request.user).filter(recognition=decision).order_by("commune__path")
    return render(request, "communes/recognition_detail.html", {"decision": decision, "assessments": assessments})
