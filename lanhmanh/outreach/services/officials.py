"""The roster of officials working directly on social-evils prevention (the denominator of T3)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from lanhmanh.accounts.models import Agency, User
from lanhmanh.core import audit
from lanhmanh.outreach.models import Official
from lanhmanh.outreach.services.checks import Errors, add, check_agency_of_area, check_in_scope, check_text, dmy
from lanhmanh.places.models import AdministrativeUnit


@dataclass(frozen=True)
class OfficialInput:
    full_name: str
    agency: Agency
    unit: AdministrativeUnit
    position: str
    start_date: date
    end_date: date | None = None


def official_errors(actor: User, data: OfficialInput) -> Errors:
    """The problems with one roster entry, by field (the import reports them per row)."""
    errors: Errors = {}
    check_text(errors, "full_name", "Họ và tên", data.full_name)
    check_text(errors, "position", "Chức vụ", data.position)
    check_in_scope(errors, "unit", actor, data.unit)
    check_agency_of_area(errors, "agency", actor, data.agency)
    if data.end_date is not None and data.end_date < data.start_date:
        add(
            errors,
            "end_date",
            f"“Ngày kết thúc” ({dmy(data.end_date)}) không được trước “Ngày bắt đầu” ({dmy(data.start_date)}).",
        )
    return errors


def _snapshot(official: Official) -> dict[str, Any]:
    return {
        "full_name": official.full_name,
        "agency": str(official.agency),
        "unit": official.unit.name,
        "position": official.position,
        "start_date": official.start_date,
        "end_date": official.end_date,
    }


def _assign(official: Official, data: OfficialInput) -> None:
    official.full_name = " ".join(data.full_name.split())
    official.agency = data.agency
    official.unit = data.unit
    official.position = " ".join(data.position.split())
    official.start_date = data.start_date
    official.end_date = data.end_date


@transaction.atomic
def official_create(*, actor: User, data: OfficialInput) -> Official:
    errors = official_errors(actor, data)
    if errors:
        raise ValidationError(errors)
    official = Official(created_by=actor)
    _assign(official, data)
    official.save()
    audit.record("outreach.official.created", actor=actor, target=official, changes=_snapshot(official))
    return official


@transaction.atomic
def official_update(*, official: Official, actor: User, data: OfficialInput) -> Official:
    errors = official_errors(actor, data)
    if errors:
        raise ValidationError(errors)
    before = _snapshot(official)
    _assign(official, data)
    official.save()
    changes = audit.diff(before, _snapshot(official))
    audit.record("outreach.official.updated", actor=actor, target=official, changes=changes)
    return official


@transaction.atomic
def official_delete(*, official: Official, actor: User) -> None:
    """Remove an entry made by mistake. Someone who attended a course stays: their training counts
    for T3; when they leave the work, their end date is set instead."""
    if official.participations.exists():
        raise ValidationError(
            {
                "official": (
                    f"{official.full_name} đã có trong danh sách học viên của lớp tập huấn; "
                    "không xóa được. Hãy ghi “Ngày kết thúc” khi cán bộ thôi làm công tác này."
                )
            }
        )
    audit.record("outreach.official.deleted", actor=actor, target=official, changes=_snapshot(official))
    official.delete()


@transaction.atomic
def officials_import(*, actor: User, rows: Sequence[OfficialInput], file_name: str) -> list[Official]:
    """Add every row to the roster, or none: one invalid row refuses the whole file.

    The roster import (`outreach.roster_import`) has already checked the rows one by one and
    reported every problem; the check is repeated here so that no caller can skip it.
    """
    problems = [(index, errors) for index, row in enumerate(rows, start=1) if (errors := official_errors(actor, row))]
    if problems:
        index, errors = problems[0]
        raise ValidationError({"file": f"Dòng dữ liệu thứ {index} không hợp lệ: {errors}"})
    created = []
    for row in rows:
        official = Official(created_by=actor)
        _assign(official, row)
        official.save()
        changes = {**_snapshot(official), "via": "import", "file": file_name}
        audit.record("outreach.official.imported", actor=actor, target=official, changes=changes)
        created.append(official)
    return created
