"""Training courses (lớp tập huấn) and their participants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from lanhmanh.accounts.models import Agency, User
from lanhmanh.core import audit
from lanhmanh.outreach.models import CourseLevel, CourseTopic, Official, Participant, TrainingCourse
from lanhmanh.outreach.services.checks import (
    Errors,
    add,
    check_agency_of_area,
    check_in_scope,
    check_not_future,
    check_text,
    dmy,
)
from lanhmanh.places.models import AdministrativeUnit


@dataclass(frozen=True)
class CourseInput:
    title: str
    start_date: date
    end_date: date
    organiser: Agency
    level: str
    topic: str
    unit: AdministrativeUnit
    location: str = ""


def _validated(actor: User, data: CourseInput) -> None:
    errors: Errors = {}
    check_text(errors, "title", "Tên lớp tập huấn", data.title)
    if data.end_date < data.start_date:
        start, end = dmy(data.start_date), dmy(data.end_date)
        add(errors, "end_date", f"“Đến ngày” ({end}) không được trước “Từ ngày” ({start}).")
    check_not_future(errors, "start_date", "Từ ngày", data.start_date)
    if data.level not in CourseLevel.values:
        add(errors, "level", f"Cấp tổ chức “{data.level}” không hợp lệ.")
    if data.topic not in CourseTopic.values:
        add(errors, "topic", f"Chủ đề “{data.topic}” không hợp lệ.")
    check_in_scope(errors, "unit", actor, data.unit)
    check_agency_of_area(errors, "organiser", actor, data.organiser)
    if errors:
        raise ValidationError(errors)


def _snapshot(course: TrainingCourse) -> dict[str, Any]:
    return {
        "title": course.title,
        "start_date": course.start_date,
        "end_date": course.end_date,
        "organiser": str(course.organiser),
        "level": course.level,
        "topic": course.topic,
        "unit": course.unit.name,
        "location": course.location,
    }


def _assign(course: TrainingCourse, data: CourseInput) -> None:
    course.title = " ".join(data.title.split())
    course.start_date = data.start_date
    course.end_date = data.end_date
    course.organiser = data.organiser
    course.level = data.level
    course.topic = data.topic
    course.unit = data.unit
    course.location = data.location.strip()


@transaction.atomic
def course_create(*, actor: User, data: CourseInput) -> TrainingCourse:
    _validated(actor, data)
    course = TrainingCourse(created_by=actor)
    _assign(course, data)
    course.save()
    audit.record("outreach.course.created", actor=actor, target=course, changes=_snapshot(course))
    return course


@transaction.atomic
def course_update(*, course: TrainingCourse, actor: User, data: CourseInput) -> TrainingCourse:
    _validated(actor, data)
    before = _snapshot(course)
    _assign(course, data)
    course.save()
    audit.record("outreach.course.updated", actor=actor, target=course, changes=audit.diff(before, _snapshot(course)))
    return course


@transaction.atomic
def course_delete(*, course: TrainingCourse, actor: User) -> None:
    changes = {**_snapshot(course), "participants": course.participants.count()}
    audit.record("outreach.course.deleted", actor=actor, target=course, changes=changes)
    course.delete()


@transaction.atomic
def participant_set(
    *, course: TrainingCourse, official: Official, actor: User, attended: bool, completed: bool
) -> Participant:
    """Add an official to a course, or change their attendance and completion if already there."""
    errors: Errors = {}
    check_in_scope(errors, "official", actor, official.unit)
    ended_before = official.end_date is not None and official.end_date < course.start_date
    if official.start_date > course.end_date or ended_before:
        add(
            errors,
            "official",
            f"{official.full_name} không có trong danh sách cán bộ vào thời gian của lớp "
            f"({dmy(course.start_date)} - {dmy(course.end_date)}).",
        )
    if completed and not attended:
        add(errors, "completed", "Học viên không tham dự thì không thể “Hoàn thành”.")
    if errors:
        raise ValidationError(errors)
    participant = Participant.objects.filter(course=course, official=official).first()
    before = None if participant is None else {"attended": participant.attended, "completed": participant.completed}
    if participant is None:
        participant = Participant.objects.create(
            course=course, official=official, attended=attended, completed=completed
        )
    else:
        participant.attended = attended
        participant.completed = completed
        participant.save(update_fields=["attended", "completed"])
    after = {"attended": attended, "completed": completed}
    audit.record(
        "outreach.course.participant_set",
        actor=actor,
        target=course,
        changes={"official": official.full_name, "official_id": official.pk, **audit.diff(before or {}, after)},
    )
    return participant


@transaction.atomic
def participant_remove(*, participant: Participant, actor: User) -> None:
    audit.record(
        "outreach.course.participant_removed",
        actor=actor,
        target=participant.course,
        changes={"official": participant.official.full_name, "official_id": participant.official_id},
    )
    participant.delete()
