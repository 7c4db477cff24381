"""/api/v1/establishments/: the pages' doors and services, as JSON."""

from __future__ import annotations

from datetime import date

import pytest

from lanhmanh.establishments.models import Establishment
from lanhmanh.establishments.tests.records import establishment, flag


@pytest.fixture
def hotel(world, personas):
    return establishment(personas["commune_officer"], world.commune)


def test_the_list_searches_without_diacritics_and_stays_in_scope(api, world, personas, hotel):
    establishment(personas["coordinator"], world.far_commune, "Nhà nghỉ Hòa Bình")
    body = api("commune_officer").get("/api/v1/establishments/", {"q": "hoa binh"}).json()
    assert [item["name"] for item in body["results"]] == ["Khách sạn Hòa Bình"]
    assert body["results"][0]["has_commitment"] is False
    assert api("viewer").get("/api/v1/establishments/", {"q": "HÒA BÌNH"}).json()["count"] == 2


def test_a_unit_outside_the_scope_answers_404(api, world, hotel):
    assert api("commune_officer").get("/api/v1/establishments/", {"unit": world.far_commune.pk}).status_code == 404


def test_create_update_and_a_stale_version_conflict(api, world):
    client = api("inspector")
    created = client.post(
        "/api/v1/establishments/",
        {
            "name": "Karaoke Sao",
            "kind": "karaoke",
            "address": "1 A",
            "commune": world.commune.pk,
            "owner_phone": "903111222",
        },
        format="json",
    )
    assert created.status_code == 201 and created.json()["owner_phone"] == "0903111222"
    pk = created.json()["id"]
    body = {"name": "Karaoke Sao Mới", "kind": "karaoke", "address": "1 A", "commune": world.commune.pk, "version": 1}
    assert client.put(f"/api/v1/establishments/{pk}/", body, format="json").json()["version"] == 2
    conflict = client.put(f"/api/v1/establishments/{pk}/", {**body, "name": "Cũ"}, format="json")
    assert conflict.status_code == 409 and conflict.json()["current_version"] == 2
    assert Establishment.objects.get(pk=pk).name == "Karaoke Sao Mới"


def test_validation_errors_name_the_field(api, world):
    response = api("commune_officer").post(
        "/api/v1/establishments/",
        {"name": "X", "kind": "bar", "address": "1", "commune": world.far_commune.pk},
        format="json",
    )
    assert response.status_code == 400 and response.json() == {"commune": ["“Xã Cư” nằm ngoài phạm vi của bạn."]}


def test_readers_are_refused_before_the_body_is_read(api, hotel):
    assert api("viewer").post("/api/v1/establishments/", {}, format="json").status_code == 403
    assert api("case_worker").post(f"/api/v1/establishments/{hotel.pk}/flags/", {}, format="json").status_code == 403


def test_another_communes_officer_gets_404_everywhere(api, hotel):
    client = api("sibling_commune")
    assert client.get(f"/api/v1/establishments/{hotel.pk}/").status_code == 404
    assert client.get(f"/api/v1/establishments/{hotel.pk}/commitments/").status_code == 404
    assert client.post(f"/api/v1/establishments/{hotel.pk}/status/", {}, format="json").status_code == 404


def test_the_actions_record_commitments_registrations_flags_and_status(api, personas, hotel):
    client = api("commune_officer")
    url = f"/api/v1/establishments/{hotel.pk}"
    commitment = {"signed_on": "2019-01-10", "signer_name": "Nguyễn Văn An", "valid_from": "2019-01-10"}
    assert client.post(f"{url}/commitments/", commitment, format="json").status_code == 201
    registration = {"registered_on": "2019-02-01", "workers_registered": 4}
    assert client.post(f"{url}/labour-registrations/", registration, format="json").status_code == 201
    noted = client.post(
        f"{url}/flags/", {"noted_on": "2019-05-03", "source": "complaint", "description": "Đơn phản ánh"}, format="json"
    )
    assert noted.status_code == 201
    cleared = client.post(
        f"{url}/clear-flag/",
        {"flag": noted.json()["id"], "cleared_on": "2019-06-01", "cleared_reason": "Không có căn cứ"},
        format="json",
    )
    assert cleared.json()["cleared_on"] == "2019-06-01"
    status = client.post(f"{url}/status/", {"status": "suspended", "since": "2019-07-01", "version": 1}, format="json")
    assert (status.json()["status"], status.json()["version"]) == ("suspended", 2)
    detail = client.get(f"{url}/").json()
    assert (detail["has_commitment"], detail["has_registration"], detail["has_signs"]) == (True, True, False)
    assert [c["signer_name"] for c in client.get(f"{url}/commitments/").json()["results"]] == ["Nguyễn Văn An"]


def test_a_flag_of_another_establishment_cannot_be_cleared_through_this_one(api, world, personas, hotel):
    other = establishment(personas["commune_officer"], world.commune, "Bar Khác", kind="bar")
    noted = flag(personas["commune_officer"], other, date(2019, 5, 1))
    response = api("commune_officer").post(
        f"/api/v1/establishments/{hotel.pk}/clear-flag/",
        {"flag": noted.pk, "cleared_on": "2019-06-01", "cleared_reason": "x"},
        format="json",
    )
    assert response.status_code == 400 and "flag" in response.json()
