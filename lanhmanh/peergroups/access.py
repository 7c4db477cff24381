"""The doors to peer groups, volunteer teams, their members and activities.

Reads go through `<Model>.objects.visible_to(user)`: everybody reads the groups of their scope's
communes. Single records come through the `get_*_for_user` helpers below: 404 outside the scope,
403 for a user who may read but not change the record.

Who writes (docs/peergroups.md):
- the coordinator, and commune officers and case workers, register and change groups and their
  members in their scope (a commune officer or case worker: their own commune);
- peer educators record and change the activities of their own commune's groups, but do not
  register groups nor manage their members: a peer educator works inside a group, the commune
  decides which groups exist and who is in them;
- everybody else (district and agency officers, inspectors, viewers, administrators) reads only.

Case workers and peer educators are read-only roles for programme data (`READ_ONLY_ROLES`), so these
doors do not use `get_for_user`'s `write` flag: the rules above are checked here instead.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from lanhmanh.accounts.models import Role, User
from lanhmanh.core.access import get_for_user
from lanhmanh.peergroups.models import Activity, Member, PeerGroup
from lanhmanh.places.models import AdministrativeUnit

GROUP_WRITERS = frozenset({Role.COORDINATOR, Role.COMMUNE_OFFICER, Role.CASE_WORKER})
ACTIVITY_WRITERS = GROUP_WRITERS | {Role.PEER_EDUCATOR}


def _active_with_scope(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.scope_id is not None


def may_manage_groups(user: User) -> bool:
    """Whether the user registers groups and their members at all (checked before a form is read)."""
    return _active_with_scope(user) and user.role in GROUP_WRITERS


def may_record_activities(user: User) -> bool:
    return _active_with_scope(user) and user.role in ACTIVITY_WRITERS


def in_scope(user: User, unit: AdministrativeUnit) -> bool:
    return user.scope is not None and unit.is_within(user.scope)


def can_change_group(user: User, group: PeerGroup) -> bool:
    return may_manage_groups(user) and in_scope(user, group.commune)


def can_record_activity(user: User, group: PeerGroup) -> bool:
    return may_record_activities(user) and in_scope(user, group.commune)


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def get_group_for_user(user: User, pk: object, *, write: bool = False) -> PeerGroup:
    qs = PeerGroup.objects.visible_to(user).select_related("commune", "commune__parent", "sponsor", "created_by")
    group = get_for_user(qs, pk, user=user)
    if write:
        _refuse_unless(can_change_group(user, group))
    return group


def get_group_for_activity(user: User, pk: object) -> PeerGroup:
    """A group the user is about to record an activity for: 404 outside the scope, 403 if they may not."""
    group = get_group_for_user(user, pk)
    _refuse_unless(can_record_activity(user, group))
    return group


def get_member_for_user(user: User, pk: object, *, write: bool = False) -> Member:
    qs = Member.objects.visible_to(user).select_related("group", "group__commune")
    member = get_for_user(qs, pk, user=user)
    if write:
        _refuse_unless(can_change_group(user, member.group))
    return member


def get_activity_for_user(user: User, pk: object, *, write: bool = False) -> Activity:
    qs = Activity.objects.visible_to(user).select_related("group", "group__commune", "task", "created_by")
    activity = get_for_user(qs, pk, user=user)
    if write:
        _refuse_unless(can_record_activity(user, activity.group))
    return activity


def get_unit_for_user(user: User, pk: object) -> AdministrativeUnit:
    """A unit of the user's subtree; 404 for any other, as for records outside the scope."""
    if user.scope is None:
        return get_for_user(AdministrativeUnit.objects.none(), pk, user=user)
    return get_for_user(AdministrativeUnit.objects.subtree(user.scope), pk, user=user)
