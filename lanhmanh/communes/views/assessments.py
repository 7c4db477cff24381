"""The commune's pages: the list, opening the year's assessment, the scoring table, scoring a
draft (with the live total), submitting it, and its evidence files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lanhmanh.communes import services
from lanhmanh.communes.access import (
    assessments_for,
    can_assess,
    can_review,
    get_assessment_for_user,
    get_assessment_to_edit,
    get_evidence_for_user,
    may_start_assessment,
    reviewer_label,
)
from lanhmanh.communes.forms import AssessmentFilterForm, ScoresForm, StartForm
from lanhmanh.communes.models import AssessmentStatus, HealthyCommuneAssessment
from lanhmanh.communes.queries import ScoringTable, scoring_table
from lanhmanh.communes.scoring import evaluate
from lanhmanh.core.http import AuthedRequest
from lanhmanh.core.versioning import ConflictError

PAGE_SIZE = 50
# Submitted assessments are few (one per commune and year); the queue is filtered in Python
# with the same rule as the review page's door.
QUEUE_LIMIT = 500


def conflict_message() -> str:
    return gettext(
        "Bản đánh giá này vừa được người khác lưu trong lúc bạn đang nhập. Không có thay đổi nào được lưu; "
        "hãy xem lại thông tin mới nhất bên dưới rồi nhập lại."
    )


@login_required
@require_GET
def assessment_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = AssessmentFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound:
        form.full_clean()
        filters = form.cleaned_data
    assessments = assessments_for(user)
    if filters.get("year"):
        assessments = assessments.filter(year=filters["year"])
    if filters.get("status"):
        assessments = assessments.filter(status=filters["status"])
    page = Paginator(assessments.order_by("-year", "commune__path"), PAGE_SIZE).get_page(request.GET.get("page"))
    submitted = assessments_for(user).filter(status=AssessmentStatus.SUBMITTED).order_by("submitted_at")
    queue = [a for a in submitted[:QUEUE_LIMIT] if can_review(user, a)]
    context = {
        "form": form,
        "page": page,
        "queue": queue,
        "can_start": may_start_assessment(user),
    }
    return render(request, "communes/assessment_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_start(request: AuthedRequest) -> HttpResponse:
    """A commune officer opens their commune's assessment for a year."""
    user = request.user
    if not may_start_assessment(user):
        raise PermissionDenied
    today = timezone.localdate()
    commune = user.scope
    assert commune is not None
    existing = {a.year: a for a in assessments_for(user).filter(commune=commune)}
    if request.method != "POST":
        form = StartForm(initial={"year": today.year}, today=today)
    else:
        form = StartForm(request.POST, today=today)
        if form.is_valid():
            try:
                assessment = services.assessment_start(commune=commune, year=form.cleaned_data["year"], actor=user)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, gettext("Đã mở bản tự đánh giá năm %(year)s.") % {"year": assessment.year})
                return redirect("communes:assessment_edit", pk=assessment.pk)
    context = {
        "form": form,
        "commune": commune,
        "existing": sorted(existing.values(), key=lambda a: -a.year),
        "scheme": services.scheme_for_year(today.year),
    }
    return render(request, "communes/assessment_start.html", context)


def detail_context(request: AuthedRequest, assessment: HealthyCommuneAssessment, table: ScoringTable) -> dict[str, Any]:
    user = request.user
    return {
        "assessment": assessment,
        "scheme": assessment.scheme,
        "table": table,
        "transitions": list(assessment.transitions.select_related("actor").order_by("at", "pk")),
        "can_edit": can_assess(user, assessment.commune) and assessment.is_editable,
        "can_review": can_review(user, assessment) and assessment.status == AssessmentStatus.SUBMITTED,
        "reviewer": reviewer_label(assessment),
    }


@login_required
@require_GET
def assessment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The scoring table as the paper form lays it out, the steps taken and the audit trail."""
    assessment = get_assessment_for_user(request.user, pk)
    return render(
        request, "communes/assessment_detail.html", detail_context(request, assessment, scoring_table(assessment))
    )


def _edit_page(
    request: AuthedRequest, assessment: HealthyCommuneAssessment, table: ScoringTable, form: ScoresForm
) -> HttpResponse:
    form.attach(table)
    context = {**detail_context(request, assessment, table), "form": form}
    return render(request, "communes/assessment_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """The commune scores its draft: value, note and evidence per criterion, the running total."""
    user = request.user
    assessment = get_assessment_to_edit(user, pk)
    if not assessment.is_editable:
        messages.warning(
            request,
            gettext("Bản đánh giá ở trạng thái “%(status)s” không sửa được; chỉ sửa được khi bị trả lại.")
            % {"status": assessment.get_status_display()},
        )
        return redirect("communes:assessment_detail", pk=assessment.pk)
    table = scoring_table(assessment)
    scores = {code: row.score for code, row in table.rows_by_code.items()}
    if request.method != "POST":
        form = ScoresForm(
            initial={"note": assessment.note, "version": assessment.version}, scheme=table.data, scores=scores
        )
        return _edit_page(request, assessment, table, form)

    form = ScoresForm(request.POST, request.FILES, scheme=table.data, scores=scores)
    if form.is_valid():
        try:
            services.assessment_save(
                assessment=assessment,
                actor=user,
                scores=form.score_inputs(),
                note=form.cleaned_data["note"],
                evidence=form.evidence_files(),
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError:
            form.add_error(None, conflict_message())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu bản tự đánh giá."))
            return redirect("communes:assessment_edit", pk=assessment.pk)
        # Nothing was written: show the stored state beside what was typed.
        assessment = get_assessment_to_edit(user, pk)
        table = scoring_table(assessment)
    return _edit_page(request, assessment, table, form)


@login_required
@require_POST
def assessment_preview(request: AuthedRequest, pk: int) -> HttpResponse:
    """The running total and class of the values typed so far (htmx, on every change); saves nothing."""
    assessment = get_assessment_to_edit(request.user, pk)
    table = scoring_table(assessment)
    scores = {code: row.score for code, row in table.rows_by_code.items()}
    form = ScoresForm(request.POST, scheme=table.data, scores=scores)
    outcome = evaluate(table.data, form.typed_values())
    context = {"outcome": outcome, "scheme": assessment.scheme, "assessment": assessment, "live": True}
    return render(request, "communes/_totals.html", context)


@login_required
@require_POST
def assessment_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    assessment = get_assessment_to_edit(user, pk)
    errors: list[str] = []
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        errors.append(gettext("Thiếu phiên bản của bản đánh giá; hãy tải lại trang rồi gửi lại."))
    else:
        try:
            services.assessment_submit(assessment=assessment, actor=user, expected_version=version)
        except ConflictError:
            errors.append(conflict_message())
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            messages.success(request, gettext("Đã gửi bản tự đánh giá để thẩm định."))
            return redirect("communes:assessment_detail", pk=assessment.pk)
    assessment = get_assessment_for_user(user, pk)
    context = {**detail_context(request, assessment, scoring_table(assessment)), "submit_errors": errors}
    return render(request, "communes/assessment_detail.html", context)


@login_required
@require_GET
def evidence_download(request: AuthedRequest, pk: int) -> FileResponse:
    """Evidence is never published under MEDIA_URL: the scope check here is the only way to it."""
    evidence = get_evidence_for_user(request.user, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=evidence.name or Path(evidence.file.name or "").name)
    # Evidence may name people: no browser or proxy cache keeps a copy.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def evidence_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for_user(request.user, pk, write=True)
    assessment = evidence.score.assessment
    try:
        services.evidence_remove(evidence=evidence, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("communes:assessment_detail", pk=assessment.pk)
    messages.success(request, gettext("Đã xóa tệp minh chứng “%(name)s”.") % {"name": evidence.name})
    return redirect("communes:assessment_edit", pk=assessment.pk)
