from datetime import date

from lanhmanh.core.testing import make_unit
from lanhmanh.places.models import Level

from .records import event


def missing(response) -> list[str]:
    return [unit.name for unit in response.context["missing"]]


def test_the_to_do_lists_the_communes_without_outreach_in_the_period(client, world, personas):
    event(world, personas["coordinator"], units=[world.commune], date=date(2019, 2, 1))
    client.force_login(personas["coordinator"])
    response = client.get("/outreach/todo/?period=2019-Q1")
    assert missing(response) == ["Xã Bình", "Xã Cư"]
    html = response.content.decode()
    assert "1/3 xã, phường, thị trấn đã tổ chức tuyên truyền." in html
    assert f'href="/outreach/events/new/?unit={world.sibling_commune.pk}"' in html
    assert missing(client.get("/outreach/todo/?period=2019-Q2")) == ["Xã An", "Xã Bình", "Xã Cư"]


def test_the_to_do_drills_down_to_a_district_and_follows_the_reporting_basis(client, world, personas):
    event(world, personas["coordinator"], units=[world.commune], date=date(2019, 12, 15))
    client.force_login(personas["coordinator"])
    url = f"/outreach/todo/?unit={world.district.pk}"
    assert missing(client.get(url + "&period=2019")) == ["Xã Bình"]
    assert missing(client.get(url + "&period=2019&basis=reporting")) == ["Xã An", "Xã Bình"]


def test_the_to_do_opens_on_the_plans_year_within_the_users_scope(client, world, personas):
    client.force_login(personas["commune_officer"])
    response = client.get("/outreach/todo/")
    assert response.context["period"].key == "2019"
    assert missing(response) == ["Xã An"]
    assert "Ghi nhận hoạt động" in response.content.decode()


def test_read_only_users_see_the_to_do_without_the_record_links(client, world, personas):
    client.force_login(personas["viewer"])
    response = client.get("/outreach/todo/?period=2019")
    assert missing(response) == ["Xã An", "Xã Bình", "Xã Cư"]
    assert "/outreach/events/new/" not in response.content.decode()


def test_a_unit_outside_the_scope_is_refused_as_a_filter(client, world, personas):
    client.force_login(personas["commune_officer"])
    response = client.get(f"/outreach/todo/?unit={world.far_commune.pk}")
    assert missing(response) == ["Xã An"]
    assert "lựa chọn không hợp lệ" in response.content.decode()


def test_the_to_do_runs_the_same_number_of_queries_for_3_or_30_communes(
    client, world, personas, django_assert_max_num_queries
):
    client.force_login(personas["coordinator"])
    with django_assert_max_num_queries(15) as few:
        client.get("/outreach/todo/?period=2019")
    for index in range(27):
        make_unit(f"Xã {index}", f"97{index:03d}", Level.COMMUNE, world.other_district)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/outreach/todo/?period=2019")
    assert len(response.context["missing"]) == 30


def test_a_subtree_without_communes_says_so(client, world, personas):
    empty = make_unit("Huyện Ba", "993", Level.DISTRICT, world.province)
    client.force_login(personas["coordinator"])
    response = client.get(f"/outreach/todo/?unit={empty.pk}&period=2019")
    assert "không có đơn vị cấp xã" in response.content.decode()
