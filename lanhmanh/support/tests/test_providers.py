"""Service providers: everybody reads them; coordinators create, edit and deactivate those of their scope,
on the pages and through the API, with validation naming the field and one audit entry per change."""

import json
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from lanhmanh.accounts.models import Agency, AgencyLevel, Role
from lanhmanh.core.models import AuditEntry
from lanhmanh.core.testing import make_user
from lanhmanh.support import services
from lanhmanh.support.models import AccessLog, ProviderKind, ServiceProvider
from lanhmanh.support.services import ProviderInput
from lanhmanh.support.tests.helpers import consent

ALL = [
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


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def page_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def entries(provider=None):
    qs = AuditEntry.objects.filter(verb__startswith="support.provider.")
    return qs.filter(target_id=str(provider.pk)) if provider is not None else qs


@pytest.fixture
def coordinator(personas):
    return personas[Role.COORDINATOR]


@pytest.fixture
def district_coordinator(world):
    """A coordinator scoped to world.district: the other district's providers are not theirs."""
    return make_user("district_coord", Role.COORDINATOR, world.lead, world.district)


@pytest.fixture
def far_provider(world):
    return ServiceProvider.objects.create(
        name="Trạm y tế xã Xa", kind=ProviderKind.HEALTH_CENTRE, unit=world.far_commune
    )


# The service ---------------------------------------------------------------------------------------


def test_a_coordinator_creates_a_provider_and_one_audit_entry(world, coordinator, health):
    provider = services.provider_create(
        actor=coordinator,
        data=ProviderInput(
            name="  Trợ giúp   pháp lý ", kind=ProviderKind.LEGAL_AID_CENTRE, unit=world.district, agency=health
        ),
    )
    assert (provider.name, provider.unit, provider.agency, provider.active) == (
        "Trợ giúp pháp lý",
        world.district,
        health,
        True,
    )
    (entry,) = entries(provider)
    assert entry.verb == "support.provider.created" and entry.changes["unit"] == world.district.name
    assert not AccessLog.objects.exists()  # reference data, nothing personal: no access-log row


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"name": "  "}, "name", "Tên cơ sở"),
        ({"name": "x" * 201}, "name", "Tên cơ sở"),
        ({"kind": "spa"}, "kind", "Loại cơ sở"),
        ({"unit": None}, "unit", "Địa bàn"),
        ({"unit": "far"}, "unit", "nằm ngoài phạm vi"),
        ({"agency": "expired"}, "agency", "Cơ quan quản lý tài khoản"),
    ],
)
def test_validation_names_the_field(world, district_coordinator, data, field, words):
    expired = Agency.objects.create(
        code="OLD", name="Cơ quan cũ", level=AgencyLevel.DISTRICT, unit=world.district, valid_to=date(2000, 1, 1)
    )
    values = {"name": "Cơ sở", "kind": ProviderKind.OTHER, "unit": world.commune, "agency": None, **data}
    values["unit"] = world.far_commune if values["unit"] == "far" else values["unit"]
    values["agency"] = expired if values["agency"] == "expired" else values["agency"]
    with pytest.raises(services.ValidationError) as error:
        services.provider_create(actor=district_coordinator, data=ProviderInput(**values))
    assert field in error.value.message_dict
    assert words in " ".join(error.value.message_dict[field])
    assert not ServiceProvider.objects.exists() and not entries().exists()


@pytest.mark.parametrize("persona", [p for p in ALL if p != "coordinator"])
def test_only_coordinators_manage_providers(world, personas, clinic, persona):
    user = personas[persona]
    data = ProviderInput(name="X", kind=ProviderKind.OTHER, unit=world.commune)
    with pytest.raises(services.PermissionDenied):
        services.provider_create(actor=user, data=data)
    with pytest.raises(services.PermissionDenied):
        services.provider_update(provider=clinic, actor=user, data=data)
    with pytest.raises(services.PermissionDenied):
        services.provider_deactivate(provider=clinic, actor=user)


def test_update_and_deactivate_are_audited_and_a_deactivated_provider_is_no_longer_offered(
    world, coordinator, worker, case, clinic
):
    services.provider_update(
        provider=clinic,
        actor=coordinator,
        data=ProviderInput(name="TTYT huyện Một", kind=clinic.kind, unit=clinic.unit, agency=clinic.agency),
    )
    services.provider_deactivate(provider=clinic, actor=coordinator)
    verbs = list(entries(clinic).order_by("pk").values_list("verb", "changes"))
    assert verbs == [
        ("support.provider.updated", {"name": ["Trung tâm Y tế huyện Một", "TTYT huyện Một"]}),
        ("support.provider.deactivated", {"active": [True, False]}),
    ]
    with pytest.raises(services.ValidationError) as error:
        services.provider_deactivate(provider=clinic, actor=coordinator)
    assert "active" in error.value.message_dict
    # Not offered by the case pages, and refused by the referral service.
    consent(case, worker, "referral")
    html = page_for(worker).get(f"/support/{case.pk}/referrals/new/").content.decode()
    assert "TTYT huyện Một" not in html
    with pytest.raises(services.ValidationError) as error:
        services.referral_create(
            case=case, actor=worker, provider=clinic, need_area="health", reason="", referred_on=date(2019, 6, 3)
        )
    assert "provider" in error.value.message_dict


def test_an_unchanged_save_writes_no_audit_entry(coordinator, clinic):
    data = ProviderInput(name=clinic.name, kind=clinic.kind, unit=clinic.unit, agency=clinic.agency)
    services.provider_update(provider=clinic, actor=coordinator, data=data)
    assert not entries(clinic).exists()


# The API -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL)
def test_api_create_per_persona(world, personas, persona):
    body = {"name": "Hội Phụ nữ xã An", "kind": "womens_union", "unit": world.commune.pk}
    response = api_for(personas[persona]).post("/api/v1/support/providers/", body, format="json")
    if persona == "coordinator":
        assert response.status_code == 201, response.content
        assert response.json()["unit"]["id"] == world.commune.pk and response.json()["agency"] is None
        assert entries().count() == 1
    else:
        assert response.status_code == 403
        assert not ServiceProvider.objects.exists() and not entries().exists()


@pytest.mark.parametrize("persona", ALL)
def test_api_patch_per_persona(personas, clinic, persona):
    response = api_for(personas[persona]).patch(
        f"/api/v1/support/providers/{clinic.pk}/", {"active": False}, format="json"
    )
    clinic.refresh_from_db()
    if persona == "coordinator":
        assert response.status_code == 200 and response.json()["active"] is False
        assert clinic.active is False and entries(clinic).get().verb == "support.provider.updated"
    else:
        assert response.status_code == 403
        assert clinic.active is True and not entries().exists()


def test_api_patch_reactivates_and_changes_only_what_is_sent(coordinator, clinic, health):
    clinic.active = False
    clinic.save()
    response = api_for(coordinator).patch(
        f"/api/v1/support/providers/{clinic.pk}/", {"active": True, "kind": "other"}, format="json"
    )
    assert response.status_code == 200
    clinic.refresh_from_db()
    assert (clinic.active, clinic.kind, clinic.name, clinic.agency) == (
        True,
        "other",
        "Trung tâm Y tế huyện Một",
        health,
    )


def test_api_another_districts_provider_answers_404(district_coordinator, far_provider, clinic):
    client = api_for(district_coordinator)
    assert (
        client.patch(f"/api/v1/support/providers/{far_provider.pk}/", {"name": "X"}, format="json").status_code == 404
    )
    assert client.patch("/api/v1/support/providers/987654/", {"name": "X"}, format="json").status_code == 404
    assert client.patch(f"/api/v1/support/providers/{clinic.pk}/", {"name": "Y"}, format="json").status_code == 200
    far_provider.refresh_from_db()
    assert far_provider.name == "Trạm y tế xã Xa"


def test_api_cannot_move_a_provider_out_of_the_scope(world, district_coordinator, clinic):
    response = api_for(district_coordinator).patch(
        f"/api/v1/support/providers/{clinic.pk}/", {"unit": world.far_commune.pk}, format="json"
    )
    assert response.status_code == 400
    assert "nằm ngoài phạm vi" in " ".join(response.json()["unit"])


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"kind": "other", "unit": "commune"}, "name", ""),
        ({"name": "", "kind": "other", "unit": "commune"}, "name", ""),
        ({"name": "X", "kind": "spa", "unit": "commune"}, "kind", "spa"),
        ({"name": "X", "kind": "other"}, "unit", ""),
        ({"name": "X", "kind": "other", "unit": 987654}, "unit", "987654"),
        ({"name": "X", "kind": "other", "unit": "commune", "agency": 987654}, "agency", "987654"),
    ],
)
def test_api_validation_names_the_field(world, coordinator, body, field, words):
    body = {k: (world.commune.pk if v == "commune" else v) for k, v in body.items()}
    response = api_for(coordinator).post("/api/v1/support/providers/", body, format="json")
    assert response.status_code == 400
    assert field in response.json() and words in json.dumps(response.json(), ensure_ascii=False)
    assert not ServiceProvider.objects.exists()


# The pages -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL)
def test_pages_per_persona(personas, clinic, persona):
    client = page_for(personas[persona])
    assert client.get("/support/providers/").status_code == 200
    expected = 200 if persona == "coordinator" else 403
    for url in (
        "/support/providers/new/",
        f"/support/providers/{clinic.pk}/edit/",
        f"/support/providers/{clinic.pk}/deactivate/",
    ):
        assert client.get(url).status_code == expected, url
    response = client.post(f"/support/providers/{clinic.pk}/deactivate/")
    clinic.refresh_from_db()
    if persona == "coordinator":
        assert response.status_code == 302 and response["Location"] == "/support/providers/"
        assert clinic.active is False
    else:
        assert response.status_code == 403 and clinic.active is True


def test_list_offers_edit_links_only_for_the_scope(district_coordinator, far_provider, clinic):
    html = page_for(district_coordinator).get("/support/providers/").content.decode()
    assert "Trạm y tế xã Xa" in html and "Trung tâm Y tế huyện Một" in html
    assert f"/support/providers/{clinic.pk}/edit/" in html
    assert f"/support/providers/{far_provider.pk}/edit/" not in html


def test_pages_another_districts_provider_answers_404(district_coordinator, far_provider):
    client = page_for(district_coordinator)
    for url in (f"/support/providers/{far_provider.pk}/edit/", f"/support/providers/{far_provider.pk}/deactivate/"):
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "X", "kind": "other"}).status_code == 404
    far_provider.refresh_from_db()
    assert far_provider.active and far_provider.name == "Trạm y tế xã Xa"


def test_create_page_saves_and_names_the_missing_fields(world, coordinator, health):
    client = page_for(coordinator)
    response = client.post("/support/providers/new/", {"name": "", "kind": "other"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cần nhập “Tên cơ sở”." in html and "Cần nhập “Địa bàn”." in html
    response = client.post(
        "/support/providers/new/",
        {"name": "Cơ sở dạy nghề huyện", "kind": "vocational_school", "unit": world.district.pk, "agency": health.pk},
    )
    assert response.status_code == 302
    provider = ServiceProvider.objects.get(name="Cơ sở dạy nghề huyện")
    assert provider.agency == health and entries(provider).get().verb == "support.provider.created"


def test_edit_page_saves_and_reactivates(world, coordinator, clinic):
    clinic.active = False
    clinic.save()
    response = page_for(coordinator).post(
        f"/support/providers/{clinic.pk}/edit/",
        {"name": "TTYT Một", "kind": "health_centre", "unit": clinic.unit_id, "agency": "", "active": "on"},
    )
    assert response.status_code == 302
    clinic.refresh_from_db()
    assert (clinic.name, clinic.agency, clinic.active) == ("TTYT Một", None, True)
    assert set(entries(clinic).get().changes) == {"name", "agency", "active"}


def test_list_query_count_does_not_grow_with_rows(world, coordinator, health):
    client = page_for(coordinator)

    def count(n: int) -> int:
        ServiceProvider.objects.all().delete()
        for i in range(n):
            ServiceProvider.objects.create(name=f"Cơ sở {i}", kind="other", unit=world.commune, agency=health)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/support/providers/").status_code == 200
        return len(queries)

    assert count(3) == count(30)
