"""Writing and reading the audit trail. Service functions call `record` inside their transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet

from lanhmanh.core.middleware import client_ip
from lanhmanh.core.models import AuditEntry

if TYPE_CHECKING:
    from lanhmanh.accounts.models import User


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields that changed."""
    return {k: [_plain(before.get(k)), _plain(v)] for k, v in after.items() if before.get(k) != v}


def label_of(obj: Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def record(verb: str, *, actor: User | None, target: Model, changes: dict[str, Any] | None = None) -> AuditEntry:
    return AuditEntry.objects.create(
        verb=verb,
        actor=actor,
        actor_username=actor.username if actor else "",
        agency_id=getattr(actor, "agency_id", None),
        target_type=label_of(target),
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        changes={k: _plain(v) for k, v in (changes or {}).items()},
        ip_address=client_ip.get(),
    )


def history(target: Model) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(target_type=label_of(target), target_id=str(target.pk)).select_related("actor")
