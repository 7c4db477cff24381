"""Every state change of inspection records: teams, schedules, inspections, violations.

Pages, the API and the demo call these; nothing else writes these tables (the synthetic-data
generator for benchmarks aside). Each runs in a transaction, validates (a ValidationError naming the
field, in Vietnamese) and writes one audit entry per record changed (`inspections.<record>.<what>`).
Who may call them is decided before, by the doors of `access.py`; the services re-check the scope of
every record named in the input, so a crafted form or API body cannot reach outside it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from lanhmanh.accounts.models import Agency, User
from lanhmanh.core import audit
from lanhmanh.core.uploads import check_evidence_file
from lanhmanh.core.versioning import save_versioned
from lanhmanh.establishments.models import Establishment, FlagSource, RiskFlag
from lanhmanh.inspections.access import can_change_team, can_inspect, in_scope
from lanhmanh.inspections.checklist import items_for
from lanhmanh.inspections.models import (
    DISTRICTS_ABOLISHED_ON,
    MIN_MEMBERS_PRESENT,
    ChecklistResult,
    CheckResult,
    Inspection,
    InspectionAttachment,
    InspectionKind,
    InspectionSchedule,
    InspectionTeam,
    ScheduledVisit,
    ScheduleStatus,
    SubjectType,
    TeamLevel,
    TeamMember,
    TeamRole,
    Violation,
    ViolationType,
)
from lanhmanh.places.models import AdministrativeUnit

Errors = dict[str, list[str]]
MAX_SUSPENSION_MONTHS = 24


def today() -> date:
    return timezone.localdate()


def _add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def dmy(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def vnd(amount: int) -> str:
    """1500000 -> "1.500.000 đồng", as decisions write amounts."""
    return f"{amount:,}".replace(",", ".") + " đồng"


def _text(errors: Errors, name: str, label: str, value: str) -> str:
    cleaned = " ".join((value or "").split())
    if not cleaned:
        _add(errors, name, f"Cần nhập “{label}”.")
    return cleaned


def _not_future(errors: Errors, name: str, label: str, day: date | None) -> None:
    if day is not None and day > today():
        _add(errors, name, f"“{label}” ({dmy(day)}) không được ở tương lai.")


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


# Teams -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberInput:
    name: str
    agency: Agency
    role: str = TeamRole.MEMBER
    user: User | None = None


@dataclass(frozen=True)
class TeamInput:
    name: str
    level: str
    unit: AdministrativeUnit
    decision_number: str
    decision_date: date
    valid_from: date
    valid_to: date | None = None
    members: Sequence[MemberInput] = ()


def _check_member(
    errors: Errors, actor: User, team_unit: AdministrativeUnit, member: MemberInput, *, one: bool = False
) -> None:
    """A member of a team being set up (errors on "members") or added alone (`one`: on each field)."""

    def on(name: str) -> str:
        return name if one else "members"

    _text(errors, on("name"), "Họ và tên thành viên", member.name)
    if member.role not in TeamRole.values:
        _add(errors, on("role"), f"Vai trò “{member.role}” không hợp lệ.")
    unit = member.agency.unit
    # The agency belongs to the team's area: a provincial department, or a body of the team's unit or below.
    if not (unit.is_within(team_unit) or team_unit.is_within(unit)):
        _add(errors, on("agency"), f"Cơ quan “{member.agency}” của {member.name} không thuộc địa bàn của đội.")
    account = member.user
    if account is not None:
        if account.scope is None or not in_scope(actor, account.scope):
            _add(errors, on("user"), f"Tài khoản “{account}” nằm ngoài phạm vi của bạn.")
        elif account.agency_id != member.agency.pk:
            _add(errors, on("user"), f"Tài khoản “{account}” không thuộc cơ quan “{member.agency}” của thành viên.")


def _check_team(actor: User, data: TeamInput) -> None:
    errors: Errors = {}
    _text(errors, "name", "Tên đội", data.name)
    _text(errors, "decision_number", "Số quyết định thành lập", data.decision_number)
    if data.level not in TeamLevel.values:
        _add(errors, "level", f"Cấp “{data.level}” không hợp lệ.")
    elif data.unit.level != data.level:
        _add(errors, "unit", f"“{data.unit}” không phải đơn vị {TeamLevel(data.level).label.lower()}.")
    if not in_scope(actor, data.unit):
        _add(errors, "unit", f"“{data.unit}” nằm ngoài phạm vi của bạn.")
    if data.valid_to is not None and data.valid_to < data.valid_from:
        _add(errors, "valid_to", f"“Hiệu lực đến” ({dmy(data.valid_to)}) trước “hiệu lực từ” ({dmy(data.valid_from)}).")
    if data.level == TeamLevel.DISTRICT:
        last_day = DISTRICTS_ABOLISHED_ON - timedelta(days=1)
        if data.valid_from >= DISTRICTS_ABOLISHED_ON:
            _add(
                errors, "level", f"Từ {dmy(DISTRICTS_ABOLISHED_ON)} không còn cấp huyện: không lập được đội cấp huyện."
            )
        elif data.valid_to is None or data.valid_to > last_day:
            _add(
                errors,
                "valid_to",
                f"Đội cấp huyện chỉ có hiệu lực đến ngày {dmy(last_day)}: cần “Hiệu lực đến” không muộn hơn ngày đó.",
            )
    leaders = [m for m in data.members if m.role == TeamRole.LEADER]
    if len(leaders) > 1:
        _add(errors, "members", f"Một đội chỉ có một trưởng đoàn (đang có {len(leaders)}).")
    for member in data.members:
        _check_member(errors, actor, data.unit, member)
    _raise(errors)


def _member_snapshot(member: TeamMember | MemberInput) -> str:
    return f"{member.name} ({TeamRole(member.role).label}, {member.agency})"


@transaction.atomic
def team_create(*, actor: User, data: TeamInput) -> InspectionTeam:
    """Set up a team with its members, at a unit of the actor's scope."""
    _check_team(actor, data)
    team = InspectionTeam.objects.create(
        name=" ".join(data.name.split()),
        level=data.level,
        unit=data.unit,
        decision_number=data.decision_number.strip(),
        decision_date=data.decision_date,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        created_by=actor,
    )
    TeamMember.objects.bulk_create(
        TeamMember(team=team, name=" ".join(m.name.split()), agency=m.agency, role=m.role, user=m.user)
        for m in data.members
    )
    audit.record(
        "inspections.team.created",
        actor=actor,
        target=team,
        changes={
            "level": team.level,
            "unit": team.unit.name,
            "decision_number": team.decision_number,
            "decision_date": team.decision_date,
            "valid_from": team.valid_from,
            "valid_to": team.valid_to,
            "members": [_member_snapshot(m) for m in data.members],
        },
    )
    return team


@transaction.atomic
def team_member_add(*, actor: User, team: InspectionTeam, data: MemberInput) -> TeamMember:
    errors: Errors = {}
    if not can_change_team(actor, team):
        _add(errors, "team", f"Bạn không được sửa đội “{team}”.")
    _check_member(errors, actor, team.unit, data, one=True)
    if data.role == TeamRole.LEADER and team.members.filter(role=TeamRole.LEADER).exists():
        _add(errors, "role", "Đội đã có trưởng đoàn.")
    _raise(errors)
    member = TeamMember.objects.create(
        team=team, name=" ".join(data.name.split()), agency=data.agency, role=data.role, user=data.user
    )
    audit.record(
        "inspections.team.member_added", actor=actor, target=team, changes={"member": _member_snapshot(member)}
    )
    return member


@transaction.atomic
def team_member_remove(*, actor: User, member: TeamMember) -> None:
    """Remove a member who never took part in an inspection (the minutes name those who did)."""
    team = member.team
    if not can_change_team(actor, team):
        raise ValidationError({"team": f"Bạn không được sửa đội “{team}”."})
    used = member.inspections.count()
    if used:
        raise ValidationError(
            {"member": f"{member.name} đã tham gia {used} cuộc kiểm tra nên không xóa được khỏi đội."}
        )
    audit.record(
        "inspections.team.member_removed", actor=actor, target=team, changes={"member": _member_snapshot(member)}
    )
    member.delete()


# Schedules ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitInput:
    establishment: Establishment
    planned_on: date


@dataclass(frozen=True)
class ScheduleInput:
    team: InspectionTeam
    title: str
    period_start: date
    period_end: date
    visits: Sequence[VisitInput] = ()


def _check_schedule(actor: User, data: ScheduleInput) -> None:
    errors: Errors = {}
    _text(errors, "title", "Tên kế hoạch", data.title)
    if not can_change_team(actor, data.team):
        _add(errors, "team", f"Bạn không lập được kế hoạch cho đội “{data.team}”.")
    if data.period_end < data.period_start:
        _add(errors, "period_end", f"“Đến ngày” ({dmy(data.period_end)}) trước “từ ngày” ({dmy(data.period_start)}).")
    team = data.team
    if not team.valid_on(data.period_start) or not team.valid_on(data.period_end):
        _add(errors, "team", f"Đội “{team}” không có hiệu lực trong suốt thời gian của kế hoạch.")
    if not data.visits:
        _add(errors, "visits", "Cần ít nhất một cơ sở trong kế hoạch.")
    seen: set[int] = set()
    for visit in data.visits:
        place = visit.establishment
        if place.pk in seen:
            _add(errors, "visits", f"Cơ sở “{place}” có hai lần trong kế hoạch.")
        seen.add(place.pk)
        if not place.commune.is_within(team.unit) or not in_scope(actor, place.commune):
            _add(errors, "visits", f"Cơ sở “{place}” không thuộc địa bàn của đội hoặc phạm vi của bạn.")
        if not data.period_start <= visit.planned_on <= data.period_end:
            _add(
                errors,
                "visits",
                f"Ngày dự kiến kiểm tra “{place}” ({dmy(visit.planned_on)}) nằm ngoài thời gian của kế hoạch.",
            )
    _raise(errors)


@transaction.atomic
def schedule_create(*, actor: User, data: ScheduleInput) -> InspectionSchedule:
    """A draft schedule of visits; the coordinator approves it (`schedule_approve`)."""
    _check_schedule(actor, data)
    schedule = InspectionSchedule.objects.create(
        team=data.team,
        title=" ".join(data.title.split()),
        period_start=data.period_start,
        period_end=data.period_end,
        created_by=actor,
    )
    ScheduledVisit.objects.bulk_create(
        ScheduledVisit(schedule=schedule, establishment=v.establishment, planned_on=v.planned_on) for v in data.visits
    )
    audit.record(
        "inspections.schedule.created",
        actor=actor,
        target=schedule,
        changes={
            "team": str(data.team),
            "period": [data.period_start, data.period_end],
            "visits": [f"{dmy(v.planned_on)} {v.establishment}" for v in data.visits],
        },
    )
    return schedule


@transaction.atomic
def schedule_approve(*, actor: User, schedule: InspectionSchedule) -> InspectionSchedule:
    """Approve a draft schedule (the coordinator; the door checks who may)."""
    if schedule.status != ScheduleStatus.DRAFT:
        raise ValidationError({"status": "Kế hoạch này đã được phê duyệt."})
    schedule.status = ScheduleStatus.APPROVED
    schedule.approved_by = actor
    schedule.approved_at = timezone.now()
    schedule.save(update_fields=["status", "approved_by", "approved_at"])
    audit.record(
        "inspections.schedule.approved",
        actor=actor,
        target=schedule,
        changes={"status": [ScheduleStatus.DRAFT.value, ScheduleStatus.APPROVED.value]},
    )
    return schedule


# Inspections -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InspectionInput:
    team: InspectionTeam
    establishment: Establishment
    date: date
    kind: str
    members_present: Sequence[TeamMember]
    # item code -> (result, note); every item of the establishment type's checklist.
    checklist: Mapping[str, tuple[str, str]]
    findings: str = ""
    minutes_number: str = ""
    schedule: InspectionSchedule | None = None
    # Signs of prostitution seen during the inspection: recorded as a current risk flag.
    signs: str = ""


def members_message(count: int) -> str:
    return f"Cần ít nhất {MIN_MEMBERS_PRESENT} thành viên của đội có mặt khi kiểm tra (đã chọn {count})."


def _check_inspection(actor: User, data: InspectionInput) -> list[tuple[str, str, str, str]]:
    """Validate; return the checklist rows to write as (code, label, result, note)."""
    errors: Errors = {}
    place, team = data.establishment, data.team
    if not can_inspect(actor, place):
        _add(errors, "establishment", f"Cơ sở “{place}” nằm ngoài phạm vi của bạn.")
    if not InspectionTeam.objects.visible_to(actor).filter(pk=team.pk).exists():
        _add(errors, "team", "Không có đội kiểm tra này trong phạm vi của bạn.")
    elif not place.commune.is_within(team.unit):
        _add(errors, "team", f"Cơ sở “{place}” không thuộc địa bàn của đội “{team}”.")
    elif not team.valid_on(data.date):
        _add(errors, "team", f"Đội “{team}” không có hiệu lực vào ngày {dmy(data.date)}.")
    _not_future(errors, "date", "Ngày kiểm tra", data.date)
    if data.kind not in InspectionKind.values:
        _add(errors, "kind", f"Hình thức kiểm tra “{data.kind}” không hợp lệ.")
    elif data.kind == InspectionKind.PLANNED:
        schedule = data.schedule
        if schedule is None:
            _add(errors, "schedule", "Kiểm tra theo kế hoạch: cần chọn kế hoạch kiểm tra đã được phê duyệt.")
        elif schedule.status != ScheduleStatus.APPROVED:
            _add(errors, "schedule", f"Kế hoạch “{schedule}” chưa được phê duyệt.")
        elif schedule.team_id != team.pk or not schedule.visits.filter(establishment=place).exists():
            _add(errors, "schedule", f"Kế hoạch “{schedule}” không có cơ sở “{place}” cho đội này.")
    elif data.schedule is not None:
        _add(errors, "schedule", "Chỉ kiểm tra theo kế hoạch mới gắn với kế hoạch kiểm tra.")
    present = {m.pk: m for m in data.members_present}
    if any(m.team_id != team.pk for m in present.values()):
        _add(errors, "members_present", f"Chỉ chọn thành viên của đội “{team}”.")
    elif len(present) < MIN_MEMBERS_PRESENT:
        _add(errors, "members_present", members_message(len(present)))
    rows = []
    items = items_for(place.kind)
    known = {item.code for item in items}
    for code in sorted(set(data.checklist) - known):
        _add(
            errors, "checklist", f"Nội dung kiểm tra “{code}” không áp dụng cho loại hình “{place.get_kind_display()}”."
        )
    for item in items:
        answer = data.checklist.get(item.code)
        if answer is None or answer[0] not in CheckResult.values:
            _add(errors, "checklist", f"Chưa ghi kết quả (đạt, không đạt, không áp dụng) cho “{item.label}”.")
            continue
        rows.append((item.code, item.label, answer[0], " ".join(answer[1].split())[:300]))
    _raise(errors)
    return rows


def _snapshot(inspection: Inspection) -> dict[str, Any]:
    return {
        "team": str(inspection.team),
        "establishment": str(inspection.establishment),
        "date": inspection.date,
        "kind": inspection.kind,
        "schedule": str(inspection.schedule) if inspection.schedule else None,
        "members_present": sorted(m.name for m in inspection.members_present.all()),
        "checklist": {row.item_code: row.result for row in inspection.checklist.all()},
        "minutes_number": inspection.minutes_number,
        "findings": inspection.findings,
    }


def _check_files(files: Sequence[UploadedFile]) -> None:
    for upload in files:
        check_evidence_file(upload, field="attachments")


def _attach(inspection: Inspection, actor: User, files: Sequence[UploadedFile]) -> list[str]:
    names = []
    for upload in files:
        stored = InspectionAttachment(inspection=inspection, name=(upload.name or "")[:200], uploaded_by=actor)
        stored.file.save(upload.name or "attachment", upload, save=False)
        stored.save()
        names.append(stored.name)
    return names


def _write(inspection: Inspection, data: InspectionInput, rows: list[tuple[str, str, str, str]]) -> None:
    inspection.members_present.set(list(data.members_present))
    inspection.checklist.all().delete()
    ChecklistResult.objects.bulk_create(
        ChecklistResult(inspection=inspection, item_code=code, label=label, result=result, note=note)
        for code, label, result, note in rows
    )


def _record_signs(inspection: Inspection, actor: User, signs: str) -> RiskFlag | None:
    text = signs.strip()
    if not text:
        return None
    flag = RiskFlag.objects.create(
        establishment=inspection.establishment,
        noted_on=inspection.date,
        source=FlagSource.INSPECTION,
        description=text,
        created_by=actor,
    )
    audit.record(
        "inspections.inspection.signs_recorded",
        actor=actor,
        target=flag,
        changes={"inspection": inspection.pk, "noted_on": inspection.date, "description": text},
    )
    return flag


def _assign(inspection: Inspection, data: InspectionInput) -> None:
    inspection.team = data.team
    inspection.establishment = data.establishment
    inspection.date = data.date
    inspection.kind = data.kind
    inspection.schedule = data.schedule if data.kind == InspectionKind.PLANNED else None
    inspection.minutes_number = data.minutes_number.strip()
    inspection.findings = data.findings.strip()


@transaction.atomic
def inspection_create(*, actor: User, data: InspectionInput, attachments: Sequence[UploadedFile] = ()) -> Inspection:
    """Record an inspection: at least three team members present, the whole checklist answered."""
    rows = _check_inspection(actor, data)
    _check_files(attachments)
    inspection = Inspection(created_by=actor)
    _assign(inspection, data)
    inspection.save()
    _write(inspection, data, rows)
    changes = _snapshot(inspection)
    names = _attach(inspection, actor, attachments)
    if names:
        changes["attachments"] = names
    audit.record("inspections.inspection.recorded", actor=actor, target=inspection, changes=changes)
    _record_signs(inspection, actor, data.signs)
    return inspection


@transaction.atomic
def inspection_update(
    *, actor: User, inspection: Inspection, data: InspectionInput, attachments: Sequence[UploadedFile] = ()
) -> Inspection:
    """Change an inspection; members present and checklist results are replaced by `data`'s."""
    rows = _check_inspection(actor, data)
    _check_files(attachments)
    before = _snapshot(inspection)
    _assign(inspection, data)
    inspection.save()
    _write(inspection, data, rows)
    inspection = Inspection.objects.select_related("team", "establishment", "schedule").get(pk=inspection.pk)
    changes = audit.diff(before, _snapshot(inspection))
    names = _attach(inspection, actor, attachments)
    if names:
        changes["attachments"] = [None, names]
    audit.record("inspections.inspection.updated", actor=actor, target=inspection, changes=changes)
    _record_signs(inspection, actor, data.signs)
    return inspection


# Violations and sanctions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ViolationInput:
    violation_type: ViolationType
    committed_on: date
    subject_type: str
    offender: str
    notes: str = ""
    warning: bool = False
    fine_amount: int | None = None
    decision_number: str = ""
    decision_date: date | None = None
    license_suspension_months: int | None = None
    remedy: str = ""
    fine_due_on: date | None = None
    remedy_due_on: date | None = None
    reinspection_due_on: date | None = None
    # The follow-up.
    fine_paid_on: date | None = None
    fine_collected: int | None = None
    complied_on: date | None = None


def _check_catalogue_row(errors: Errors, data: ViolationInput, inspection: Inspection) -> None:
    row = data.violation_type
    if data.committed_on > inspection.date:
        _add(
            errors,
            "committed_on",
            f"Ngày thực hiện hành vi ({dmy(data.committed_on)}) sau ngày kiểm tra ({dmy(inspection.date)}).",
        )
    if not row.in_force_on(data.committed_on):
        until = f" đến {dmy(row.valid_to)}" if row.valid_to else ""
        _add(
            errors,
            "violation_type",
            f"“{row.reference}” không có hiệu lực vào ngày thực hiện hành vi {dmy(data.committed_on)} "
            f"(hiệu lực từ {dmy(row.valid_from)}{until}); chọn hành vi của văn bản có hiệu lực vào ngày đó.",
        )
    if data.subject_type not in SubjectType.values:
        _add(errors, "subject_type", f"Đối tượng “{data.subject_type}” không hợp lệ.")
    elif row.subject_type != data.subject_type:
        _add(
            errors,
            "violation_type",
            f"Dòng “{row.reference}” áp dụng cho {SubjectType(row.subject_type).label.lower()}, "
            f"không phải {SubjectType(data.subject_type).label.lower()}.",
        )


def _check_sanction(errors: Errors, data: ViolationInput) -> None:
    row = data.violation_type
    if data.warning and not row.warning_allowed:
        _add(errors, "warning", "Hành vi này không có hình thức phạt cảnh cáo.")
    if data.warning and data.fine_amount is not None:
        _add(errors, "fine_amount", "Đã chọn phạt cảnh cáo: không ghi số tiền phạt.")
    if data.fine_amount is not None and not row.fine_min <= data.fine_amount <= row.fine_max:
        _add(
            errors,
            "fine_amount",
            f"Số tiền phạt {vnd(data.fine_amount)} nằm ngoài khung phạt của hành vi này "
            f"(từ {vnd(row.fine_min)} đến {vnd(row.fine_max)}).",
        )
    if data.decision_date is not None:
        _not_future(errors, "decision_date", "Ngày quyết định xử phạt", data.decision_date)
        if data.decision_date < data.committed_on:
            _add(
                errors,
                "decision_date",
                f"Ngày quyết định xử phạt trước ngày thực hiện hành vi ({dmy(data.committed_on)}).",
            )
        if not data.decision_number.strip():
            _add(errors, "decision_number", "Cần nhập “Số quyết định xử phạt” khi đã có ngày quyết định.")
    elif data.decision_number.strip():
        _add(errors, "decision_date", "Cần nhập “Ngày quyết định xử phạt” khi đã có số quyết định.")
    months = data.license_suspension_months
    if months is not None and not 1 <= months <= MAX_SUSPENSION_MONTHS:
        _add(
            errors,
            "license_suspension_months",
            f"Thời hạn tước giấy phép, đình chỉ phải từ 1 đến {MAX_SUSPENSION_MONTHS} tháng.",
        )


def _check_follow_up(errors: Errors, data: ViolationInput) -> None:
    _not_future(errors, "fine_paid_on", "Ngày nộp phạt", data.fine_paid_on)
    _not_future(errors, "complied_on", "Ngày đã khắc phục", data.complied_on)
    if data.fine_paid_on is not None or data.fine_collected is not None:
        if data.fine_amount is None:
            _add(errors, "fine_collected", "Chưa có số tiền phạt: không ghi được việc nộp phạt.")
        elif data.fine_paid_on is None:
            _add(errors, "fine_paid_on", "Cần nhập “Ngày nộp phạt” cùng số tiền đã thu.")
        elif data.fine_collected is None:
            _add(errors, "fine_collected", "Cần nhập “Số tiền đã thu” cùng ngày nộp phạt.")
        elif data.fine_collected > data.fine_amount:
            _add(
                errors,
                "fine_collected",
                f"Số tiền đã thu {vnd(data.fine_collected)} lớn hơn số tiền phạt {vnd(data.fine_amount)}.",
            )
        if data.fine_paid_on is not None and data.decision_date is not None and data.fine_paid_on < data.decision_date:
            _add(errors, "fine_paid_on", f"Ngày nộp phạt trước ngày quyết định xử phạt ({dmy(data.decision_date)}).")
    if data.complied_on is not None and not data.remedy.strip():
        _add(errors, "complied_on", "Không có biện pháp khắc phục: không ghi được ngày đã khắc phục.")


def _check_violation(actor: User, inspection: Inspection, data: ViolationInput) -> None:
    errors: Errors = {}
    if not can_inspect(actor, inspection.establishment):
        _add(errors, "inspection", "Cuộc kiểm tra nằm ngoài phạm vi của bạn.")
    _text(errors, "offender", "Cá nhân, tổ chức vi phạm", data.offender)
    _check_catalogue_row(errors, data, inspection)
    _check_sanction(errors, data)
    _check_follow_up(errors, data)
    _raise(errors)


VIOLATION_FIELDS = (
    "violation_type",
    "committed_on",
    "subject_type",
    "offender",
    "notes",
    "warning",
    "fine_amount",
    "decision_number",
    "decision_date",
    "license_suspension_months",
    "remedy",
    "fine_due_on",
    "remedy_due_on",
    "reinspection_due_on",
    "fine_paid_on",
    "fine_collected",
    "complied_on",
)
TEXT_FIELDS = {"offender", "notes", "decision_number", "remedy"}


def _values(data: ViolationInput) -> dict[str, Any]:
    return {
        name: (getattr(data, name).strip() if name in TEXT_FIELDS else getattr(data, name)) for name in VIOLATION_FIELDS
    }


@transaction.atomic
def violation_record(*, actor: User, inspection: Inspection, data: ViolationInput) -> Violation:
    """Record a violation found at an inspection, with its sanction when decided."""
    _check_violation(actor, inspection, data)
    violation = Violation.objects.create(inspection=inspection, created_by=actor, **_values(data))
    audit.record(
        "inspections.violation.recorded",
        actor=actor,
        target=violation,
        changes={**_values(data), "violation_type": data.violation_type.reference},
    )
    return violation


@transaction.atomic
def violation_update(*, actor: User, violation: Violation, data: ViolationInput, expected_version: int) -> Violation:
    """Change the sanction or record the follow-up (paid, complied, re-inspection due)."""
    _check_violation(actor, violation.inspection, data)
    values = _values(data)
    before = {name: getattr(violation, name) for name in VIOLATION_FIELDS}
    for name, value in values.items():
        setattr(violation, name, value)
    violation.updated_at = timezone.now()
    save_versioned(violation, expected_version=expected_version, fields=[*VIOLATION_FIELDS, "updated_at"])
    changes = audit.diff(before, values)
    if "violation_type" in changes:
        changes["violation_type"] = [before["violation_type"].reference, data.violation_type.reference]
    audit.record("inspections.violation.updated", actor=actor, target=violation, changes=changes)
    return violation
