"""Who may open a case, who may see who the person is, and who may work on the case: the one place.

- **Open the pseudonymous record** (`Case.objects.visible_to`): case workers, coordinators,
  district and commune officers and viewers, for cases whose commune lies in their scope; a peer
  educator, for the cases they registered. Administrators, agency officers and inspectors open no
  case (the receiving side of a referral sees the referral, not the case).
- **See identity** (`may_see_identity`, the identifying fields and the encrypted notes): the case
  worker assigned to the case; any case worker of the case's scope while it is unassigned; a
  coordinator whose scope holds the case and who holds `support.view_identity`. Nobody else:
  administrators never, whatever permission they are given; peer educators not after creating the
  case (their supervising case worker is responsible for it).
- **Work on the case** (`can_work_on`: consents, needs, services, referrals, follow-ups, status,
  identity edits): case workers and coordinators who may see its identity.
- **Manage service providers** (`may_manage_providers`, `get_provider_for_user`): coordinators, for the
  providers whose unit lies in their scope (another one answers 404, like one that does not exist).
  Everybody signed in reads the list of providers (reference data, nothing personal).
- **The receiving side** of a referral: users of the provider's agency (not administrators,
  viewers nor inspectors). They see the referral's state and history; the identity and the reason only while the
  person's consent to share with that agency is in force (or was overridden).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from lanhmanh.accounts.models import Role, User
from lanhmanh.core.access import get_for_user, scope_q
from lanhmanh.places.models import AdministrativeUnit, Level
from lanhmanh.support.models import Case, ConsentPurpose, Referral, ServiceProvider

VIEW_IDENTITY = "support.view_identity"
OVERRIDE_CONSENT = "support.override_consent"
AUDIT_ACCESS = "support.audit_access"
EXPORT_IDENTITY = "support.export_identity"

# Roles that open pseudonymous case records in their scope.
SCOPE_READER_ROLES = frozenset(
    {Role.CASE_WORKER, Role.COORDINATOR, Role.DISTRICT_OFFICER, Role.COMMUNE_OFFICER, Role.VIEWER}
)
# Inspectors (police, in the field) are not a referral's receiving side even when a provider belongs to their agency.
RECEIVING_EXCLUDED_ROLES = frozenset({Role.ADMIN, Role.VIEWER, Role.INSPECTOR})


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.scope_id is not None)


def case_scope_q(user: User) -> Q:
    """The cases whose pseudonymous record `user` may open (Case.objects.visible_to)."""
    if not _active(user):
        return Q(pk__in=[])
    if user.role in SCOPE_READER_ROLES:
        return scope_q(user, "commune")
    if user.role == Role.PEER_EDUCATOR:
        return Q(created_by=user)
    return Q(pk__in=[])


def may_open_cases(user: User) -> bool:
    """Whether the case list is offered at all (others get 403)."""
    return _active(user) and (user.role in SCOPE_READER_ROLES or user.role == Role.PEER_EDUCATOR)


def may_register(user: User) -> bool:
    """Case workers and peer educators register people (in a commune of their scope)."""
    return _active(user) and user.role in (Role.CASE_WORKER, Role.PEER_EDUCATOR)


def in_scope(user: User, unit: AdministrativeUnit) -> bool:
    return user.scope is not None and unit.is_within(user.scope)


def registrable_communes(user: User) -> QuerySet[AdministrativeUnit]:
    if not may_register(user) or user.scope is None:
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.subtree(user.scope).filter(level=Level.COMMUNE)


def may_see_identity(user: User, case: Case) -> bool:
    """The identity rule (module docstring). `case.commune` should be loaded (select_related)."""
    if not _active(user) or not in_scope(user, case.commune):
        return False
    if user.role == Role.CASE_WORKER:
        return case.assigned_worker_id in (None, user.pk)
    if user.role == Role.COORDINATOR:
        return user.has_perm(VIEW_IDENTITY)
    return False


def identity_visible_q(user: User) -> Q:
    """`may_see_identity` as a filter, for lists and exports (same rule, in the database)."""
    if not _active(user):
        return Q(pk__in=[])
    if user.role == Role.CASE_WORKER:
        return scope_q(user, "commune") & (Q(assigned_worker__isnull=True) | Q(assigned_worker=user))
    if user.role == Role.COORDINATOR and user.has_perm(VIEW_IDENTITY):
        return scope_q(user, "commune")
    return Q(pk__in=[])


def sees_identities(user: User) -> bool:
    """Whether the user may see the identity of some cases (a name column on lists)."""
    return _active(user) and (
        user.role == Role.CASE_WORKER or (user.role == Role.COORDINATOR and user.has_perm(VIEW_IDENTITY))
    )


def can_work_on(user: User, case: Case) -> bool:
    return user.role in (Role.CASE_WORKER, Role.COORDINATOR) and may_see_identity(user, case)


def may_override_consent(user: User, case: Case) -> bool:
    return can_work_on(user, case) and user.has_perm(OVERRIDE_CONSENT)


def may_export_identity(user: User) -> bool:
    """Exports of identifying data: case workers (their cases) and coordinators holding the permission."""
    if not _active(user):
        return False
    return user.role == Role.CASE_WORKER or (user.role == Role.COORDINATOR and user.has_perm(EXPORT_IDENTITY))


def can_assign(user: User, case: Case) -> bool:
    """A coordinator of the case's scope assigns (or changes) the responsible case worker."""
    return _active(user) and user.role == Role.COORDINATOR and in_scope(user, case.commune)


def may_audit(user: User) -> bool:
    """The auditor's access-log pages (built in views_privacy.py)."""
    return _active(user) and user.role != Role.ADMIN and user.has_perm(AUDIT_ACCESS)


def get_case_for_user(user: User, pk: object, *, write: bool = False) -> Case:
    """404 outside what the user may open; 403 on a write by someone who may not work on it."""
    qs = Case.objects.visible_to(user).select_related("commune", "assigned_worker", "created_by")
    case = get_for_user(qs, pk, user=user)
    if write and not can_work_on(user, case):
        raise PermissionDenied
    return case


# Service providers --------------------------------------------------------------------------------


def may_manage_providers(user: User) -> bool:
    """Coordinators create, edit and deactivate the providers of their scope."""
    return _active(user) and user.role == Role.COORDINATOR


def providers_manageable_by(user: User) -> QuerySet[ServiceProvider]:
    if not may_manage_providers(user):
        return ServiceProvider.objects.none()
    return ServiceProvider.objects.filter(scope_q(user, "unit"))


def get_provider_for_user(user: User, pk: object) -> ServiceProvider:
    """For a change: 403 to roles that manage no provider, 404 for a provider outside the scope."""
    if not may_manage_providers(user):
        raise PermissionDenied
    qs = providers_manageable_by(user).select_related("unit", "agency")
    return get_for_user(qs, pk, user=user)


# Referrals ----------------------------------------------------------------------------------------


def is_receiving_side(user: User, referral: Referral) -> bool:
    return (
        _active(user)
        and user.role not in RECEIVING_EXCLUDED_ROLES
        and user.agency_id is not None
        and referral.provider.agency_id == user.agency_id
    )


def is_referring_side(user: User, referral: Referral) -> bool:
    return can_work_on(user, referral.case)


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    """The referrals of cases the user opens (outbox) and those sent to their agency (inbox)."""
    if not _active(user):
        return Referral.objects.none()
    q = Q(case__in=Case.objects.visible_to(user).values("pk"))
    if user.role not in RECEIVING_EXCLUDED_ROLES and user.agency_id is not None:
        q |= Q(provider__agency_id=user.agency_id)
    return Referral.objects.filter(q)


def get_referral_for_user(user: User, pk: object) -> Referral:
    qs = referrals_visible_to(user).select_related(
        "case", "case__commune", "case__assigned_worker", "provider", "provider__agency", "referred_by"
    )
    return get_for_user(qs, pk, user=user)


def may_see_referral_identity(user: User, referral: Referral) -> bool:
    """The referring side by the case rule; the receiving side only with sharing consent in force."""
    if may_see_identity(user, referral.case):
        return True
    if not is_receiving_side(user, referral):
        return False
    from lanhmanh.support.consent import sharing_allowed

    return referral.provider.agency_id is not None and sharing_allowed(
        referral.case, ConsentPurpose.SHARE_AGENCY, agency_id=referral.provider.agency_id
    )
