"""Every state change of plan records. Pages, the API and commands call these; nothing else
writes these tables (the plan-file loader aside). Each runs in a transaction, validates,
saves only the fields it changes, and writes one audit entry."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from lanhmanh.accounts.models import Agency, User
from lanhmanh.core import audit
from lanhmanh.core.uploads import check_evidence_file
from lanhmanh.core.versioning import save_versioned
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans.models import ManualValue, Measure, Task, TaskStatus, TaskUpdate


def _today() -> date:
    return timezone.localdate()


@transaction.atomic
def task_post_update(
    *,
    task: Task,
    author: User,
    date: date,
    text: str,
    quantity: Decimal | None = None,
    evidence: UploadedFile | None = None,
    new_status: str | None = None,
    expected_version: int | None = None,
) -> TaskUpdate:
    """Post a progress update, optionally changing the task's status.

    `expected_version` is the task version the author's form was built from: a status change
    on a task somebody else changed meanwhile is refused (ConflictError), nothing is written.
    """
    errors: dict[str, str] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = "Nội dung cập nhật không được để trống."
    if date > _today():
        errors["date"] = "Ngày cập nhật không được ở tương lai."
    if quantity is not None and quantity < 0:
        errors["quantity"] = "Số lượng không được âm."
    if new_status is not None and new_status not in TaskStatus.values:
        errors["new_status"] = f"Trạng thái “{new_status}” không hợp lệ."
    if errors:
        raise ValidationError(errors)
    if evidence is not None:
        check_evidence_file(evidence, field="evidence")

    status_before = task.status
    status_after = new_status or task.status
    if status_after != status_before:
        task.status = status_after
        save_versioned(task, expected_version=expected_version or task.version, fields=["status", "updated_at"])
    update = TaskUpdate(
        task=task,
        date=date,
        text=text,
        quantity=quantity,
        status_before=status_before,
        status_after=status_after,
        author=author,
        author_agency_id=author.agency_id,
    )
    if evidence is not None:
        update.evidence_name = (evidence.name or "")[:200]
        update.evidence.save(evidence.name or "evidence", evidence, save=False)
    update.save()
    audit.record(
        "plans.task.progress_posted",
        actor=author,
        target=task,
        changes={"update_id": update.pk, "status": [status_before, status_after], "date": date, "quantity": quantity},
    )
    return update


@transaction.atomic
def task_assign(
    *,
    task: Task,
    actor: User,
    lead_agency: Agency | None,
    partners: Iterable[Agency],
    deadline: date | None,
    expected_version: int,
) -> Task:
    """Assign or reassign a task to a lead agency, partner agencies and a deadline."""
    partner_list = [a for a in partners if lead_agency is None or a.pk != lead_agency.pk]
    if deadline is not None and deadline < task.plan.period_start:
        raise ValidationError({"deadline": "Thời hạn không được trước ngày bắt đầu kế hoạch."})
    before = {
        "lead_agency": task.lead_agency,
        "deadline": task.deadline,
        "partners": sorted(a.code for a in task.partners.all()),
    }
    task.lead_agency = lead_agency
    task.deadline = deadline
    save_versioned(task, expected_version=expected_version, fields=["lead_agency", "deadline"])
    task.partners.set(partner_list)
    after = {"lead_agency": lead_agency, "deadline": deadline, "partners": sorted(a.code for a in partner_list)}
    audit.record("plans.task.assigned", actor=actor, target=task, changes=audit.diff(before, after))
    return task


@transaction.atomic
def measure_update(
    *, measure: Measure, actor: User, baseline: Decimal | None, target_value: Decimal | None, expected_version: int
) -> Measure:
    """Change a measure's baseline and target value."""
    before = {"baseline": measure.baseline, "target_value": measure.target_value}
    measure.baseline = baseline
    measure.target_value = target_value
    save_versioned(measure, expected_version=expected_version, fields=["baseline", "target_value"])
    audit.record(
        "plans.measure.updated",
        actor=actor,
        target=measure,
        changes=audit.diff(before, {"baseline": baseline, "target_value": target_value}),
    )
    return measure


@transaction.atomic
def manual_value_record(
    *,
    measure: Measure,
    actor: User,
    unit: AdministrativeUnit,
    period_start: date,
    period_end: date,
    value: Decimal,
    unit_of_measure: str,
    source_note: str,
) -> ManualValue:
    """Record a value reported by hand for a measure that is not computed from records."""
    errors: dict[str, str] = {}
    if not measure.is_manual:
        errors["measure"] = f"Chỉ tiêu {measure.code} được tính tự động từ dữ liệu; không nhập tay."
    if period_end < period_start:
        errors["period_end"] = "Ngày kết thúc kỳ phải sau ngày bắt đầu."
    if actor.scope is None or not unit.is_within(actor.scope):
        errors["unit"] = "Địa bàn nằm ngoài phạm vi của bạn."
    if not (source_note or "").strip():
        errors["source_note"] = "Cần ghi nguồn số liệu."
    if not (unit_of_measure or "").strip():
        errors["unit_of_measure"] = "Cần ghi đơn vị tính."
    if errors:
        raise ValidationError(errors)
    mv = ManualValue.objects.create(
        measure=measure,
        unit=unit,
        period_start=period_start,
        period_end=period_end,
        value=value,
        unit_of_measure=unit_of_measure.strip(),
        source_note=source_note.strip(),
        entered_by=actor,
    )
    audit.record(
        "plans.manual_value.recorded",
        actor=actor,
        target=measure,
        changes={"value": value, "unit": unit.name, "period": [period_start, period_end], "source_note": source_note},
    )
    return mv
