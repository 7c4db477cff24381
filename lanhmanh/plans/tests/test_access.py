from lanhmanh.accounts.models import Role
from lanhmanh.core.testing import make_user
from lanhmanh.plans.access import can_manage_plan, can_update_task


def test_an_agency_officer_updates_tasks_their_agency_leads_or_partners_on_only(world, personas):
    police = personas["agency_officer"]
    assert can_update_task(police, world.police_task)
    assert not can_update_task(police, world.province_task)
    world.province_task.partners.add(world.police)
    assert can_update_task(police, world.province_task)


def test_a_district_officer_updates_tasks_in_their_district_and_their_agencys_province_tasks(world, personas):
    district = personas["district_officer"]
    assert can_update_task(district, world.district_task)
    assert can_update_task(district, world.commune_task)
    assert not can_update_task(district, world.other_district_task)
    assert not can_update_task(district, world.police_task)
    world.police_task.partners.add(world.district_committees)
    assert can_update_task(district, world.police_task)


def test_read_only_roles_and_deactivated_users_update_nothing(world, personas):
    for role in (Role.VIEWER, Role.INSPECTOR, Role.CASE_WORKER, Role.ADMIN):
        assert not can_update_task(personas[role], world.commune_task)
    coordinator = personas["coordinator"]
    coordinator.is_active = False
    assert not can_update_task(coordinator, world.province_task)


def test_only_a_coordinator_whose_scope_covers_the_plan_manages_it(world, personas):
    assert can_manage_plan(personas["coordinator"], world.plan)
    district_coordinator = make_user("dc", Role.COORDINATOR, world.lead, world.district)
    assert not can_manage_plan(district_coordinator, world.plan)
    assert not can_manage_plan(personas["agency_officer"], world.plan)
