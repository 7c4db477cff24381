"""The support area's case addresses (see tests/matrix/framework.py for the vocabulary).

The records (built in `build`): a case of Xã An registered by the commune's case worker (so assigned to
them), with a photo, services, referral and sharing consents, a need, and a pending referral to a
provider of the police agency (so the agency officer is its receiving side); a case of the far commune
registered by a case worker there. The coordinator persona holds `support.view_identity`,
`support.override_consent` and `support.export_identity`: it works on the cases of the province.

Who gets what (docs/support.md, docs/permissions.md): case workers, coordinators, district and commune
officers and viewers open the cases of their scope (403 for roles that open none, 404 outside the scope
or, for a peer educator, for a case they did not register); the case's workers change it; the
receiving side acts on the referral. Service providers: everybody reads them; the coordinator (whose
scope, the province, holds the provider) creates, edits and deactivates them.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import Permission

from lanhmanh.accounts.models import Role
from lanhmanh.core.testing import make_user
from lanhmanh.support import services
from lanhmanh.support.models import (
    AgeGroup,
    CaseKind,
    ConsentMethod,
    ConsentPurpose,
    ContactChannel,
    Identity,
    ProviderKind,
    ServiceProvider,
    Sex,
)
from tests.matrix.framework import (
    BAD_REQUEST,
    FORBIDDEN,
    IN_THE_DISTRICT,
    NOT_FOUND,
    OK,
    Redirect,
    Scene,
    api,
    each,
    entry,
    page,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def _register(worker, commune):
    return services.case_register(
        actor=worker,
        data=services.CaseInput(
            kind=CaseKind.SELLS_SEX,
            sex=Sex.FEMALE,
            age_group=AgeGroup.FROM_25_TO_34,
            commune=commune,
            contact_channel=ContactChannel.OUTREACH,
            opened_on=date(2019, 6, 1),
        ),
        identity=Identity(full_name="[Matrix] Người Thử", id_number="MATRIX001"),
        photo=PNG,
        confirmed_duplicate=True,
    )


def build(scene: Scene) -> None:
    world, users = scene.world, scene.users
    worker = users["case_worker"]
    users["coordinator"].user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="support", codename__in=["view_identity", "override_consent", "export_identity"]
        )
    )
    case = _register(worker, world.commune)
    for purpose in (ConsentPurpose.SERVICES, ConsentPurpose.REFERRAL):
        services.consent_record(
            case=case,
            actor=worker,
            purpose=purpose,
            granted=True,
            given_on=date(2019, 6, 1),
            method=ConsentMethod.VERBAL,
        )
    consent = case.consents.first()
    need = services.need_add(case=case, actor=worker, area="job", goal="Việc làm", target_date=None)
    provider = ServiceProvider.objects.create(
        name="Phòng tư vấn Công an tỉnh", kind=ProviderKind.OTHER, unit=world.province, agency=world.police
    )
    referral = services.referral_create(
        case=case, actor=worker, provider=provider, need_area="legal_aid", reason="", referred_on=date(2019, 6, 2)
    )
    far_worker = make_user("far_worker", Role.CASE_WORKER, world.lead, world.far_commune)
    far = _register(far_worker, world.far_commune)
    scene.extra.update(
        support_case=case,
        support_far=far,
        support_consent=consent,
        support_need=need,
        support_referral=referral,
        support_provider=provider,
    )


def _at(template: str, *names: str):
    return lambda s: template.format(*(s.extra[f"support_{name}"].pk for name in names))


READERS = ("coordinator", "district_officer", "commune_officer", "sibling_commune", "case_worker", "viewer")
# Roles that open no case at all: 403 on every case page.
NO_CASES = {"admin": FORBIDDEN, "district_admin": FORBIDDEN, "agency_officer": FORBIDDEN, "inspector": FORBIDDEN}
# On Xã An's case: the sibling commune's officer and the peer educator (who did not register it) get 404.
NOT_THEIRS = {"sibling_commune": NOT_FOUND, "peer_educator": NOT_FOUND}
WORKERS = {"case_worker": OK, "coordinator": OK}


def case_page(workers: dict, readers_get=FORBIDDEN) -> dict:
    """A write page of Xã An's case: its workers in, readers 403, others per NO_CASES / NOT_THEIRS."""
    return page(readers_get, **{**NO_CASES, **NOT_THEIRS, **workers})


def far_page(default, **roles) -> dict:
    """The far commune's case: 404 to everybody inside the district, 403 first to roles opening no case."""
    return page(default, **{**each(IN_THE_DISTRICT, NOT_FOUND), **NO_CASES, **roles})


CASE_API_READ = api(
    NOT_FOUND, **each(("coordinator", "district_officer", "commune_officer", "case_worker", "viewer"), OK)
)
CASE_API_WRITE = api(
    NOT_FOUND,
    coordinator=BAD_REQUEST,
    case_worker=BAD_REQUEST,
    district_officer=FORBIDDEN,
    commune_officer=FORBIDDEN,
    viewer=FORBIDDEN,
)
TO_THE_REFERRAL = Redirect(r"/support/referrals/\d+/")
TO_THE_PROVIDERS = Redirect(r"/support/providers/")
COORDINATOR_ONLY = page(FORBIDDEN, coordinator=OK)

ENTRIES = [
    # Lists and search: the roles that open cases.
    entry(
        "support:case_list",
        "",
        lambda s: "/support/",
        GET=page(OK, **NO_CASES),
    ),
    entry(
        "support:case_search",
        "",
        lambda s: "/support/search/",
        GET=page(FORBIDDEN, **WORKERS),
        POST=page(FORBIDDEN, **WORKERS),
    ),
    entry(
        "support:case_register",
        "",
        lambda s: "/support/new/",
        GET=page(FORBIDDEN, case_worker=OK, peer_educator=OK),
        POST=page(FORBIDDEN, case_worker=OK, peer_educator=OK),
    ),
    entry(
        "support:case_export",
        "",
        lambda s: "/support/export/",
        GET=page(FORBIDDEN, **WORKERS),
        POST=page(FORBIDDEN, **WORKERS),
    ),
    # One case.
    entry(
        "support:case_detail",
        "ours",
        _at("/support/{}/", "case"),
        GET=page(OK, **{**NO_CASES, **NOT_THEIRS}),
    ),
    entry(
        "support:case_detail",
        "far_commune",
        _at("/support/{}/", "far"),
        GET=far_page(FORBIDDEN, coordinator=OK, viewer=OK),
    ),
    entry(
        "support:case_photo",
        "ours",
        _at("/support/{}/photo/", "case"),
        # Readers without identity access: the photo does not exist for them.
        GET=case_page(WORKERS, readers_get=NOT_FOUND),
    ),
    entry(
        "support:case_edit",
        "ours",
        _at("/support/{}/edit/", "case"),
        GET=case_page(WORKERS),
        POST=case_page(WORKERS),
    ),
    entry(
        "support:case_edit",
        "far_commune",
        _at("/support/{}/edit/", "far"),
        GET=far_page(FORBIDDEN, coordinator=OK),
    ),
    entry(
        "support:case_assign",
        "ours",
        _at("/support/{}/assign/", "case"),
        GET=case_page({"coordinator": OK}),
        POST=case_page({"coordinator": OK}),
    ),
    entry(
        "support:case_status",
        "ours",
        _at("/support/{}/status/", "case"),
        GET=case_page(WORKERS),
        POST=case_page(WORKERS),
    ),
    entry(
        "support:consent_add",
        "ours",
        _at("/support/{}/consents/new/", "case"),
        GET=case_page(WORKERS),
        POST=case_page(WORKERS),
    ),
    entry(
        "support:consent_withdraw",
        "ours",
        _at("/support/{}/consents/{}/withdraw/", "case", "consent"),
        GET=case_page(WORKERS),
        POST=case_page(WORKERS),
    ),
    entry(
        "support:consent_override",
        "ours",
        _at("/support/{}/consents/override/", "case"),
        # Only the coordinator holds support.override_consent here.
        GET=case_page({"coordinator": OK}),
        POST=case_page({"coordinator": OK}),
    ),
    entry(
        "support:need_add",
        "ours",
        _at("/support/{}/needs/new/", "case"),
        GET=case_page(WORKERS),
        POST=case_page(WORKERS),
    ),
    entry(
        "support:need_status",
        "ours",
        _at("/support/{}/needs/{}/status/", "case", "need"),
        GET=case_page(WORKERS),
        POST=case_page(WORKERS),
    ),
    entry(
        "support:service_add",
        "ours",
        _at("/support/{}/services/new/", "case"),
        GET=case_page(WORKERS),
        POST=case_page(WORKERS),
    ),
    entry(
        "support:referral_add",
        "ours",
        _at("/support/{}/referrals/new/", "case"),
        GET=case_page(WORKERS),
        POST=case_page(WORKERS),
    ),
    entry(
        "support:follow_up_add",
        "ours",
        _at("/support/{}/follow-ups/new/", "case"),
        GET=case_page(WORKERS),
        POST=case_page(WORKERS),
    ),
    entry(
        "support:follow_up_add",
        "far_commune",
        _at("/support/{}/follow-ups/new/", "far"),
        POST=far_page(FORBIDDEN, coordinator=OK),
    ),
    # Referrals: the case's readers and the receiving side (the police agency's officer).
    entry("support:referral_list", "", lambda s: "/support/referrals/", GET=page(OK)),
    entry(
        "support:referral_detail",
        "ours",
        _at("/support/referrals/{}/", "referral"),
        GET=page(
            NOT_FOUND,
            **each(("coordinator", "district_officer", "commune_officer", "case_worker", "viewer"), OK),
            agency_officer=OK,
        ),
    ),
    entry(
        "support:referral_act",
        "accept",
        lambda s: f"/support/referrals/{s.extra['support_referral'].pk}/accept/",
        POST=page(
            NOT_FOUND,
            **each(("coordinator", "district_officer", "commune_officer", "case_worker", "viewer"), FORBIDDEN),
            agency_officer=TO_THE_REFERRAL,
        ),
    ),
    # Service providers: read by everybody, managed by the coordinator (an empty form: 200 with errors).
    entry("support:provider_list", "", lambda s: "/support/providers/", GET=page(OK)),
    entry(
        "support:provider_create", "", lambda s: "/support/providers/new/", GET=COORDINATOR_ONLY, POST=COORDINATOR_ONLY
    ),
    entry(
        "support:provider_edit",
        "",
        _at("/support/providers/{}/edit/", "provider"),
        GET=COORDINATOR_ONLY,
        POST=COORDINATOR_ONLY,
    ),
    entry(
        "support:provider_deactivate",
        "",
        _at("/support/providers/{}/deactivate/", "provider"),
        GET=COORDINATOR_ONLY,
        POST=page(FORBIDDEN, coordinator=TO_THE_PROVIDERS),
    ),
    # The API.
    entry(
        "support-case-list",
        "",
        lambda s: "/api/v1/support/cases/",
        GET=api(FORBIDDEN, **each(READERS, OK), peer_educator=OK),
        POST=api(FORBIDDEN, case_worker=BAD_REQUEST, peer_educator=BAD_REQUEST),
    ),
    # PATCH (identity edits) with an empty body: `version` missing, 400 for the case's workers.
    entry(
        "support-case-detail", "ours", _at("/api/v1/support/cases/{}/", "case"), GET=CASE_API_READ, PATCH=CASE_API_WRITE
    ),
    entry(
        "support-case-detail",
        "far_commune",
        _at("/api/v1/support/cases/{}/", "far"),
        GET=api(NOT_FOUND, coordinator=OK, viewer=OK),
        PATCH=api(NOT_FOUND, coordinator=BAD_REQUEST, viewer=FORBIDDEN),
    ),
    *(
        entry(
            f"support-case-{name}",
            "ours",
            _at(f"/api/v1/support/cases/{{}}/{path}/", "case"),
            GET=CASE_API_READ,
            POST=CASE_API_WRITE,
        )
        for name, path in (
            ("consents", "consents"),
            ("needs", "needs"),
            ("services", "services"),
            ("follow-ups", "follow-ups"),
            ("referrals", "referrals"),
            ("status-history", "status"),
        )
    ),
    entry("support-referral-list", "", lambda s: "/api/v1/support/referrals/", GET=api(OK)),
    entry(
        "support-referral-detail",
        "ours",
        _at("/api/v1/support/referrals/{}/", "referral"),
        GET=api(
            NOT_FOUND,
            **each(("coordinator", "district_officer", "commune_officer", "case_worker", "viewer"), OK),
            agency_officer=OK,
        ),
    ),
    *(
        entry(
            f"support-referral-{name}",
            "pending",
            _at(f"/api/v1/support/referrals/{{}}/{name}/", "referral"),
            POST=api(
                NOT_FOUND,
                **each(("district_officer", "commune_officer", "viewer"), FORBIDDEN),
                **answers,
            ),
        )
        for name, answers in (
            ("accept", {"agency_officer": OK, "case_worker": FORBIDDEN, "coordinator": FORBIDDEN}),
            # A rejection needs a note: the empty body is refused by the receiving side's rule.
            ("reject", {"agency_officer": BAD_REQUEST, "case_worker": FORBIDDEN, "coordinator": FORBIDDEN}),
            # Nothing pending can be marked done, by either side.
            ("done", {"agency_officer": BAD_REQUEST, "case_worker": BAD_REQUEST, "coordinator": BAD_REQUEST}),
            ("revoke", {"agency_officer": FORBIDDEN, "case_worker": OK, "coordinator": OK}),
        )
    ),
    # Providers: an empty POST lacks the name (400 for the coordinator); an empty PATCH changes nothing.
    entry(
        "support-provider-list",
        "",
        lambda s: "/api/v1/support/providers/",
        GET=api(OK),
        POST=api(FORBIDDEN, coordinator=BAD_REQUEST),
    ),
    entry(
        "support-provider-detail",
        "",
        _at("/api/v1/support/providers/{}/", "provider"),
        GET=api(OK),
        PATCH=api(FORBIDDEN, coordinator=OK),
    ),
]
