"""The peer-group API: the same doors and services as the pages."""

from datetime import date

from lanhmanh.peergroups.models import Activity, Member, PeerGroup

from .records import activity, group, member


def test_groups_are_listed_in_scope(world, personas, api):
    group(world.commune, personas["commune_officer"], name="Nhóm An")
    group(world.sibling_commune, personas["sibling_commune"], name="Nhóm Bình")
    names = [row["name"] for row in api("commune_officer").get("/api/v1/peer-groups/").json()["results"]]
    assert names == ["Nhóm An"]
    names = [row["name"] for row in api("district_officer").get("/api/v1/peer-groups/").json()["results"]]
    assert sorted(names) == ["Nhóm An", "Nhóm Bình"]


def test_a_group_is_created_with_members_through_the_api(world, api):
    client = api("case_worker")
    response = client.post(
        "/api/v1/peer-groups/",
        {"kind": "peer_group", "name": "Nhóm API", "commune": world.commune.pk, "founded_on": "2018-01-01"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    added = client.post(f"/api/v1/peer-groups/{pk}/members/", {"role": "leader"}, format="json")
    assert added.status_code == 201
    assert added.json()["code"] == f"DD{pk:04d}-01"
    refused = client.post(f"/api/v1/peer-groups/{pk}/members/", {"role": "member", "full_name": "Lan"}, format="json")
    assert refused.status_code == 400
    assert "full_name" in refused.json()
    assert Member.objects.filter(group_id=pk).count() == 1


def test_a_group_outside_the_scope_is_refused_naming_the_commune(world, api):
    response = api("commune_officer").post(
        "/api/v1/peer-groups/", {"kind": "peer_group", "name": "X", "commune": world.far_commune.pk}, format="json"
    )
    assert response.status_code == 400
    assert "commune" in response.json()


def test_a_peer_educator_records_activities_but_not_groups(world, personas, api):
    peer_group = group(world.commune, personas["commune_officer"])
    client = api("peer_educator")
    assert client.post("/api/v1/peer-groups/", {}, format="json").status_code == 403
    response = client.post(
        "/api/v1/peer-group-activities/",
        {
            "group": peer_group.pk,
            "date": "2019-04-02",
            "kind": "counselling",
            "description": "Tư vấn",
            "people_reached": 4,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Activity.objects.get().people_reached == 4


def test_activities_filter_by_period_and_group(world, personas, api):
    officer = personas["commune_officer"]
    peer_group = group(world.commune, officer)
    activity(peer_group, officer, day=date(2019, 3, 1))
    activity(peer_group, officer, day=date(2018, 3, 1))
    body = api("viewer").get(f"/api/v1/peer-group-activities/?period=2019&group={peer_group.pk}").json()
    assert [row["date"] for row in body["results"]] == ["2019-03-01"]
    bad = api("viewer").get("/api/v1/peer-group-activities/?period=2019-5")
    assert bad.status_code == 400


def test_an_activity_is_changed_and_deleted(world, personas, api):
    officer = personas["commune_officer"]
    recorded = activity(group(world.commune, officer), officer)
    client = api("peer_educator")
    changed = client.put(
        f"/api/v1/peer-group-activities/{recorded.pk}/",
        {"date": "2019-05-10", "kind": "meeting", "description": "Sinh hoạt", "people_reached": 9},
        format="json",
    )
    assert changed.status_code == 200
    assert changed.json()["people_reached"] == 9
    assert api("viewer").delete(f"/api/v1/peer-group-activities/{recorded.pk}/").status_code == 403
    assert client.delete(f"/api/v1/peer-group-activities/{recorded.pk}/").status_code == 204


def test_a_member_leaves(world, personas, api):
    officer = personas["commune_officer"]
    peer = member(group(world.commune, officer), officer)
    response = api("commune_officer").put(
        f"/api/v1/peer-group-members/{peer.pk}/", {"role": "member", "left_on": "2019-06-30"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["left_on"] == "2019-06-30"
    assert api("sibling_commune").get(f"/api/v1/peer-group-members/{peer.pk}/").status_code == 404
    assert PeerGroup.objects.count() == 1
