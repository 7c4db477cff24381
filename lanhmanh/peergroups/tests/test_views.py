"""The peer-group pages: lists (with a query count that does not grow with the rows), the detail
page, and the forms that register groups, members and activities."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lanhmanh.core.testing import make_unit
from lanhmanh.peergroups.models import Activity, GroupKind, Member, PeerGroup
from lanhmanh.places.models import Level

from .records import activity, group, member


@pytest.fixture
def client_as(client, personas):
    def login(persona):
        client.force_login(personas[persona])
        return client

    return login


def test_the_list_shows_people_reached_in_the_period(world, personas, client_as):
    officer = personas["commune_officer"]
    peer_group = group(world.commune, officer)
    activity(peer_group, officer, day=date(2019, 5, 1), reached=12)
    activity(peer_group, officer, day=date(2018, 5, 1), reached=100)
    member(peer_group, officer)
    response = client_as("district_officer").get("/peer-groups/?period=2019")
    assert response.status_code == 200
    row = response.context["page"].object_list[0]
    assert (row.reached, row.activity_count, row.member_count) == (12, 1, 1)
    assert "Nhóm Hoa Sen" in response.content.decode()


def test_an_htmx_filter_answers_the_results_only(world, personas, client_as):
    group(world.commune, personas["commune_officer"])
    response = client_as("coordinator").get("/peer-groups/?kind=peer_group", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "Nhóm Hoa Sen" in response.content.decode()


def many(world, officer, n, start=0):
    communes = [world.commune, world.sibling_commune]
    for i in range(start, start + n):
        peer_group = group(communes[i % 2], officer, name=f"Nhóm {i}")
        member(peer_group, officer)
        activity(peer_group, officer)


@pytest.mark.parametrize("url", ["/peer-groups/?period=2019", "/peer-groups/activities/?period=2019"])
def test_list_queries_do_not_grow_with_the_rows(world, personas, client_as, url):
    coordinator = personas["coordinator"]
    client = client_as("coordinator")
    many(world, coordinator, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    many(world, coordinator, 27, start=3)
    with CaptureQueriesContext(connection) as lots:
        assert client.get(url).status_code == 200
    assert len(lots) == len(few)


def test_the_sibling_communes_groups_are_not_listed(world, personas, client_as):
    group(world.sibling_commune, personas["sibling_commune"], name="Nhóm bên cạnh")
    response = client_as("commune_officer").get("/peer-groups/")
    assert "Nhóm bên cạnh" not in response.content.decode()


def test_a_commune_officer_registers_a_group(world, personas, client_as):
    response = client_as("commune_officer").post(
        "/peer-groups/new/",
        {"kind": GroupKind.PEER_GROUP, "name": "Nhóm Sen Hồng", "commune": world.commune.pk, "status": "active"},
    )
    created = PeerGroup.objects.get(name="Nhóm Sen Hồng")
    assert response.status_code == 302
    assert response["Location"] == f"/peer-groups/{created.pk}/"


def test_a_group_form_names_the_missing_field(world, client_as):
    response = client_as("commune_officer").post("/peer-groups/new/", {"kind": GroupKind.PEER_GROUP})
    assert response.status_code == 200
    assert "Cần nhập “Tên nhóm, đội”." in response.content.decode()


def test_the_peer_member_form_offers_no_name_field(world, personas, client_as):
    peer_group = group(world.commune, personas["commune_officer"])
    client = client_as("case_worker")
    page = client.get(f"/peer-groups/{peer_group.pk}/members/new/")
    assert 'name="full_name"' not in page.content.decode()
    response = client.post(f"/peer-groups/{peer_group.pk}/members/new/", {"role": "member", "full_name": "Nguyễn Lan"})
    assert response.status_code == 302
    assert Member.objects.get(group=peer_group).full_name == ""


def test_a_peer_educator_records_an_activity_from_the_group_page(world, personas, client_as):
    peer_group = group(world.commune, personas["commune_officer"])
    client = client_as("peer_educator")
    detail = client.get(f"/peer-groups/{peer_group.pk}/")
    assert f"/peer-groups/{peer_group.pk}/activities/new/" in detail.content.decode()
    assert f"/peer-groups/{peer_group.pk}/edit/" not in detail.content.decode()
    response = client.post(
        f"/peer-groups/{peer_group.pk}/activities/new/",
        {"date": "2019-06-01", "kind": "distribution", "description": "Phát tờ rơi", "people_reached": "20"},
    )
    assert response.status_code == 302
    assert Activity.objects.get(group=peer_group).people_reached == 20


def test_an_activity_form_names_a_negative_count(world, personas, client_as):
    peer_group = group(world.commune, personas["commune_officer"])
    response = client_as("peer_educator").post(
        f"/peer-groups/{peer_group.pk}/activities/new/",
        {"date": "2019-06-01", "kind": "distribution", "description": "x", "people_reached": "-2"},
    )
    assert response.status_code == 200
    assert "“Số người được tiếp cận” không được âm." in response.content.decode()


def test_deleting_an_activity_asks_first(world, personas, client_as):
    officer = personas["commune_officer"]
    recorded = activity(group(world.commune, officer), officer)
    client = client_as("commune_officer")
    assert client.get(f"/peer-groups/activities/{recorded.pk}/delete/").status_code == 200
    assert Activity.objects.filter(pk=recorded.pk).exists()
    assert client.post(f"/peer-groups/activities/{recorded.pk}/delete/").status_code == 302
    assert not Activity.objects.filter(pk=recorded.pk).exists()


def test_the_activity_list_totals_the_period(world, personas, client_as):
    officer = personas["commune_officer"]
    peer_group = group(world.commune, officer)
    activity(peer_group, officer, day=date(2019, 2, 1), reached=7, condoms_distributed=30)
    activity(peer_group, officer, day=date(2019, 8, 1), reached=5)
    response = client_as("viewer").get("/peer-groups/activities/?period=2019-H1")
    assert response.context["totals"] == {"reached": 7, "condoms": 30, "leaflets": 0}


def test_a_far_district_commune_is_not_offered_in_the_form(world, personas, client_as):
    make_unit("Xã Mới", "99103", Level.COMMUNE, world.district)
    response = client_as("commune_officer").get("/peer-groups/new/")
    choices = [str(label) for _, label in response.context["form"].fields["commune"].choices]
    assert any("Xã An" in label for label in choices)
    assert not any("Xã Mới" in label or "Xã Cư" in label for label in choices)
