"""The doors to inspection records: who may read and who may change what (docs/permissions.md).

Reads go through `<Model>.objects.visible_to(user)`; single records through the `get_*_for_user`
helpers below: 404 for a record outside the user's scope, 403 for one they may read but not change.

Who writes:
- inspections and violations: inspectors (thành viên đội kiểm tra), commune and district officers,
  agency officers (the police and culture focal points sit on the teams) and the coordinator, for
  establishments whose commune lies in their scope. Inspectors are a read-only role elsewhere in the
  product; here they record what they inspect, so these doors do not use `User.is_read_only`.
- teams and schedules: the coordinator, district and commune officers, for teams whose unit lies in
  their scope;
- approving a schedule: the coordinator, for teams whose unit lies in their scope;
- viewers, case workers, peer educators and administrators read only.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from lanhmanh.accounts.models import Role, User
from lanhmanh.core.access import get_for_user
from lanhmanh.establishments.models import Establishment
from lanhmanh.inspections.models import (
    Inspection,
    InspectionAttachment,
    InspectionSchedule,
    InspectionTeam,
    ScheduleStatus,
    Violation,
)
from lanhmanh.places.models import AdministrativeUnit

INSPECTION_WRITERS = frozenset(
    {Role.COORDINATOR, Role.AGENCY_OFFICER, Role.DISTRICT_OFFICER, Role.COMMUNE_OFFICER, Role.INSPECTOR}
)
TEAM_WRITERS = frozenset({Role.COORDINATOR, Role.DISTRICT_OFFICER, Role.COMMUNE_OFFICER})
SCHEDULE_APPROVERS = frozenset({Role.COORDINATOR})


def _active(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.scope_id is not None


def may_record_inspections(user: User) -> bool:
    return _active(user) and user.role in INSPECTION_WRITERS


def may_manage_teams(user: User) -> bool:
    return _active(user) and user.role in TEAM_WRITERS


def may_approve_schedules(user: User) -> bool:
    return _active(user) and user.role in SCHEDULE_APPROVERS


def in_scope(user: User, unit: AdministrativeUnit) -> bool:
    return user.scope is not None and unit.is_within(user.scope)


def can_inspect(user: User, establishment: Establishment) -> bool:
    return may_record_inspections(user) and in_scope(user, establishment.commune)


def can_change_inspection(user: User, inspection: Inspection) -> bool:
    return can_inspect(user, inspection.establishment)


def can_change_team(user: User, team: InspectionTeam) -> bool:
    return may_manage_teams(user) and in_scope(user, team.unit)


def can_change_schedule(user: User, schedule: InspectionSchedule) -> bool:
    return schedule.status == ScheduleStatus.DRAFT and can_change_team(user, schedule.team)


def can_approve_schedule(user: User, schedule: InspectionSchedule) -> bool:
    return may_approve_schedules(user) and in_scope(user, schedule.team.unit)


def get_inspection_for_user(user: User, pk: object, *, write: bool = False) -> Inspection:
    qs = Inspection.objects.visible_to(user).select_related(
        "team", "team__unit", "establishment", "establishment__commune", "schedule", "created_by"
    )
    # Not get_for_user's `write`: it refuses every role of READ_ONLY_ROLES, inspectors included.
    inspection = get_for_user(qs, pk, user=user)
    if write and not can_change_inspection(user, inspection):
        raise PermissionDenied
    return inspection


def get_violation_for_user(user: User, pk: object, *, write: bool = False) -> Violation:
    qs = Violation.objects.visible_to(user).select_related(
        "violation_type", "inspection", "inspection__establishment", "inspection__establishment__commune"
    )
    violation = get_for_user(qs, pk, user=user)
    if write and not can_change_inspection(user, violation.inspection):
        raise PermissionDenied
    return violation


def get_attachment_for_user(user: User, pk: object) -> InspectionAttachment:
    visible = Inspection.objects.visible_to(user).values("pk")
    return get_for_user(InspectionAttachment.objects.filter(inspection__in=visible), pk, user=user)


def get_team_for_user(user: User, pk: object, *, write: bool = False) -> InspectionTeam:
    team = get_for_user(InspectionTeam.objects.visible_to(user).select_related("unit", "created_by"), pk, user=user)
    if write and not can_change_team(user, team):
        raise PermissionDenied
    return team


def get_schedule_for_user(user: User, pk: object, *, write: bool = False, approve: bool = False) -> InspectionSchedule:
    qs = InspectionSchedule.objects.visible_to(user).select_related("team", "team__unit", "approved_by", "created_by")
    schedule = get_for_user(qs, pk, user=user)
    if write and not can_change_team(user, schedule.team):
        raise PermissionDenied
    if approve and not can_approve_schedule(user, schedule):
        raise PermissionDenied
    return schedule


def get_establishment_for_inspection(user: User, pk: object) -> Establishment:
    """An establishment of the user's scope, to inspect (404 outside it, 403 for a reader)."""
    establishment = get_for_user(Establishment.objects.visible_to(user).select_related("commune"), pk, user=user)
    if not can_inspect(user, establishment):
        raise PermissionDenied
    return establishment
