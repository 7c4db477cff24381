from .records import official


def test_an_official_is_added_and_given_an_end_date(api, world):
    client = api("commune_officer")
    data = {
        "full_name": "Nguyễn Văn Tư",
        "agency": world.district_committees.pk,
        "unit": world.commune.pk,
        "position": "Công an viên",
        "start_date": "2018-01-01",
    }
    created = client.post("/api/v1/officials/", data, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["end_date"] is None
    updated = client.put(
        f"/api/v1/officials/{created.json()['id']}/", {**data, "end_date": "2019-10-01"}, format="json"
    )
    assert updated.json()["end_date"] == "2019-10-01"


def test_an_official_outside_the_scope_is_refused_by_the_service(api, world):
    data = {
        "full_name": "Người xã khác",
        "agency": world.district_committees.pk,
        "unit": world.sibling_commune.pk,
        "position": "Cán bộ",
        "start_date": "2018-01-01",
    }
    response = api("commune_officer").post("/api/v1/officials/", data, format="json")
    assert response.status_code == 400
    assert response.json() == {"unit": ["“Xã Bình” nằm ngoài phạm vi của bạn."]}


def test_the_roster_is_read_in_its_subtree_and_filtered(api, world, personas):
    coordinator = personas["coordinator"]
    near = official(world, coordinator, full_name="Gần")
    official(world, coordinator, full_name="Xa", unit=world.far_commune)
    assert [r["full_name"] for r in api("district_officer").get("/api/v1/officials/").json()["results"]] == ["Gần"]
    assert api("sibling_commune").get(f"/api/v1/officials/{near.pk}/").status_code == 404
    rows = api("coordinator").get(f"/api/v1/officials/?unit={world.other_district.pk}").json()["results"]
    assert [r["full_name"] for r in rows] == ["Xa"]
    assert api("coordinator").get("/api/v1/officials/?active_on=2017-06-01").json()["count"] == 0
