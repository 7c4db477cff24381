"""The inspections area's addresses (see tests/matrix/framework.py for the vocabulary).

Who writes (docs/permissions.md, docs/inspections.md): inspections and violations are recorded by
inspectors, commune and district officers, agency officers and the coordinator, for establishments
whose commune lies in their scope; teams and schedules are kept by the coordinator, district and
commune officers for units of their scope; the coordinator approves schedules. Viewers, case
workers, peer educators and administrators read only. The commune next door's inspection answers 404
to its neighbour, the other district's to everybody in the district, by page, API and export. Teams
are read at their unit and below (the province's team by everybody).

The records (built in `build`): the catalogue; the province's team and the other district's team;
a karaoke in Xã An and a guest house in Xã Cư (other district), each inspected once with a minutes
file and a violation; a draft schedule of each team; a member of each team who took part in nothing.
"""

from __future__ import annotations

from datetime import date

from lanhmanh.accounts.models import Role
from lanhmanh.inspections import services
from lanhmanh.inspections.tests import records
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

# Who records inspections at all; of them, who sees Xã An's records (the sibling commune does not).
RECORDERS = ("coordinator", "agency_officer", "district_officer", "commune_officer", "sibling_commune", "inspector")
COMMUNE_RECORDERS = ("coordinator", "agency_officer", "district_officer", "commune_officer", "inspector")
PROVINCE_RECORDERS = ("coordinator", "agency_officer")
TEAM_KEEPERS = ("coordinator", "district_officer", "commune_officer", "sibling_commune")
METHOD_NOT_ALLOWED = 405
NO_CONTENT = 204


def build(scene: Scene) -> None:
    w = scene.world
    coordinator = scene.users[Role.COORDINATOR]
    records.catalogue()
    team = records.team(w, coordinator)
    far_team = records.team(w, coordinator, unit=w.other_district)
    karaoke = records.place(w.commune, coordinator)
    far = records.place(w.far_commune, coordinator, name="Nhà nghỉ Xa", kind="guest_house")

    def inspected(place, by):
        inspection = services.inspection_create(
            actor=coordinator, data=records.inspection_input(by, place), attachments=[pdf_upload()]
        )
        violation = services.violation_record(actor=coordinator, inspection=inspection, data=records.violation_input())
        return inspection, violation

    extra = scene.extra
    extra["inspections_team"], extra["inspections_far_team"] = team, far_team
    extra["inspections_place"], extra["inspections_far_place"] = karaoke, far
    extra["inspections_commune"], extra["inspections_commune_violation"] = inspected(karaoke, team)
    extra["inspections_far"], extra["inspections_far_violation"] = inspected(far, far_team)
    extra["inspections_commune_file"] = extra["inspections_commune"].attachments.get()
    extra["inspections_far_file"] = extra["inspections_far"].attachments.get()
    extra["inspections_schedule"] = services.schedule_create(
        actor=coordinator,
        data=services.ScheduleInput(
            team=team,
            title="Kế hoạch kiểm tra năm 2023",
            period_start=date(2023, 1, 1),
            period_end=date(2023, 12, 31),
            visits=[services.VisitInput(establishment=karaoke, planned_on=date(2023, 6, 1))],
        ),
    )
    extra["inspections_far_schedule"] = services.schedule_create(
        actor=coordinator,
        data=services.ScheduleInput(
            team=far_team,
            title="Kế hoạch kiểm tra huyện khác năm 2023",
            period_start=date(2023, 1, 1),
            period_end=date(2023, 12, 31),
            visits=[services.VisitInput(establishment=far, planned_on=date(2023, 6, 1))],
        ),
    )
    # Members who took part in no inspection: removing them succeeds for a keeper.
    extra["inspections_free_member"] = team.members.filter(inspections__isnull=True).first()
    extra["inspections_far_free_member"] = far_team.members.filter(inspections__isnull=True).first()
    extra["inspections_row"] = records.row("nd144-2021-d24-k1")


def at(template: str, name: str):
    return lambda scene: template.format(scene.extra[name].pk)


def member_of(template: str, team: str, member: str):
    return lambda scene: template.format(scene.extra[team].pk, scene.extra[member].pk)


def violation_of(inspection: str, violation: str):
    return lambda scene: f"/api/v1/inspections/{scene.extra[inspection].pk}/violations/{scene.extra[violation].pk}/"


# Reading and writing a record of Xã An (commune) and of Xã Cư (far commune, other district).
COMMUNE_READ = page(OK, sibling_commune=NOT_FOUND)
FAR_READ = page(OK, **each(IN_THE_DISTRICT, NOT_FOUND))
COMMUNE_WRITE = page(FORBIDDEN, **each(COMMUNE_RECORDERS, OK), sibling_commune=NOT_FOUND)
FAR_WRITE = page(FORBIDDEN, **each(PROVINCE_RECORDERS, OK), **each(IN_THE_DISTRICT, NOT_FOUND))
# The API's writes with an empty body: 400 for who may write, 403 for readers, 404 outside the scope.
COMMUNE_API_WRITE = api(FORBIDDEN, **each(COMMUNE_RECORDERS, BAD_REQUEST), sibling_commune=NOT_FOUND)
FAR_API_WRITE = api(FORBIDDEN, **each(PROVINCE_RECORDERS, BAD_REQUEST), **each(IN_THE_DISTRICT, NOT_FOUND))

ENTRIES: list[Entry] = [
    entry("inspections:worklist", "", lambda s: "/inspections/worklist/", GET=page(OK)),
    entry("inspections:inspection_list", "", lambda s: "/inspections/inspections/", GET=page(OK)),
    entry(
        "inspections:inspection_list",
        "far_establishment",
        at("/inspections/inspections/?establishment={}", "inspections_far_place"),
        GET=FAR_READ,
    ),
    entry("inspections:inspection_export", "", lambda s: "/inspections/inspections/export/", GET=page(OK)),
    entry(
        "inspections:inspection_export",
        "commune_establishment",
        at("/inspections/inspections/export/?establishment={}", "inspections_place"),
        GET=COMMUNE_READ,
    ),
    entry(
        "inspections:inspection_export",
        "far_establishment",
        at("/inspections/inspections/export/?establishment={}", "inspections_far_place"),
        GET=FAR_READ,
    ),
    entry(
        "inspections:inspection_create",
        "",
        lambda s: "/inspections/inspections/new/",
        GET=page(FORBIDDEN, **each(RECORDERS, OK)),
        POST=page(FORBIDDEN, **each(RECORDERS, OK)),
    ),
    entry(
        "inspections:inspection_detail",
        "commune",
        at("/inspections/inspections/{}/", "inspections_commune"),
        GET=COMMUNE_READ,
    ),
    entry("inspections:inspection_detail", "far", at("/inspections/inspections/{}/", "inspections_far"), GET=FAR_READ),
    entry(
        "inspections:inspection_edit",
        "commune",
        at("/inspections/inspections/{}/edit/", "inspections_commune"),
        GET=COMMUNE_WRITE,
        POST=COMMUNE_WRITE,
    ),
    entry(
        "inspections:inspection_edit",
        "far",
        at("/inspections/inspections/{}/edit/", "inspections_far"),
        GET=FAR_WRITE,
        POST=FAR_WRITE,
    ),
    entry(
        "inspections:violation_create",
        "commune",
        at("/inspections/inspections/{}/violations/new/", "inspections_commune"),
        GET=COMMUNE_WRITE,
        POST=COMMUNE_WRITE,
    ),
    entry(
        "inspections:violation_create",
        "far",
        at("/inspections/inspections/{}/violations/new/", "inspections_far"),
        GET=FAR_WRITE,
        POST=FAR_WRITE,
    ),
    entry(
        "inspections:violation_edit",
        "commune",
        at("/inspections/violations/{}/edit/", "inspections_commune_violation"),
        GET=COMMUNE_WRITE,
        POST=COMMUNE_WRITE,
    ),
    entry(
        "inspections:violation_edit",
        "far",
        at("/inspections/violations/{}/edit/", "inspections_far_violation"),
        GET=FAR_WRITE,
        POST=FAR_WRITE,
    ),
    entry(
        "inspections:attachment_download",
        "commune",
        at("/inspections/attachments/{}/", "inspections_commune_file"),
        GET=COMMUNE_READ,
    ),
    entry(
        "inspections:attachment_download",
        "far",
        at("/inspections/attachments/{}/", "inspections_far_file"),
        GET=FAR_READ,
    ),
    # Teams and schedules.
    entry("inspections:team_list", "", lambda s: "/inspections/teams/", GET=page(OK)),
    entry(
        "inspections:team_create",
        "",
        lambda s: "/inspections/teams/new/",
        GET=page(FORBIDDEN, **each(TEAM_KEEPERS, OK)),
        POST=page(FORBIDDEN, **each(TEAM_KEEPERS, OK)),
    ),
    entry("inspections:team_detail", "province", at("/inspections/teams/{}/", "inspections_team"), GET=page(OK)),
    entry("inspections:team_detail", "far", at("/inspections/teams/{}/", "inspections_far_team"), GET=FAR_READ),
    entry(
        "inspections:member_add",
        "province",
        at("/inspections/teams/{}/members/new/", "inspections_team"),
        GET=page(FORBIDDEN, coordinator=OK),
        POST=page(FORBIDDEN, coordinator=OK),
    ),
    entry(
        "inspections:member_add",
        "far",
        at("/inspections/teams/{}/members/new/", "inspections_far_team"),
        GET=page(FORBIDDEN, coordinator=OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
        POST=page(FORBIDDEN, coordinator=OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "inspections:member_remove",
        "province",
        member_of("/inspections/teams/{}/members/{}/remove/", "inspections_team", "inspections_free_member"),
        GET=page(METHOD_NOT_ALLOWED),
        POST=page(FORBIDDEN, coordinator=Redirect(r"/inspections/teams/\d+/")),
    ),
    entry(
        "inspections:member_remove",
        "far",
        member_of("/inspections/teams/{}/members/{}/remove/", "inspections_far_team", "inspections_far_free_member"),
        POST=page(FORBIDDEN, coordinator=Redirect(r"/inspections/teams/\d+/"), **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry("inspections:schedule_list", "", lambda s: "/inspections/schedules/", GET=page(OK)),
    entry(
        "inspections:schedule_create",
        "",
        lambda s: "/inspections/schedules/new/",
        GET=page(FORBIDDEN, **each(TEAM_KEEPERS, OK)),
        POST=page(FORBIDDEN, **each(TEAM_KEEPERS, OK)),
    ),
    entry(
        "inspections:schedule_detail",
        "draft",
        at("/inspections/schedules/{}/", "inspections_schedule"),
        GET=page(OK),
    ),
    entry(
        "inspections:schedule_approve",
        "draft",
        at("/inspections/schedules/{}/approve/", "inspections_schedule"),
        POST=page(FORBIDDEN, coordinator=Redirect(r"/inspections/schedules/\d+/")),
    ),
    entry(
        "inspections:schedule_detail",
        "far",
        at("/inspections/schedules/{}/", "inspections_far_schedule"),
        GET=FAR_READ,
    ),
    entry(
        "inspections:schedule_approve",
        "far",
        at("/inspections/schedules/{}/approve/", "inspections_far_schedule"),
        POST=page(FORBIDDEN, coordinator=Redirect(r"/inspections/schedules/\d+/"), **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry("inspections:catalogue", "", lambda s: "/inspections/catalogue/", GET=page(OK)),
    # The API.
    entry("violation-type-list", "", lambda s: "/api/v1/violations/", GET=api(OK), POST=api(METHOD_NOT_ALLOWED)),
    entry("violation-type-detail", "", at("/api/v1/violations/{}/", "inspections_row"), GET=api(OK)),
    entry(
        "inspection-team-list",
        "",
        lambda s: "/api/v1/inspection-teams/",
        GET=api(OK),
        POST=api(FORBIDDEN, **each(TEAM_KEEPERS, BAD_REQUEST)),
    ),
    entry("inspection-team-detail", "province", at("/api/v1/inspection-teams/{}/", "inspections_team"), GET=api(OK)),
    entry(
        "inspection-team-detail",
        "far",
        at("/api/v1/inspection-teams/{}/", "inspections_far_team"),
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "inspection-team-members",
        "province",
        at("/api/v1/inspection-teams/{}/members/", "inspections_team"),
        POST=api(FORBIDDEN, coordinator=BAD_REQUEST),
    ),
    entry(
        "inspection-team-members",
        "far",
        at("/api/v1/inspection-teams/{}/members/", "inspections_far_team"),
        POST=api(FORBIDDEN, coordinator=BAD_REQUEST, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "inspection-team-member",
        "province",
        member_of("/api/v1/inspection-teams/{}/members/{}/", "inspections_team", "inspections_free_member"),
        DELETE=api(FORBIDDEN, coordinator=NO_CONTENT),
    ),
    entry(
        "inspection-team-member",
        "far",
        member_of("/api/v1/inspection-teams/{}/members/{}/", "inspections_far_team", "inspections_far_free_member"),
        DELETE=api(FORBIDDEN, coordinator=NO_CONTENT, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "inspection-schedule-list",
        "",
        lambda s: "/api/v1/inspection-schedules/",
        GET=api(OK),
        POST=api(FORBIDDEN, **each(TEAM_KEEPERS, BAD_REQUEST)),
    ),
    entry(
        "inspection-schedule-detail",
        "province",
        at("/api/v1/inspection-schedules/{}/", "inspections_schedule"),
        GET=api(OK),
    ),
    entry(
        "inspection-schedule-detail",
        "far",
        at("/api/v1/inspection-schedules/{}/", "inspections_far_schedule"),
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "inspection-schedule-approve",
        "province",
        at("/api/v1/inspection-schedules/{}/approve/", "inspections_schedule"),
        POST=api(FORBIDDEN, coordinator=OK),
    ),
    entry(
        "inspection-schedule-approve",
        "far",
        at("/api/v1/inspection-schedules/{}/approve/", "inspections_far_schedule"),
        POST=api(FORBIDDEN, coordinator=OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "inspection-list",
        "",
        lambda s: "/api/v1/inspections/",
        GET=api(OK),
        POST=api(FORBIDDEN, **each(RECORDERS, BAD_REQUEST)),
    ),
    entry(
        "inspection-list",
        "far_establishment",
        at("/api/v1/inspections/?establishment={}", "inspections_far_place"),
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "inspection-detail",
        "commune",
        at("/api/v1/inspections/{}/", "inspections_commune"),
        GET=api(OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "inspection-detail",
        "far",
        at("/api/v1/inspections/{}/", "inspections_far"),
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "inspection-violations",
        "commune",
        at("/api/v1/inspections/{}/violations/", "inspections_commune"),
        GET=api(OK, sibling_commune=NOT_FOUND),
        POST=COMMUNE_API_WRITE,
    ),
    entry(
        "inspection-violations",
        "far",
        at("/api/v1/inspections/{}/violations/", "inspections_far"),
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
        POST=FAR_API_WRITE,
    ),
    entry(
        "inspection-violation",
        "commune",
        violation_of("inspections_commune", "inspections_commune_violation"),
        GET=api(OK, sibling_commune=NOT_FOUND),
        PUT=COMMUNE_API_WRITE,
        PATCH=COMMUNE_API_WRITE,
    ),
    entry(
        "inspection-violation",
        "far",
        violation_of("inspections_far", "inspections_far_violation"),
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
        PUT=FAR_API_WRITE,
        PATCH=FAR_API_WRITE,
    ),
]
