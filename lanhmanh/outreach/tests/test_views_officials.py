from datetime import date

from lanhmanh.outreach.models import Official

from .records import official


def test_a_commune_officer_adds_an_official_of_their_commune(client, world, personas):
    client.force_login(personas["commune_officer"])
    response = client.post(
        "/outreach/officials/new/",
        {
            "full_name": "Trần Thị Mai",
            "agency": world.district_committees.pk,
            "unit": world.commune.pk,
            "position": "Công chức văn hóa - xã hội",
            "start_date": "01/01/2019",
        },
    )
    assert response["Location"] == "/outreach/officials/"
    assert Official.objects.get().full_name == "Trần Thị Mai"


def test_the_list_shows_the_roster_of_the_users_subtree_filtered(client, world, personas):
    coordinator = personas["coordinator"]
    official(world, coordinator, full_name="An")
    official(world, coordinator, full_name="Cư", unit=world.far_commune)
    official(world, coordinator, full_name="Nghỉ", end_date=date(2018, 6, 30))
    client.force_login(personas["district_officer"])
    names = [o.full_name for o in client.get("/outreach/officials/").context["page"].object_list]
    assert names == ["An", "Nghỉ"]
    names = [o.full_name for o in client.get("/outreach/officials/?active_on=2019-01-01").context["page"].object_list]
    assert names == ["An"]


def test_setting_an_end_date_through_the_edit_page(client, world, personas):
    person = official(world, personas["commune_officer"])
    client.force_login(personas["commune_officer"])
    data = {
        "full_name": person.full_name,
        "agency": world.district_committees.pk,
        "unit": world.commune.pk,
        "position": person.position,
        "start_date": "2018-01-01",
        "end_date": "2019-09-30",
    }
    assert client.post(f"/outreach/officials/{person.pk}/edit/", data).status_code == 302
    person.refresh_from_db()
    assert person.end_date == date(2019, 9, 30)


def test_another_communes_official_answers_404_and_a_viewer_gets_403(client, world, personas):
    person = official(world, personas["commune_officer"])
    client.force_login(personas["sibling_commune"])
    assert client.get(f"/outreach/officials/{person.pk}/edit/").status_code == 404
    client.force_login(personas["viewer"])
    assert client.get(f"/outreach/officials/{person.pk}/edit/").status_code == 403
    assert client.get("/outreach/officials/new/").status_code == 403


def test_the_roster_list_runs_a_fixed_number_of_queries(client, world, personas, django_assert_max_num_queries):
    coordinator = personas["coordinator"]
    official(world, coordinator)
    client.force_login(coordinator)
    with django_assert_max_num_queries(12) as few:
        client.get("/outreach/officials/")
    for index in range(20):
        official(world, coordinator, full_name=f"Cán bộ {index}", unit=world.far_commune)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/outreach/officials/")
