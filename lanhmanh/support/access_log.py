"""Writing the access log: one immutable row per view, search, export or change of a case.

Callers pass the names of the identifying fields revealed or changed (`fields`), never their
values; `note` is a short non-identifying remark ("tìm theo số giấy tờ", the export's reason).
"""

from __future__ import annotations

from collections.abc import Iterable

from lanhmanh.accounts.models import User
from lanhmanh.core.middleware import client_ip
from lanhmanh.support.models import AccessLog, Case


def log_access(user: User, case: Case | None, action: str, fields: Iterable[str] = (), note: str = "") -> AccessLog:
    return AccessLog.objects.create(
        user=user,
        username=user.username,
        ip=client_ip.get(),
        case_id=case.pk if case is not None else None,
        case_code=case.case_code if case is not None else "",
        action=action,
        fields=list(fields),
        note=note[:300],
    )


def log_many(user: User, cases: Iterable[Case], action: str, fields: Iterable[str] = (), note: str = "") -> int:
    """One row per case (a list page showing identities, an export), written in one query."""
    ip = client_ip.get()
    names = list(fields)
    rows = [
        AccessLog(
            user=user,
            username=user.username,
            ip=ip,
            case_id=case.pk,
            case_code=case.case_code,
            action=action,
            fields=names,
            note=note[:300],
        )
        for case in cases
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)
