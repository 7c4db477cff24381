"""Recording, changing and deleting communication events (tuyên truyền)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from lanhmanh.accounts.models import Agency, User
from lanhmanh.core import audit
from lanhmanh.core.uploads import check_evidence_file
from lanhmanh.outreach.models import (
    AudienceCount,
    AudienceGroup,
    EventAttachment,
    EventForm,
    MaterialDistributed,
    MaterialKind,
    OutreachEvent,
    OutreachEventUnit,
)
from lanhmanh.outreach.services.checks import (
    Errors,
    add,
    check_agency_of_area,
    check_in_scope,
    check_not_future,
    check_text,
    dmy,
    unit_valid_on,
)
from lanhmanh.places.models import AdministrativeUnit, Level
from lanhmanh.plans.models import Task


@dataclass(frozen=True)
class EventInput:
    """What a page form or an API body says about an event."""

    date: date
    title: str
    form: str
    units: Sequence[AdministrativeUnit]
    organiser: Agency
    primary_unit: AdministrativeUnit | None = None
    location: str = ""
    task: Task | None = None
    notes: str = ""
    # group -> headcount, kind -> quantity; zero or absent means none.
    audience: Mapping[str, int] = field(default_factory=dict)
    materials: Mapping[str, int] = field(default_factory=dict)


def _check_units(errors: Errors, actor: User, data: EventInput) -> list[AdministrativeUnit]:
    units = list({unit.pk: unit for unit in data.units}.values())
    if not units:
        add(errors, "units", "Cần chọn ít nhất một xã, phường, thị trấn nơi tổ chức tuyên truyền.")
    for unit in units:
        if unit.level != Level.COMMUNE:
            add(errors, "units", f"“{unit.name}” không phải là đơn vị cấp xã.")
        check_in_scope(errors, "units", actor, unit)
        if not unit_valid_on(unit, data.date):
            add(errors, "units", f"“{unit.name}” không còn hoặc chưa có hiệu lực vào ngày {dmy(data.date)}.")
    if data.primary_unit is not None and data.primary_unit.pk not in {unit.pk for unit in units}:
        add(errors, "primary_unit", "“Địa bàn chính” phải là một trong các địa bàn đã chọn.")
    return units


def _check_task(errors: Errors, actor: User, data: EventInput) -> None:
    task = data.task
    if task is None:
        return
    if not Task.objects.visible_to(actor).filter(pk=task.pk).exists():
        add(errors, "task", "Không có nhiệm vụ này trong phạm vi của bạn.")
        return
    plan = task.plan
    if not plan.period_start <= data.date <= plan.period_end:
        add(
            errors,
            "date",
            f"Ngày tổ chức {dmy(data.date)} nằm ngoài thời gian thực hiện của kế hoạch {plan.number} "
            f"({dmy(plan.period_start)} - {dmy(plan.period_end)}) mà nhiệm vụ {task.code} thuộc về.",
        )


def _check_counts(errors: Errors, data: EventInput) -> None:
    groups = dict(AudienceGroup.choices)
    for group, count in data.audience.items():
        if group not in groups:
            add(errors, "audience", f"Nhóm đối tượng “{group}” không hợp lệ.")
        elif count < 0:
            add(errors, "audience", f"Số người dự thuộc nhóm “{groups[group]}” không được âm (nhận được {count}).")
    kinds = dict(MaterialKind.choices)
    for kind, quantity in data.materials.items():
        if kind not in kinds:
            add(errors, "materials", f"Loại tài liệu “{kind}” không hợp lệ.")
        elif quantity < 0:
            add(errors, "materials", f"Số lượng “{kinds[kind]}” không được âm (nhận được {quantity}).")


def _validated(actor: User, data: EventInput, attachment: UploadedFile | None) -> list[AdministrativeUnit]:
    errors: Errors = {}
    check_text(errors, "title", "Nội dung tuyên truyền", data.title)
    if data.form not in EventForm.values:
        add(errors, "form", f"Hình thức “{data.form}” không hợp lệ.")
    check_not_future(errors, "date", "Ngày tổ chức", data.date)
    units = _check_units(errors, actor, data)
    check_agency_of_area(errors, "organiser", actor, data.organiser)
    _check_task(errors, actor, data)
    _check_counts(errors, data)
    if errors:
        raise ValidationError(errors)
    if attachment is not None:
        check_evidence_file(attachment, field="attachment")
    return units


def _snapshot(event: OutreachEvent) -> dict[str, Any]:
    """What the audit trail shows of an event, in plain values."""
    return {
        "date": event.date,
        "title": event.title,
        "form": event.form,
        "units": sorted(unit.name for unit in event.units.all()),
        "primary_unit": event.primary_unit.name,
        "organiser": str(event.organiser),
        "location": event.location,
        "task": event.task.code if event.task else None,
        "notes": event.notes,
        "audience": {row.group: row.count for row in event.audience.all()},
        "materials": {row.kind: row.quantity for row in event.materials.all()},
    }


def _write_children(event: OutreachEvent, units: Sequence[AdministrativeUnit], data: EventInput) -> None:
    event.unit_links.all().delete()
    OutreachEventUnit.objects.bulk_create(OutreachEventUnit(event=event, unit=unit, date=event.date) for unit in units)
    event.audience.all().delete()
    AudienceCount.objects.bulk_create(
        AudienceCount(event=event, group=group, count=count) for group, count in sorted(data.audience.items()) if count
    )
    event.materials.all().delete()
    MaterialDistributed.objects.bulk_create(
        MaterialDistributed(event=event, kind=kind, quantity=quantity)
        for kind, quantity in sorted(data.materials.items())
        if quantity
    )


def _attach(event: OutreachEvent, actor: User, attachment: UploadedFile | None) -> EventAttachment | None:
    if attachment is None:
        return None
    stored = EventAttachment(event=event, name=(attachment.name or "")[:200], uploaded_by=actor)
    stored.file.save(attachment.name or "attachment", attachment, save=False)
    stored.save()
    return stored


def _assign(event: OutreachEvent, data: EventInput, units: Sequence[AdministrativeUnit]) -> None:
    event.date = data.date
    event.title = " ".join(data.title.split())
    event.form = data.form
    event.primary_unit = data.primary_unit or units[0]
    event.organiser = data.organiser
    event.location = data.location.strip()
    event.task = data.task
    event.notes = data.notes.strip()


@transaction.atomic
def event_create(*, actor: User, data: EventInput, attachment: UploadedFile | None = None) -> OutreachEvent:
    """Record an event held in one or more communes of the actor's scope."""
    units = _validated(actor, data, attachment)
    event = OutreachEvent(created_by=actor)
    _assign(event, data, units)
    event.save()
    _write_children(event, units, data)
    stored = _attach(event, actor, attachment)
    changes = _snapshot(event)
    if stored is not None:
        changes["attachment"] = stored.name
    audit.record("outreach.event.created", actor=actor, target=event, changes=changes)
    return event


@transaction.atomic
def event_update(
    *, event: OutreachEvent, actor: User, data: EventInput, attachment: UploadedFile | None = None
) -> OutreachEvent:
    """Change an event; the communes it reached, headcounts and materials are replaced by `data`'s."""
    units = _validated(actor, data, attachment)
    before = _snapshot(event)
    _assign(event, data, units)
    event.save(
        update_fields=["date", "title", "form", "primary_unit", "organiser", "location", "task", "notes", "updated_at"]
    )
    _write_children(event, units, data)
    # The prefetched units and children are stale after the rewrite.
    event = OutreachEvent.objects.select_related("primary_unit", "organiser", "task").get(pk=event.pk)
    stored = _attach(event, actor, attachment)
    changes = audit.diff(before, _snapshot(event))
    if stored is not None:
        changes["attachment"] = [None, stored.name]
    audit.record("outreach.event.updated", actor=actor, target=event, changes=changes)
    return event


@transaction.atomic
def event_delete(*, event: OutreachEvent, actor: User) -> None:
    """Delete an event with its headcounts, materials and attachments (the files go too)."""
    audit.record("outreach.event.deleted", actor=actor, target=event, changes=_snapshot(event))
    files = [attachment.file for attachment in event.attachments.all()]
    event.delete()
    # Files are removed once the rows are gone for good; a rolled-back delete keeps them.
    transaction.on_commit(lambda: [stored.delete(save=False) for stored in files])
