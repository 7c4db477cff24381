"""The reviewer's page: reviewed scores where they differ (with reasons), then approve or return."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from lanhmanh.communes import services
from lanhmanh.communes.access import get_assessment_to_review
from lanhmanh.communes.forms import ReviewForm
from lanhmanh.communes.models import AssessmentStatus, HealthyCommuneAssessment
from lanhmanh.communes.queries import ScoringTable, scoring_table
from lanhmanh.communes.views.assessments import conflict_message, detail_context
from lanhmanh.core.http import AuthedRequest
from lanhmanh.core.versioning import ConflictError


def _page(
    request: AuthedRequest, assessment: HealthyCommuneAssessment, table: ScoringTable, form: ReviewForm
) -> HttpResponse:
    form.attach(table)
    context = {**detail_context(request, assessment, table), "form": form}
    return render(request, "communes/assessment_review.html", context)


def _apply(form: ReviewForm, assessment: HealthyCommuneAssessment, request: AuthedRequest) -> str:
    """Run the chosen action; return the message to show. Raises what the services raise."""
    data = form.cleaned_data
    user = request.user
    action = data["action"]
    if action == "return":
        services.assessment_return(
            assessment=assessment, reviewer=user, reason=data["return_reason"], expected_version=data["version"]
        )
        return gettext("Đã trả lại bản đánh giá cho xã.")
    # Saving the reviewed scores and approving are one step for the reviewer: both or neither.
    with transaction.atomic():
        services.assessment_review(
            assessment=assessment,
            reviewer=user,
            reviews=form.review_inputs(),
            review_note=data["review_note"],
            expected_version=data["version"],
        )
        if action == "approve":
            services.assessment_approve(assessment=assessment, reviewer=user, expected_version=assessment.version)
            return gettext("Đã phê duyệt kết quả thẩm định; bản đánh giá chờ quyết định công nhận.")
    return gettext("Đã lưu điểm thẩm định.")


@login_required
@require_http_methods(["GET", "POST"])
def assessment_review(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    assessment = get_assessment_to_review(user, pk)
    if assessment.status != AssessmentStatus.SUBMITTED:
        messages.warning(
            request,
            gettext("Bản đánh giá ở trạng thái “%(status)s”: không có gì để thẩm định.")
            % {"status": assessment.get_status_display()},
        )
        return redirect("communes:assessment_detail", pk=assessment.pk)
    table = scoring_table(assessment)
    scores = {code: row.score for code, row in table.rows_by_code.items()}
    if request.method != "POST":
        initial = {"review_note": assessment.review_note, "version": assessment.version, "action": "save"}
        return _page(request, assessment, table, ReviewForm(initial=initial, scheme=table.data, scores=scores))

    form = ReviewForm(request.POST, scheme=table.data, scores=scores)
    if form.is_valid():
        try:
            message = _apply(form, assessment, request)
        except ConflictError:
            form.add_error(None, conflict_message())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, message)
            if form.cleaned_data["action"] == "save":
                return redirect("communes:assessment_review", pk=assessment.pk)
            return redirect("communes:assessment_detail", pk=assessment.pk)
        assessment = get_assessment_to_review(user, pk)
        table = scoring_table(assessment)
    return _page(request, assessment, table, form)
