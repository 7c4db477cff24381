"""Every state change of a case, shared by the pages, the API and the commands.

Each service runs in one transaction, validates (ValidationError with Vietnamese messages naming the
field), writes an audit entry (pseudonymous values and the *names* of encrypted fields, never their
values) and one access-log row for the case it touches.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lanhmanh.accounts.models import Agency, Role, User
from lanhmanh.core import audit
from lanhmanh.core.versioning import save_versioned
from lanhmanh.places.models import AdministrativeUnit, Level
from lanhmanh.support import access, crypto
from lanhmanh.support.access_log import log_access
from lanhmanh.support.consent import consent_in_force
from lanhmanh.support.models import (
    ENDED_STATUSES,
    ID_NUMBER_PURPOSE,
    IDENTITY_FIELDS,
    NAME_YEAR_PURPOSE,
    AccessAction,
    AgeGroup,
    Case,
    CaseKind,
    CaseStatus,
    CaseStatusChange,
    Consent,
    ConsentMethod,
    ConsentOverride,
    ConsentPurpose,
    ContactChannel,
    FollowUp,
    Identity,
    Need,
    NeedArea,
    NeedStatus,
    ProviderKind,
    Referral,
    ReferralEvent,
    ReferralStatus,
    ServiceDelivery,
    ServiceKind,
    ServiceProvider,
    Sex,
    context,
    id_number_key,
    name_year_key,
)

Errors = dict[str, list[str]]
MAX_PHOTO_BYTES = 2 * 1024 * 1024
PHOTO_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


def _add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _today() -> date:
    return timezone.localdate()


def _check_choice(errors: Errors, name: str, label: str, value: str, choices: Iterable[str]) -> None:
    if value not in choices:
        _add(errors, name, f"“{label}” không hợp lệ.")


def _check_date(errors: Errors, name: str, label: str, day: date | None, *, required: bool = True) -> None:
    if day is None:
        if required:
            _add(errors, name, f"Cần nhập “{label}”.")
        return
    if day > _today():
        _add(errors, name, f"“{label}” ({day:%d/%m/%Y}) không được ở tương lai.")


def _short(errors: Errors, name: str, label: str, text: str, *, required: bool = True, limit: int = 300) -> str:
    cleaned = " ".join((text or "").split())
    if required and not cleaned:
        _add(errors, name, f"Cần nhập “{label}”.")
    if len(cleaned) > limit:
        _add(errors, name, f"“{label}” dài tối đa {limit} ký tự.")
    return cleaned


def province_of(unit: AdministrativeUnit) -> int:
    """The province's primary key: the first segment of the materialized path."""
    return int(unit.path.split("/", 1)[0])


def photo_type(data: bytes) -> str:
    for magic, kind in PHOTO_TYPES.items():
        if data.startswith(magic):
            return kind
    return ""


# Registering and duplicates -----------------------------------------------------------------------


@dataclass(frozen=True)
class CaseInput:
    kind: str
    sex: str
    age_group: str
    commune: AdministrativeUnit
    contact_channel: str
    opened_on: date


@dataclass
class DuplicateCheck:
    """Likely duplicates: how many there are, and which of them the actor may see (the others stay hidden)."""

    found: int = 0
    visible: list[Case] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        return self.found - len(self.visible)


def _duplicate_candidates(identity: Identity, province_pk: int) -> list[Case]:
    from django.db.models import Q

    id_key = id_number_key(identity.id_number)
    year = identity.birth_date.year if identity.birth_date else None
    name_key = name_year_key(identity.full_name, year, province_pk)
    q = Q(pk__in=[])
    if id_key:
        q |= Q(id_number_bidx__in=crypto.blind_index_candidates(id_key, purpose=ID_NUMBER_PURPOSE))
    if name_key:
        q |= Q(name_year_bidx__in=crypto.blind_index_candidates(name_key, purpose=NAME_YEAR_PURPOSE))
    return list(Case.objects.filter(q).select_related("commune", "assigned_worker"))


def duplicates_check(*, actor: User, identity: Identity, commune: AdministrativeUnit) -> DuplicateCheck:
    """Same ID number anywhere, or same folded name + birth year in the same province.

    A match the actor may not see is counted, never shown; every match writes a
    `duplicate_warning` access-log row so a coordinator can follow up.
    """
    candidates = _duplicate_candidates(identity, province_of(commune))
    result = DuplicateCheck(found=len(candidates))
    for case in candidates:
        shown = access.may_see_identity(actor, case)
        if shown:
            result.visible.append(case)
        log_access(actor, case, AccessAction.DUPLICATE_WARNING, note="hiện cho người tạo" if shown else "ẩn")
    return result


def _validate_case_input(errors: Errors, actor: User, data: CaseInput) -> None:
    _check_choice(errors, "kind", "Đối tượng", data.kind, CaseKind.values)
    _check_choice(errors, "sex", "Giới tính", data.sex, Sex.values)
    _check_choice(errors, "age_group", "Nhóm tuổi", data.age_group, AgeGroup.values)
    _check_choice(errors, "contact_channel", "Hình thức tiếp cận", data.contact_channel, ContactChannel.values)
    _check_date(errors, "opened_on", "Ngày tiếp nhận", data.opened_on)
    if data.commune.level != Level.COMMUNE:
        _add(errors, "commune", f"“{data.commune.name}” không phải là đơn vị cấp xã.")
    elif not access.in_scope(actor, data.commune):
        _add(errors, "commune", f"“{data.commune.name}” nằm ngoài phạm vi của bạn.")


def _validate_identity(errors: Errors, identity: Identity) -> Identity:
    cleaned = Identity(
        full_name=_short(errors, "full_name", "Họ và tên", identity.full_name, required=False, limit=150),
        birth_date=identity.birth_date,
        id_number=_short(errors, "id_number", "Số giấy tờ tùy thân", identity.id_number, required=False, limit=20),
        phone=_short(errors, "phone", "Điện thoại", identity.phone, required=False, limit=20),
        address=_short(errors, "address", "Địa chỉ", identity.address, required=False, limit=300),
        notes=(identity.notes or "").strip(),
    )
    _check_date(errors, "birth_date", "Ngày sinh", identity.birth_date, required=False)
    if cleaned.id_number and not id_number_key(cleaned.id_number):
        _add(errors, "id_number", "“Số giấy tờ tùy thân” chỉ gồm chữ và số.")
    if len(cleaned.notes) > 4000:
        _add(errors, "notes", "“Ghi chú” dài tối đa 4.000 ký tự.")
    return cleaned


def _validate_photo(errors: Errors, photo: bytes | None) -> str:
    if not photo:
        return ""
    if len(photo) > MAX_PHOTO_BYTES:
        _add(errors, "photo", "“Ảnh” lớn tối đa 2 MB.")
    kind = photo_type(photo)
    if not kind:
        _add(errors, "photo", "“Ảnh” phải là tệp JPEG hoặc PNG.")
    return kind


@transaction.atomic
def case_register(
    *, actor: User, data: CaseInput, identity: Identity, photo: bytes | None = None, confirmed_duplicate: bool = False
) -> Case:
    """Register a person. Raises ValidationError with `duplicate` when likely duplicates exist and the
    actor has not confirmed (the message never names the other record)."""
    if not access.may_register(actor):
        raise PermissionDenied
    errors: Errors = {}
    _validate_case_input(errors, actor, data)
    identity = _validate_identity(errors, identity)
    kind = _validate_photo(errors, photo)
    _raise(errors)
    if not confirmed_duplicate:
        check = duplicates_check(actor=actor, identity=identity, commune=data.commune)
        if check.found:
            raise ValidationError({"duplicate": [duplicate_message(check)]})
    # A peer educator's supervisor takes the case (None: the commune's case workers share it until
    # a coordinator assigns one); a case worker takes the cases they register.
    worker = actor.supervisor if actor.role == Role.PEER_EDUCATOR else actor
    case = Case(
        case_code=f"tmp-{secrets.token_hex(6)}",
        kind=data.kind,
        sex=data.sex,
        age_group=data.age_group,
        commune=data.commune,
        contact_channel=data.contact_channel,
        opened_on=data.opened_on,
        assigned_worker=worker,
        created_by=actor,
    )
    fields = case.set_identity(identity, province_pk=province_of(data.commune))
    if photo:
        case.set_photo(photo, kind)
        fields.append("photo")
    case.save()
    # The code comes from the primary key: it says nothing about the person.
    case.case_code = f"HT-{data.opened_on.year}-{case.pk:06d}"
    case.save(update_fields=["case_code"])
    CaseStatusChange.objects.create(
        case=case, from_status="", to_status=CaseStatus.OPEN, reason="Tiếp nhận", changed_by=actor
    )
    audit.record(
        "support.case.registered",
        actor=actor,
        target=case,
        changes={
            "kind": data.kind,
            "sex": data.sex,
            "age_group": data.age_group,
            "commune": data.commune.name,
            "contact_channel": data.contact_channel,
            "identity_fields": fields,
        },
    )
    log_access(actor, case, AccessAction.CREATE, fields)
    return case


def duplicate_message(check: DuplicateCheck) -> str:
    if check.hidden:
        return (
            "Có thể đã có hồ sơ trùng (cùng số giấy tờ, hoặc cùng họ tên và năm sinh trong tỉnh); "
            "liên hệ điều phối viên."
        )
    codes = ", ".join(case.case_code for case in check.visible)
    return f"Có thể đã có hồ sơ trùng: {codes}. Kiểm tra trước khi tạo hồ sơ mới."


@transaction.atomic
def case_edit(
    *,
    case: Case,
    actor: User,
    data: CaseInput,
    identity: Identity,
    expected_version: int,
    photo: bytes | None = None,
    remove_photo: bool = False,
) -> list[str]:
    """Change a case's attributes and identity (optimistic locking). Returns the identity fields changed."""
    if not access.can_work_on(actor, case):
        raise PermissionDenied
    errors: Errors = {}
    _validate_case_input(errors, actor, data)
    identity = _validate_identity(errors, identity)
    kind = _validate_photo(errors, photo)
    _raise(errors)
    before = {
        "kind": case.kind,
        "sex": case.sex,
        "age_group": case.age_group,
        "commune": case.commune.name,
        "contact_channel": case.contact_channel,
        "opened_on": case.opened_on,
    }
    case.kind, case.sex, case.age_group = data.kind, data.sex, data.age_group
    case.commune, case.contact_channel, case.opened_on = data.commune, data.contact_channel, data.opened_on
    fields = case.set_identity(identity, province_pk=province_of(data.commune))
    if photo:
        case.set_photo(photo, kind)
        fields.append("photo")
    elif remove_photo and case.photo_enc:
        case.set_photo(b"", "")
        fields.append("photo")
    save_versioned(
        case,
        expected_version=expected_version,
        fields=[
            "kind",
            "sex",
            "age_group",
            "commune",
            "contact_channel",
            "opened_on",
            *(f"{name}_enc" for name in (*IDENTITY_FIELDS, "photo")),
            "photo_type",
            "id_number_bidx",
            "name_year_bidx",
        ],
    )
    after = {**before, **{k: getattr(case, k) for k in ("kind", "sex", "age_group", "contact_channel", "opened_on")}}
    after["commune"] = data.commune.name
    changes = audit.diff(before, after)
    if fields:
        changes["identity_fields"] = fields
    audit.record("support.case.updated", actor=actor, target=case, changes=changes)
    log_access(actor, case, AccessAction.UPDATE, fields)
    return fields


@transaction.atomic
def case_assign(*, case: Case, actor: User, worker: User | None) -> None:
    if not access.can_assign(actor, case):
        raise PermissionDenied
    if worker is not None and (
        worker.role != Role.CASE_WORKER or not worker.is_active or not access.in_scope(worker, case.commune)
    ):
        raise ValidationError({"worker": ["“Cán bộ phụ trách” phải là cán bộ hỗ trợ có phạm vi chứa xã của hồ sơ."]})
    old = case.assigned_worker
    case.assigned_worker = worker
    case.save(update_fields=["assigned_worker", "updated_at"])
    audit.record(
        "support.case.assigned",
        actor=actor,
        target=case,
        changes={"assigned_worker": [old.username if old else None, worker.username if worker else None]},
    )
    log_access(actor, case, AccessAction.UPDATE, note="đổi cán bộ phụ trách")


@transaction.atomic
def case_change_status(*, case: Case, actor: User, status: str, reason: str) -> CaseStatusChange:
    """Move a case to another status with a reason; a case that ended is reopened the same way."""
    if not access.can_work_on(actor, case):
        raise PermissionDenied
    errors: Errors = {}
    _check_choice(errors, "status", "Tình trạng", status, CaseStatus.values)
    reason = _short(errors, "reason", "Lý do", reason)
    if status == case.status:
        _add(errors, "status", "Hồ sơ đã ở tình trạng này.")
    _raise(errors)
    old = case.status
    case.status = status
    case.closed_on = _today() if status in ENDED_STATUSES else None
    case.save(update_fields=["status", "closed_on", "updated_at"])
    change = CaseStatusChange.objects.create(
        case=case, from_status=old, to_status=status, reason=reason, changed_by=actor
    )
    verb = (
        "support.case.reopened"
        if old in ENDED_STATUSES and status not in ENDED_STATUSES
        else "support.case.status_changed"
    )
    audit.record(verb, actor=actor, target=case, changes={"status": [old, status], "reason": reason})
    log_access(actor, case, AccessAction.UPDATE, note=f"tình trạng: {status}")
    return change


@transaction.atomic
def case_delete(*, case: Case, actor: User, note: str) -> None:
    """Delete a case and everything hanging from it (a data subject's erasure request). The access
    log keeps the code and the action, never the content."""
    code = case.case_code
    log_access(actor, case, AccessAction.DELETE, [*IDENTITY_FIELDS, "photo"], note=note)
    audit.record("support.case.deleted", actor=actor, target=case, changes={"case_code": code, "note": note[:300]})
    case.delete()


# Consent ------------------------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    case: Case,
    actor: User,
    purpose: str,
    granted: bool,
    given_on: date | None,
    method: str,
    agency: Agency | None = None,
) -> Consent:
    if not access.can_work_on(actor, case):
        raise PermissionDenied
    errors: Errors = {}
    _check_choice(errors, "purpose", "Mục đích", purpose, ConsentPurpose.values)
    _check_choice(errors, "method", "Cách thức", method, ConsentMethod.values)
    _check_date(errors, "given_on", "Ngày ghi nhận", given_on)
    if purpose == ConsentPurpose.SHARE_AGENCY and agency is None:
        _add(errors, "agency", "Cần chọn “Cơ quan được chia sẻ”.")
    if purpose != ConsentPurpose.SHARE_AGENCY:
        agency = None
    _raise(errors)
    assert given_on is not None
    consent = Consent.objects.create(
        case=case, purpose=purpose, agency=agency, granted=granted, given_on=given_on, method=method, recorded_by=actor
    )
    audit.record(
        "support.consent.recorded",
        actor=actor,
        target=case,
        changes={
            "purpose": purpose,
            "agency": str(agency) if agency else None,
            "granted": granted,
            "given_on": given_on,
        },
    )
    log_access(actor, case, AccessAction.UPDATE, note=f"đồng ý: {purpose}")
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor: User, withdrawn_on: date | None, note: str) -> None:
    case = consent.case
    if not access.can_work_on(actor, case):
        raise PermissionDenied
    errors: Errors = {}
    _check_date(errors, "withdrawn_on", "Ngày rút lại", withdrawn_on)
    note = _short(errors, "withdrawal_note", "Ghi chú", note, required=False)
    if not consent.in_force:
        _add(errors, "withdrawn_on", "Sự đồng ý này không còn hiệu lực.")
    elif withdrawn_on is not None and withdrawn_on < consent.given_on:
        _add(errors, "withdrawn_on", "“Ngày rút lại” phải từ ngày ghi nhận trở đi.")
    _raise(errors)
    consent.withdrawn_on, consent.withdrawal_note = withdrawn_on, note
    consent.save(update_fields=["withdrawn_on", "withdrawal_note"])
    audit.record(
        "support.consent.withdrawn",
        actor=actor,
        target=case,
        changes={"purpose": consent.purpose, "withdrawn_on": withdrawn_on},
    )
    log_access(actor, case, AccessAction.UPDATE, note=f"rút lại đồng ý: {consent.purpose}")


@transaction.atomic
def consent_override(
    *, case: Case, actor: User, purpose: str, reason: str, agency: Agency | None = None
) -> ConsentOverride:
    """Act without consent: only with `support.override_consent`, with a reason, logged and audited."""
    if not access.may_override_consent(actor, case):
        raise PermissionDenied
    errors: Errors = {}
    _check_choice(errors, "purpose", "Mục đích", purpose, (ConsentPurpose.REFERRAL, ConsentPurpose.SHARE_AGENCY))
    reason = _short(errors, "override_reason", "Lý do bỏ qua sự đồng ý", reason, limit=500)
    if purpose == ConsentPurpose.SHARE_AGENCY and agency is None:
        _add(errors, "agency", "Cần chọn “Cơ quan được chia sẻ”.")
    _raise(errors)
    override = ConsentOverride.objects.create(
        case=case,
        purpose=purpose,
        agency=agency if purpose == ConsentPurpose.SHARE_AGENCY else None,
        reason=reason,
        user=actor,
    )
    audit.record(
        "support.consent.overridden",
        actor=actor,
        target=case,
        changes={"purpose": purpose, "agency": str(agency) if agency else None, "reason": reason},
    )
    log_access(actor, case, AccessAction.OVERRIDE, note=f"{purpose}: {reason}")
    return override


# Needs, services, follow-ups ----------------------------------------------------------------------


@transaction.atomic
def need_add(*, case: Case, actor: User, area: str, goal: str, target_date: date | None) -> Need:
    if not access.can_work_on(actor, case):
        raise PermissionDenied
    errors: Errors = {}
    _check_choice(errors, "area", "Lĩnh vực", area, NeedArea.values)
    goal = _short(errors, "goal", "Mục tiêu", goal)
    _raise(errors)
    need = Need.objects.create(case=case, area=area, goal=goal, target_date=target_date, recorded_by=actor)
    audit.record(
        "support.need.added", actor=actor, target=case, changes={"area": area, "goal": goal, "target_date": target_date}
    )
    log_access(actor, case, AccessAction.UPDATE, note=f"nhu cầu: {area}")
    return need


@transaction.atomic
def need_set_status(*, need: Need, actor: User, status: str) -> None:
    case = need.case
    if not access.can_work_on(actor, case):
        raise PermissionDenied
    errors: Errors = {}
    _check_choice(errors, "status", "Tình trạng", status, NeedStatus.values)
    _raise(errors)
    old = need.status
    need.status = status
    need.save(update_fields=["status", "updated_at"])
    audit.record(
        "support.need.status_changed", actor=actor, target=case, changes={"area": need.area, "status": [old, status]}
    )
    log_access(actor, case, AccessAction.UPDATE, note=f"nhu cầu {need.area}: {status}")


@transaction.atomic
def service_record(
    *, case: Case, actor: User, kind: str, date: date | None, provider: ServiceProvider | None, outcome: str
) -> ServiceDelivery:
    if not access.can_work_on(actor, case):
        raise PermissionDenied
    errors: Errors = {}
    _check_choice(errors, "kind", "Loại dịch vụ", kind, ServiceKind.values)
    _check_date(errors, "date", "Ngày", date)
    if not consent_in_force(case, ConsentPurpose.SERVICES):
        _add(errors, "kind", "Chưa có sự đồng ý nhận dịch vụ của người được hỗ trợ (ghi nhận ở mục “Sự đồng ý”).")
    _raise(errors)
    assert date is not None
    service = ServiceDelivery.objects.create(
        case=case,
        kind=kind,
        date=date,
        provider=provider,
        outcome_enc=crypto.encrypt(outcome.strip(), context=context("servicedelivery", "outcome")),
        recorded_by=actor,
    )
    audit.record(
        "support.service.recorded",
        actor=actor,
        target=case,
        changes={
            "kind": kind,
            "date": date,
            "provider": str(provider) if provider else None,
            "encrypted_fields": ["outcome"],
        },
    )
    log_access(actor, case, AccessAction.UPDATE, ["outcome"] if outcome.strip() else [], note=f"dịch vụ: {kind}")
    return service


@transaction.atomic
def follow_up_add(*, case: Case, actor: User, date: date | None, notes: str) -> FollowUp:
    if not access.can_work_on(actor, case):
        raise PermissionDenied
    errors: Errors = {}
    _check_date(errors, "date", "Ngày theo dõi", date)
    notes = (notes or "").strip()
    if not notes:
        _add(errors, "notes", "Cần nhập “Nội dung theo dõi”.")
    _raise(errors)
    assert date is not None
    follow_up = FollowUp.objects.create(
        case=case, date=date, notes_enc=crypto.encrypt(notes, context=context("followup", "notes")), by=actor
    )
    audit.record(
        "support.follow_up.added", actor=actor, target=case, changes={"date": date, "encrypted_fields": ["notes"]}
    )
    log_access(actor, case, AccessAction.UPDATE, ["follow_up_notes"], note="theo dõi")
    return follow_up


# Referrals ----------------------------------------------------------------------------------------

# (from, to) -> who may make the move: "receiving" (the provider's agency) or "referring" (the case's workers).
TRANSITIONS: dict[tuple[str, str], str] = {
    (ReferralStatus.PENDING, ReferralStatus.ACCEPTED): "receiving",
    (ReferralStatus.PENDING, ReferralStatus.REJECTED): "receiving",
    (ReferralStatus.ACCEPTED, ReferralStatus.DONE): "receiving",
    (ReferralStatus.PENDING, ReferralStatus.REVOKED): "referring",
}
ACTIONS = {
    "accept": ReferralStatus.ACCEPTED,
    "reject": ReferralStatus.REJECTED,
    "done": ReferralStatus.DONE,
    "revoke": ReferralStatus.REVOKED,
}


@transaction.atomic
def referral_create(
    *,
    case: Case,
    actor: User,
    provider: ServiceProvider | None,
    need_area: str,
    reason: str,
    referred_on: date | None,
    override_reason: str = "",
) -> Referral:
    """Refer a person: needs the person's referral consent, or an override reason from a user holding
    `support.override_consent`."""
    if not access.can_work_on(actor, case):
        raise PermissionDenied
    errors: Errors = {}
    if provider is None or not provider.active:
        _add(errors, "provider", "Cần chọn “Chuyển đến” (một cơ sở đang hoạt động).")
    _check_choice(errors, "need_area", "Nhu cầu", need_area, NeedArea.values)
    _check_date(errors, "referred_on", "Ngày chuyển gửi", referred_on)
    override_reason = " ".join((override_reason or "").split())
    has_consent = consent_in_force(case, ConsentPurpose.REFERRAL)
    if not has_consent:
        if not override_reason:
            _add(
                errors,
                "need_area",
                "Người được hỗ trợ chưa đồng ý được chuyển gửi; không thể chuyển gửi"
                + (" trừ khi ghi rõ “Lý do bỏ qua sự đồng ý”." if access.may_override_consent(actor, case) else "."),
            )
        elif not access.may_override_consent(actor, case):
            _add(errors, "override_reason", "Bạn không có quyền bỏ qua sự đồng ý.")
    _raise(errors)
    assert provider is not None and referred_on is not None
    override = None
    if not has_consent:
        override = consent_override(case=case, actor=actor, purpose=ConsentPurpose.REFERRAL, reason=override_reason)
    referral = Referral.objects.create(
        case=case,
        provider=provider,
        need_area=need_area,
        reason_enc=crypto.encrypt(reason.strip(), context=context("referral", "reason")),
        referred_by=actor,
        referred_on=referred_on,
        override=override,
    )
    ReferralEvent.objects.create(referral=referral, from_status="", to_status=ReferralStatus.PENDING, by=actor)
    audit.record(
        "support.referral.created",
        actor=actor,
        target=case,
        changes={"provider": str(provider), "need_area": need_area, "override": override is not None},
    )
    log_access(
        actor, case, AccessAction.UPDATE, ["referral_reason"] if reason.strip() else [], note=f"chuyển gửi: {provider}"
    )
    return referral


def allowed_actions(user: User, referral: Referral) -> list[str]:
    """The actions `user` may take on `referral` now (for buttons; the service checks again)."""
    names = []
    for name, to_status in ACTIONS.items():
        side = TRANSITIONS.get((referral.status, to_status))
        if (side == "receiving" and access.is_receiving_side(user, referral)) or (
            side == "referring" and access.is_referring_side(user, referral)
        ):
            names.append(name)
    return names


@transaction.atomic
def referral_transition(*, referral: Referral, actor: User, action: str, note: str = "") -> ReferralEvent:
    """Move a referral along its state machine (TRANSITIONS); any other move is refused."""
    to_status = ACTIONS.get(action)
    if to_status is None:
        raise ValidationError({"action": [f"Thao tác “{action}” không hợp lệ."]})
    side = TRANSITIONS.get((referral.status, to_status))
    receiving = access.is_receiving_side(actor, referral)
    referring = access.is_referring_side(actor, referral)
    if not (receiving or referring):
        raise PermissionDenied
    if side is None:
        raise ValidationError(
            {
                "action": [
                    f"Không thể chuyển từ “{referral.get_status_display()}” sang “{ReferralStatus(to_status).label}”."
                ]
            }
        )
    if (side == "receiving" and not receiving) or (side == "referring" and not referring):
        raise PermissionDenied
    errors: Errors = {}
    note = _short(errors, "note", "Ghi chú", note, required=to_status == ReferralStatus.REJECTED)
    _raise(errors)
    old = referral.status
    # Conditional update: two people pressing at once cannot both move it from the same state.
    updated = Referral.objects.filter(pk=referral.pk, status=old).update(status=to_status, updated_at=timezone.now())
    if not updated:
        raise ValidationError({"action": ["Chuyển gửi vừa được người khác cập nhật; hãy tải lại trang."]})
    referral.status = to_status
    event = ReferralEvent.objects.create(referral=referral, from_status=old, to_status=to_status, note=note, by=actor)
    audit.record(
        f"support.referral.{to_status}",
        actor=actor,
        target=referral.case,
        changes={"referral": referral.pk, "status": [old, to_status], "note": note},
    )
    log_access(actor, referral.case, AccessAction.UPDATE, note=f"chuyển gửi {referral.pk}: {to_status}")
    return event


# Service providers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderInput:
    name: str
    kind: str
    unit: AdministrativeUnit | None
    agency: Agency | None = None


def _validate_provider(errors: Errors, actor: User, data: ProviderInput, *, old_agency_id: int | None = None) -> str:
    name = _short(errors, "name", "Tên cơ sở", data.name, limit=200)
    _check_choice(errors, "kind", "Loại cơ sở", data.kind, ProviderKind.values)
    if data.unit is None:
        _add(errors, "unit", "Cần chọn “Địa bàn”.")
    elif not access.in_scope(actor, data.unit):
        _add(errors, "unit", f"“{data.unit.name}” nằm ngoài phạm vi của bạn.")
    agency = data.agency
    # An agency no longer in force cannot be chosen anew (one already set may stay).
    if (
        agency is not None
        and agency.pk != old_agency_id
        and not Agency.objects.valid_on(_today()).filter(pk=agency.pk).exists()
    ):
        _add(errors, "agency", f"“Cơ quan quản lý tài khoản” ({agency.name}) không còn hiệu lực.")
    return name


def _provider_facts(provider: ServiceProvider) -> dict[str, object]:
    return {
        "name": provider.name,
        "kind": provider.kind,
        "unit": provider.unit.name,
        "agency": provider.agency.name if provider.agency else None,
        "active": provider.active,
    }


@transaction.atomic
def provider_create(*, actor: User, data: ProviderInput) -> ServiceProvider:
    """A coordinator adds a provider in their scope. Reference data: audited, no access-log row."""
    if not access.may_manage_providers(actor):
        raise PermissionDenied
    errors: Errors = {}
    name = _validate_provider(errors, actor, data)
    _raise(errors)
    assert data.unit is not None
    provider = ServiceProvider.objects.create(name=name, kind=data.kind, unit=data.unit, agency=data.agency)
    audit.record("support.provider.created", actor=actor, target=provider, changes=_provider_facts(provider))
    return provider


@transaction.atomic
def provider_update(*, provider: ServiceProvider, actor: User, data: ProviderInput, active: bool | None = None) -> None:
    """Change a provider's name, kind, unit and agency (and `active` when given: the API's PATCH)."""
    if not access.may_manage_providers(actor) or not access.in_scope(actor, provider.unit):
        raise PermissionDenied
    errors: Errors = {}
    name = _validate_provider(errors, actor, data, old_agency_id=provider.agency_id)
    _raise(errors)
    assert data.unit is not None
    before = _provider_facts(provider)
    provider.name, provider.kind, provider.unit, provider.agency = name, data.kind, data.unit, data.agency
    if active is not None:
        provider.active = active
    provider.save(update_fields=["name", "kind", "unit", "agency", "active"])
    changes = audit.diff(before, _provider_facts(provider))
    if changes:
        audit.record("support.provider.updated", actor=actor, target=provider, changes=changes)


@transaction.atomic
def provider_deactivate(*, provider: ServiceProvider, actor: User) -> None:
    """No new service or referral may name it; its past services and referrals stay as they are."""
    if not access.may_manage_providers(actor) or not access.in_scope(actor, provider.unit):
        raise PermissionDenied
    if not provider.active:
        raise ValidationError({"active": ["Cơ sở này đã ngừng hoạt động."]})
    provider.active = False
    provider.save(update_fields=["active"])
    audit.record("support.provider.deactivated", actor=actor, target=provider, changes={"active": [True, False]})


# Editing the identity through the API -------------------------------------------------------------


def case_patch(
    *,
    case: Case,
    actor: User,
    expected_version: int,
    changes: dict[str, Any],
    commune: AdministrativeUnit | None = None,
) -> list[str]:
    """Apply a partial change (the API's PATCH) through `case_edit`: the keys not sent keep their
    stored value, so the same rules, audit entry, access-log row and version check apply."""
    if not access.can_work_on(actor, case):
        raise PermissionDenied
    current = case.identity()
    identity = Identity(**{name: changes.get(name, getattr(current, name)) for name in IDENTITY_FIELDS})
    data = CaseInput(
        kind=str(changes.get("kind", case.kind)),
        sex=str(changes.get("sex", case.sex)),
        age_group=str(changes.get("age_group", case.age_group)),
        commune=commune if commune is not None else case.commune,
        contact_channel=str(changes.get("contact_channel", case.contact_channel)),
        opened_on=changes.get("opened_on", case.opened_on),
    )
    return case_edit(case=case, actor=actor, data=data, identity=identity, expected_version=expected_version)
