"""Checks every outreach service makes: the unit lies in the actor's scope, the agency belongs to
the actor's area, dates are real. Each adds a Vietnamese message naming the field to `errors`."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from lanhmanh.accounts.models import Agency, User
from lanhmanh.places.models import AdministrativeUnit

Errors = dict[str, list[str]]


def today() -> date:
    return timezone.localdate()


def add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def dmy(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def unit_valid_on(unit: AdministrativeUnit, day: date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= day) and (unit.valid_to is None or day <= unit.valid_to)


def check_in_scope(errors: Errors, field: str, actor: User, unit: AdministrativeUnit) -> None:
    if actor.scope is None or not unit.is_within(actor.scope):
        add(errors, field, f"“{unit.name}” nằm ngoài phạm vi của bạn.")


def check_agency_of_area(errors: Errors, field: str, actor: User, agency: Agency) -> None:
    """The agency belongs to the actor's province: its unit lies above, at or below their scope."""
    scope = actor.scope
    if scope is None:
        add(errors, field, f"Cơ quan “{agency}” không thuộc địa bàn của bạn.")
        return
    unit = agency.unit
    if not (unit.is_within(scope) or scope.is_within(unit)):
        add(errors, field, f"Cơ quan “{agency}” không thuộc địa bàn của bạn.")


def check_not_future(errors: Errors, field: str, label: str, day: date) -> None:
    if day > today():
        add(errors, field, f"“{label}” ({dmy(day)}) không được ở tương lai.")


def check_text(errors: Errors, field: str, label: str, value: str) -> str:
    cleaned = " ".join((value or "").split())
    if not cleaned:
        add(errors, field, f"Cần nhập “{label}”.")
    return cleaned
