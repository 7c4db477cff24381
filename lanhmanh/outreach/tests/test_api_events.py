from datetime import date

from lanhmanh.outreach.models import OutreachEvent

from .records import event


def body(world, **overrides):
    data = {
        "date": "2019-06-01",
        "title": "Họp dân",
        "form": "talk",
        "units": [world.commune.pk],
        "organiser": world.district_committees.pk,
        "audience": [{"group": "residents", "count": 30}],
        "materials": [{"kind": "leaflet", "quantity": 100}],
    }
    data.update(overrides)
    return data


def test_anonymous_callers_get_401(client, world):
    assert client.get("/api/v1/outreach-events/").status_code == 401


def test_a_commune_officer_records_an_event_through_the_service(api, world):
    response = api("commune_officer").post("/api/v1/outreach-events/", body(world), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert [unit["name"] for unit in data["units"]] == ["Xã An"]
    assert data["audience"] == [{"group": "residents", "count": 30}]
    assert data["organiser"]["code"] == "UBND-HUYEN"
    assert OutreachEvent.objects.get().created_by.username == "commune"


def test_the_api_answers_the_services_messages_naming_the_field(api, world):
    response = api("commune_officer").post(
        "/api/v1/outreach-events/",
        body(world, units=[world.sibling_commune.pk], audience=[{"group": "students", "count": -4}]),
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "units": ["“Xã Bình” nằm ngoài phạm vi của bạn."],
        "audience": ["Số người dự thuộc nhóm “Học sinh, sinh viên” không được âm (nhận được -4)."],
    }


def test_a_linked_task_outside_the_plan_period_is_refused(api, world):
    response = api("coordinator").post(
        "/api/v1/outreach-events/", body(world, date="2020-01-05", task=world.commune_task.pk), format="json"
    )
    assert response.status_code == 400
    assert "nằm ngoài thời gian thực hiện của kế hoạch" in response.json()["date"][0]


def test_malformed_bodies_and_unknown_ids_are_named(api, world):
    response = api("coordinator").post(
        "/api/v1/outreach-events/",
        body(world, date="01/06/2019", units=[999999], organiser=888888, task=world.sibling_commune_task.pk + 1000),
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"date", "units", "organiser", "task"}
    assert errors["units"] == ["Không có địa bàn mã số 999999."]


def test_read_only_roles_get_403_before_the_body_is_read(api, world):
    for role in ("viewer", "inspector", "case_worker", "admin"):
        assert api(role).post("/api/v1/outreach-events/", {}, format="json").status_code == 403


def test_the_list_is_scoped_and_filtered_like_the_pages(api, world, personas):
    event(world, personas["coordinator"], title="An")
    event(world, personas["coordinator"], title="Cư", units=[world.far_commune], date=date(2019, 12, 15))
    titles = [row["title"] for row in api("commune_officer").get("/api/v1/outreach-events/").json()["results"]]
    assert titles == ["An"]
    coordinator = api("coordinator")
    rows = coordinator.get("/api/v1/outreach-events/?period=r:2019").json()["results"]
    assert [row["title"] for row in rows] == ["An"]
    rows = coordinator.get(f"/api/v1/outreach-events/?unit={world.other_district.pk}").json()["results"]
    assert [row["title"] for row in rows] == ["Cư"]
    assert coordinator.get("/api/v1/outreach-events/?period=2019-13").status_code == 400
    assert api("commune_officer").get(f"/api/v1/outreach-events/?unit={world.far_commune.pk}").status_code == 404


def test_a_siblings_event_is_404_and_a_shared_one_403_on_update(api, world, personas):
    shared = event(world, personas["district_officer"], units=[world.commune, world.sibling_commune])
    far = event(world, personas["coordinator"], units=[world.far_commune])
    officer = api("commune_officer")
    assert officer.get(f"/api/v1/outreach-events/{far.pk}/").status_code == 404
    assert officer.get(f"/api/v1/outreach-events/{shared.pk}/").status_code == 200
    assert officer.put(f"/api/v1/outreach-events/{shared.pk}/", {}, format="json").status_code == 403
    response = api("district_officer").put(
        f"/api/v1/outreach-events/{shared.pk}/", body(world, title="Đã sửa"), format="json"
    )
    assert response.status_code == 200
    assert response.json()["title"] == "Đã sửa"
    assert [unit["name"] for unit in response.json()["units"]] == ["Xã An"]
