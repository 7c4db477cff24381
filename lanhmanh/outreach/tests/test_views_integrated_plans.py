from lanhmanh.outreach.models import IntegratedPlan

from .records import integrated_plan


def test_a_district_officer_records_a_communes_integrated_plan(client, world, personas):
    client.force_login(personas["district_officer"])
    response = client.post(
        "/outreach/integrated-plans/new/",
        {
            "unit": world.sibling_commune.pk,
            "document_number": "05/KH-UBND",
            "issued_on": "2019-02-20",
            "programmes": ["employment", "poverty_reduction"],
        },
    )
    assert response["Location"] == "/outreach/integrated-plans/"
    plan = IntegratedPlan.objects.get()
    assert (plan.unit, plan.programmes) == (world.sibling_commune, ["poverty_reduction", "employment"])


def test_a_plan_without_programmes_is_refused_on_the_form(client, world, personas):
    client.force_login(personas["coordinator"])
    response = client.post(
        "/outreach/integrated-plans/new/",
        {"unit": world.district.pk, "document_number": "1/KH", "issued_on": "2019-02-20"},
    )
    assert response.status_code == 200
    assert not IntegratedPlan.objects.exists()


def test_the_list_shows_the_share_and_the_units_still_without_a_plan(client, world, personas):
    integrated_plan(world, personas["coordinator"], world.district)
    integrated_plan(world, personas["coordinator"], world.commune)
    client.force_login(personas["district_officer"])
    response = client.get("/outreach/integrated-plans/?year=2019")
    result = response.context["result"]
    assert (result.numerator, result.denominator) == (2, 3)
    assert [unit.name for unit in response.context["missing"]] == ["Xã Bình"]
    assert f"/outreach/integrated-plans/new/?unit={world.sibling_commune.pk}" in response.content.decode()


def test_a_siblings_plan_answers_404_and_the_districts_plan_403_to_a_commune_officer(client, world, personas):
    district_plan = integrated_plan(world, personas["coordinator"], world.district)
    sibling_plan = integrated_plan(world, personas["coordinator"], world.sibling_commune)
    client.force_login(personas["commune_officer"])
    assert client.get(f"/outreach/integrated-plans/{sibling_plan.pk}/edit/").status_code == 404
    assert client.get(f"/outreach/integrated-plans/{district_plan.pk}/edit/").status_code == 403


def test_the_list_runs_a_fixed_number_of_queries(client, world, personas, django_assert_max_num_queries):
    client.force_login(personas["coordinator"])
    integrated_plan(world, personas["coordinator"], world.district)
    with django_assert_max_num_queries(12) as few:
        client.get("/outreach/integrated-plans/")
    for unit in (world.commune, world.sibling_commune, world.far_commune, world.other_district):
        for _ in range(3):
            integrated_plan(world, personas["coordinator"], unit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/outreach/integrated-plans/")
