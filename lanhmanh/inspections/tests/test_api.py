"""The inspections API: the same rules and scopes as the pages."""

from lanhmanh.inspections.models import Inspection
from lanhmanh.inspections.tests import records


def body(scene, members):
    return {
        "team": scene["team"].pk,
        "establishment": scene["karaoke"].pk,
        "date": "2023-05-10",
        "kind": "signs",
        "members_present": [m.pk for m in members],
        "checklist": [{"item": code, "result": "pass"} for code in records.answers("karaoke")],
    }


def test_the_api_refuses_fewer_than_three_members_naming_the_field(api, scene):
    members = list(scene["team"].members.all()[:2])
    response = api("inspector").post("/api/v1/inspections/", body(scene, members), format="json")
    assert response.status_code == 400
    assert response.json()["members_present"] == ["Cần ít nhất 3 thành viên của đội có mặt khi kiểm tra (đã chọn 2)."]
    members = list(scene["team"].members.all()[:3])
    created = api("inspector").post("/api/v1/inspections/", body(scene, members), format="json")
    assert created.status_code == 201
    assert len(created.json()["members_present"]) == 3


def test_a_reader_gets_403_before_the_body_is_read(api, scene):
    assert api("viewer").post("/api/v1/inspections/", {}, format="json").status_code == 403


def test_another_communes_inspection_is_404_by_api(api, personas, scene):
    far = records.inspect(scene["team"], scene["far"], personas["coordinator"])
    assert api("inspector").get(f"/api/v1/inspections/{far.pk}/").status_code == 404
    assert api("inspector").get(f"/api/v1/inspections/{far.pk}/violations/").status_code == 404
    assert api("inspector").post(f"/api/v1/inspections/{far.pk}/violations/", {}, format="json").status_code == 404
    listed = api("inspector").get("/api/v1/inspections/").json()
    assert listed["count"] == 0
    assert api("coordinator").get("/api/v1/inspections/").json()["count"] == 1


def test_a_violation_with_a_fine_out_of_range_is_a_400_naming_fine_amount(api, personas, scene):
    inspection = records.inspect(scene["team"], scene["karaoke"], personas["coordinator"])
    row = records.row("nd144-2021-d26-che-giau-tc")
    data = {
        "violation_type": row.pk,
        "committed_on": "2023-05-10",
        "subject_type": "organisation",
        "offender": "Karaoke Hoa Mai",
        "fine_amount": 5_000_000,
    }
    url = f"/api/v1/inspections/{inspection.pk}/violations/"
    response = api("inspector").post(url, data, format="json")
    assert response.status_code == 400 and "fine_amount" in response.json()
    data["fine_amount"] = 12_000_000
    assert api("inspector").post(url, data, format="json").status_code == 201
    assert api("viewer").get(url).json()["results"][0]["fine_amount"] == 12_000_000


def test_the_catalogue_is_read_only_and_filters_by_day_and_subject(api, scene):
    client = api("viewer")
    assert client.post("/api/v1/violations/", {}, format="json").status_code == 405
    rows = client.get("/api/v1/violations/?on=2019-06-01").json()
    assert rows["count"] == 0
    rows = client.get("/api/v1/violations/?on=2023-01-01&subject_type=organisation").json()["results"]
    assert rows and all(r["subject_type"] == "organisation" and r["valid_from"] <= "2023-01-01" for r in rows)


def test_teams_are_read_at_their_unit_and_below(api, world, personas, scene):
    far_team = records.team(world, personas["coordinator"], unit=world.other_district)
    assert api("inspector").get(f"/api/v1/inspection-teams/{scene['team'].pk}/").status_code == 200
    assert api("inspector").get(f"/api/v1/inspection-teams/{far_team.pk}/").status_code == 404
    created = api("commune_officer").post(
        "/api/v1/inspection-teams/",
        {
            "name": "Tổ kiểm tra xã An",
            "level": "commune",
            "unit": world.commune.pk,
            "decision_number": "5/QĐ-UBND",
            "decision_date": "2019-01-02",
            "valid_from": "2019-01-02",
            "members": [{"name": "Lê Văn Bình", "agency": world.police.pk, "role": "leader"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert Inspection.objects.count() == 0
