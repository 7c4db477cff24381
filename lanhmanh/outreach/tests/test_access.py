import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from lanhmanh.accounts.models import Role
from lanhmanh.core.testing import make_user
from lanhmanh.outreach.access import (
    get_course_for_user,
    get_event_for_user,
    get_integrated_plan_for_user,
    get_media_item_for_user,
    get_official_for_user,
    may_record,
)
from lanhmanh.outreach.models import IntegratedPlan, MediaItem, Official, OutreachEvent, TrainingCourse

from .records import course, event, integrated_plan, media_item, official

READ_ONLY = [Role.VIEWER, Role.INSPECTOR, Role.CASE_WORKER, Role.ADMIN]


def test_writers_are_the_officers_and_the_coordinator(personas):
    writers = {name for name, user in personas.items() if may_record(user)}
    assert writers == {"coordinator", "agency_officer", "district_officer", "commune_officer", "sibling_commune"}


def test_an_event_is_seen_in_every_commune_it_reached_and_above_never_elsewhere(world, personas):
    both = event(world, personas["district_officer"], units=[world.commune, world.sibling_commune])
    only_an = event(world, personas["commune_officer"])
    far = event(world, personas["coordinator"], units=[world.far_commune])

    def seen(persona):
        return set(OutreachEvent.objects.visible_to(personas[persona]))

    assert seen("coordinator") == {both, only_an, far}
    assert seen("district_officer") == {both, only_an}
    assert seen("commune_officer") == {both, only_an}
    assert seen("sibling_commune") == {both}


def test_a_siblings_event_answers_404_and_a_shared_one_403_on_write(world, personas):
    officer = personas["commune_officer"]
    sibling_only = event(world, personas["sibling_commune"], units=[world.sibling_commune])
    shared = event(world, personas["district_officer"], units=[world.commune, world.sibling_commune])
    with pytest.raises(Http404):
        get_event_for_user(officer, sibling_only.pk)
    assert get_event_for_user(officer, shared.pk) == shared
    with pytest.raises(PermissionDenied):
        get_event_for_user(officer, shared.pk, write=True)
    assert get_event_for_user(personas["district_officer"], shared.pk, write=True) == shared


@pytest.mark.parametrize("role", READ_ONLY)
def test_read_only_roles_read_events_but_get_403_on_write(world, personas, role):
    recorded = event(world, personas["commune_officer"])
    user = personas[role]
    assert get_event_for_user(user, recorded.pk) == recorded
    with pytest.raises(PermissionDenied):
        get_event_for_user(user, recorded.pk, write=True)


def test_a_malformed_or_unknown_id_is_a_404(world, personas):
    for pk in ("abc", 999999, None):
        with pytest.raises(Http404):
            get_event_for_user(personas["coordinator"], pk)


def test_provincial_media_items_and_courses_are_read_by_everyone_in_the_province(world, personas):
    item = media_item(world, personas["coordinator"])
    lesson = course(world, personas["coordinator"])
    for user in personas.values():
        assert list(MediaItem.objects.visible_to(user)) == [item]
        assert list(TrainingCourse.objects.visible_to(user)) == [lesson]
    with pytest.raises(PermissionDenied):
        get_media_item_for_user(personas["district_officer"], item.pk, write=True)
    with pytest.raises(PermissionDenied):
        get_course_for_user(personas["commune_officer"], lesson.pk, write=True)
    assert get_course_for_user(personas["agency_officer"], lesson.pk, write=True) == lesson


def test_a_district_course_is_not_read_by_the_other_district(world, personas):
    lesson = course(world, personas["district_officer"], unit=world.district, level="district")
    assert get_course_for_user(personas["coordinator"], lesson.pk, write=True) == lesson
    other = make_user("other", Role.DISTRICT_OFFICER, world.district_committees, world.other_district)
    with pytest.raises(Http404):
        get_course_for_user(other, lesson.pk)


def test_the_roster_is_read_only_in_the_subtree_it_belongs_to(world, personas):
    person = official(world, personas["commune_officer"])
    assert list(Official.objects.visible_to(personas["district_officer"])) == [person]
    assert not Official.objects.visible_to(personas["sibling_commune"]).exists()
    with pytest.raises(Http404):
        get_official_for_user(personas["sibling_commune"], person.pk)
    with pytest.raises(PermissionDenied):
        get_official_for_user(personas["viewer"], person.pk, write=True)


def test_integrated_plans_are_read_in_the_unit_below_and_above_never_by_a_sibling(world, personas):
    commune_plan = integrated_plan(world, personas["commune_officer"], world.commune)
    district_plan = integrated_plan(world, personas["district_officer"])
    assert set(IntegratedPlan.objects.visible_to(personas["commune_officer"])) == {commune_plan, district_plan}
    assert set(IntegratedPlan.objects.visible_to(personas["sibling_commune"])) == {district_plan}
    with pytest.raises(PermissionDenied):
        get_integrated_plan_for_user(personas["commune_officer"], district_plan.pk, write=True)
    with pytest.raises(Http404):
        get_integrated_plan_for_user(personas["sibling_commune"], commune_plan.pk)


def test_an_inactive_user_sees_nothing(world, personas):
    event(world, personas["commune_officer"])
    user = personas["coordinator"]
    user.is_active = False
    assert not OutreachEvent.objects.visible_to(user).exists()
    assert not may_record(user)
