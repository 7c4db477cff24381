from datetime import date

import pytest
from django.core.exceptions import ValidationError

from lanhmanh.core.models import AuditEntry
from lanhmanh.outreach import services
from lanhmanh.outreach.models import Participant, TrainingCourse

from .records import course, course_input, official


def test_the_coordinator_records_a_provincial_course(world, personas):
    recorded = course(world, personas["coordinator"])
    assert recorded.unit == world.province
    assert AuditEntry.objects.filter(verb="outreach.course.created", target_id=str(recorded.pk)).exists()


def test_a_course_cannot_end_before_it_starts(world, personas):
    with pytest.raises(ValidationError) as error:
        course(world, personas["coordinator"], end_date=date(2019, 4, 9))
    assert error.value.message_dict["end_date"] == ["“Đến ngày” (09/04/2019) không được trước “Từ ngày” (10/04/2019)."]


def test_a_district_officer_records_courses_in_their_district_only(world, personas):
    district = personas["district_officer"]
    assert course(world, district, unit=world.district, level="district").unit == world.district
    with pytest.raises(ValidationError) as error:
        course(world, district, unit=world.other_district)
    assert error.value.message_dict["unit"] == ["“Huyện Hai” nằm ngoài phạm vi của bạn."]


def test_participants_are_added_once_and_their_completion_changed(world, personas):
    coordinator = personas["coordinator"]
    recorded = course(world, coordinator)
    person = official(world, coordinator)
    services.participant_set(course=recorded, official=person, actor=coordinator, attended=True, completed=False)
    services.participant_set(course=recorded, official=person, actor=coordinator, attended=True, completed=True)
    assert list(Participant.objects.values_list("official", "attended", "completed")) == [(person.pk, True, True)]
    entries = AuditEntry.objects.filter(verb="outreach.course.participant_set").order_by("pk")
    assert [entry.changes.get("completed") for entry in entries] == [[None, False], [False, True]]


def test_completing_a_course_one_did_not_attend_is_refused(world, personas):
    coordinator = personas["coordinator"]
    with pytest.raises(ValidationError) as error:
        services.participant_set(
            course=course(world, coordinator),
            official=official(world, coordinator),
            actor=coordinator,
            attended=False,
            completed=True,
        )
    assert error.value.message_dict["completed"] == ["Học viên không tham dự thì không thể “Hoàn thành”."]


def test_an_official_not_on_the_roster_at_the_time_of_the_course_is_refused(world, personas):
    coordinator = personas["coordinator"]
    person = official(world, coordinator, start_date=date(2019, 5, 1))
    with pytest.raises(ValidationError) as error:
        services.participant_set(
            course=course(world, coordinator), official=person, actor=coordinator, attended=True, completed=True
        )
    assert (
        "không có trong danh sách cán bộ vào thời gian của lớp (10/04/2019 - 11/04/2019)"
        in (error.value.message_dict["official"][0])
    )


def test_an_officer_adds_only_officials_of_their_area(world, personas):
    coordinator = personas["coordinator"]
    far_official = official(world, coordinator, unit=world.far_commune)
    district_course = course(world, personas["district_officer"], unit=world.district, level="district")
    with pytest.raises(ValidationError) as error:
        services.participant_set(
            course=district_course,
            official=far_official,
            actor=personas["district_officer"],
            attended=True,
            completed=True,
        )
    assert error.value.message_dict["official"] == ["“Xã Cư” nằm ngoài phạm vi của bạn."]


def test_removing_a_participant_and_deleting_a_course_are_audited(world, personas):
    coordinator = personas["coordinator"]
    recorded = course(world, coordinator)
    participant = services.participant_set(
        course=recorded, official=official(world, coordinator), actor=coordinator, attended=True, completed=True
    )
    services.participant_remove(participant=participant, actor=coordinator)
    services.course_update(course=recorded, actor=coordinator, data=course_input(world, title="Lớp mới"))
    services.course_delete(course=recorded, actor=coordinator)
    assert not TrainingCourse.objects.exists()
    verbs = list(AuditEntry.objects.order_by("pk").values_list("verb", flat=True))
    assert verbs[-3:] == [
        "outreach.course.participant_removed",
        "outreach.course.updated",
        "outreach.course.deleted",
    ]
