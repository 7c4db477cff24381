"""The API follows the pages' field-level rules: no identifying key reaches a user who may not see it."""

import json

import pytest
from rest_framework.test import APIClient

from lanhmanh.support import services
from lanhmanh.support.models import AccessLog, Case, ReferralStatus
from lanhmanh.support.tests.helpers import SENTINEL_NAME, SENTINEL_NOTE, SENTINELS, consent

PERSONAS = [
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
IDENTIFYING_KEYS = {"identity", "outcome", "notes", "reason"}


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def rich_case(case, worker, clinic):
    consent(case, worker, "services")
    consent(case, worker, "referral")
    services.follow_up_add(case=case, actor=worker, date=case.opened_on, notes=SENTINEL_NOTE)
    services.service_record(
        case=case, actor=worker, kind="counselling", date=case.opened_on, provider=clinic, outcome=SENTINEL_NOTE
    )
    services.referral_create(
        case=case, actor=worker, provider=clinic, need_area="health", reason=SENTINEL_NOTE, referred_on=case.opened_on
    )
    return case


def endpoints(case):
    base = f"/api/v1/support/cases/{case.pk}/"
    referral = case.referrals.get()
    return [
        "/api/v1/support/cases/",
        base,
        base + "consents/",
        base + "needs/",
        base + "services/",
        base + "follow-ups/",
        base + "referrals/",
        base + "status/",
        "/api/v1/support/referrals/",
        f"/api/v1/support/referrals/{referral.pk}/",
        "/api/v1/support/providers/",
    ]


def keys(data) -> set[str]:
    found = set()
    if isinstance(data, dict):
        for key, value in data.items():
            found.add(key)
            found |= keys(value)
    elif isinstance(data, list):
        for item in data:
            found |= keys(item)
    return found


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_endpoint_gives_identifying_fields_to_who_may_not_see_them(personas, rich_case, persona):
    client = api_for(personas[persona])
    for url in endpoints(rich_case):
        response = client.get(url)
        assert "no-store" in response.get("Cache-Control", "") or url.endswith("providers/"), url
        if response.status_code != 200:
            assert response.status_code in (403, 404), (url, response.status_code)
            continue
        body = json.dumps(response.json(), ensure_ascii=False)
        if persona == "case_worker":
            continue
        assert not any(s in body for s in SENTINELS), (persona, url)
        # The status history's `reason` is the short, non-identifying status reason (shown to all readers).
        identifying = IDENTIFYING_KEYS - {"reason"} if url.endswith("status/") else IDENTIFYING_KEYS
        assert not (keys(response.json()) & identifying), (persona, url)


def test_the_assigned_case_worker_gets_identity_everywhere(worker, rich_case):
    client = api_for(worker)
    case = client.get(f"/api/v1/support/cases/{rich_case.pk}/").json()
    assert case["identity"]["full_name"] == SENTINEL_NAME
    assert (
        client.get(f"/api/v1/support/cases/{rich_case.pk}/services/").json()["results"][0]["outcome"] == SENTINEL_NOTE
    )
    assert (
        client.get(f"/api/v1/support/cases/{rich_case.pk}/follow-ups/").json()["results"][0]["notes"] == SENTINEL_NOTE
    )
    assert (
        client.get(f"/api/v1/support/cases/{rich_case.pk}/referrals/").json()["results"][0]["reason"] == SENTINEL_NOTE
    )
    listed = client.get("/api/v1/support/cases/").json()["results"]
    assert listed[0]["identity"]["full_name"] == SENTINEL_NAME


def test_the_supervising_coordinator_gets_identity(supervisor, rich_case):
    case = api_for(supervisor).get(f"/api/v1/support/cases/{rich_case.pk}/").json()
    assert case["identity"]["full_name"] == SENTINEL_NAME


def test_each_api_read_writes_one_access_log_row(worker, rich_case):
    before = AccessLog.objects.count()
    api_for(worker).get(f"/api/v1/support/cases/{rich_case.pk}/")
    assert AccessLog.objects.count() == before + 1


def test_registering_and_working_a_case_through_the_api(world, worker, clinic, nurse, health):
    client = api_for(worker)
    response = client.post(
        "/api/v1/support/cases/",
        {
            "kind": "trafficking_victim",
            "sex": "female",
            "age_group": "18_24",
            "commune": world.commune.pk,
            "contact_channel": "repatriation",
            "opened_on": "2019-05-01",
            "full_name": "Api Person",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["case_code"].startswith("HT-2019-")
    base = f"/api/v1/support/cases/{pk}/"
    refused = client.post(
        base + "referrals/", {"provider": clinic.pk, "need_area": "health", "referred_on": "2019-05-02"}, format="json"
    )
    assert refused.status_code == 400
    assert (
        client.post(
            base + "consents/",
            {"purpose": "referral", "granted": True, "given_on": "2019-05-01", "method": "verbal"},
            format="json",
        ).status_code
        == 201
    )
    created = client.post(
        base + "referrals/", {"provider": clinic.pk, "need_area": "health", "referred_on": "2019-05-02"}, format="json"
    )
    assert created.status_code == 201
    referral_pk = created.json()["id"]
    nurse_client = api_for(nurse)
    assert nurse_client.post(f"/api/v1/support/referrals/{referral_pk}/revoke/", {}, format="json").status_code == 403
    accepted = nurse_client.post(f"/api/v1/support/referrals/{referral_pk}/accept/", {}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == ReferralStatus.ACCEPTED
    assert "identity" not in accepted.json()
    assert client.post(f"/api/v1/support/referrals/{referral_pk}/done/", {}, format="json").status_code == 403
    assert client.post(base + "status/", {"status": "closed", "reason": "Xong"}, format="json").status_code == 201
    assert Case.objects.get(pk=pk).status == "closed"


def test_a_case_of_another_commune_answers_404(personas, rich_case):
    assert api_for(personas["sibling_commune"]).get(f"/api/v1/support/cases/{rich_case.pk}/").status_code == 404
