"""The doors to plan records: who may read and who may change what.

Reads go through `<Model>.objects.visible_to(user)`; single objects through the
`get_*_for_user` helpers below (404 outside scope, 403 for a user who may read but not write).
"""

from __future__ import annotations

from lanhmanh.accounts.models import Role, User
from lanhmanh.core.access import get_for_user
from lanhmanh.plans.models import ManualValue, Measure, Plan, Task, TaskUpdate


def _in_scope(user: User, unit_path: str) -> bool:
    return user.scope is not None and unit_path.startswith(user.scope.path)


def can_manage_plan(user: User, plan: Plan) -> bool:
    """Targets, assignments and manually reported values: the standing agency's coordinator."""
    return may_record_manual_values(user) and _in_scope(user, plan.unit.path)


def may_record_manual_values(user: User) -> bool:
    """Whether the user could record a manual value for any plan at all (checked before the body
    is read); `can_manage_plan` then decides for the plan at hand."""
    return user.is_active and user.role == Role.COORDINATOR


def can_update_task(user: User, task: Task) -> bool:
    """Progress updates and status: the coordinator, officers of the lead or a partner agency,
    and district/commune officers for tasks carried out in their own area."""
    if not user.is_active or user.is_read_only:
        return False
    if user.role == Role.COORDINATOR:
        return _in_scope(user, task.unit.path)
    if user.role in (Role.DISTRICT_OFFICER, Role.COMMUNE_OFFICER) and _in_scope(user, task.unit.path):
        return True
    if user.role in (Role.AGENCY_OFFICER, Role.DISTRICT_OFFICER, Role.COMMUNE_OFFICER) and user.agency_id is not None:
        # "My tasks" lists the tasks of the user's agency; they may report on each of them, as
        # long as the task is one they can see (their area or above it, never a sibling's).
        visible = _in_scope(user, task.unit.path) or (
            user.scope is not None and task.unit.path in user.scope.ancestor_paths()
        )
        return visible and (task.lead_agency_id == user.agency_id or task.partners.filter(pk=user.agency_id).exists())
    return False


def get_plan_for_user(user: User, pk: object, *, write: bool = False) -> Plan:
    qs = Plan.objects.visible_to(user).select_related("unit", "lead_agency")
    return get_for_user(qs, pk, user=user, write=write, can_write=can_manage_plan)


def get_task_for_user(user: User, pk: object, *, write: bool = False) -> Task:
    qs = Task.objects.visible_to(user).select_related("plan", "plan__unit", "unit", "lead_agency")
    return get_for_user(qs, pk, user=user, write=write, can_write=can_update_task)


def get_task_to_assign(user: User, pk: object) -> Task:
    qs = Task.objects.visible_to(user).select_related("plan", "plan__unit", "unit", "lead_agency")
    return get_for_user(qs, pk, user=user, write=True, can_write=lambda u, t: can_manage_plan(u, t.plan))


def get_measure_for_user(user: User, pk: object, *, write: bool = False) -> Measure:
    qs = Measure.objects.visible_to(user).select_related("target", "target__plan", "target__plan__unit")
    return get_for_user(qs, pk, user=user, write=write, can_write=lambda u, m: can_manage_plan(u, m.target.plan))


def get_manual_value_for_user(user: User, pk: object) -> ManualValue:
    qs = ManualValue.objects.visible_to(user).select_related("measure", "unit", "entered_by")
    return get_for_user(qs, pk, user=user)


def get_task_update_for_user(user: User, pk: object) -> TaskUpdate:
    qs = TaskUpdate.objects.visible_to(user).select_related("task", "author")
    return get_for_user(qs, pk, user=user)
