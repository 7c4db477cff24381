"""The reviewer's side: reviewed scores with reasons, returning and approving; and the steps that
the state refuses."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lanhmanh.communes import services
from lanhmanh.communes.models import AssessmentStatus, HealthyCommuneAssessment
from lanhmanh.communes.services import ReviewInput
from lanhmanh.communes.tests.helpers import approved, draft_for, submitted
from lanhmanh.core.models import AuditEntry
from lanhmanh.core.versioning import ConflictError


@pytest.fixture
def reviewer(personas):
    return personas["district_officer"]


def test_a_reviewed_score_that_differs_needs_a_reason(sent, reviewer):
    with pytest.raises(ValidationError) as error:
        services.assessment_review(
            assessment=sent, reviewer=reviewer, reviews={"I.1": ReviewInput(Decimal(6))}, expected_version=sent.version
        )
    assert error.value.message_dict == {
        "scores.I.1": ["Tiêu chí I.1: cần ghi lý do khi điểm thẩm định khác điểm tự chấm."]
    }


def test_reviewed_scores_are_kept_beside_the_communes_and_give_the_reviewed_class(sent, reviewer):
    outcome = services.assessment_review(
        assessment=sent,
        reviewer=reviewer,
        reviews={
            "I.1": ReviewInput(Decimal(6), "Chưa kiện toàn Ban Chỉ đạo"),
            "III.1": ReviewInput(Decimal(0), "Công an xã ghi nhận 1 tụ điểm"),
            "I.2": ReviewInput(Decimal(1), "trùng điểm tự chấm"),
        },
        review_note="Cần bổ sung hồ sơ.",
        expected_version=sent.version,
    )
    sent.refresh_from_db()
    assert (outcome.total, outcome.result.code) == (Decimal(86), "loai-2")  # capped by III.1
    assert (sent.reviewed_total, sent.reviewed_class.code, sent.review_note) == (86, "loai-2", "Cần bổ sung hồ sơ.")
    assert (sent.self_total, sent.status) == (100, AssessmentStatus.SUBMITTED)
    i1 = sent.scores.get(criterion__code="I.1")
    assert (i1.self_value, i1.reviewed_value, i1.reviewed_points, i1.review_reason) == (
        10,
        6,
        6,
        "Chưa kiện toàn Ban Chỉ đạo",
    )
    # Equal to the commune's: agreement, stored as no reviewed value.
    i2 = sent.scores.get(criterion__code="I.2")
    assert (i2.reviewed_value, i2.review_reason) == (None, "")
    entry = AuditEntry.objects.get(verb="communes.assessment.reviewed")
    assert entry.actor == reviewer and entry.changes["I.1"] == [None, "6"]


def test_approving_fixes_the_reviewed_class_and_keeps_what_differed(sent, reviewer):
    services.assessment_review(
        assessment=sent,
        reviewer=reviewer,
        reviews={"IV.1": ReviewInput(Decimal(8), "Sổ theo dõi thiếu")},
        expected_version=sent.version,
    )
    services.assessment_approve(assessment=sent, reviewer=reviewer, expected_version=sent.version)
    sent.refresh_from_db()
    assert sent.status == AssessmentStatus.APPROVED and sent.reviewed_by == reviewer
    assert (sent.reviewed_total, sent.result_class.code) == (98, "loai-1")
    step = sent.transitions.last()
    assert (step.from_status, step.to_status, step.actor) == ("submitted", "approved", reviewer)
    assert step.changes["reviewed_scores"] == {"IV.1": ["10", "8", "Sổ theo dõi thiếu"]}
    assert step.changes["reviewed_total"] == "98"


def test_approving_without_a_review_takes_the_communes_scores(sent, reviewer):
    services.assessment_approve(assessment=sent, reviewer=reviewer, expected_version=sent.version)
    sent.refresh_from_db()
    assert (sent.reviewed_total, sent.reviewed_class.code) == (100, "loai-1")


def test_returning_needs_a_reason_and_gives_the_draft_back(sent, reviewer):
    with pytest.raises(ValidationError) as error:
        services.assessment_return(assessment=sent, reviewer=reviewer, reason="  ", expected_version=sent.version)
    assert error.value.message_dict == {"reason": ["Cần ghi lý do trả lại để xã biết cần sửa gì."]}
    services.assessment_return(
        assessment=sent, reviewer=reviewer, reason="Thiếu biên bản", expected_version=sent.version
    )
    sent.refresh_from_db()
    assert sent.status == AssessmentStatus.RETURNED and sent.is_editable
    step = sent.transitions.last()
    assert (step.to_status, step.reason, step.actor) == ("returned", "Thiếu biên bản", reviewer)
    assert AuditEntry.objects.get(verb="communes.assessment.returned").changes["reason"] == "Thiếu biên bản"


def test_approving_a_page_read_before_somebody_returned_it_is_refused(sent, reviewer):
    colleague_copy = HealthyCommuneAssessment.objects.get(pk=sent.pk)
    services.assessment_return(
        assessment=colleague_copy, reviewer=reviewer, reason="Thiếu", expected_version=colleague_copy.version
    )
    with pytest.raises(ConflictError):
        services.assessment_approve(assessment=sent, reviewer=reviewer, expected_version=sent.version)
    sent.refresh_from_db()
    assert sent.status == AssessmentStatus.RETURNED


@pytest.mark.parametrize("state", ["draft", "returned", "approved"])
def test_only_a_submitted_assessment_is_reviewed_returned_or_approved(state, world, personas, scheme, reviewer):
    officer = personas["commune_officer"]
    if state == "draft":
        assessment = draft_for(world.commune, officer, 2019)
    elif state == "returned":
        assessment = submitted(world.commune, officer, 2019)
        services.assessment_return(
            assessment=assessment, reviewer=reviewer, reason="x", expected_version=assessment.version
        )
    else:
        assessment = approved(world.commune, officer, reviewer, 2019)
    steps = [
        lambda: services.assessment_review(
            assessment=assessment, reviewer=reviewer, reviews={}, expected_version=assessment.version
        ),
        lambda: services.assessment_return(
            assessment=assessment, reviewer=reviewer, reason="x", expected_version=assessment.version
        ),
        lambda: services.assessment_approve(
            assessment=assessment, reviewer=reviewer, expected_version=assessment.version
        ),
    ]
    for step in steps:
        with pytest.raises(ValidationError, match="chỉ làm được khi ở trạng thái “Chờ thẩm định”"):
            step()
