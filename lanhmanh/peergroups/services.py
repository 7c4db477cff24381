"""Every state change of peer groups, volunteer teams, their members and activities.

Pages, the API and the demo call these. Each runs in a transaction, validates (a ValidationError
naming the field, in Vietnamese) and writes one audit entry (verbs `peergroups.<record>.<what>`).
Who may call them is decided by the doors in `access.py` before a body is read; the services check
what depends on the values (the commune lies in the actor's scope, dates are real, peers carry no name).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from lanhmanh.accounts.models import Agency, User
from lanhmanh.core import audit
from lanhmanh.outreach.services.checks import (
    Errors,
    add,
    check_agency_of_area,
    check_in_scope,
    check_not_future,
    check_text,
    dmy,
)
from lanhmanh.peergroups.models import (
    CODE_PREFIX,
    Activity,
    ActivityKind,
    GroupKind,
    GroupStatus,
    Member,
    MemberRole,
    PeerGroup,
)
from lanhmanh.places.models import AdministrativeUnit, Level
from lanhmanh.plans.models import Task

# Groups -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupInput:
    kind: str
    name: str
    commune: AdministrativeUnit
    founded_on: date | None = None
    sponsor: Agency | None = None
    status: str = GroupStatus.ACTIVE
    notes: str = ""


def _check_group(actor: User, data: GroupInput, *, group: PeerGroup | None) -> str:
    errors: Errors = {}
    name = check_text(errors, "name", "Tên nhóm, đội", data.name)
    if data.kind not in GroupKind.values:
        add(errors, "kind", f"Loại “{data.kind}” không hợp lệ.")
    if data.status not in GroupStatus.values:
        add(errors, "status", f"Tình trạng “{data.status}” không hợp lệ.")
    if data.commune.level != Level.COMMUNE:
        add(errors, "commune", f"Nhóm, đội thuộc một xã, phường, thị trấn; “{data.commune.name}” không phải.")
    check_in_scope(errors, "commune", actor, data.commune)
    if data.founded_on is not None:
        check_not_future(errors, "founded_on", "Ngày thành lập", data.founded_on)
    if data.sponsor is not None:
        check_agency_of_area(errors, "sponsor", actor, data.sponsor)
    if group is not None and data.kind != group.kind and group.members.exclude(full_name="").exists():
        add(errors, "kind", "Không đổi được thành nhóm đồng đẳng khi còn thành viên có ghi họ tên.")
    if name:
        same = PeerGroup.objects.filter(commune=data.commune, name__iexact=name)
        if group is not None:
            same = same.exclude(pk=group.pk)
        if same.exists():
            add(errors, "name", f"“{data.commune.name}” đã có nhóm, đội tên “{name}”.")
    if errors:
        raise ValidationError(errors)
    return name


def _group_snapshot(group: PeerGroup) -> dict[str, Any]:
    return {
        "kind": group.kind,
        "name": group.name,
        "commune": group.commune.name,
        "founded_on": group.founded_on,
        "sponsor": str(group.sponsor) if group.sponsor else None,
        "status": group.status,
        "notes": group.notes,
    }


def _assign_group(group: PeerGroup, data: GroupInput, name: str) -> None:
    group.kind = data.kind
    group.name = name
    group.commune = data.commune
    group.founded_on = data.founded_on
    group.sponsor = data.sponsor
    group.status = data.status
    group.notes = data.notes.strip()


@transaction.atomic
def group_create(*, actor: User, data: GroupInput) -> PeerGroup:
    name = _check_group(actor, data, group=None)
    group = PeerGroup(created_by=actor)
    _assign_group(group, data, name)
    group.save()
    audit.record("peergroups.group.created", actor=actor, target=group, changes=_group_snapshot(group))
    return group


@transaction.atomic
def group_update(*, group: PeerGroup, actor: User, data: GroupInput) -> PeerGroup:
    name = _check_group(actor, data, group=group)
    before = _group_snapshot(group)
    _assign_group(group, data, name)
    group.save(update_fields=["kind", "name", "commune", "founded_on", "sponsor", "status", "notes", "updated_at"])
    audit.record(
        "peergroups.group.updated", actor=actor, target=group, changes=audit.diff(before, _group_snapshot(group))
    )
    return group


# Members ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberInput:
    role: str
    full_name: str = ""
    joined_on: date | None = None
    left_on: date | None = None


def _check_member(group: PeerGroup, data: MemberInput) -> str:
    errors: Errors = {}
    if data.role not in MemberRole.values:
        add(errors, "role", f"Vai trò “{data.role}” không hợp lệ.")
    full_name = " ".join(data.full_name.split())
    if full_name and group.kind == GroupKind.PEER_GROUP:
        # Peers are people who sell sex or have done: their membership alone is sensitive.
        add(
            errors,
            "full_name",
            "Thành viên nhóm đồng đẳng chỉ được ghi bằng mã, không ghi họ tên; để trống “Họ tên”.",
        )
    for field, label, day in (
        ("joined_on", "Ngày tham gia", data.joined_on),
        ("left_on", "Ngày rời nhóm", data.left_on),
    ):
        if day is not None:
            check_not_future(errors, field, label, day)
    if data.joined_on and data.left_on and data.left_on < data.joined_on:
        add(errors, "left_on", f"“Ngày rời nhóm” phải từ “Ngày tham gia” ({dmy(data.joined_on)}) trở đi.")
    if errors:
        raise ValidationError(errors)
    return full_name


def _member_snapshot(member: Member) -> dict[str, Any]:
    # A volunteer's name is recorded as present or not, never copied into the audit trail.
    return {
        "code": member.code,
        "role": member.role,
        "has_name": bool(member.full_name),
        "joined_on": member.joined_on,
        "left_on": member.left_on,
    }


def next_member_code(group: PeerGroup) -> str:
    """DD0007-03: the group kind's prefix, the group's number and the member's rank in it."""
    prefix = f"{CODE_PREFIX[GroupKind(group.kind)]}{group.pk:04d}-"
    taken = Member.objects.filter(group=group, code__startswith=prefix).count()
    return f"{prefix}{taken + 1:02d}"


@transaction.atomic
def member_add(*, group: PeerGroup, actor: User, data: MemberInput) -> Member:
    # Locks the group, so two members added at once do not get the same code.
    group = PeerGroup.objects.select_for_update().select_related("commune").get(pk=group.pk)
    full_name = _check_member(group, data)
    member = Member.objects.create(
        group=group,
        code=next_member_code(group),
        role=data.role,
        full_name=full_name,
        joined_on=data.joined_on,
        left_on=data.left_on,
    )
    audit.record("peergroups.member.added", actor=actor, target=member, changes=_member_snapshot(member))
    return member


@transaction.atomic
def member_update(*, member: Member, actor: User, data: MemberInput) -> Member:
    full_name = _check_member(member.group, data)
    before = _member_snapshot(member)
    name_changed = full_name != member.full_name
    member.role = data.role
    member.full_name = full_name
    member.joined_on = data.joined_on
    member.left_on = data.left_on
    member.save(update_fields=["role", "full_name", "joined_on", "left_on"])
    changes = audit.diff(before, _member_snapshot(member))
    if name_changed:
        changes["full_name"] = ["…", "…"]
    audit.record("peergroups.member.updated", actor=actor, target=member, changes=changes)
    return member


# Activities ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityInput:
    date: date
    kind: str
    description: str
    people_reached: int
    condoms_distributed: int | None = None
    leaflets_distributed: int | None = None
    task: Task | None = None


def _check_activity(actor: User, group: PeerGroup, data: ActivityInput) -> str:
    errors: Errors = {}
    description = check_text(errors, "description", "Nội dung", data.description)
    if data.kind not in ActivityKind.values:
        add(errors, "kind", f"Hình thức “{data.kind}” không hợp lệ.")
    check_not_future(errors, "date", "Ngày", data.date)
    if group.founded_on is not None and data.date < group.founded_on:
        add(errors, "date", f"“Ngày” phải từ ngày thành lập nhóm, đội ({dmy(group.founded_on)}) trở đi.")
    for field, label, value in (
        ("people_reached", "Số người được tiếp cận", data.people_reached),
        ("condoms_distributed", "Số bao cao su phát", data.condoms_distributed),
        ("leaflets_distributed", "Số tờ rơi phát", data.leaflets_distributed),
    ):
        if value is not None and value < 0:
            add(errors, field, f"“{label}” không được âm.")
    task = data.task
    if task is not None:
        if not Task.objects.visible_to(actor).filter(pk=task.pk).exists():
            add(errors, "task", "Không có nhiệm vụ này trong phạm vi của bạn.")
        elif not task.plan.period_start <= data.date <= task.plan.period_end:
            add(
                errors,
                "task",
                f"“Ngày” ({dmy(data.date)}) nằm ngoài thời gian của kế hoạch "
                f"({dmy(task.plan.period_start)} - {dmy(task.plan.period_end)}) mà nhiệm vụ {task.code} thuộc về.",
            )
    if errors:
        raise ValidationError(errors)
    return description


def _activity_snapshot(activity: Activity) -> dict[str, Any]:
    return {
        "group": activity.group.name,
        "date": activity.date,
        "kind": activity.kind,
        "description": activity.description,
        "people_reached": activity.people_reached,
        "condoms_distributed": activity.condoms_distributed,
        "leaflets_distributed": activity.leaflets_distributed,
        "task": activity.task.code if activity.task else None,
    }


def _assign_activity(activity: Activity, data: ActivityInput, description: str) -> None:
    activity.date = data.date
    activity.kind = data.kind
    activity.description = description
    activity.people_reached = data.people_reached
    activity.condoms_distributed = data.condoms_distributed
    activity.leaflets_distributed = data.leaflets_distributed
    activity.task = data.task


@transaction.atomic
def activity_create(*, group: PeerGroup, actor: User, data: ActivityInput) -> Activity:
    description = _check_activity(actor, group, data)
    activity = Activity(group=group, created_by=actor)
    _assign_activity(activity, data, description)
    activity.save()
    audit.record("peergroups.activity.recorded", actor=actor, target=activity, changes=_activity_snapshot(activity))
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, actor: User, data: ActivityInput) -> Activity:
    description = _check_activity(actor, activity.group, data)
    before = _activity_snapshot(activity)
    _assign_activity(activity, data, description)
    activity.save()
    changes = audit.diff(before, _activity_snapshot(activity))
    audit.record("peergroups.activity.updated", actor=actor, target=activity, changes=changes)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, actor: User) -> None:
    audit.record("peergroups.activity.deleted", actor=actor, target=activity, changes=_activity_snapshot(activity))
    activity.delete()
