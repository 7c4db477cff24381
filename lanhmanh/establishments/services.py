"""Every state change of the establishments registry. Pages, the API, the Excel import, the demo and
the management command call these; nothing else writes these tables.

Each runs in a transaction, validates (a ValidationError naming the field, in Vietnamese), and
writes one audit entry per record changed (verbs `establishments.<record>.<what happened>`).
Changes to an establishment itself are optimistically locked (`core.versioning`): the caller sends
the version it read, and a save over somebody else's newer one is refused with a ConflictError.
Commitments, labour registrations, status changes and flags are audited on the establishment, so
its page shows one history of everything that happened to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lanhmanh.accounts.models import User
from lanhmanh.core import audit
from lanhmanh.core.middleware import client_ip
from lanhmanh.core.models import AuditEntry
from lanhmanh.core.versioning import save_versioned
from lanhmanh.establishments.access import can_change, in_scope, may_write
from lanhmanh.establishments.models import (
    Commitment,
    Establishment,
    EstablishmentStatus,
    EstablishmentType,
    FlagSource,
    LabourRegistration,
    RiskFlag,
    StatusChange,
    fold,
)
from lanhmanh.places.models import AdministrativeUnit, Level

Errors = dict[str, list[str]]

LABELS = {
    "name": "Tên cơ sở",
    "kind": "Loại hình",
    "address": "Địa chỉ",
    "commune": "Xã, phường",
    "owner_name": "Chủ cơ sở",
    "owner_phone": "Điện thoại",
    "registration_number": "Số đăng ký kinh doanh",
    "security_certificate_number": "Số giấy chứng nhận ANTT",
    "security_certificate_date": "Ngày cấp giấy chứng nhận ANTT",
    "security_certificate_issuer": "Nơi cấp giấy chứng nhận ANTT",
    "rooms": "Số phòng",
    "workers": "Số lao động",
    "opened_on": "Ngày bắt đầu hoạt động",
    "notes": "Ghi chú",
}
MAX_LENGTHS = {
    "name": 200,
    "address": 300,
    "owner_name": 200,
    "owner_phone": 20,
    "registration_number": 50,
    "security_certificate_number": 50,
    "security_certificate_issuer": 200,
}
PHONE = re.compile(r"^\+?[0-9]{8,15}$")
KINDS = frozenset(EstablishmentType.values)


def today() -> date:
    return timezone.localdate()


def dmy(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def add(errors: Errors, field_name: str, message: str) -> None:
    errors.setdefault(field_name, []).append(message)


def squeeze(text: str | None) -> str:
    return " ".join((text or "").split())


def normalise_phone(text: str | None) -> str:
    """Digits only, as written ("0903 123.456" -> "0903123456"); a mobile number that a spreadsheet
    turned into a number lost its leading zero (903123456), so nine digits get it back."""
    raw = squeeze(text)
    if not raw:
        return ""
    plus = raw.startswith("+")
    digits = re.sub(r"[\s.\-()]", "", raw.lstrip("+"))
    if not plus and digits.isdigit() and len(digits) == 9 and not digits.startswith("0"):
        digits = "0" + digits
    return ("+" if plus else "") + digits


def normalise_registration_number(text: str | None) -> str:
    """Registration numbers compared as written, without spaces and in upper case."""
    return "".join((text or "").split()).upper()


def province_path(unit: AdministrativeUnit) -> str:
    """The path of the unit's root (its province): registration numbers are unique below it."""
    return unit.path.split("/", 1)[0] + "/"


# Establishments ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EstablishmentInput:
    name: str
    kind: str
    address: str
    commune: AdministrativeUnit
    owner_name: str = ""
    owner_phone: str = ""
    registration_number: str = ""
    security_certificate_number: str = ""
    security_certificate_date: date | None = None
    security_certificate_issuer: str = ""
    rooms: int | None = None
    workers: int | None = None
    opened_on: date | None = None
    notes: str = ""

    def normalised(self) -> EstablishmentInput:
        return replace(
            self,
            name=squeeze(self.name),
            address=squeeze(self.address),
            owner_name=squeeze(self.owner_name),
            owner_phone=normalise_phone(self.owner_phone),
            registration_number=normalise_registration_number(self.registration_number),
            security_certificate_number=squeeze(self.security_certificate_number),
            security_certificate_issuer=squeeze(self.security_certificate_issuer),
            notes=(self.notes or "").strip(),
        )


FIELDS = [f.name for f in fields(EstablishmentInput)]


def establishment_errors(actor: User, data: EstablishmentInput) -> Errors:
    """The problems with one establishment's values, by field, without looking at other records
    (the import reports them per row; `duplicate_errors` looks for registration numbers in use)."""
    errors: Errors = {}
    for name in ("name", "address"):
        if not getattr(data, name):
            add(errors, name, f"Cần nhập “{LABELS[name]}”.")
    for name, limit in MAX_LENGTHS.items():
        if len(getattr(data, name)) > limit:
            add(errors, name, f"“{LABELS[name]}” dài quá {limit} ký tự.")
    if data.kind not in KINDS:
        add(errors, "kind", f"“{LABELS['kind']}”: loại hình “{data.kind}” không có trong danh mục.")
    if data.commune.level != Level.COMMUNE:
        add(errors, "commune", f"“{data.commune.name}” không phải là đơn vị cấp xã.")
    elif not in_scope(actor, data.commune):
        add(errors, "commune", f"“{data.commune.name}” nằm ngoài phạm vi của bạn.")
    if data.owner_phone and not PHONE.match(data.owner_phone):
        add(errors, "owner_phone", f"“{LABELS['owner_phone']}” “{data.owner_phone}” không phải là số điện thoại.")
    for name in ("rooms", "workers"):
        value = getattr(data, name)
        if value is not None and value < 0:
            add(errors, name, f"“{LABELS[name]}” không được âm.")
    for name in ("security_certificate_date", "opened_on"):
        day = getattr(data, name)
        if day is not None and day > today():
            add(errors, name, f"“{LABELS[name]}” ({dmy(day)}) không được ở tương lai.")
    return errors


def duplicate_errors(data: EstablishmentInput, *, exclude_pk: int | None = None) -> Errors:
    """A registration number already used by another establishment of the same province."""
    if not data.registration_number:
        return {}
    clash = Establishment.objects.filter(
        registration_number=data.registration_number, commune__path__startswith=province_path(data.commune)
    )
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    other = clash.select_related("commune").first()
    if other is None:
        return {}
    return {
        "registration_number": [
            f"Số đăng ký kinh doanh “{data.registration_number}” đã được dùng cho cơ sở khác trong tỉnh "
            f"(ở {other.commune.name}); mỗi số chỉ được đăng ký một lần."
        ]
    }


def snapshot(establishment: Establishment) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(establishment, name) for name in FIELDS if name != "commune"}
    values["commune"] = establishment.commune.name
    return values


def _assign(establishment: Establishment, data: EstablishmentInput, names: Sequence[str] = FIELDS) -> list[str]:
    """Copy `names` from the input; return the model fields that changed."""
    changed = []
    for name in names:
        value = getattr(data, name)
        attribute = "commune_id" if name == "commune" else name
        current = getattr(establishment, attribute)
        new = value.pk if name == "commune" else value
        if current != new:
            setattr(establishment, name, value)
            changed.append(name)
    if "name" in changed:
        establishment.name_folded = fold(establishment.name)
        changed.append("name_folded")
    return changed


def _save(establishment: Establishment, *, expected_version: int, changed: Sequence[str]) -> None:
    # A conditional UPDATE does not run auto_now: the time of the change is set here.
    establishment.updated_at = timezone.now()
    save_versioned(establishment, expected_version=expected_version, fields=[*changed, "updated_at"])


def _check(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def establishment_create(*, actor: User, data: EstablishmentInput) -> Establishment:
    data = data.normalised()
    _check(establishment_errors(actor, data) or duplicate_errors(data))
    establishment = Establishment(created_by=actor, status=EstablishmentStatus.OPERATING)
    _assign(establishment, data)
    establishment.status_since = data.opened_on
    establishment.save()
    audit.record(
        "establishments.establishment.created", actor=actor, target=establishment, changes=snapshot(establishment)
    )
    return establishment


@transaction.atomic
def establishment_update(
    *, establishment: Establishment, actor: User, data: EstablishmentInput, expected_version: int
) -> Establishment:
    data = data.normalised()
    _check(establishment_errors(actor, data) or duplicate_errors(data, exclude_pk=establishment.pk))
    before = snapshot(establishment)
    changed = _assign(establishment, data)
    _save(establishment, expected_version=expected_version, changed=changed)
    audit.record(
        "establishments.establishment.updated",
        actor=actor,
        target=establishment,
        changes=audit.diff(before, snapshot(establishment)),
    )
    return establishment


@transaction.atomic
def establishment_set_status(
    *,
    establishment: Establishment,
    actor: User,
    status: str,
    since: date,
    note: str = "",
    expected_version: int,
) -> Establishment:
    """Operating, suspended or closed from a date; closing sets `closed_on`, reopening clears it."""
    errors: Errors = {}
    if status not in EstablishmentStatus.values:
        add(errors, "status", f"“Tình trạng”: “{status}” không hợp lệ.")
    if since > today():
        add(errors, "since", f"“Từ ngày” ({dmy(since)}) không được ở tương lai.")
    if establishment.opened_on is not None and since < establishment.opened_on:
        add(
            errors,
            "since",
            f"“Từ ngày” ({dmy(since)}) không được trước ngày bắt đầu hoạt động ({dmy(establishment.opened_on)}).",
        )
    if status == establishment.status:
        label = EstablishmentStatus(status).label
        add(errors, "status", f"Cơ sở đang ở tình trạng “{label}”; hãy chọn tình trạng khác.")
    _check(errors)
    before = {"status": establishment.status, "status_since": establishment.status_since}
    establishment.status = status
    establishment.status_since = since
    establishment.closed_on = since if status == EstablishmentStatus.CLOSED else None
    _save(establishment, expected_version=expected_version, changed=["status", "status_since", "closed_on"])
    StatusChange.objects.create(
        establishment=establishment, status=status, since=since, note=squeeze(note), created_by=actor
    )
    changes: dict[str, Any] = dict(audit.diff(before, {"status": status, "status_since": since}))
    if note:
        changes["note"] = squeeze(note)
    audit.record("establishments.establishment.status_changed", actor=actor, target=establishment, changes=changes)
    return establishment


# Commitments and labour registrations --------------------------------------------------------------


@dataclass(frozen=True)
class CommitmentInput:
    signed_on: date
    signer_name: str
    valid_from: date
    signer_title: str = ""
    committee: str = ""
    valid_until: date | None = None


def _require_writer(actor: User, establishment: Establishment) -> None:
    if not can_change(actor, establishment):
        raise ValidationError({"establishment": f"Bạn không được ghi thông tin cho cơ sở “{establishment}”."})


@transaction.atomic
def commitment_record(*, establishment: Establishment, actor: User, data: CommitmentInput) -> Commitment:
    _require_writer(actor, establishment)
    errors: Errors = {}
    signer = squeeze(data.signer_name)
    if not signer:
        add(errors, "signer_name", "Cần nhập “Người ký”.")
    if data.signed_on > today():
        add(errors, "signed_on", f"“Ngày ký” ({dmy(data.signed_on)}) không được ở tương lai.")
    if data.valid_until is not None and data.valid_until < data.valid_from:
        add(
            errors,
            "valid_until",
            f"“Hiệu lực đến ngày” ({dmy(data.valid_until)}) không được trước “Hiệu lực từ ngày” "
            f"({dmy(data.valid_from)}).",
        )
    _check(errors)
    commitment = Commitment.objects.create(
        establishment=establishment,
        signed_on=data.signed_on,
        signer_name=signer,
        signer_title=squeeze(data.signer_title),
        committee=squeeze(data.committee) or f"UBND {establishment.commune.name}",
        valid_from=data.valid_from,
        valid_until=data.valid_until,
        created_by=actor,
    )
    changes = {
        "commitment": commitment.pk,
        "signed_on": commitment.signed_on,
        "signer_name": commitment.signer_name,
        "committee": commitment.committee,
        "valid_from": commitment.valid_from,
        "valid_until": commitment.valid_until,
    }
    audit.record("establishments.commitment.recorded", actor=actor, target=establishment, changes=changes)
    return commitment


@dataclass(frozen=True)
class LabourRegistrationInput:
    registered_on: date
    workers_registered: int
    number: str = ""
    authority: str = ""


@transaction.atomic
def labour_registration_record(
    *, establishment: Establishment, actor: User, data: LabourRegistrationInput
) -> LabourRegistration:
    _require_writer(actor, establishment)
    errors: Errors = {}
    if data.registered_on > today():
        add(errors, "registered_on", f"“Ngày đăng ký” ({dmy(data.registered_on)}) không được ở tương lai.")
    if data.workers_registered < 0:
        add(errors, "workers_registered", "“Số lao động đăng ký” không được âm.")
    _check(errors)
    registration = LabourRegistration.objects.create(
        establishment=establishment,
        registered_on=data.registered_on,
        number=squeeze(data.number),
        workers_registered=data.workers_registered,
        authority=squeeze(data.authority),
        created_by=actor,
    )
    changes = {
        "labour_registration": registration.pk,
        "registered_on": registration.registered_on,
        "number": registration.number,
        "workers_registered": registration.workers_registered,
        "authority": registration.authority,
    }
    audit.record("establishments.labour_registration.recorded", actor=actor, target=establishment, changes=changes)
    return registration


# Risk flags ----------------------------------------------------------------------------------------


@transaction.atomic
def flag_record(
    *, establishment: Establishment, actor: User, noted_on: date, source: str, description: str
) -> RiskFlag:
    _require_writer(actor, establishment)
    errors: Errors = {}
    if source not in FlagSource.values:
        add(errors, "source", f"“Nguồn”: “{source}” không hợp lệ.")
    if noted_on > today():
        add(errors, "noted_on", f"“Ngày ghi nhận” ({dmy(noted_on)}) không được ở tương lai.")
    text = (description or "").strip()
    if not text:
        add(errors, "description", "Cần nhập “Nội dung dấu hiệu”.")
    _check(errors)
    flag = RiskFlag.objects.create(
        establishment=establishment, noted_on=noted_on, source=source, description=text, created_by=actor
    )
    changes = {"flag": flag.pk, "noted_on": noted_on, "source": flag.get_source_display(), "description": text}
    audit.record("establishments.flag.recorded", actor=actor, target=establishment, changes=changes)
    return flag


@transaction.atomic
def flag_clear(*, flag: RiskFlag, actor: User, cleared_on: date, reason: str) -> RiskFlag:
    _require_writer(actor, flag.establishment)
    errors: Errors = {}
    if flag.cleared_on is not None:
        add(errors, "cleared_on", f"Dấu hiệu này đã kết thúc ngày {dmy(flag.cleared_on)}.")
    if cleared_on < flag.noted_on:
        add(
            errors,
            "cleared_on",
            f"“Ngày kết thúc” ({dmy(cleared_on)}) không được trước ngày ghi nhận ({dmy(flag.noted_on)}).",
        )
    if cleared_on > today():
        add(errors, "cleared_on", f"“Ngày kết thúc” ({dmy(cleared_on)}) không được ở tương lai.")
    text = squeeze(reason)
    if not text:
        add(errors, "cleared_reason", "Cần nhập “Lý do kết thúc”.")
    _check(errors)
    flag.cleared_on = cleared_on
    flag.cleared_reason = text
    flag.save(update_fields=["cleared_on", "cleared_reason"])
    changes = {"flag": flag.pk, "cleared_on": cleared_on, "cleared_reason": text}
    audit.record("establishments.flag.cleared", actor=actor, target=flag.establishment, changes=changes)
    return flag


# The import -----------------------------------------------------------------------------------------

# Chunk of an IN (...) list: below SQLite's and PostgreSQL's limits on bound parameters.
IN_CHUNK = 2000


@dataclass(frozen=True)
class ImportRow:
    """One row of a file: its values, and which of them the file gave (a blank cell in an optional
    column leaves an existing establishment's value as it is)."""

    data: EstablishmentInput
    given: frozenset[str]
    line: int = 0  # the row number in the file, for reports


@dataclass
class ImportPlan:
    """What an import would do: per row, the establishment it updates (None: a new one)."""

    matches: list[Establishment | None] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (row index, field, reason)

    @property
    def creates(self) -> int:
        return sum(1 for match in self.matches if match is None)

    @property
    def updates(self) -> int:
        return len(self.matches) - self.creates


def _name_key(data: EstablishmentInput) -> tuple[str, str, int]:
    return (fold(data.name), fold(data.address), data.commune.pk)


def _chunks(values: list[Any]) -> list[list[Any]]:
    return [values[i : i + IN_CHUNK] for i in range(0, len(values), IN_CHUNK)]


def plan_import(actor: User, rows: Sequence[ImportRow]) -> ImportPlan:
    """Match each row with the establishment it updates: by registration number within the province,
    else by name, address and commune (without diacritics); and find rows that clash."""
    plan = ImportPlan()
    name_keys = [_name_key(row.data) for row in rows]
    by_number: dict[tuple[str, str], Establishment] = {}
    numbers = sorted({row.data.registration_number for row in rows if row.data.registration_number})
    for chunk in _chunks(numbers):
        for found in Establishment.objects.filter(registration_number__in=chunk).select_related("commune"):
            by_number[(province_path(found.commune), found.registration_number)] = found
    by_name: dict[tuple[str, str, int], Establishment] = {}
    communes = sorted({row.data.commune.pk for row in rows})
    names = {key[0] for key in name_keys}
    for chunk in _chunks(communes):
        for found in Establishment.objects.filter(commune_id__in=chunk).select_related("commune"):
            if found.name_folded in names:
                by_name.setdefault((found.name_folded, fold(found.address), found.commune_id), found)
    seen_numbers: dict[tuple[str, str], int] = {}
    seen_names: dict[tuple[str, str, int], int] = {}
    seen_matches: dict[int, int] = {}
    for index, row in enumerate(rows):
        data = row.data
        match: Establishment | None = None
        name_key = name_keys[index]
        if data.registration_number:
            number_key = (province_path(data.commune), data.registration_number)
            if number_key in seen_numbers:
                reason = f"trùng số đăng ký kinh doanh với dòng {rows[seen_numbers[number_key]].line}."
                plan.problems.append((index, "registration_number", reason))
            seen_numbers.setdefault(number_key, index)
            match = by_number.get(number_key)
            if match is None:
                same_name = by_name.get(name_key)
                if same_name is not None and not same_name.registration_number:
                    match = same_name
        else:
            match = by_name.get(name_key)
        if name_key in seen_names and not data.registration_number:
            reason = f"trùng tên, địa chỉ và xã với dòng {rows[seen_names[name_key]].line}."
            plan.problems.append((index, "name", reason))
        seen_names.setdefault(name_key, index)
        if match is not None and not in_scope(actor, match.commune):
            reason = "số đăng ký kinh doanh này đã được dùng cho một cơ sở nằm ngoài phạm vi của bạn."
            plan.problems.append((index, "registration_number", reason))
            match = None
        if match is not None:
            if match.pk in seen_matches:
                reason = f"dòng này và dòng {rows[seen_matches[match.pk]].line} cùng chỉ một cơ sở đã có."
                plan.problems.append((index, "name", reason))
            seen_matches.setdefault(match.pk, index)
        plan.matches.append(match)
    return plan


def _creation_audit(actor: User, establishment: Establishment, file_name: str) -> AuditEntry:
    # The entry `audit.record` would write, built in memory so that ten thousand rows are one INSERT.
    values = {k: v.isoformat() if isinstance(v, date) else v for k, v in snapshot(establishment).items()}
    return AuditEntry(
        verb="establishments.establishment.imported",
        actor=actor,
        actor_username=actor.username,
        agency_id=actor.agency_id,
        target_type=audit.label_of(establishment),
        target_id=str(establishment.pk),
        target_repr=str(establishment)[:255],
        changes={**values, "file": file_name},
        ip_address=client_ip.get(),
    )


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def establishments_import(*, actor: User, rows: Sequence[ImportRow], file_name: str) -> ImportResult:
    """Add or update every row, or none: one invalid row refuses the whole file.

    The reader (`establishments.spreadsheet`) has already checked each row and reported every
    problem with its row and column; the checks are repeated here so that no caller can skip them.
    """
    if not may_write(actor):
        raise ValidationError({"file": "Bạn không được nhập danh sách cơ sở."})
    rows = [replace(row, data=row.data.normalised()) for row in rows]
    for index, row in enumerate(rows, start=1):
        errors = establishment_errors(actor, row.data)
        if errors:
            raise ValidationError({"file": f"Dòng {row.line or index} không hợp lệ: {errors}"})
    plan = plan_import(actor, rows)
    if plan.problems:
        index, name, reason = plan.problems[0]
        raise ValidationError({"file": f"Dòng {rows[index].line or index + 1}, {LABELS.get(name, name)}: {reason}"})
    new: list[Establishment] = []
    updated = unchanged = 0
    for row, match in zip(rows, plan.matches, strict=True):
        if match is None:
            establishment = Establishment(created_by=actor, status=EstablishmentStatus.OPERATING)
            _assign(establishment, row.data)
            establishment.status_since = row.data.opened_on
            new.append(establishment)
            continue
        before = snapshot(match)
        changed = _assign(match, row.data, [name for name in FIELDS if name in row.given])
        if not changed:
            unchanged += 1
            continue
        _save(match, expected_version=match.version, changed=changed)
        changes = {**audit.diff(before, snapshot(match)), "file": file_name}
        audit.record("establishments.establishment.import_updated", actor=actor, target=match, changes=changes)
        updated += 1
    created = Establishment.objects.bulk_create(new, batch_size=1000)
    AuditEntry.objects.bulk_create([_creation_audit(actor, e, file_name) for e in created], batch_size=1000)
    return ImportResult(created=len(created), updated=updated, unchanged=unchanged)
