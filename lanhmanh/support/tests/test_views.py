"""The case pages: field-level identity, no-store, access log, identifying data never in URLs."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lanhmanh.accounts.models import Role
from lanhmanh.support import services
from lanhmanh.support.models import AccessLog, Case, ReferralStatus
from lanhmanh.support.tests.helpers import (
    SENTINEL_ID,
    SENTINEL_NAME,
    SENTINEL_NOTE,
    SENTINELS,
    consent,
    identity,
    register,
)

PAGE_PERSONAS = [
    "admin",
    "coordinator",
    "agency_officer",
    "district_officer",
    "commune_officer",
    "sibling_commune",
    "inspector",
    "case_worker",
    "peer_educator",
    "viewer",
]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def rich_case(case, worker, clinic):
    consent(case, worker, "services")
    consent(case, worker, "referral")
    services.follow_up_add(case=case, actor=worker, date=case.opened_on, notes=SENTINEL_NOTE + " follow")
    services.service_record(
        case=case,
        actor=worker,
        kind="counselling",
        date=case.opened_on,
        provider=clinic,
        outcome=SENTINEL_NOTE + " outcome",
    )
    services.referral_create(
        case=case,
        actor=worker,
        provider=clinic,
        need_area="health",
        reason=SENTINEL_NOTE + " reason",
        referred_on=case.opened_on,
    )
    return case


@pytest.mark.parametrize("persona", PAGE_PERSONAS)
def test_the_case_page_shows_identity_only_to_whom_the_rule_allows(personas, rich_case, persona):
    response = client_for(personas[persona]).get(f"/support/{rich_case.pk}/")
    # Roles that open no case get 403 on every case page; a peer sees only their own cases and a
    # sibling commune's officer has the case outside their scope: 404.
    refused = {"admin": 403, "agency_officer": 403, "inspector": 403, "sibling_commune": 404, "peer_educator": 404}
    assert response.status_code == refused.get(persona, 200)
    if response.status_code == 200:
        assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    if persona == "case_worker":
        assert SENTINEL_NAME in body and SENTINEL_ID in body and SENTINEL_NOTE in body
    else:
        assert not any(s in body for s in SENTINELS), persona


def test_the_supervising_coordinator_sees_the_identity(supervisor, rich_case):
    body = client_for(supervisor).get(f"/support/{rich_case.pk}/").content.decode()
    assert SENTINEL_NAME in body and SENTINEL_NOTE in body


@pytest.mark.parametrize("persona", ["coordinator", "viewer", "district_officer", "commune_officer"])
def test_the_list_is_pseudonymous_for_roles_without_case_access(personas, rich_case, persona):
    response = client_for(personas[persona]).get("/support/")
    assert response.status_code == 200
    body = response.content.decode()
    assert rich_case.case_code in body
    assert not any(s in body for s in SENTINELS)


def test_the_list_shows_names_to_the_case_worker_and_logs_each(worker, rich_case):
    before = AccessLog.objects.count()
    body = client_for(worker).get("/support/").content.decode()
    assert SENTINEL_NAME in body
    log = AccessLog.objects.order_by("-pk").first()
    assert AccessLog.objects.count() == before + 1
    assert (log.case_id, log.action, log.fields) == (rich_case.pk, "view", ["full_name"])


def test_the_list_costs_the_same_queries_for_3_and_30_cases(world, worker):
    client = client_for(worker)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/support/").status_code == 200
        return len(ctx)

    for n in range(3):
        register(worker, world.commune, who=identity(name=f"Người {n}", id_number=f"A{n}"))
    three = count()
    for n in range(3, 25):
        register(worker, world.commune, who=identity(name=f"Người {n}", id_number=f"A{n}"))
    assert count() == three


def test_each_view_writes_exactly_one_access_log_row(worker, rich_case):
    client = client_for(worker)
    before = AccessLog.objects.count()
    client.get(f"/support/{rich_case.pk}/")
    rows = list(AccessLog.objects.order_by("-pk")[: AccessLog.objects.count() - before])
    assert len(rows) == 1
    assert rows[0].action == "view" and rows[0].case_code == rich_case.case_code
    assert {"full_name", "id_number", "follow_up_notes"} <= set(rows[0].fields)
    assert rows[0].ip == "127.0.0.1"


def test_search_goes_by_post_and_finds_by_id_number_or_name_and_year(worker, rich_case):
    client = client_for(worker)
    assert client.get("/support/search/").status_code == 200
    response = client.post("/support/search/", {"id_number": SENTINEL_ID.lower()})
    assert rich_case.case_code in response.content.decode()
    response = client.post("/support/search/", {"full_name": "zyxw sentinel quynh", "birth_year": 1995})
    assert rich_case.case_code in response.content.decode()
    response = client.post("/support/search/", {"full_name": SENTINEL_NAME, "birth_year": 1996})
    assert rich_case.case_code not in response.content.decode()
    assert AccessLog.objects.filter(action="search").count() == 3


def test_search_does_not_find_a_case_the_user_may_not_see(other_worker, rich_case):
    response = client_for(other_worker).post("/support/search/", {"id_number": SENTINEL_ID})
    assert rich_case.case_code not in response.content.decode()


def test_registering_by_page_warns_of_a_duplicate_without_revealing_it(world, rich_case, other_worker):
    client = client_for(other_worker)
    data = {
        "kind": "sells_sex",
        "sex": "female",
        "age_group": "25_34",
        "commune": world.commune.pk,
        "contact_channel": "outreach",
        "opened_on": "2019-07-01",
        "full_name": "Someone Else",
        "id_number": SENTINEL_ID,
    }
    response = client.post("/support/new/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "liên hệ điều phối viên" in body
    assert rich_case.case_code not in body and f"/support/{rich_case.pk}/" not in body
    assert Case.objects.count() == 1
    response = client.post("/support/new/", {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert Case.objects.count() == 2


def test_registering_by_page_links_a_duplicate_the_user_may_see(world, worker, rich_case):
    data = {
        "kind": "sells_sex",
        "sex": "female",
        "age_group": "25_34",
        "commune": world.commune.pk,
        "contact_channel": "outreach",
        "opened_on": "2019-07-01",
        "full_name": SENTINEL_NAME,
        "birth_date": "1995-01-01",
    }
    body = client_for(worker).post("/support/new/", data).content.decode()
    assert f"/support/{rich_case.pk}/" in body


def test_export_needs_a_reason_and_logs_each_case(worker, rich_case):
    client = client_for(worker)
    assert client.post("/support/export/", {"reason": ""}).status_code == 200
    response = client.post("/support/export/", {"reason": "Báo cáo cho tòa án"})
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    assert SENTINEL_NAME in response.content.decode()
    row = AccessLog.objects.get(action="export")
    assert row.case_id == rich_case.pk and row.note == "Báo cáo cho tòa án" and "id_number" in row.fields


@pytest.mark.parametrize("persona", ["coordinator", "viewer", "admin", "peer_educator"])
def test_export_is_refused_to_roles_without_case_access(personas, rich_case, persona):
    assert client_for(personas[persona]).post("/support/export/", {"reason": "x"}).status_code == 403


def test_the_receiving_side_sees_identity_only_with_sharing_consent(world, worker, rich_case, nurse, health):
    referral = rich_case.referrals.get()
    client = client_for(nurse)
    body = client.get(f"/support/referrals/{referral.pk}/").content.decode()
    assert rich_case.case_code in body and not any(s in body for s in SENTINELS)
    consent(rich_case, worker, "share_agency", agency=health)
    body = client.get(f"/support/referrals/{referral.pk}/").content.decode()
    assert SENTINEL_NAME in body and SENTINEL_NOTE in body
    response = client.post(f"/support/referrals/{referral.pk}/accept/", {"note": ""})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_every_link_on_the_case_pages_is_free_of_identifying_data(worker, supervisor, rich_case):
    client = client_for(worker)
    pages = [
        "/support/",
        f"/support/{rich_case.pk}/",
        "/support/referrals/",
        "/support/search/",
        "/support/new/",
        f"/support/referrals/{rich_case.referrals.get().pk}/",
        f"/support/{rich_case.pk}/edit/",
    ]
    for url in pages:
        body = client.get(url).content.decode()
        for link in re.findall(r'(?:href|action|src|hx-get|formaction)="([^"]*)"', body):
            assert not any(s.lower() in link.lower() for s in SENTINELS), (url, link)


def test_identity_edit_is_versioned_and_logs_field_names_only(worker, rich_case):
    from lanhmanh.core.models import AuditEntry

    client = client_for(worker)
    data = {
        "kind": rich_case.kind,
        "sex": rich_case.sex,
        "age_group": rich_case.age_group,
        "commune": rich_case.commune_id,
        "contact_channel": rich_case.contact_channel,
        "opened_on": "2019-06-01",
        "full_name": "Tên Mới Sentinel",
        "id_number": SENTINEL_ID,
        "phone": "",
        "address": "",
        "notes": "",
        "version": rich_case.version,
    }
    assert client.post(f"/support/{rich_case.pk}/edit/", data).status_code == 302
    stale = client.post(f"/support/{rich_case.pk}/edit/", data)
    assert "người khác sửa" in stale.content.decode()
    entry = AuditEntry.objects.filter(verb="support.case.updated").get()
    assert "full_name" in entry.changes["identity_fields"]
    assert "Sentinel" not in str(entry.changes) and SENTINEL_ID not in str(entry.changes)
    assert Case.objects.get(pk=rich_case.pk).identity().full_name == "Tên Mới Sentinel"


def test_status_close_and_reopen_with_reason(worker, rich_case):
    client = client_for(worker)
    assert client.post(f"/support/{rich_case.pk}/status/", {"status": "closed", "reason": ""}).status_code == 200
    assert (
        client.post(f"/support/{rich_case.pk}/status/", {"status": "closed", "reason": "Đã ổn định"}).status_code == 302
    )
    rich_case.refresh_from_db()
    assert rich_case.status == "closed" and rich_case.closed_on is not None
    assert (
        client.post(f"/support/{rich_case.pk}/status/", {"status": "active", "reason": "Quay lại"}).status_code == 302
    )
    rich_case.refresh_from_db()
    assert rich_case.closed_on is None
    assert [c.to_status for c in rich_case.status_changes.all()] == ["open", "closed", "active"]


def test_a_peer_educator_registers_then_sees_only_the_code(world, personas):
    peer = personas[Role.PEER_EDUCATOR]
    client = client_for(peer)
    data = {
        "kind": "at_risk",
        "sex": "female",
        "age_group": "18_24",
        "commune": world.commune.pk,
        "contact_channel": "peer_referral",
        "opened_on": "2019-07-01",
        "full_name": SENTINEL_NAME,
    }
    assert client.post("/support/new/", data).status_code == 302
    case = Case.objects.get()
    body = client.get("/support/").content.decode()
    assert case.case_code in body and SENTINEL_NAME not in body
    body = client.get(f"/support/{case.pk}/").content.decode()
    assert SENTINEL_NAME not in body
