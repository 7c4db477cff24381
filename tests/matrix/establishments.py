"""The establishments registry's addresses (see tests/matrix/framework.py for the vocabulary).

The records (built in `build`): a hotel in Xã An (the commune officer's and the inspector's commune)
with a current flag, and a guest house in Xã Cư (the other district) with a flag. Writers are the
commune officer, the inspector, the district officer, the coordinator and the police focal point
(agency_officer), each in their own scope; everybody else reads in scope. A commune officer reaching
for the sibling commune's establishment by id gets 404 from the page, the API and its actions;
the export is the list, always scoped (its content is checked in establishments/tests/test_views.py).
"""

from __future__ import annotations

from datetime import date

from lanhmanh.establishments import services
from tests.matrix.framework import (
    BAD_REQUEST,
    FORBIDDEN,
    IN_THE_DISTRICT,
    NOT_FOUND,
    OK,
    Scene,
    api,
    each,
    entry,
    page,
)

# Whoever keeps the register, for an address without a record (their own scope decides where).
WRITERS = ("coordinator", "agency_officer", "district_officer", "commune_officer", "sibling_commune", "inspector")
# Whoever may change Xã An's establishment (the sibling commune's officer does not see it: 404).
AN_WRITERS = ("coordinator", "agency_officer", "district_officer", "commune_officer", "inspector")
# Whoever may change Xã Cư's (province-wide writers); everybody in the first district gets 404.
FAR_WRITERS = ("coordinator", "agency_officer")


def build(scene: Scene) -> None:
    world, users = scene.world, scene.users
    officer = users["commune_officer"]
    hotel = services.establishment_create(
        actor=officer,
        data=services.EstablishmentInput(name="Khách sạn Hòa Bình", kind="hotel", address="1 A", commune=world.commune),
    )
    far = services.establishment_create(
        actor=users["coordinator"],
        data=services.EstablishmentInput(
            name="Nhà nghỉ Xa", kind="guest_house", address="2 B", commune=world.far_commune
        ),
    )
    flags = {}
    for name, est, actor in (("hotel", hotel, officer), ("far", far, users["coordinator"])):
        flags[name] = services.flag_record(
            establishment=est, actor=actor, noted_on=date(2019, 5, 3), source="police", description="Dấu hiệu"
        )
    scene.extra.update(
        establishments_hotel=hotel,
        establishments_far=far,
        establishments_hotel_flag=flags["hotel"],
        establishments_far_flag=flags["far"],
    )


def at(template: str, name: str):
    return lambda s: template.format(s.extra[name].pk)


def write_page(template: str, name: str, methods: tuple[str, ...] = ("GET", "POST")) -> list:
    """A page that changes Xã An's record, and the same page for Xã Cư's."""
    an = page(FORBIDDEN, **each(AN_WRITERS, OK), sibling_commune=NOT_FOUND)
    far = page(FORBIDDEN, **each(FAR_WRITERS, OK), **each(IN_THE_DISTRICT, NOT_FOUND))
    url_name = "establishments:" + name
    return [
        entry(url_name, "hotel", at(template, _record(template, "hotel")), **dict.fromkeys(methods, an)),
        entry(url_name, "far", at(template, _record(template, "far")), **dict.fromkeys(methods, far)),
    ]


def _record(template: str, which: str) -> str:
    return (
        f"establishments_{which}_flag" if template.startswith("/establishments/flags/") else f"establishments_{which}"
    )


def write_api(name: str, template: str, *, get: bool) -> list:
    an = api(FORBIDDEN, **each(AN_WRITERS, BAD_REQUEST), sibling_commune=NOT_FOUND)
    far = api(FORBIDDEN, **each(FAR_WRITERS, BAD_REQUEST), **each(IN_THE_DISTRICT, NOT_FOUND))
    reads = {
        "hotel": api(OK, sibling_commune=NOT_FOUND),
        "far": api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    }
    entries = []
    for which, writes in (("hotel", an), ("far", far)):
        answers = {"POST": writes, **({"GET": reads[which]} if get else {})}
        entries.append(entry(name, which, at(template, f"establishments_{which}"), **answers))
    return entries


ENTRIES = [
    # Reading: everybody reads the establishments of their scope; the export is the same list.
    entry("establishments:establishment_list", "", lambda s: "/establishments/", GET=page(OK)),
    entry("establishments:establishment_export", "", lambda s: "/establishments/export/", GET=page(OK)),
    entry(
        "establishments:establishment_detail",
        "hotel",
        at("/establishments/{}/", "establishments_hotel"),
        GET=page(OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "establishments:establishment_detail",
        "far",
        at("/establishments/{}/", "establishments_far"),
        GET=page(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    # Keeping the register: writers only, before any form is shown.
    entry(
        "establishments:establishment_template",
        "",
        lambda s: "/establishments/template/",
        GET=page(FORBIDDEN, **each(WRITERS, OK)),
    ),
    entry(
        "establishments:establishment_create",
        "",
        lambda s: "/establishments/new/",
        GET=page(FORBIDDEN, **each(WRITERS, OK)),
        POST=page(FORBIDDEN, **each(WRITERS, OK)),
    ),
    entry(
        "establishments:establishment_import",
        "",
        lambda s: "/establishments/import/",
        GET=page(FORBIDDEN, **each(WRITERS, OK)),
        POST=page(FORBIDDEN, **each(WRITERS, OK)),
    ),
    entry(
        "establishments:establishment_import_confirm",
        "",
        lambda s: "/establishments/import/confirm/",
        POST=page(FORBIDDEN, **each(WRITERS, OK)),
    ),
    *write_page("/establishments/{}/edit/", "establishment_edit"),
    *write_page("/establishments/{}/status/", "establishment_status"),
    *write_page("/establishments/{}/commitments/new/", "commitment_create"),
    *write_page("/establishments/{}/labour-registrations/new/", "labour_registration_create"),
    *write_page("/establishments/{}/flags/new/", "flag_create"),
    *write_page("/establishments/flags/{}/clear/", "flag_clear"),
    # The API: the same doors. Writers allowed in send an empty body and get 400 naming the fields.
    entry(
        "establishment-list",
        "",
        lambda s: "/api/v1/establishments/",
        GET=api(OK),
        POST=api(FORBIDDEN, **each(WRITERS, BAD_REQUEST)),
    ),
    entry(
        "establishment-detail",
        "hotel",
        at("/api/v1/establishments/{}/", "establishments_hotel"),
        GET=api(OK, sibling_commune=NOT_FOUND),
        PUT=api(FORBIDDEN, **each(AN_WRITERS, BAD_REQUEST), sibling_commune=NOT_FOUND),
    ),
    entry(
        "establishment-detail",
        "far",
        at("/api/v1/establishments/{}/", "establishments_far"),
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
        PUT=api(FORBIDDEN, **each(FAR_WRITERS, BAD_REQUEST), **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    *write_api("establishment-set-status", "/api/v1/establishments/{}/status/", get=False),
    *write_api("establishment-commitments", "/api/v1/establishments/{}/commitments/", get=True),
    *write_api("establishment-labour-registrations", "/api/v1/establishments/{}/labour-registrations/", get=True),
    *write_api("establishment-flags", "/api/v1/establishments/{}/flags/", get=True),
    *write_api("establishment-clear-flag", "/api/v1/establishments/{}/clear-flag/", get=False),
]
