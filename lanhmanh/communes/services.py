"""Every state change of healthy-commune assessments. Pages, the API and the demo call these.

The workflow (docs/healthy-communes.md):

    draft --submit--> submitted --approve--> approved --recognise--> recognised
      ^                   |
      +---- returned <----+ return (with a reason); a returned assessment is edited like a draft

Who may take a step is decided before a service is called, by the doors of `access.py` that
pages and API use (`get_assessment_to_edit`, `get_assessment_to_review`, `may_recognise`...).
Each function here runs in a transaction, refuses what the assessment's state does not allow
(ValidationError: a submitted assessment is not edited), carries the version the caller read
(ConflictError when somebody saved meanwhile), keeps each status change as an
`AssessmentTransition` and writes an audit entry naming the actor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from lanhmanh.accounts.models import User
from lanhmanh.communes.data_file import points_text
from lanhmanh.communes.models import (
    EDITABLE_STATUSES,
    AssessmentClass,
    AssessmentScheme,
    AssessmentStatus,
    AssessmentTransition,
    CriterionScore,
    HealthyCommuneAssessment,
    RecognitionDecision,
    ScoreEvidence,
    exists_in_year,
)
from lanhmanh.communes.scoring import Outcome, SchemeData, evaluate, points_for, scheme_data, value_problem
from lanhmanh.core import audit
from lanhmanh.core.uploads import check_evidence_file
from lanhmanh.core.versioning import save_versioned
from lanhmanh.places.models import AdministrativeUnit, Level

# The first year an assessment may be opened for; the last is the current one.
FIRST_YEAR = 2000


@dataclass(frozen=True)
class ScoreInput:
    """The commune's score for one criterion: the value (None: not scored yet) and a note."""

    value: Decimal | None
    note: str = ""


@dataclass(frozen=True)
class ReviewInput:
    """The reviewer's score for one criterion (None: agrees with the commune) and why it differs."""

    value: Decimal | None
    reason: str = ""


def score_key(code: str) -> str:
    """The error key of a criterion's score, in ValidationErrors, forms and API answers."""
    return f"scores.{code}"


def evidence_key(code: str) -> str:
    return f"evidence.{code}"


def _today() -> date:
    return timezone.localdate()


def _status_label(status: str) -> str:
    return str(AssessmentStatus(status).label)


def _refuse_unless(assessment: HealthyCommuneAssessment, *statuses: str) -> None:
    if assessment.status not in statuses:
        allowed = ", ".join(f"“{_status_label(s)}”" for s in statuses)
        raise ValidationError(
            f"Bản đánh giá đang ở trạng thái “{_status_label(assessment.status)}”: việc này chỉ làm được "
            f"khi ở trạng thái {allowed}."
        )


def _transition(
    assessment: HealthyCommuneAssessment,
    *,
    actor: User,
    from_status: str,
    reason: str = "",
    changes: dict[str, Any] | None = None,
) -> AssessmentTransition:
    """Keep one step of the workflow; `changes` holds JSON-ready values (points as text)."""
    return AssessmentTransition.objects.create(
        assessment=assessment,
        from_status=from_status,
        to_status=assessment.status,
        actor=actor,
        reason=reason,
        changes=changes or {},
    )


def _save(assessment: HealthyCommuneAssessment, *, expected_version: int, fields: Sequence[str]) -> None:
    assessment.updated_at = timezone.now()
    save_versioned(assessment, expected_version=expected_version, fields=[*fields, "updated_at"])


def _class_label(klass: AssessmentClass | None) -> str:
    return "" if klass is None else str(klass.label)


# --- Opening --------------------------------------------------------------------------------------


def scheme_for_year(year: int) -> AssessmentScheme | None:
    """The scheme an assessment opened now for `year` is scored under."""
    return AssessmentScheme.objects.covering_year(year).first()


@transaction.atomic
def assessment_start(*, commune: AdministrativeUnit, year: int, actor: User) -> HealthyCommuneAssessment:
    """Open the commune's assessment for `year` under the scheme in force, every criterion unscored."""
    errors: dict[str, str] = {}
    scheme = None
    if commune.level != Level.COMMUNE:
        errors["commune"] = f"{commune} không phải đơn vị cấp xã."
    if not FIRST_YEAR <= year <= _today().year:
        errors["year"] = f"Năm đánh giá phải từ {FIRST_YEAR} đến {_today().year}."
    elif not exists_in_year(commune, year):
        errors["year"] = f"{commune} không tồn tại trong năm {year}."
    elif HealthyCommuneAssessment.objects.filter(commune=commune, year=year).exists():
        errors["year"] = f"{commune} đã có bản đánh giá năm {year}."
    else:
        scheme = scheme_for_year(year)
        if scheme is None:
            errors["year"] = (
                f"Chưa có bộ tiêu chí nào áp dụng cho năm {year}. Cơ quan thường trực cần nạp bộ tiêu chí "
                "(lệnh load_assessment_scheme, xem docs/healthy-communes.md)."
            )
    if errors or scheme is None:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            assessment = HealthyCommuneAssessment.objects.create(
                commune=commune, year=year, scheme=scheme, created_by=actor
            )
    except IntegrityError:
        # Opened by a colleague between the check above and this insert.
        raise ValidationError({"year": f"{commune} đã có bản đánh giá năm {year}."}) from None
    data = scheme_data(scheme)
    CriterionScore.objects.bulk_create(
        CriterionScore(assessment=assessment, criterion=criterion) for criterion in data.criteria
    )
    outcome = evaluate(data, {})
    assessment.self_class = outcome.result
    assessment.save(update_fields=["self_class"])
    _transition(assessment, actor=actor, from_status="", changes={"scheme": str(scheme)})
    audit.record(
        "communes.assessment.started",
        actor=actor,
        target=assessment,
        changes={"commune": commune, "year": year, "scheme": str(scheme)},
    )
    return assessment


# --- The commune's scores -------------------------------------------------------------------------


def _rows(assessment: HealthyCommuneAssessment) -> dict[str, CriterionScore]:
    """The assessment's score rows by criterion code (one query)."""
    rows = assessment.scores.select_related("criterion").annotate(evidence_count=Count("evidence"))
    return {row.criterion.code: row for row in rows}


def _check_values(
    data: SchemeData, values: Mapping[str, Decimal | None], errors: dict[str, str], *, what: str = "Tiêu chí"
) -> None:
    by_code = data.by_code
    for code, value in values.items():
        criterion = by_code.get(code)
        if criterion is None:
            errors[score_key(code)] = f'Không có tiêu chí mã "{code}" trong bộ tiêu chí {data.scheme}.'
            continue
        problem = None if value is None else value_problem(criterion, value)
        if problem:
            errors[score_key(code)] = f"{what} {code}: {problem}"


def _check_files(data: SchemeData, evidence: Mapping[str, Sequence[UploadedFile]], errors: dict[str, str]) -> None:
    by_code = data.by_code
    for code, files in evidence.items():
        if code not in by_code:
            errors[evidence_key(code)] = f'Không có tiêu chí mã "{code}" trong bộ tiêu chí {data.scheme}.'
            continue
        for upload in files:
            try:
                check_evidence_file(upload, field=evidence_key(code))
            except ValidationError as error:
                errors.update({key: " ".join(messages) for key, messages in error.message_dict.items()})


def _store_evidence(row: CriterionScore, upload: UploadedFile, actor: User) -> ScoreEvidence:
    evidence = ScoreEvidence(score=row, name=(upload.name or "minh-chung")[:200], uploaded_by=actor)
    evidence.file.save(upload.name or "minh-chung", upload, save=False)
    evidence.save()
    return evidence


def _self_outcome(data: SchemeData, rows: Mapping[str, CriterionScore]) -> Outcome:
    return evaluate(data, {code: row.self_value for code, row in rows.items()})


@transaction.atomic
def assessment_save(
    *,
    assessment: HealthyCommuneAssessment,
    actor: User,
    scores: Mapping[str, ScoreInput],
    expected_version: int,
    note: str | None = None,
    evidence: Mapping[str, Sequence[UploadedFile]] | None = None,
) -> Outcome:
    """Save the commune's scores (by criterion code), notes and new evidence files of a draft.

    Criteria not named keep their score. Returns the total and class the scores now imply.
    """
    _refuse_unless(assessment, *EDITABLE_STATUSES)
    evidence = evidence or {}
    data = scheme_data(assessment.scheme)
    errors: dict[str, str] = {}
    _check_values(data, {code: item.value for code, item in scores.items()}, errors)
    _check_files(data, evidence, errors)
    if errors:
        raise ValidationError(errors)

    rows = _rows(assessment)
    changes: dict[str, Any] = {}
    changed: list[CriterionScore] = []
    for code, item in scores.items():
        row = rows[code]
        value = item.value
        note_text = (item.note or "").strip()
        if row.self_value == value and row.note == note_text:
            continue
        if row.self_value != value:
            changes[code] = [row.self_value, value]
        if row.note != note_text:
            changes[f"{code} (ghi chú)"] = [row.note, note_text]
        row.self_value = value
        row.self_points = None if value is None else points_for(row.criterion, value)
        row.note = note_text
        changed.append(row)
    before = {"self_total": assessment.self_total, "self_class": _class_label(assessment.self_class)}
    outcome = _self_outcome(data, rows)
    assessment.self_total = outcome.total
    assessment.self_class = outcome.result
    fields = ["self_total", "self_class"]
    if note is not None and note.strip() != assessment.note:
        changes["note"] = [assessment.note, note.strip()]
        assessment.note = note.strip()
        fields.append("note")
    # First, so that a stale form is refused before any row is touched.
    _save(assessment, expected_version=expected_version, fields=fields)
    CriterionScore.objects.bulk_update(changed, ["self_value", "self_points", "note"])
    added = [
        f"{code}: {_store_evidence(rows[code], upload, actor).name}"
        for code, files in evidence.items()
        for upload in files
    ]
    if added:
        changes["evidence_added"] = added
    changes.update(audit.diff(before, {"self_total": outcome.total, "self_class": _class_label(outcome.result)}))
    audit.record("communes.assessment.saved", actor=actor, target=assessment, changes=changes)
    return outcome


def _locked(assessment: HealthyCommuneAssessment) -> HealthyCommuneAssessment:
    """The assessment re-read under a row lock: its status cannot change until the transaction ends."""
    locked = HealthyCommuneAssessment.objects.select_for_update().get(pk=assessment.pk)
    assessment.status = locked.status
    assessment.version = locked.version
    return assessment


@transaction.atomic
def evidence_add(
    *, assessment: HealthyCommuneAssessment, criterion_code: str, actor: User, upload: UploadedFile
) -> ScoreEvidence:
    """Attach one evidence file to a criterion of a draft."""
    _refuse_unless(_locked(assessment), *EDITABLE_STATUSES)
    data = scheme_data(assessment.scheme)
    errors: dict[str, str] = {}
    _check_files(data, {criterion_code: [upload]}, errors)
    if errors:
        raise ValidationError(errors)
    row = assessment.scores.get(criterion__code=criterion_code)
    evidence = _store_evidence(row, upload, actor)
    audit.record(
        "communes.assessment.evidence_added",
        actor=actor,
        target=assessment,
        changes={"criterion": criterion_code, "file": evidence.name},
    )
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: ScoreEvidence, actor: User) -> None:
    """Remove an evidence file from a draft; the stored file goes when the transaction commits."""
    assessment = evidence.score.assessment
    _refuse_unless(_locked(assessment), *EDITABLE_STATUSES)
    file = evidence.file
    name, code = evidence.name, evidence.score.criterion.code
    evidence.delete()
    transaction.on_commit(lambda: file.delete(save=False))
    audit.record(
        "communes.assessment.evidence_removed",
        actor=actor,
        target=assessment,
        changes={"criterion": code, "file": name},
    )


@transaction.atomic
def assessment_submit(*, assessment: HealthyCommuneAssessment, actor: User, expected_version: int) -> Outcome:
    """Send the draft to the reviewer: every criterion scored, evidence wherever required."""
    _refuse_unless(assessment, *EDITABLE_STATUSES)
    data = scheme_data(assessment.scheme)
    rows = _rows(assessment)
    errors: dict[str, str] = {}
    for criterion in data.criteria:
        row = rows[criterion.code]
        if row.self_value is None:
            errors[score_key(criterion.code)] = f"Tiêu chí {criterion.code} chưa được chấm."
        if criterion.evidence_required and not getattr(row, "evidence_count", 0):
            errors[evidence_key(criterion.code)] = f"Tiêu chí {criterion.code} cần ít nhất một tệp minh chứng."
    if errors:
        raise ValidationError(errors)
    outcome = _self_outcome(data, rows)
    before = assessment.status
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.self_total = outcome.total
    assessment.self_class = outcome.result
    _save(assessment, expected_version=expected_version, fields=["status", "submitted_at", "self_total", "self_class"])
    facts = {"self_total": points_text(outcome.total), "self_class": _class_label(outcome.result)}
    _transition(assessment, actor=actor, from_status=before, changes=facts)
    audit.record(
        "communes.assessment.submitted",
        actor=actor,
        target=assessment,
        changes={"status": [before, assessment.status], **facts},
    )
    return outcome


# --- Review ---------------------------------------------------------------------------------------


def _effective_outcome(data: SchemeData, rows: Mapping[str, CriterionScore]) -> Outcome:
    return evaluate(data, {code: row.effective_value for code, row in rows.items()})


@transaction.atomic
def assessment_review(
    *,
    assessment: HealthyCommuneAssessment,
    reviewer: User,
    reviews: Mapping[str, ReviewInput],
    expected_version: int,
    review_note: str | None = None,
) -> Outcome:
    """Save the reviewer's scores where they differ from the commune's, each with its reason.

    A reviewed value equal to the commune's, or None, means agreement and is stored as None.
    Returns the total and class the reviewed scores imply.
    """
    _refuse_unless(assessment, AssessmentStatus.SUBMITTED)
    data = scheme_data(assessment.scheme)
    errors: dict[str, str] = {}
    _check_values(data, {code: item.value for code, item in reviews.items()}, errors, what="Điểm thẩm định tiêu chí")
    rows = _rows(assessment)
    for code, item in reviews.items():
        row = rows.get(code)
        differs = row is not None and item.value is not None and item.value != row.self_value
        if differs and not item.reason.strip() and score_key(code) not in errors:
            errors[score_key(code)] = f"Tiêu chí {code}: cần ghi lý do khi điểm thẩm định khác điểm tự chấm."
    if errors:
        raise ValidationError(errors)
    changes: dict[str, Any] = {}
    changed: list[CriterionScore] = []
    for code, item in reviews.items():
        row = rows[code]
        value = item.value if item.value is not None and item.value != row.self_value else None
        reason = item.reason.strip() if value is not None else ""
        if (row.reviewed_value, row.review_reason) == (value, reason):
            continue
        changes[code] = [row.reviewed_value, value]
        if reason:
            changes[f"{code} (lý do)"] = reason
        row.reviewed_value = value
        row.reviewed_points = None if value is None else points_for(row.criterion, value)
        row.review_reason = reason
        changed.append(row)
    outcome = _effective_outcome(data, rows)
    before = {"reviewed_total": assessment.reviewed_total, "reviewed_class": _class_label(assessment.reviewed_class)}
    assessment.reviewed_total = outcome.total
    assessment.reviewed_class = outcome.result
    fields = ["reviewed_total", "reviewed_class"]
    if review_note is not None and review_note.strip() != assessment.review_note:
        changes["review_note"] = [assessment.review_note, review_note.strip()]
        assessment.review_note = review_note.strip()
        fields.append("review_note")
    _save(assessment, expected_version=expected_version, fields=fields)
    CriterionScore.objects.bulk_update(changed, ["reviewed_value", "reviewed_points", "review_reason"])
    changes.update(
        audit.diff(before, {"reviewed_total": outcome.total, "reviewed_class": _class_label(outcome.result)})
    )
    audit.record("communes.assessment.reviewed", actor=reviewer, target=assessment, changes=changes)
    return outcome


@transaction.atomic
def assessment_return(
    *, assessment: HealthyCommuneAssessment, reviewer: User, reason: str, expected_version: int
) -> HealthyCommuneAssessment:
    """Send the assessment back to the commune for correction, saying why."""
    _refuse_unless(assessment, AssessmentStatus.SUBMITTED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Cần ghi lý do trả lại để xã biết cần sửa gì."})
    before = assessment.status
    assessment.status = AssessmentStatus.RETURNED
    _save(assessment, expected_version=expected_version, fields=["status"])
    _transition(assessment, actor=reviewer, from_status=before, reason=reason)
    audit.record(
        "communes.assessment.returned",
        actor=reviewer,
        target=assessment,
        changes={"status": [before, assessment.status], "reason": reason},
    )
    return assessment


@transaction.atomic
def assessment_approve(*, assessment: HealthyCommuneAssessment, reviewer: User, expected_version: int) -> Outcome:
    """Fix the reviewed scores and class; the assessment then waits for the province's decision."""
    _refuse_unless(assessment, AssessmentStatus.SUBMITTED)
    data = scheme_data(assessment.scheme)
    rows = _rows(assessment)
    outcome = _effective_outcome(data, rows)
    if not outcome.complete:
        # Only a scheme replaced under a submitted assessment could get here; refuse rather than guess.
        raise ValidationError({score_key(code): f"Tiêu chí {code} chưa có điểm." for code in outcome.unscored})
    before = assessment.status
    assessment.status = AssessmentStatus.APPROVED
    assessment.reviewed_total = outcome.total
    assessment.reviewed_class = outcome.result
    assessment.reviewed_by = reviewer
    assessment.approved_at = timezone.now()
    _save(
        assessment,
        expected_version=expected_version,
        fields=["status", "reviewed_total", "reviewed_class", "reviewed_by", "approved_at"],
    )
    differing = {
        code: [points_text(row.self_value), points_text(row.reviewed_value), row.review_reason]
        for code, row in rows.items()
        if row.reviewed_value is not None and row.self_value is not None
    }
    facts: dict[str, Any] = {
        "self_total": points_text(assessment.self_total),
        "reviewed_total": points_text(outcome.total),
        "reviewed_class": _class_label(outcome.result),
        "knocked_out": [c.code for c in outcome.knocked_out],
    }
    if differing:
        facts["reviewed_scores"] = differing
    _transition(assessment, actor=reviewer, from_status=before, changes=facts)
    audit.record(
        "communes.assessment.approved",
        actor=reviewer,
        target=assessment,
        changes={"status": [before, assessment.status], **facts},
    )
    return outcome


# --- Recognition ----------------------------------------------------------------------------------


@transaction.atomic
def recognition_record(
    *,
    actor: User,
    number: str,
    signed_on: date,
    issuer: str,
    assessments: Sequence[HealthyCommuneAssessment],
    note: str = "",
) -> RecognitionDecision:
    """Record the province's decision recognising the classes of a batch of approved assessments
    of one year; each becomes recognised with the class its review fixed."""
    errors: dict[str, str] = {}
    number, issuer = (number or "").strip(), (issuer or "").strip()
    if not number:
        errors["number"] = "Cần ghi số quyết định."
    if not issuer:
        errors["issuer"] = "Cần ghi cơ quan ban hành quyết định."
    if signed_on > _today():
        errors["signed_on"] = "Ngày ký không được ở tương lai."
    if not assessments:
        errors["assessments"] = "Chọn ít nhất một xã để công nhận."
    years = sorted({a.year for a in assessments})
    if len(years) > 1:
        shown = ", ".join(map(str, years))
        errors["assessments"] = f"Một quyết định công nhận kết quả của một năm; đã chọn các năm {shown}."
    elif years and signed_on < date(years[0], 1, 1):
        errors["signed_on"] = f"Ngày ký phải từ năm đánh giá {years[0]} trở đi."
    # Locked: an assessment returned or recognised by somebody else meanwhile is refused, not overwritten.
    rows = HealthyCommuneAssessment.objects.select_for_update().filter(pk__in=[a.pk for a in assessments])
    locked = {a.pk: a for a in rows}
    waiting = [a for a in assessments if a.pk in locked and locked[a.pk].status == AssessmentStatus.APPROVED]
    if len(waiting) != len(assessments):
        names = ", ".join(str(a) for a in assessments if a not in waiting)
        errors["assessments"] = f"Chỉ công nhận được bản đánh giá đã thẩm định, chờ công nhận: {names}."
    if errors:
        raise ValidationError(errors)
    assert actor.scope is not None
    decision = RecognitionDecision.objects.create(
        unit=actor.scope,
        year=years[0],
        number=number,
        signed_on=signed_on,
        issuer=issuer,
        note=(note or "").strip(),
        recorded_by=actor,
    )
    for assessment in assessments:
        current = locked[assessment.pk]
        assessment.status = AssessmentStatus.RECOGNISED
        assessment.recognition = decision
        _save(assessment, expected_version=current.version, fields=["status", "recognition"])
        facts = {"decision": str(decision), "class": _class_label(current.reviewed_class)}
        _transition(assessment, actor=actor, from_status=AssessmentStatus.APPROVED, changes=facts)
        audit.record(
            "communes.assessment.recognised",
            actor=actor,
            target=assessment,
            changes={"status": [AssessmentStatus.APPROVED.value, assessment.status], **facts},
        )
    audit.record(
        "communes.recognition.recorded",
        actor=actor,
        target=decision,
        changes={
            "number": number,
            "signed_on": signed_on,
            "issuer": issuer,
            "year": years[0],
            "communes": [str(a.commune) for a in assessments],
        },
    )
    return decision
