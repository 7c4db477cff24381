"""Outreach records for tests, written through the services (so they are valid and audited)."""

from __future__ import annotations

from datetime import date
from typing import Any

from lanhmanh.accounts.models import User
from lanhmanh.core.testing import World
from lanhmanh.outreach import services
from lanhmanh.outreach.models import (
    CourseLevel,
    CourseTopic,
    EventForm,
    IntegratedPlan,
    MediaItem,
    MediaKind,
    Official,
    Outlet,
    OutreachEvent,
    Programme,
    TrainingCourse,
)
from lanhmanh.places.models import AdministrativeUnit


def event_input(world: World, **overrides: Any) -> services.EventInput:
    values: dict[str, Any] = {
        "date": date(2019, 6, 1),
        "title": "Tuyên truyền phòng, chống mại dâm tại khu dân cư",
        "form": EventForm.TALK,
        "units": [world.commune],
        "organiser": world.district_committees,
        "audience": {"residents": 40, "students": 10},
        "materials": {"leaflet": 100},
        **overrides,
    }
    return services.EventInput(**values)


def event(world: World, actor: User, **overrides: Any) -> OutreachEvent:
    return services.event_create(actor=actor, data=event_input(world, **overrides))


def media_input(world: World, **overrides: Any) -> services.MediaInput:
    values: dict[str, Any] = {
        "unit": world.province,
        "outlet": Outlet.BAO_TN,
        "kind": MediaKind.ARTICLE,
        "date": date(2019, 3, 10),
        "title": "Chung tay phòng, chống mại dâm",
        "link": "https://baotayninh.vn/bai-viet",
        **overrides,
    }
    return services.MediaInput(**values)


def media_item(world: World, actor: User, **overrides: Any) -> MediaItem:
    return services.media_item_create(actor=actor, data=media_input(world, **overrides))


def official_input(world: World, **overrides: Any) -> services.OfficialInput:
    values: dict[str, Any] = {
        "full_name": "Nguyễn Thị Hoa",
        "agency": world.district_committees,
        "unit": world.commune,
        "position": "Công chức văn hóa - xã hội",
        "start_date": date(2018, 1, 1),
        **overrides,
    }
    return services.OfficialInput(**values)


def official(world: World, actor: User, **overrides: Any) -> Official:
    return services.official_create(actor=actor, data=official_input(world, **overrides))


def course_input(world: World, **overrides: Any) -> services.CourseInput:
    values: dict[str, Any] = {
        "title": "Tập huấn nghiệp vụ phòng, chống mại dâm",
        "start_date": date(2019, 4, 10),
        "end_date": date(2019, 4, 11),
        "organiser": world.lead,
        "level": CourseLevel.PROVINCE,
        "topic": CourseTopic.LEGAL,
        "unit": world.province,
        **overrides,
    }
    return services.CourseInput(**values)


def course(world: World, actor: User, **overrides: Any) -> TrainingCourse:
    return services.course_create(actor=actor, data=course_input(world, **overrides))


def integrated_plan_input(world: World, unit: AdministrativeUnit | None = None, **overrides: Any):
    values: dict[str, Any] = {
        "unit": unit or world.district,
        "document_number": "12/KH-UBND",
        "issued_on": date(2019, 3, 1),
        "programmes": [Programme.POVERTY_REDUCTION, Programme.HIV_AIDS],
        **overrides,
    }
    return services.IntegratedPlanInput(**values)


def integrated_plan(
    world: World, actor: User, unit: AdministrativeUnit | None = None, **overrides: Any
) -> IntegratedPlan:
    return services.integrated_plan_create(actor=actor, data=integrated_plan_input(world, unit, **overrides))
