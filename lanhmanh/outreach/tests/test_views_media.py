from datetime import date

from lanhmanh.outreach.models import MediaItem
from lanhmanh.plans.tests.files import pdf_upload

from .records import media_item


def test_the_coordinator_records_a_media_item_for_the_province(client, world, personas):
    client.force_login(personas["coordinator"])
    response = client.post(
        "/outreach/media/new/",
        {"outlet": "ptth", "kind": "reportage", "date": "10/04/2019", "title": "Phóng sự", "link": "https://ptth.vn/1"},
    )
    assert response.status_code == 302
    item = MediaItem.objects.get()
    assert (item.unit, item.outlet, item.date) == (world.province, "ptth", date(2019, 4, 10))


def test_an_item_without_link_or_file_is_refused_on_the_form(client, world, personas):
    client.force_login(personas["agency_officer"])
    response = client.post(
        "/outreach/media/new/", {"outlet": "bao_tn", "kind": "news", "date": "2019-04-10", "title": "Tin"}
    )
    assert "Cần “Đường dẫn” đến tin, bài hoặc một tệp đính kèm." in response.content.decode()
    assert not MediaItem.objects.exists()


def test_district_and_commune_officers_and_read_only_roles_do_not_record_media(client, world, personas):
    for role in ("district_officer", "commune_officer", "viewer", "admin"):
        client.force_login(personas[role])
        assert client.get("/outreach/media/new/").status_code == 403


def test_everybody_in_the_province_reads_the_list_filtered_by_year_and_outlet(client, world, personas):
    coordinator = personas["coordinator"]
    media_item(world, coordinator, title="Báo 2019")
    media_item(world, coordinator, title="Đài 2019", outlet="ptth")
    media_item(world, coordinator, title="Báo 2018", date=date(2018, 5, 1))
    client.force_login(personas["commune_officer"])
    response = client.get("/outreach/media/?year=2019&outlet=bao_tn")
    assert [item.title for item in response.context["page"].object_list] == ["Báo 2019"]
    assert "/outreach/media/new/" not in response.content.decode()


def test_the_grid_marks_the_months_with_and_without_items_per_outlet(client, world, personas):
    coordinator = personas["coordinator"]
    media_item(world, coordinator, date=date(2019, 1, 14))
    media_item(world, coordinator, date=date(2019, 1, 20))
    media_item(world, coordinator, outlet="ptth", date=date(2019, 3, 3))
    client.force_login(personas["viewer"])
    response = client.get("/outreach/media/grid/?year=2019")
    rows = {row.label: [cell.count for cell in row.cells] for row in response.context["rows"]}
    assert rows["Báo Tây Ninh"] == [2] + [0] * 11
    assert rows["Đài Phát thanh và Truyền hình tỉnh"] == [0, 0, 1] + [0] * 9
    assert response.context["result"].numerator == 2
    reporting = client.get("/outreach/media/grid/?year=2019&basis=reporting")
    rows = {row.label: [cell.count for cell in row.cells] for row in reporting.context["rows"]}
    assert rows["Báo Tây Ninh"][:2] == [1, 1]


def test_the_grid_runs_a_fixed_number_of_queries(client, world, personas, django_assert_max_num_queries):
    client.force_login(personas["viewer"])
    with django_assert_max_num_queries(8) as few:
        client.get("/outreach/media/grid/?year=2019")
    for month in range(1, 13):
        media_item(world, personas["coordinator"], date=date(2019, month, 2))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/outreach/media/grid/?year=2019")


def test_an_item_is_edited_deleted_and_its_file_streamed_after_the_access_check(
    client, world, personas, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(personas["coordinator"])
    client.post(
        "/outreach/media/new/",
        {"outlet": "bao_tn", "kind": "news", "date": "2019-04-10", "title": "Tin", "file": pdf_upload("tin.pdf")},
    )
    item = MediaItem.objects.get()
    client.force_login(personas["commune_officer"])
    assert client.get(f"/outreach/media/{item.pk}/file/").status_code == 200
    assert client.get(f"/outreach/media/{item.pk}/edit/").status_code == 403
    client.force_login(personas["coordinator"])
    response = client.post(
        f"/outreach/media/{item.pk}/edit/",
        {"outlet": "bao_tn", "kind": "article", "date": "2019-04-10", "title": "Bài"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.kind, item.title, item.file_name) == ("article", "Bài", "tin.pdf")
    assert client.post(f"/outreach/media/{item.pk}/delete/").status_code == 302
    assert not MediaItem.objects.exists()
