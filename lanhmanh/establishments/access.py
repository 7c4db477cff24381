"""The doors to the establishments registry: who reads, who writes.

Reads go through `<Model>.objects.visible_to(user)` (the subtree of the user's scope); single
records through the `get_*_for_user` helpers below: 404 for a record outside the scope (exactly as
one that does not exist), 403 for one the user may read but not change.

Who writes (docs/permissions.md, docs/establishments.md): the people who keep the register in the
field, each in their own scope — commune officers (their commune), inspectors (their scope),
district officers and the coordinator, and the police and culture focal points (agency officers of
the agencies in `REGISTRY_AGENCY_CODES`). Viewers, case workers, peer educators, administrators
and the other agencies' officers read only.

Inspectors are in `READ_ONLY_ROLES` for plan data, so these doors do not use `get_for_user`'s own
`write` check (which refuses every read-only role): the registry has its own rule, `may_write`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from lanhmanh.accounts.models import Role, User
from lanhmanh.core.access import get_for_user
from lanhmanh.establishments.models import Establishment, RiskFlag
from lanhmanh.places.models import AdministrativeUnit

WRITER_ROLES = frozenset({Role.COORDINATOR, Role.DISTRICT_OFFICER, Role.COMMUNE_OFFICER, Role.INSPECTOR})
# Agency officers keep the register when they are the police's or culture department's focal point
# (decree 96/2016: the police certify security-and-order conditions; culture licenses karaoke and
# dance halls). Agency codes as in data/agencies/*.yaml.
REGISTRY_AGENCY_CODES = frozenset({"CA", "VHTTDL"})


def may_write(user: User) -> bool:
    """Whether the user keeps the register at all (checked before a form or body is read)."""
    if not user.is_authenticated or not user.is_active or user.scope_id is None:
        return False
    if user.role in WRITER_ROLES:
        return True
    return user.role == Role.AGENCY_OFFICER and user.agency is not None and user.agency.code in REGISTRY_AGENCY_CODES


def in_scope(user: User, unit: AdministrativeUnit) -> bool:
    return user.scope is not None and unit.is_within(user.scope)


def can_change(user: User, establishment: Establishment) -> bool:
    return may_write(user) and in_scope(user, establishment.commune)


def _checked(user: User, establishment: Establishment, write: bool) -> Establishment:
    if write and not can_change(user, establishment):
        raise PermissionDenied
    return establishment


def get_establishment_for_user(user: User, pk: object, *, write: bool = False) -> Establishment:
    qs = Establishment.objects.visible_to(user).select_related("commune", "commune__parent", "created_by")
    return _checked(user, get_for_user(qs, pk, user=user), write)


def get_flag_for_user(user: User, pk: object, *, write: bool = False) -> RiskFlag:
    qs = RiskFlag.objects.visible_to(user).select_related("establishment", "establishment__commune")
    flag = get_for_user(qs, pk, user=user)
    _checked(user, flag.establishment, write)
    return flag


def get_unit_for_user(user: User, pk: object) -> AdministrativeUnit:
    """A unit of the user's subtree; 404 for any other, as for records outside the scope."""
    if user.scope is None:
        return get_for_user(AdministrativeUnit.objects.none(), pk, user=user)
    return get_for_user(AdministrativeUnit.objects.subtree(user.scope), pk, user=user)
