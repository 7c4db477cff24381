"""The commune's side of the workflow: opening the year's assessment, scoring it with notes and
evidence, submitting it; and that nothing submitted can be edited until it is returned."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lanhmanh.communes import services
from lanhmanh.communes.models import AssessmentStatus, AssessmentTransition, CriterionScore, ScoreEvidence
from lanhmanh.communes.services import ScoreInput
from lanhmanh.communes.tests.helpers import FULL, approved, scores, submitted
from lanhmanh.core.models import AuditEntry
from lanhmanh.core.versioning import ConflictError
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans.tests.files import pdf_upload

# Opening ------------------------------------------------------------------------------------------


def test_opening_creates_an_unscored_row_per_criterion_under_the_scheme_in_force(draft, personas):
    assert draft.status == AssessmentStatus.DRAFT and draft.scheme.code == "vi-du-01-2008"
    assert draft.scores.count() == 11 and not draft.scores.exclude(self_value=None).exists()
    assert draft.self_total == 0 and draft.self_class.code == "loai-3"
    step = AssessmentTransition.objects.get(assessment=draft)
    assert (step.from_status, step.to_status, step.actor) == ("", "draft", personas["commune_officer"])
    assert AuditEntry.objects.filter(verb="communes.assessment.started", target_id=str(draft.pk)).exists()


def test_a_commune_has_one_assessment_a_year(draft, world, personas):
    with pytest.raises(ValidationError) as error:
        services.assessment_start(commune=world.commune, year=2019, actor=personas["commune_officer"])
    assert error.value.message_dict == {"year": ["Xã An đã có bản đánh giá năm 2019."]}


def test_it_refuses_a_year_without_a_scheme(world, personas, scheme):
    with pytest.raises(ValidationError) as error:
        services.assessment_start(commune=world.commune, year=2008, actor=personas["commune_officer"])
    assert "Chưa có bộ tiêu chí nào áp dụng cho năm 2008" in error.value.message_dict["year"][0]


def test_it_refuses_a_future_year_or_a_commune_that_did_not_exist(world, personas, scheme):
    officer = personas["commune_officer"]
    with pytest.raises(ValidationError, match="Năm đánh giá phải từ 2000"):
        services.assessment_start(commune=world.commune, year=2999, actor=officer)
    AdministrativeUnit.objects.filter(pk=world.commune.pk).update(valid_from="2021-01-01")
    world.commune.refresh_from_db()
    with pytest.raises(ValidationError, match="không tồn tại trong năm 2019"):
        services.assessment_start(commune=world.commune, year=2019, actor=officer)


def test_only_a_commune_level_unit_is_assessed(world, personas, scheme):
    with pytest.raises(ValidationError) as error:
        services.assessment_start(commune=world.district, year=2019, actor=personas["district_officer"])
    assert "không phải đơn vị cấp xã" in error.value.message_dict["commune"][0]


# Scoring ------------------------------------------------------------------------------------------


def test_saving_scores_stores_values_points_notes_and_the_implied_class(draft, personas):
    officer = personas["commune_officer"]
    inputs = scores(FULL) | {"III.1": ScoreInput(Decimal(0), note="Phát hiện 1 tụ điểm tháng 5.")}
    outcome = services.assessment_save(
        assessment=draft, actor=officer, scores=inputs, note="Tự nhận xét", expected_version=draft.version
    )
    draft.refresh_from_db()
    assert (outcome.total, outcome.result.code) == (Decimal(90), "loai-2")
    assert (draft.self_total, draft.self_class.code, draft.note, draft.version) == (90, "loai-2", "Tự nhận xét", 2)
    row = draft.scores.get(criterion__code="II.1")
    assert (row.self_value, row.self_points) == (Decimal(100), Decimal(10))
    assert draft.scores.get(criterion__code="III.1").note == "Phát hiện 1 tụ điểm tháng 5."
    entry = AuditEntry.objects.get(verb="communes.assessment.saved")
    assert entry.actor == officer and entry.changes["III.1"] == [None, "0"]
    assert entry.changes["self_class"] == ["Loại 3 — chưa đạt (ví dụ)", "Loại 2 — cơ bản lành mạnh (ví dụ)"]


def test_criteria_not_named_keep_their_score(draft, personas):
    officer = personas["commune_officer"]
    services.assessment_save(assessment=draft, actor=officer, scores=scores(FULL), expected_version=1)
    services.assessment_save(
        assessment=draft, actor=officer, scores={"I.1": ScoreInput(Decimal(5))}, expected_version=2
    )
    draft.refresh_from_db()
    assert draft.self_total == 95
    assert draft.scores.get(criterion__code="I.2").self_value == 1


def test_values_outside_the_scheme_are_refused_naming_the_criterion(draft, personas):
    with pytest.raises(ValidationError) as error:
        services.assessment_save(
            assessment=draft,
            actor=personas["commune_officer"],
            scores={"I.1": ScoreInput(Decimal(12)), "I.2": ScoreInput(Decimal(3)), "X.9": ScoreInput(Decimal(1))},
            expected_version=draft.version,
        )
    assert error.value.message_dict == {
        "scores.I.1": ["Tiêu chí I.1: điểm phải từ 0 đến 10."],
        "scores.I.2": ["Tiêu chí I.2: chọn Đạt hoặc Không đạt."],
        "scores.X.9": [f'Không có tiêu chí mã "X.9" trong bộ tiêu chí {draft.scheme}.'],
    }
    assert not CriterionScore.objects.exclude(self_value=None).exists()


def test_evidence_is_checked_and_stored_under_an_opaque_name(draft, personas):
    officer = personas["commune_officer"]
    services.assessment_save(
        assessment=draft,
        actor=officer,
        scores={},
        evidence={"I.1": [pdf_upload("bien ban hop.pdf")]},
        expected_version=draft.version,
    )
    evidence = ScoreEvidence.objects.get()
    assert evidence.name == "bien ban hop.pdf" and "bien" not in evidence.file.name
    assert evidence.score.criterion.code == "I.1" and evidence.uploaded_by == officer
    with pytest.raises(ValidationError) as error:
        services.evidence_add(
            assessment=draft, criterion_code="I.2", actor=officer, upload=SimpleUploadedFile("gia.pdf", b"not a pdf")
        )
    assert "evidence.I.2" in error.value.message_dict


def test_a_stale_form_is_refused_and_nothing_is_written(draft, personas):
    officer = personas["commune_officer"]
    services.assessment_save(assessment=draft, actor=officer, scores=scores(FULL), expected_version=1)
    with pytest.raises(ConflictError):
        services.assessment_save(
            assessment=draft, actor=officer, scores={"I.1": ScoreInput(Decimal(0))}, expected_version=1
        )
    assert CriterionScore.objects.get(assessment=draft, criterion__code="I.1").self_value == 10


# Submitting ---------------------------------------------------------------------------------------


def test_submitting_needs_every_criterion_scored_and_the_required_evidence(draft, personas):
    officer = personas["commune_officer"]
    services.assessment_save(assessment=draft, actor=officer, scores=scores(FULL, I_3=None), expected_version=1)
    with pytest.raises(ValidationError) as error:
        services.assessment_submit(assessment=draft, actor=officer, expected_version=2)
    assert error.value.message_dict == {
        "scores.I.3": ["Tiêu chí I.3 chưa được chấm."],
        "evidence.I.1": ["Tiêu chí I.1 cần ít nhất một tệp minh chứng."],
        "evidence.I.2": ["Tiêu chí I.2 cần ít nhất một tệp minh chứng."],
        "evidence.IV.1": ["Tiêu chí IV.1 cần ít nhất một tệp minh chứng."],
    }
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT


def test_submitting_sends_the_draft_to_review_and_keeps_the_step(complete_draft, personas):
    officer = personas["commune_officer"]
    services.assessment_submit(assessment=complete_draft, actor=officer, expected_version=complete_draft.version)
    complete_draft.refresh_from_db()
    assert complete_draft.status == AssessmentStatus.SUBMITTED and complete_draft.submitted_at is not None
    step = complete_draft.transitions.last()
    assert (step.from_status, step.to_status, step.actor) == ("draft", "submitted", officer)
    assert step.changes == {"self_total": "100", "self_class": "Loại 1 — lành mạnh (ví dụ)"}


# No edit after submission -------------------------------------------------------------------------


@pytest.mark.parametrize("step", ["submitted", "approved", "recognised"])
def test_nothing_is_edited_once_submitted(step, world, personas, scheme):
    officer, reviewer = personas["commune_officer"], personas["district_officer"]
    if step == "submitted":
        assessment = submitted(world.commune, officer, 2019)
    else:
        assessment = approved(world.commune, officer, reviewer, 2019)
    if step == "recognised":
        services.recognition_record(
            actor=personas["coordinator"],
            number="1/QĐ",
            signed_on=date(2019, 12, 1),
            issuer="UBND tỉnh",
            assessments=[assessment],
        )
        assessment.refresh_from_db()
    evidence = ScoreEvidence.objects.filter(score__assessment=assessment).first()
    attempts = [
        lambda: services.assessment_save(
            assessment=assessment,
            actor=officer,
            scores={"I.1": ScoreInput(Decimal(0))},
            expected_version=assessment.version,
        ),
        lambda: services.evidence_add(assessment=assessment, criterion_code="I.3", actor=officer, upload=pdf_upload()),
        lambda: services.evidence_remove(evidence=evidence, actor=officer),
        lambda: services.assessment_submit(assessment=assessment, actor=officer, expected_version=assessment.version),
    ]
    for attempt in attempts:
        with pytest.raises(
            ValidationError, match="chỉ làm được khi ở trạng thái “Đang tự đánh giá”, “Bị trả lại để sửa”"
        ):
            attempt()
    assert CriterionScore.objects.get(assessment=assessment, criterion__code="I.1").self_value == 10
    assert ScoreEvidence.objects.filter(score__assessment=assessment).count() == 3


def test_a_returned_assessment_is_edited_and_submitted_again(sent, personas):
    officer = personas["commune_officer"]
    services.assessment_return(
        assessment=sent, reviewer=personas["district_officer"], reason="Thiếu biên bản", expected_version=sent.version
    )
    services.assessment_save(
        assessment=sent, actor=officer, scores={"I.3": ScoreInput(Decimal(4))}, expected_version=sent.version
    )
    services.assessment_submit(assessment=sent, actor=officer, expected_version=sent.version)
    sent.refresh_from_db()
    assert sent.status == AssessmentStatus.SUBMITTED and sent.self_total == 99
    assert [(t.from_status, t.to_status) for t in sent.transitions.all()] == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
    ]


def test_removing_evidence_from_a_draft_keeps_the_step_in_the_audit(complete_draft, personas):
    evidence = ScoreEvidence.objects.filter(score__assessment=complete_draft).first()
    services.evidence_remove(evidence=evidence, actor=personas["commune_officer"])
    assert ScoreEvidence.objects.filter(score__assessment=complete_draft).count() == 2
    entry = AuditEntry.objects.get(verb="communes.assessment.evidence_removed")
    assert entry.changes == {"criterion": "I.1", "file": "I.1.pdf"}
