"""The registry's pages: list with diacritic-insensitive search and filters, detail, forms, export."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lanhmanh.establishments.models import Establishment
from lanhmanh.establishments.tests.records import commitment, establishment, flag, registration


@pytest.fixture
def registry(world, personas):
    officer = personas["commune_officer"]
    hotel = establishment(officer, world.commune)
    karaoke = establishment(officer, world.commune, "Karaoke Đêm Vàng", kind="karaoke", address="5 Lê Lợi")
    commitment(officer, hotel, date(2019, 1, 10), None)
    registration(officer, hotel)
    flag(officer, karaoke, date(2019, 5, 3))
    far = establishment(personas["coordinator"], world.far_commune, "Nhà nghỉ Hòa Bình Xa", kind="guest_house")
    return {"hotel": hotel, "karaoke": karaoke, "far": far}


def names(response) -> list[str]:
    return [item.name for item in response.context["page"].object_list]


@pytest.mark.parametrize("query", ["khach san hoa binh", "hòa bình", "HOA BINH", "Khách sạn Hòa"])
def test_search_by_name_ignores_diacritics_and_case(client, personas, registry, query):
    client.force_login(personas["commune_officer"])
    assert names(client.get("/establishments/", {"q": query})) == ["Khách sạn Hòa Bình"]


def test_the_list_shows_only_the_scope(client, personas, registry):
    client.force_login(personas["commune_officer"])
    assert sorted(names(client.get("/establishments/"))) == ["Karaoke Đêm Vàng", "Khách sạn Hòa Bình"]
    client.force_login(personas["viewer"])
    assert len(names(client.get("/establishments/", {"q": "hoa binh"}))) == 2


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "karaoke"}, ["Karaoke Đêm Vàng"]),
        ({"no_commitment": "on"}, ["Karaoke Đêm Vàng"]),
        ({"no_registration": "on"}, ["Karaoke Đêm Vàng"]),
        ({"signs": "on"}, ["Karaoke Đêm Vàng"]),
        ({"status": "closed"}, []),
    ],
)
def test_the_filters_narrow_the_list(client, personas, registry, filters, expected):
    client.force_login(personas["commune_officer"])
    assert names(client.get("/establishments/", filters)) == expected


def test_a_unit_filter_outside_the_scope_is_refused_not_widened(client, personas, registry, world):
    client.force_login(personas["commune_officer"])
    response = client.get("/establishments/", {"unit": world.far_commune.pk})
    assert "Nhà nghỉ Hòa Bình Xa" not in names(response)
    assert response.context["form"].errors


def test_the_list_costs_the_same_queries_for_3_or_30_rows(client, personas, world):
    officer = personas["commune_officer"]
    client.force_login(officer)

    def add(count: int) -> None:
        start = Establishment.objects.count()
        for i in range(start, start + count):
            est = establishment(officer, world.commune, f"Nhà nghỉ số {i}", kind="guest_house")
            commitment(officer, est)
            flag(officer, est)

    add(3)
    client.get("/establishments/")
    with CaptureQueriesContext(connection) as small:
        client.get("/establishments/")
    add(27)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/establishments/")
    assert len(response.context["page"].object_list) == 25
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_detail_shows_the_history_and_the_inspections_link(client, personas, registry):
    client.force_login(personas["viewer"])
    hotel = registry["hotel"]
    html = client.get(f"/establishments/{hotel.pk}/").content.decode()
    assert f'href="/inspections/inspections/?establishment={hotel.pk}"' in html and "Lịch sử kiểm tra" in html
    assert "Nguyễn Văn An" in html and "Phòng LĐTBXH" in html
    assert f"/establishments/{hotel.pk}/edit/" not in html and "/flags/new/" not in html
    assert "Thêm cơ sở kinh doanh" in html  # the audit history, with its label


def test_another_communes_establishment_answers_404(client, personas, registry):
    client.force_login(personas["sibling_commune"])
    hotel = registry["hotel"]
    assert client.get(f"/establishments/{hotel.pk}/").status_code == 404
    assert client.get(f"/establishments/{hotel.pk}/edit/").status_code == 404
    assert client.post(f"/establishments/{hotel.pk}/flags/new/", {}).status_code == 404


def test_a_commune_officer_adds_an_establishment_through_the_form(client, personas, world):
    client.force_login(personas["commune_officer"])
    response = client.post(
        "/establishments/new/",
        {"name": "Massage Thư Giãn", "kind": "massage", "address": "3 Trần Phú", "commune": world.commune.pk},
    )
    est = Establishment.objects.get(name="Massage Thư Giãn")
    assert response.status_code == 302 and response["Location"] == f"/establishments/{est.pk}/"


def test_the_form_shows_a_duplicate_registration_number_under_its_field(client, personas, world, registry):
    Establishment.objects.filter(pk=registry["hotel"].pk).update(registration_number="45A1")
    client.force_login(personas["commune_officer"])
    response = client.post(
        "/establishments/new/",
        {"name": "Bar X", "kind": "bar", "address": "1 A", "commune": world.commune.pk, "registration_number": "45a1"},
    )
    assert "đã được dùng cho cơ sở khác trong tỉnh" in str(response.context["form"].errors["registration_number"])


def test_an_edit_on_a_stale_version_is_refused_with_a_clear_message(client, personas, world, registry):
    hotel = registry["hotel"]
    client.force_login(personas["commune_officer"])
    data = {
        "name": "Khách sạn Hòa Bình 2",
        "kind": "hotel",
        "address": "12 đường 30/4",
        "commune": world.commune.pk,
        "version": 1,
    }
    assert client.post(f"/establishments/{hotel.pk}/edit/", data).status_code == 302
    response = client.post(f"/establishments/{hotel.pk}/edit/", {**data, "name": "Khác"})
    assert "đã được người khác sửa" in response.content.decode()
    assert Establishment.objects.get(pk=hotel.pk).name == "Khách sạn Hòa Bình 2"


def test_an_inspector_records_a_flag_and_a_viewer_is_refused(client, personas, registry):
    karaoke = registry["karaoke"]
    client.force_login(personas["inspector"])
    data = {"noted_on": "2019-06-01", "source": "inspection", "description": "Phòng có chốt trong"}
    assert client.post(f"/establishments/{karaoke.pk}/flags/new/", data).status_code == 302
    client.force_login(personas["viewer"])
    assert client.post(f"/establishments/{karaoke.pk}/flags/new/", data).status_code == 403
    assert karaoke.flags.count() == 2


def test_the_export_holds_the_filtered_list_of_the_scope(client, personas, registry):
    client.force_login(personas["commune_officer"])
    response = client.get("/establishments/export/", {"no_commitment": "on"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
    assert [row[0] for row in rows] == ["Karaoke Đêm Vàng"]
    client.force_login(personas["sibling_commune"])
    response = client.get("/establishments/export/", {"q": "hoa binh"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]] == []
