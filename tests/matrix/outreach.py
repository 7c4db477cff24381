"""The outreach area's addresses (see tests/matrix/framework.py for the vocabulary).

Who writes (docs/outreach.md): the coordinator and agency officers (province scope), district and
commune officers in their area; read-only roles get 403 on every write. Records of the commune next
door answer 404 to its neighbour, records of the other district 404 to everybody in the district.
Media items belong to the province: only writers whose scope is the whole province record them.
"""

from __future__ import annotations

from datetime import date

from lanhmanh.accounts.models import Role
from lanhmanh.outreach import services
from lanhmanh.outreach.models import CourseLevel, CourseTopic, EventForm, MediaKind, Outlet, Programme
from lanhmanh.plans.tests.files import pdf_upload
from tests.matrix.framework import (
    BAD_REQUEST,
    FORBIDDEN,
    IN_THE_DISTRICT,
    NOT_FOUND,
    OK,
    Entry,
    Redirect,
    Scene,
    api,
    each,
    entry,
    page,
)

# Who may write outreach records at all, and who of them sees the commune's (world.commune's) records.
WRITERS = ("coordinator", "agency_officer", "district_officer", "commune_officer", "sibling_commune")
PROVINCE_WRITERS = ("coordinator", "agency_officer")
COMMUNE_WRITERS = ("coordinator", "agency_officer", "district_officer", "commune_officer")
BACK_TO_COURSE = Redirect(r"/outreach/courses/\d+/")


def build(scene: Scene) -> None:
    """An event, official, integrated plan in the commune and in the far commune (other district), a
    provincial and an other-district course with a participant each, a provincial media item."""
    w = scene.world
    coordinator = scene.users[Role.COORDINATOR]
    extra = scene.extra

    def event(unit):
        return services.event_create(
            actor=coordinator,
            data=services.EventInput(
                date=date(2019, 6, 1),
                title="Tuyên truyền tại khu dân cư",
                form=EventForm.TALK,
                units=[unit],
                organiser=w.lead,
                audience={"residents": 20},
            ),
            attachment=pdf_upload(),
        )

    def official(name, unit):
        return services.official_create(
            actor=coordinator,
            data=services.OfficialInput(
                full_name=name, agency=w.lead, unit=unit, position="Cán bộ", start_date=date(2018, 1, 1)
            ),
        )

    def course(unit, level):
        return services.course_create(
            actor=coordinator,
            data=services.CourseInput(
                title="Tập huấn",
                start_date=date(2019, 4, 1),
                end_date=date(2019, 4, 2),
                organiser=w.lead,
                level=level,
                topic=CourseTopic.LEGAL,
                unit=unit,
            ),
        )

    def integrated_plan(unit):
        return services.integrated_plan_create(
            actor=coordinator,
            data=services.IntegratedPlanInput(
                unit=unit, document_number="1/KH-UBND", issued_on=date(2019, 2, 1), programmes=[Programme.EMPLOYMENT]
            ),
            file=pdf_upload(),
        )

    extra["commune_event"] = event(w.commune)
    extra["far_event"] = event(w.far_commune)
    extra["commune_attachment"] = extra["commune_event"].attachments.get()
    extra["far_attachment"] = extra["far_event"].attachments.get()
    extra["media_item"] = services.media_item_create(
        actor=coordinator,
        data=services.MediaInput(
            unit=w.province, outlet=Outlet.BAO_TN, kind=MediaKind.NEWS, date=date(2019, 3, 1), title="Tin"
        ),
        file=pdf_upload(),
    )
    extra["commune_official"] = official("Cán bộ xã An", w.commune)
    extra["far_official"] = official("Cán bộ xã Cư", w.far_commune)
    extra["province_course"] = course(w.province, CourseLevel.PROVINCE)
    extra["far_course"] = course(w.other_district, CourseLevel.DISTRICT)
    for name, person in (("commune_participant", "commune_official"), ("far_participant", "far_official")):
        extra[name] = services.participant_set(
            course=extra["province_course"], official=extra[person], actor=coordinator, attended=True, completed=True
        )
    extra["commune_plan"] = integrated_plan(w.commune)
    extra["far_plan"] = integrated_plan(w.far_commune)


def at(template: str, name: str):
    """The address of a record of scene.extra: at("/outreach/events/{}/", "commune_event")."""
    return lambda scene: template.format(scene.extra[name].pk)


ENTRIES: list[Entry] = [
    # Communication events.
    entry("outreach:event_list", "", lambda s: "/outreach/events/", GET=page(OK)),
    entry(
        "outreach:event_create",
        "",
        lambda s: "/outreach/events/new/",
        GET=page(FORBIDDEN, **each(WRITERS, OK)),
        POST=page(FORBIDDEN, **each(WRITERS, OK)),
    ),
    entry(
        "outreach:event_detail",
        "commune_event",
        at("/outreach/events/{}/", "commune_event"),
        GET=page(OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "outreach:event_detail",
        "far_event",
        at("/outreach/events/{}/", "far_event"),
        GET=page(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "outreach:event_edit",
        "commune_event",
        at("/outreach/events/{}/edit/", "commune_event"),
        GET=page(FORBIDDEN, **each(COMMUNE_WRITERS, OK), sibling_commune=NOT_FOUND),
        POST=page(FORBIDDEN, **each(COMMUNE_WRITERS, OK), sibling_commune=NOT_FOUND),
    ),
    entry(
        "outreach:event_edit",
        "far_event",
        at("/outreach/events/{}/edit/", "far_event"),
        GET=page(FORBIDDEN, **each(PROVINCE_WRITERS, OK), **each(IN_THE_DISTRICT, NOT_FOUND)),
        POST=page(FORBIDDEN, **each(PROVINCE_WRITERS, OK), **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "outreach:event_delete",
        "commune_event",
        at("/outreach/events/{}/delete/", "commune_event"),
        GET=page(FORBIDDEN, **each(COMMUNE_WRITERS, OK), sibling_commune=NOT_FOUND),
        POST=page(FORBIDDEN, **each(COMMUNE_WRITERS, Redirect("/outreach/events/")), sibling_commune=NOT_FOUND),
    ),
    entry(
        "outreach:event_delete",
        "far_event",
        at("/outreach/events/{}/delete/", "far_event"),
        GET=page(FORBIDDEN, **each(PROVINCE_WRITERS, OK), **each(IN_THE_DISTRICT, NOT_FOUND)),
        POST=page(
            FORBIDDEN, **each(PROVINCE_WRITERS, Redirect("/outreach/events/")), **each(IN_THE_DISTRICT, NOT_FOUND)
        ),
    ),
    entry(
        "outreach:attachment_download",
        "commune_event",
        at("/outreach/attachments/{}/", "commune_attachment"),
        GET=page(OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "outreach:attachment_download",
        "far_event",
        at("/outreach/attachments/{}/", "far_attachment"),
        GET=page(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry("outreach:todo", "", lambda s: "/outreach/todo/", GET=page(OK)),
    # Media items: the province's, recorded by province-wide writers.
    entry("outreach:media_list", "", lambda s: "/outreach/media/", GET=page(OK)),
    entry("outreach:media_grid", "", lambda s: "/outreach/media/grid/?year=2019", GET=page(OK)),
    entry(
        "outreach:media_create",
        "",
        lambda s: "/outreach/media/new/",
        GET=page(FORBIDDEN, **each(PROVINCE_WRITERS, OK)),
        POST=page(FORBIDDEN, **each(PROVINCE_WRITERS, OK)),
    ),
    entry(
        "outreach:media_edit",
        "province_item",
        at("/outreach/media/{}/edit/", "media_item"),
        GET=page(FORBIDDEN, **each(PROVINCE_WRITERS, OK)),
        POST=page(FORBIDDEN, **each(PROVINCE_WRITERS, OK)),
    ),
    entry(
        "outreach:media_delete",
        "province_item",
        at("/outreach/media/{}/delete/", "media_item"),
        GET=page(FORBIDDEN, **each(PROVINCE_WRITERS, OK)),
        POST=page(FORBIDDEN, **each(PROVINCE_WRITERS, Redirect("/outreach/media/"))),
    ),
    entry("outreach:media_file", "province_item", at("/outreach/media/{}/file/", "media_item"), GET=page(OK)),
    # Training courses and participants.
    entry("outreach:course_list", "", lambda s: "/outreach/courses/", GET=page(OK)),
    entry(
        "outreach:course_create",
        "",
        lambda s: "/outreach/courses/new/",
        GET=page(FORBIDDEN, **each(WRITERS, OK)),
        POST=page(FORBIDDEN, **each(WRITERS, OK)),
    ),
    entry(
        "outreach:course_detail",
        "province_course",
        at("/outreach/courses/{}/", "province_course"),
        GET=page(OK),
        POST=page(FORBIDDEN, **each(PROVINCE_WRITERS, OK)),
    ),
    entry(
        "outreach:course_detail",
        "other_district_course",
        at("/outreach/courses/{}/", "far_course"),
        GET=page(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
        POST=page(FORBIDDEN, **each(PROVINCE_WRITERS, OK), **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "outreach:course_edit",
        "province_course",
        at("/outreach/courses/{}/edit/", "province_course"),
        GET=page(FORBIDDEN, **each(PROVINCE_WRITERS, OK)),
        POST=page(FORBIDDEN, **each(PROVINCE_WRITERS, OK)),
    ),
    entry(
        "outreach:course_edit",
        "other_district_course",
        at("/outreach/courses/{}/edit/", "far_course"),
        GET=page(FORBIDDEN, **each(PROVINCE_WRITERS, OK), **each(IN_THE_DISTRICT, NOT_FOUND)),
        POST=page(FORBIDDEN, **each(PROVINCE_WRITERS, OK), **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "outreach:participant_edit",
        "commune_official",
        at("/outreach/participants/{}/", "commune_participant"),
        POST=page(FORBIDDEN, **each(PROVINCE_WRITERS, BACK_TO_COURSE), sibling_commune=NOT_FOUND),
    ),
    entry(
        "outreach:participant_edit",
        "far_official",
        at("/outreach/participants/{}/", "far_participant"),
        POST=page(FORBIDDEN, **each(PROVINCE_WRITERS, BACK_TO_COURSE), **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    # The roster.
    entry("outreach:official_list", "", lambda s: "/outreach/officials/", GET=page(OK)),
    entry(
        "outreach:official_create",
        "",
        lambda s: "/outreach/officials/new/",
        GET=page(FORBIDDEN, **each(WRITERS, OK)),
        POST=page(FORBIDDEN, **each(WRITERS, OK)),
    ),
    entry(
        "outreach:official_import",
        "",
        lambda s: "/outreach/officials/import/",
        GET=page(FORBIDDEN, **each(WRITERS, OK)),
        POST=page(FORBIDDEN, **each(WRITERS, OK)),
    ),
    entry(
        "outreach:official_edit",
        "commune_official",
        at("/outreach/officials/{}/edit/", "commune_official"),
        GET=page(FORBIDDEN, **each(COMMUNE_WRITERS, OK), sibling_commune=NOT_FOUND),
        POST=page(FORBIDDEN, **each(COMMUNE_WRITERS, OK), sibling_commune=NOT_FOUND),
    ),
    entry(
        "outreach:official_edit",
        "far_official",
        at("/outreach/officials/{}/edit/", "far_official"),
        GET=page(FORBIDDEN, **each(PROVINCE_WRITERS, OK), **each(IN_THE_DISTRICT, NOT_FOUND)),
        POST=page(FORBIDDEN, **each(PROVINCE_WRITERS, OK), **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    # Integrated plans.
    entry("outreach:integrated_plan_list", "", lambda s: "/outreach/integrated-plans/", GET=page(OK)),
    entry(
        "outreach:integrated_plan_create",
        "",
        lambda s: "/outreach/integrated-plans/new/",
        GET=page(FORBIDDEN, **each(WRITERS, OK)),
        POST=page(FORBIDDEN, **each(WRITERS, OK)),
    ),
    entry(
        "outreach:integrated_plan_edit",
        "commune_plan",
        at("/outreach/integrated-plans/{}/edit/", "commune_plan"),
        GET=page(FORBIDDEN, **each(COMMUNE_WRITERS, OK), sibling_commune=NOT_FOUND),
        POST=page(FORBIDDEN, **each(COMMUNE_WRITERS, OK), sibling_commune=NOT_FOUND),
    ),
    entry(
        "outreach:integrated_plan_edit",
        "far_plan",
        at("/outreach/integrated-plans/{}/edit/", "far_plan"),
        GET=page(FORBIDDEN, **each(PROVINCE_WRITERS, OK), **each(IN_THE_DISTRICT, NOT_FOUND)),
        POST=page(FORBIDDEN, **each(PROVINCE_WRITERS, OK), **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "outreach:integrated_plan_file",
        "commune_plan",
        at("/outreach/integrated-plans/{}/file/", "commune_plan"),
        GET=page(OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "outreach:integrated_plan_file",
        "far_plan",
        at("/outreach/integrated-plans/{}/file/", "far_plan"),
        GET=page(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    # The API: the same doors. Writers allowed in send an empty body and get 400 naming the fields.
    entry(
        "outreach-event-list",
        "",
        lambda s: "/api/v1/outreach-events/",
        GET=api(OK),
        POST=api(FORBIDDEN, **each(WRITERS, BAD_REQUEST)),
    ),
    entry(
        "outreach-event-detail",
        "commune_event",
        at("/api/v1/outreach-events/{}/", "commune_event"),
        GET=api(OK, sibling_commune=NOT_FOUND),
        PUT=api(FORBIDDEN, **each(COMMUNE_WRITERS, BAD_REQUEST), sibling_commune=NOT_FOUND),
    ),
    entry(
        "outreach-event-detail",
        "far_event",
        at("/api/v1/outreach-events/{}/", "far_event"),
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
        PUT=api(FORBIDDEN, **each(PROVINCE_WRITERS, BAD_REQUEST), **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "media-item-list",
        "",
        lambda s: "/api/v1/media-items/",
        GET=api(OK),
        POST=api(FORBIDDEN, **each(PROVINCE_WRITERS, BAD_REQUEST)),
    ),
    entry(
        "media-item-detail",
        "province_item",
        at("/api/v1/media-items/{}/", "media_item"),
        GET=api(OK),
        PUT=api(FORBIDDEN, **each(PROVINCE_WRITERS, BAD_REQUEST)),
    ),
    entry(
        "training-course-list",
        "",
        lambda s: "/api/v1/training-courses/",
        GET=api(OK),
        POST=api(FORBIDDEN, **each(WRITERS, BAD_REQUEST)),
    ),
    entry(
        "training-course-detail",
        "province_course",
        at("/api/v1/training-courses/{}/", "province_course"),
        GET=api(OK),
        PUT=api(FORBIDDEN, **each(PROVINCE_WRITERS, BAD_REQUEST)),
    ),
    entry(
        "training-course-detail",
        "other_district_course",
        at("/api/v1/training-courses/{}/", "far_course"),
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
        PUT=api(FORBIDDEN, **each(PROVINCE_WRITERS, BAD_REQUEST), **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "training-course-participants",
        "province_course",
        at("/api/v1/training-courses/{}/participants/", "province_course"),
        GET=api(OK),
        POST=api(FORBIDDEN, **each(PROVINCE_WRITERS, BAD_REQUEST)),
    ),
    entry(
        "training-course-participants",
        "other_district_course",
        at("/api/v1/training-courses/{}/participants/", "far_course"),
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
        POST=api(FORBIDDEN, **each(PROVINCE_WRITERS, BAD_REQUEST), **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "official-list",
        "",
        lambda s: "/api/v1/officials/",
        GET=api(OK),
        POST=api(FORBIDDEN, **each(WRITERS, BAD_REQUEST)),
    ),
    entry(
        "official-detail",
        "commune_official",
        at("/api/v1/officials/{}/", "commune_official"),
        GET=api(OK, sibling_commune=NOT_FOUND),
        PUT=api(FORBIDDEN, **each(COMMUNE_WRITERS, BAD_REQUEST), sibling_commune=NOT_FOUND),
    ),
    entry(
        "official-detail",
        "far_official",
        at("/api/v1/officials/{}/", "far_official"),
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
        PUT=api(FORBIDDEN, **each(PROVINCE_WRITERS, BAD_REQUEST), **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "integrated-plan-list",
        "",
        lambda s: "/api/v1/integrated-plans/",
        GET=api(OK),
        POST=api(FORBIDDEN, **each(WRITERS, BAD_REQUEST)),
    ),
    entry(
        "integrated-plan-detail",
        "commune_plan",
        at("/api/v1/integrated-plans/{}/", "commune_plan"),
        GET=api(OK, sibling_commune=NOT_FOUND),
        PUT=api(FORBIDDEN, **each(COMMUNE_WRITERS, BAD_REQUEST), sibling_commune=NOT_FOUND),
    ),
    entry(
        "integrated-plan-detail",
        "far_plan",
        at("/api/v1/integrated-plans/{}/", "far_plan"),
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
        PUT=api(FORBIDDEN, **each(PROVINCE_WRITERS, BAD_REQUEST), **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
]
