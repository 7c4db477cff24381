"""Integrated plans (kế hoạch lồng ghép) of districts and communes: the records behind T6."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from lanhmanh.accounts.models import User
from lanhmanh.core import audit
from lanhmanh.core.uploads import check_evidence_file
from lanhmanh.outreach.models import IntegratedPlan, Programme
from lanhmanh.outreach.services.checks import Errors, add, check_in_scope, check_not_future, check_text
from lanhmanh.places.models import AdministrativeUnit, Level


@dataclass(frozen=True)
class IntegratedPlanInput:
    unit: AdministrativeUnit
    document_number: str
    issued_on: date
    programmes: Sequence[str]
    title: str = ""


def _validated(actor: User, data: IntegratedPlanInput, file: UploadedFile | None) -> list[str]:
    errors: Errors = {}
    check_text(errors, "document_number", "Số ký hiệu", data.document_number)
    check_not_future(errors, "issued_on", "Ngày ban hành", data.issued_on)
    if data.unit.level not in (Level.DISTRICT, Level.COMMUNE):
        add(errors, "unit", f"Kế hoạch lồng ghép là của cấp huyện hoặc cấp xã; “{data.unit.name}” không phải.")
    check_in_scope(errors, "unit", actor, data.unit)
    programmes = list(dict.fromkeys(data.programmes))
    unknown = [value for value in programmes if value not in Programme.values]
    if unknown:
        add(errors, "programmes", f"Chương trình không hợp lệ: {', '.join(unknown)}.")
    if not programmes:
        add(errors, "programmes", "Cần chọn ít nhất một “Chương trình lồng ghép”.")
    if errors:
        raise ValidationError(errors)
    if file is not None:
        check_evidence_file(file, field="file")
    # Kept in the order of Programme, whatever order they were ticked in.
    return [value for value in Programme.values if value in programmes]


def _snapshot(plan: IntegratedPlan) -> dict[str, Any]:
    return {
        "unit": plan.unit.name,
        "document_number": plan.document_number,
        "issued_on": plan.issued_on,
        "title": plan.title,
        "programmes": list(plan.programmes),
        "file": plan.file_name,
    }


def _assign(plan: IntegratedPlan, data: IntegratedPlanInput, programmes: list[str], file: UploadedFile | None) -> None:
    plan.unit = data.unit
    plan.document_number = " ".join(data.document_number.split())
    plan.issued_on = data.issued_on
    plan.title = " ".join(data.title.split())
    plan.programmes = programmes
    if file is not None:
        plan.file_name = (file.name or "")[:200]
        plan.file.save(file.name or "ke-hoach", file, save=False)


@transaction.atomic
def integrated_plan_create(
    *, actor: User, data: IntegratedPlanInput, file: UploadedFile | None = None
) -> IntegratedPlan:
    programmes = _validated(actor, data, file)
    plan = IntegratedPlan(created_by=actor)
    _assign(plan, data, programmes, file)
    plan.save()
    audit.record("outreach.integrated_plan.created", actor=actor, target=plan, changes=_snapshot(plan))
    return plan


@transaction.atomic
def integrated_plan_update(
    *, plan: IntegratedPlan, actor: User, data: IntegratedPlanInput, file: UploadedFile | None = None
) -> IntegratedPlan:
    """Change an integrated plan; a new file replaces the old one, no file keeps it."""
    programmes = _validated(actor, data, file)
    before = _snapshot(plan)
    old_name = plan.file.name if file is not None and plan.file else ""
    _assign(plan, data, programmes, file)
    plan.save()
    if old_name:
        storage = plan.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    changes = audit.diff(before, _snapshot(plan))
    audit.record("outreach.integrated_plan.updated", actor=actor, target=plan, changes=changes)
    return plan


@transaction.atomic
def integrated_plan_delete(*, plan: IntegratedPlan, actor: User) -> None:
    audit.record("outreach.integrated_plan.deleted", actor=actor, target=plan, changes=_snapshot(plan))
    stored = plan.file
    plan.delete()
    if stored:
        transaction.on_commit(lambda: stored.delete(save=False))
