"""Reads behind the registry's pages, API and export: one set of filters for all three.

Every list starts from `Establishment.objects.visible_to(user)`; the flags a list shows (a valid
commitment, a labour registration, current signs) are EXISTS subqueries of the same statement, so a
page costs the same number of queries whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q

from lanhmanh.accounts.models import User
from lanhmanh.establishments.models import (
    Commitment,
    Establishment,
    EstablishmentQuerySet,
    LabourRegistration,
    RiskFlag,
    fold,
)
from lanhmanh.places.models import AdministrativeUnit, UnitQuerySet


def communes_in_scope(user: User) -> UnitQuerySet:
    if user.scope is None:
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.subtree(user.scope).communes().select_related("parent").order_by("path")


def units_in_scope(user: User) -> UnitQuerySet:
    if user.scope is None:
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.subtree(user.scope).order_by("path")


def with_compliance(establishments: EstablishmentQuerySet, day: date) -> EstablishmentQuerySet:
    """Each establishment with `has_commitment` (valid on `day`), `has_registration` (registered by
    `day`) and `has_signs` (a flag current on `day`)."""
    return establishments.annotate(
        has_commitment=Exists(Commitment.objects.valid_on(day).filter(establishment=OuterRef("pk"))),
        has_registration=Exists(
            LabourRegistration.objects.filter(establishment=OuterRef("pk"), registered_on__lte=day)
        ),
        has_signs=Exists(RiskFlag.objects.current_on(day).filter(establishment=OuterRef("pk"))),
    )


@dataclass(frozen=True)
class Filters:
    """What a list asks for; every field optional. `unit` must already be checked against the scope."""

    q: str = ""
    kind: str = ""
    unit: AdministrativeUnit | None = None
    status: str = ""
    no_commitment: bool = False
    no_registration: bool = False
    signs: bool = False


def establishments_for(user: User, filters: Filters, *, day: date) -> EstablishmentQuerySet:
    """The user's establishments matching `filters`, with the compliance flags on `day`."""
    found = with_compliance(Establishment.objects.visible_to(user), day)
    if filters.q:
        # The folded name is stored beside the name: "khach san hoa binh" and "hòa bình" both
        # become a LIKE on plain ASCII, the same on SQLite and PostgreSQL.
        found = found.filter(name_folded__contains=fold(filters.q))
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.unit is not None:
        found = found.in_subtree(filters.unit)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.no_commitment:
        found = found.filter(Q(has_commitment=False))
    if filters.no_registration:
        found = found.filter(Q(has_registration=False))
    if filters.signs:
        found = found.filter(Q(has_signs=True))
    return found.select_related("commune", "commune__parent")
