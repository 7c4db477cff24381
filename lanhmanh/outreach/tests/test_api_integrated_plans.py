from .records import integrated_plan


def test_a_plan_is_recorded_with_its_programmes(api, world):
    response = api("district_officer").post(
        "/api/v1/integrated-plans/",
        {
            "unit": world.commune.pk,
            "document_number": "7/KH-UBND",
            "issued_on": "2019-03-03",
            "programmes": ["hiv_aids", "employment"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["programmes"] == ["employment", "hiv_aids"]


def test_a_provincial_unit_or_an_empty_programme_list_is_refused(api, world):
    response = api("coordinator").post(
        "/api/v1/integrated-plans/",
        {"unit": world.province.pk, "document_number": "1", "issued_on": "2019-03-03", "programmes": []},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"unit", "programmes"}


def test_plans_are_read_above_and_below_never_by_a_sibling(api, world, personas):
    mine = integrated_plan(world, personas["coordinator"], world.commune)
    assert api("sibling_commune").get(f"/api/v1/integrated-plans/{mine.pk}/").status_code == 404
    assert api("district_officer").get(f"/api/v1/integrated-plans/{mine.pk}/").status_code == 200
    assert api("viewer").put(f"/api/v1/integrated-plans/{mine.pk}/", {}, format="json").status_code == 403
    rows = api("coordinator").get(f"/api/v1/integrated-plans/?unit={world.district.pk}").json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
