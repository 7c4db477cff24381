"""Data-subject requests (Law 91/2025/QH15): a person asks to see, correct or delete what is held on them.

The workflow (docs/privacy.md):
- `request_open` records the request (`SubjectRequest`: the case code, the kind, the day it arrived);
- **access**: `subject_export` gathers everything held on the person, decrypted, for the person: it
  needs identity access to the case (`support.access.can_work_on`) and a reason, and writes one
  access-log row (action export, every field named);
- **rectify**: `subject_rectify` changes the identity through the case-records service
  (`services.case_edit`, optimistic locking), then closes the request naming the fields changed;
- **erase**: `subject_erase` deletes the case and everything hanging from it through
  `services.case_delete`, unless a retention rule holds it (`retention_hold`): a referral still
  pending or accepted (another agency is acting on the person's behalf), a case still open, or a
  `RetentionRule` (loaded from data/retention/*.yaml) whose years after closure have not passed. The
  access-log row and the `SubjectRequest` survive without the deleted content, and the audit entries
  about the case keep their verb, actor and time but lose their details.

Every function takes keyword arguments, runs in a transaction and writes an audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lanhmanh.accounts.models import User
from lanhmanh.core import audit
from lanhmanh.core.models import AuditEntry
from lanhmanh.core.yamlfile import YamlLoader, clean, show
from lanhmanh.support import access, services
from lanhmanh.support.access_log import log_access
from lanhmanh.support.models import (
    IDENTITY_FIELDS,
    AccessAction,
    Case,
    CaseKind,
    CaseStatus,
    Identity,
    Referral,
    ReferralStatus,
    RetentionRule,
    SubjectRequest,
    SubjectRequestKind,
    SubjectRequestStatus,
)

Errors = dict[str, list[str]]
OPEN_REFERRALS = (ReferralStatus.PENDING, ReferralStatus.ACCEPTED)
# What an access export reveals, named in its access-log row.
EXPORTED_FIELDS = (*IDENTITY_FIELDS, "photo", "outcome", "referral_reason", "follow_up_notes")


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _reason(errors: Errors, reason: str, field: str = "reason") -> str:
    cleaned = " ".join((reason or "").split())
    if not cleaned:
        errors.setdefault(field, []).append("Cần nhập “Lý do”.")
    elif len(cleaned) > 300:
        errors.setdefault(field, []).append("“Lý do” dài tối đa 300 ký tự.")
    return cleaned


def _require_identity_access(actor: User, case: Case) -> None:
    if not access.can_work_on(actor, case):
        raise PermissionDenied


def requests_visible_to(user: User) -> Any:
    """The requests of cases whose identity the user sees, and those the user handled (erased cases)."""
    codes = Case.objects.visible_to(user).filter(access.identity_visible_q(user)).values("case_code")
    return SubjectRequest.objects.filter(case_code__in=codes) | SubjectRequest.objects.filter(handled_by=user)


# Opening a request ---------------------------------------------------------------------------------


@transaction.atomic
def request_open(*, actor: User, case: Case, kind: str, received_on: date | None) -> SubjectRequest:
    _require_identity_access(actor, case)
    errors: Errors = {}
    if kind not in SubjectRequestKind.values:
        errors["kind"] = [f"Loại yêu cầu “{kind}” không hợp lệ."]
    if received_on is None:
        errors["received_on"] = ["Cần nhập “Ngày nhận”."]
    elif received_on > timezone.localdate():
        errors["received_on"] = ["“Ngày nhận” không được ở tương lai."]
    _raise(errors)
    assert received_on is not None
    request = SubjectRequest.objects.create(
        case_code=case.case_code, kind=kind, received_on=received_on, handled_by=actor
    )
    audit.record("support.subject_request.received", actor=actor, target=request, changes={"kind": kind})
    log_access(actor, case, AccessAction.VIEW, note=f"yêu cầu của chủ thể dữ liệu: {kind}")
    return request


def _finish(request: SubjectRequest, actor: User, status: str, note: str) -> None:
    request.status = status
    request.handled_by = actor
    request.completed_at = timezone.now()
    request.outcome_note = note[:500]
    request.save(update_fields=["status", "handled_by", "completed_at", "outcome_note"])
    audit.record(f"support.subject_request.{status}", actor=actor, target=request, changes={"outcome": note[:300]})


def _check_request(request: SubjectRequest, case: Case, kind: str) -> None:
    if request.case_code != case.case_code or request.kind != kind:
        raise ValidationError({"request": ["Yêu cầu không thuộc hồ sơ này hoặc không đúng loại."]})
    if request.status in (SubjectRequestStatus.DONE, SubjectRequestStatus.REFUSED):
        raise ValidationError({"request": ["Yêu cầu này đã được xử lý xong."]})


# Access: everything held on the person ---------------------------------------------------------------


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def held_data(case: Case) -> dict[str, Any]:
    """Everything held on the person, decrypted (the caller checked identity access and logs the export)."""
    identity = case.identity()
    return {
        "case": {
            "case_code": case.case_code,
            "kind": case.get_kind_display(),
            "sex": case.get_sex_display(),
            "age_group": case.get_age_group_display(),
            "commune": case.commune.name,
            "contact_channel": case.get_contact_channel_display(),
            "status": case.get_status_display(),
            "opened_on": _day(case.opened_on),
            "closed_on": _day(case.closed_on),
            "has_photo": bool(case.photo_enc),
        },
        "identity": {**identity.as_dict(), "birth_date": _day(identity.birth_date)},
        "status_history": [
            {"from": c.from_status, "to": c.to_status, "reason": c.reason, "at": c.changed_at.isoformat()}
            for c in case.status_changes.order_by("changed_at", "pk")
        ],
        "consents": [
            {
                "purpose": c.get_purpose_display(),
                "agency": str(c.agency) if c.agency else None,
                "granted": c.granted,
                "given_on": _day(c.given_on),
                "method": c.get_method_display(),
                "withdrawn_on": _day(c.withdrawn_on),
                "withdrawal_note": c.withdrawal_note,
            }
            for c in case.consents.select_related("agency").order_by("given_on", "pk")
        ],
        "needs": [
            {
                "area": n.get_area_display(),
                "goal": n.goal,
                "target_date": _day(n.target_date),
                "status": n.get_status_display(),
            }
            for n in case.needs.order_by("pk")
        ],
        "services": [
            {
                "kind": s.get_kind_display(),
                "date": _day(s.date),
                "provider": str(s.provider) if s.provider else None,
                "outcome": s.outcome_text(),
            }
            for s in case.services.select_related("provider").order_by("date", "pk")
        ],
        "referrals": [
            {
                "provider": str(r.provider),
                "need_area": r.get_need_area_display(),
                "reason": r.reason_text(),
                "status": r.get_status_display(),
                "referred_on": _day(r.referred_on),
                "history": [
                    {"from": e.from_status, "to": e.to_status, "note": e.note, "at": e.at.isoformat()}
                    for e in r.events.order_by("at", "pk")
                ],
            }
            for r in case.referrals.select_related("provider").prefetch_related("events").order_by("referred_on", "pk")
        ],
        "follow_ups": [{"date": _day(f.date), "notes": f.notes_text()} for f in case.follow_ups.order_by("date", "pk")],
    }


@transaction.atomic
def subject_export(*, actor: User, case: Case, reason: str, request: SubjectRequest | None = None) -> dict[str, Any]:
    """The person's data for the person: identity access and a reason, one access-log row."""
    _require_identity_access(actor, case)
    errors: Errors = {}
    reason = _reason(errors, reason)
    _raise(errors)
    if request is not None:
        _check_request(request, case, SubjectRequestKind.ACCESS)
    data = held_data(case)
    log_access(
        actor,
        case,
        AccessAction.EXPORT,
        [*IDENTITY_FIELDS, "photo", "outcome", "referral_reason", "follow_up_notes"],
        note=reason,
    )
    audit.record("support.subject_request.exported", actor=actor, target=case, changes={"reason": reason})
    if request is not None:
        _finish(request, actor, SubjectRequestStatus.DONE, "Đã cung cấp bản sao dữ liệu cho người được hỗ trợ.")
    return data


# Rectify ---------------------------------------------------------------------------------------------


@transaction.atomic
def subject_rectify(
    *, actor: User, case: Case, identity: Identity, expected_version: int, request: SubjectRequest | None = None
) -> list[str]:
    """Correct the person's identifying data through the case service; the request names the fields only."""
    _require_identity_access(actor, case)
    if request is not None:
        _check_request(request, case, SubjectRequestKind.RECTIFY)
    data = services.CaseInput(
        kind=case.kind,
        sex=case.sex,
        age_group=case.age_group,
        commune=case.commune,
        contact_channel=case.contact_channel,
        opened_on=case.opened_on,
    )
    fields = services.case_edit(case=case, actor=actor, data=data, identity=identity, expected_version=expected_version)
    if request is not None:
        changed = ", ".join(fields) or "không có trường nào thay đổi"
        _finish(request, actor, SubjectRequestStatus.DONE, f"Đã sửa theo yêu cầu: {changed}.")
    return fields


# Erase -----------------------------------------------------------------------------------------------


def rule_for(case: Case) -> RetentionRule | None:
    """The most specific rule: kind + status, then kind, then status, then any case."""
    rules = {(rule.kind, rule.status): rule for rule in RetentionRule.objects.all()}
    for key in ((case.kind, case.status), (case.kind, ""), ("", case.status), ("", "")):
        if key in rules:
            return rules[key]
    return None


def retention_hold(case: Case, *, today: date | None = None) -> str:
    """Why the case may not be deleted yet ("" when it may)."""
    today = today or timezone.localdate()
    if Referral.objects.filter(case=case, status__in=OPEN_REFERRALS).exists():
        return "Hồ sơ còn chuyển gửi đang chờ hoặc đang được tiếp nhận: chờ bên nhận hoàn thành, hoặc thu hồi trước."
    if not case.is_ended or case.closed_on is None:
        return "Hồ sơ đang mở: đóng hồ sơ (ghi lý do) trước khi xóa."
    rule = rule_for(case)
    if rule is None or rule.years == 0:
        return ""
    try:
        until = case.closed_on.replace(year=case.closed_on.year + rule.years)
    except ValueError:  # closed on 29 February
        until = case.closed_on.replace(year=case.closed_on.year + rule.years, day=28)
    if today < until:
        return f"Chưa hết thời hạn lưu giữ (đến {until:%d/%m/%Y}): {rule.legal_basis}"
    return ""


@transaction.atomic
def subject_erase(*, actor: User, case: Case, reason: str, request: SubjectRequest | None = None) -> str:
    """Delete the case and its dependents, unless retention holds it: then nothing is deleted, the
    request (if any) is refused with the rule's reason, and that reason is returned ("" once deleted)."""
    _require_identity_access(actor, case)
    errors: Errors = {}
    reason = _reason(errors, reason)
    _raise(errors)
    if request is not None:
        _check_request(request, case, SubjectRequestKind.ERASE)
    hold = retention_hold(case)
    if hold:
        log_access(actor, case, AccessAction.VIEW, note="yêu cầu xóa: chưa xóa được (thời hạn lưu giữ)")
        if request is not None:
            _finish(request, actor, SubjectRequestStatus.REFUSED, f"Chưa xóa được: {hold}")
        return hold
    pk = case.pk
    services.case_delete(case=case, actor=actor, note=f"Xóa theo yêu cầu của chủ thể dữ liệu: {reason}")
    # The audit entries about the person keep who did what and when, not the details.
    AuditEntry.objects.filter(target_type="support.case", target_id=str(pk)).exclude(
        verb="support.case.deleted"
    ).update(changes={"erased": True})
    if request is not None:
        _finish(request, actor, SubjectRequestStatus.DONE, "Đã xóa hồ sơ và toàn bộ dữ liệu liên quan.")
    return ""


# Retention rules as data -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionLoad:
    created: int
    updated: int
    removed: int


def load_retention_file(path: Path) -> RetentionLoad:
    """Replace the retention rules by those of a YAML file (all or nothing; problems name the entry)."""
    try:
        loader = YamlLoader(path.read_text(encoding="utf-8"))
        try:
            raw = loader.get_single_data()
        finally:
            loader.dispose()
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ValidationError(f"Không đọc được tệp quy tắc lưu giữ {path.name}: {error}") from None
    entries = raw.get("rules") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ValidationError(f"{path.name}: cần một danh sách “rules”.")
    problems: list[str] = []
    wanted: dict[tuple[str, str], tuple[int, str]] = {}
    for index, entry in enumerate(entries):
        where = f"rules[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: cần một bảng khóa: giá trị, nhận được {show(entry)}.")
            continue
        kind, status = str(entry.get("kind") or ""), str(entry.get("status") or "")
        years, basis = entry.get("years"), entry.get("legal_basis")
        if kind and kind not in CaseKind.values:
            problems.append(f"{where}.kind: “{kind}” không phải là {', '.join(CaseKind.values)}.")
        if status and status not in CaseStatus.values:
            problems.append(f"{where}.status: “{status}” không phải là {', '.join(CaseStatus.values)}.")
        if not isinstance(years, int) or isinstance(years, bool) or not 0 <= years <= 100:
            problems.append(f"{where}.years: cần một số năm từ 0 đến 100, nhận được {show(years)}.")
        if not isinstance(basis, str) or not basis.strip():
            problems.append(f"{where}.legal_basis: cần ghi căn cứ pháp lý.")
        if (kind, status) in wanted:
            problems.append(f"{where}: trùng quy tắc cho kind={kind or '*'}, status={status or '*'}.")
        if isinstance(years, int) and isinstance(basis, str):
            wanted[(kind, status)] = (years, clean(basis)[:300])
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        existing = {(rule.kind, rule.status): rule for rule in RetentionRule.objects.all()}
        created = updated = 0
        for (kind, status), (years, basis) in wanted.items():
            rule = existing.pop((kind, status), None)
            if rule is None:
                RetentionRule.objects.create(kind=kind, status=status, years=years, legal_basis=basis)
                created += 1
            elif (rule.years, rule.legal_basis) != (years, basis):
                rule.years, rule.legal_basis = years, basis
                rule.save(update_fields=["years", "legal_basis"])
                updated += 1
        removed = len(existing)
        RetentionRule.objects.filter(pk__in=[rule.pk for rule in existing.values()]).delete()
    return RetentionLoad(created, updated, removed)
