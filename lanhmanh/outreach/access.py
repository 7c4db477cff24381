"""The doors to outreach records: who may read and who may change what.

Reads go through `<Model>.objects.visible_to(user)`; single records through the `get_*_for_user`
helpers below, built on `core.access.get_for_user`: 404 for a record outside the user's scope,
403 for one they may read but not change.

Who writes (docs/outreach.md): commune and district officers in their area, agency officers and
the coordinator in theirs (the province); viewers, inspectors, case workers and administrators
read only. A record may be changed by a writer whose scope holds its unit; an event, by a writer
whose scope holds every commune it reached.
"""

from __future__ import annotations

from collections.abc import Iterable

from lanhmanh.accounts.models import Role, User
from lanhmanh.core.access import get_for_user
from lanhmanh.outreach.models import (
    EventAttachment,
    IntegratedPlan,
    MediaItem,
    Official,
    OutreachEvent,
    Participant,
    TrainingCourse,
)
from lanhmanh.places.models import AdministrativeUnit, Level

WRITER_ROLES = frozenset({Role.COORDINATOR, Role.AGENCY_OFFICER, Role.DISTRICT_OFFICER, Role.COMMUNE_OFFICER})


def may_record(user: User) -> bool:
    """Whether the user records outreach at all (checked before a form or body is read)."""
    return user.is_active and user.role in WRITER_ROLES and user.scope_id is not None


def may_record_media(user: User) -> bool:
    """Media items belong to the province: recorded by writers whose scope is a whole province."""
    return may_record(user) and user.scope is not None and user.scope.level == Level.PROVINCE


def in_scope(user: User, unit: AdministrativeUnit) -> bool:
    return user.scope is not None and unit.is_within(user.scope)


def all_in_scope(user: User, units: Iterable[AdministrativeUnit]) -> bool:
    return all(in_scope(user, unit) for unit in units)


def can_change_event(user: User, event: OutreachEvent) -> bool:
    # `units` is prefetched by get_event_for_user.
    return may_record(user) and all_in_scope(user, event.units.all())


def can_change_media(user: User, item: MediaItem) -> bool:
    return may_record_media(user) and in_scope(user, item.unit)


def can_change_at_unit(user: User, record: MediaItem | TrainingCourse | Official | IntegratedPlan) -> bool:
    return may_record(user) and in_scope(user, record.unit)


def get_event_for_user(user: User, pk: object, *, write: bool = False) -> OutreachEvent:
    qs = (
        OutreachEvent.objects.visible_to(user)
        .select_related("primary_unit", "organiser", "task", "task__plan", "created_by")
        .prefetch_related("units")
    )
    return get_for_user(qs, pk, user=user, write=write, can_write=can_change_event)


def get_attachment_for_user(user: User, pk: object) -> EventAttachment:
    visible = OutreachEvent.objects.visible_to(user).values("pk")
    return get_for_user(EventAttachment.objects.filter(event__in=visible), pk, user=user)


def get_media_item_for_user(user: User, pk: object, *, write: bool = False) -> MediaItem:
    qs = MediaItem.objects.visible_to(user).select_related("unit", "created_by")
    return get_for_user(qs, pk, user=user, write=write, can_write=can_change_media)


def get_course_for_user(user: User, pk: object, *, write: bool = False) -> TrainingCourse:
    qs = TrainingCourse.objects.visible_to(user).select_related("unit", "organiser", "created_by")
    return get_for_user(qs, pk, user=user, write=write, can_write=can_change_at_unit)


def get_participant_for_user(user: User, pk: object, *, write: bool = False) -> Participant:
    qs = Participant.objects.visible_to(user).select_related("course", "course__unit", "official", "official__unit")
    return get_for_user(qs, pk, user=user, write=write, can_write=lambda u, p: can_change_at_unit(u, p.course))


def get_official_for_user(user: User, pk: object, *, write: bool = False) -> Official:
    qs = Official.objects.visible_to(user).select_related("unit", "agency", "created_by")
    return get_for_user(qs, pk, user=user, write=write, can_write=can_change_at_unit)


def get_integrated_plan_for_user(user: User, pk: object, *, write: bool = False) -> IntegratedPlan:
    qs = IntegratedPlan.objects.visible_to(user).select_related("unit", "created_by")
    return get_for_user(qs, pk, user=user, write=write, can_write=can_change_at_unit)


def get_unit_for_user(user: User, pk: object) -> AdministrativeUnit:
    """A unit of the user's subtree; 404 for any other, as for records outside the scope."""
    if user.scope is None:
        return get_for_user(AdministrativeUnit.objects.none(), pk, user=user)
    return get_for_user(AdministrativeUnit.objects.subtree(user.scope), pk, user=user)
