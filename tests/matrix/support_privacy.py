"""The support area's statistics, access-log and data-subject-request addresses, and the records
the privacy tests share (`supported_person`, `auditor`).

Who gets what (docs/privacy.md): everybody with a scope reads statistics (suppressed without case
access); only holders of `support.audit_access` (never administrators) read the access log; users who
work on a case handle its data-subject requests.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import Permission

from lanhmanh.accounts.models import Role, User
from lanhmanh.core.testing import World, make_user
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.support import services, subject_requests
from lanhmanh.support.models import (
    CaseKind,
    ConsentMethod,
    ConsentPurpose,
    ContactChannel,
    Identity,
    ServiceKind,
    Sex,
    SubjectRequestKind,
)
from tests.matrix.framework import (
    BAD_REQUEST,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    Scene,
    api,
    each,
    entry,
    page,
)

# Records -------------------------------------------------------------------------------------------


def grant(user: User, *codenames: str) -> User:
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="support", codename__in=codenames))
    # Django caches permissions on the instance.
    return User.objects.get(pk=user.pk)


def province_worker(world: World) -> User:
    """A case worker of the whole province, to register people in any commune."""
    found = User.objects.filter(username="province_worker").first()
    return found or make_user("province_worker", Role.CASE_WORKER, world.lead, world.province)


def supported_person(
    world: World,
    worker: User,
    *,
    commune: AdministrativeUnit | None = None,
    kind: str = CaseKind.SELLS_SEX,
    statistics: str | None = "granted",
    services_received: tuple[tuple[str, date], ...] = ((ServiceKind.COUNSELLING, date(2019, 5, 2)),),
    full_name: str = "",
    id_number: str = "",
    birth_date: date | None = None,
    opened_on: date = date(2019, 3, 1),
):
    """A case registered through the services, with services consent, the statistics answer asked
    ("granted", "refused", "withdrawn" or None: never asked) and the services received."""
    case = services.case_register(
        actor=worker,
        data=services.CaseInput(
            kind=kind,
            sex=Sex.FEMALE,
            age_group="25_34",
            commune=commune or world.commune,
            contact_channel=ContactChannel.OUTREACH,
            opened_on=opened_on,
        ),
        identity=Identity(full_name=full_name, id_number=id_number, birth_date=birth_date),
        confirmed_duplicate=True,
    )
    services.consent_record(
        case=case,
        actor=worker,
        purpose=ConsentPurpose.SERVICES,
        granted=True,
        given_on=opened_on,
        method=ConsentMethod.WRITTEN,
    )
    if statistics is not None:
        consent = services.consent_record(
            case=case,
            actor=worker,
            purpose=ConsentPurpose.STATISTICS,
            granted=statistics != "refused",
            given_on=opened_on,
            method=ConsentMethod.WRITTEN,
        )
        if statistics == "withdrawn":
            services.consent_withdraw(consent=consent, actor=worker, withdrawn_on=date(2019, 6, 1), note="")
    for service_kind, day in services_received:
        services.service_record(case=case, actor=worker, kind=service_kind, date=day, provider=None, outcome="")
    case.refresh_from_db()
    return case


def auditor(world: World) -> User:
    found = User.objects.filter(username="auditor").first()
    if found is not None:
        return found
    return grant(make_user("auditor", Role.COORDINATOR, world.lead, world.province), "audit_access")


# The matrix ----------------------------------------------------------------------------------------


def build(scene: Scene) -> None:
    world, users = scene.world, scene.users
    worker = users["case_worker"]
    case = supported_person(world, worker)
    far = supported_person(world, province_worker(world), commune=world.far_commune)
    request = subject_requests.request_open(
        actor=worker, case=case, kind=SubjectRequestKind.ACCESS, received_on=date(2019, 7, 1)
    )
    far_request = subject_requests.request_open(
        actor=province_worker(world), case=far, kind=SubjectRequestKind.ACCESS, received_on=date(2019, 7, 1)
    )
    # The coordinator audits the access log.
    users["coordinator"].user_permissions.add(
        *Permission.objects.filter(content_type__app_label="support", codename="audit_access")
    )
    scene.extra.update(
        support_privacy_case=case,
        support_privacy_request=request,
        support_privacy_far_request=far_request,
    )


def at(template: str, name: str):
    return lambda s: template.format(s.extra[f"support_privacy_{name}"].pk)


# The case worker of Xã An (assigned to the case) and the coordinator (given support.view_identity by
# tests/matrix/support.py) handle its requests; the far commune's, only the coordinator.
HANDLERS = ("case_worker", "coordinator")
# Open the pseudonymous case but do not work on it: 403 on its request form.
CASE_READERS = ("district_officer", "commune_officer", "viewer")

ENTRIES = [
    # Statistics: everybody with a scope.
    entry("support:statistics", "", lambda s: "/support/statistics/", GET=page(OK)),
    entry("support:statistics_export", "", lambda s: "/support/statistics/export/", GET=page(OK)),
    # The access log: auditors only (the coordinator holds support.audit_access here; admins never).
    entry("support:access_log_user", "", lambda s: "/support/access-log/user/", GET=page(FORBIDDEN, coordinator=OK)),
    entry(
        "support:access_log_case",
        "",
        lambda s: "/support/access-log/case/",
        GET=page(FORBIDDEN, coordinator=OK),
        POST=page(FORBIDDEN, coordinator=OK),
    ),
    # Data-subject requests: whoever sees identities lists theirs; a request opens to its case's workers.
    entry(
        "support:subject_request_list",
        "",
        lambda s: "/support/subject-requests/",
        GET=page(FORBIDDEN, **each(HANDLERS, OK)),
    ),
    entry(
        "support:subject_request_create",
        "ours",
        at("/support/{}/subject-requests/new/", "case"),
        GET=page(NOT_FOUND, **each(HANDLERS, OK), **each(CASE_READERS, FORBIDDEN)),
        POST=page(NOT_FOUND, **each(HANDLERS, OK), **each(CASE_READERS, FORBIDDEN)),
    ),
    entry(
        "support:subject_request_detail",
        "ours",
        at("/support/subject-requests/{}/", "request"),
        GET=page(NOT_FOUND, **each(HANDLERS, OK)),
        POST=page(NOT_FOUND, **each(HANDLERS, OK)),
    ),
    entry(
        "support:subject_request_detail",
        "far",
        at("/support/subject-requests/{}/", "far_request"),
        GET=page(NOT_FOUND, coordinator=OK),
    ),
    # The API.
    entry("support-statistics", "", lambda s: "/api/v1/support/statistics/", GET=api(OK)),
    entry(
        "support-access-log",
        "",
        lambda s: "/api/v1/support/access-log/",
        POST=api(FORBIDDEN, coordinator=BAD_REQUEST),
    ),
    entry(
        "support-subject-requests",
        "",
        lambda s: "/api/v1/support/subject-requests/",
        GET=api(FORBIDDEN, **each(HANDLERS, OK)),
        POST=api(FORBIDDEN, **each(HANDLERS, BAD_REQUEST)),
    ),
    entry(
        "support-subject-request-export",
        "ours",
        at("/api/v1/support/subject-requests/{}/export/", "request"),
        POST=api(NOT_FOUND, **each(HANDLERS, BAD_REQUEST)),
    ),
    entry(
        "support-subject-request-rectify",
        "ours",
        at("/api/v1/support/subject-requests/{}/rectify/", "request"),
        POST=api(NOT_FOUND, **each(HANDLERS, BAD_REQUEST)),
    ),
    entry(
        "support-subject-request-erase",
        "ours",
        at("/api/v1/support/subject-requests/{}/erase/", "request"),
        POST=api(NOT_FOUND, **each(HANDLERS, BAD_REQUEST)),
    ),
]
