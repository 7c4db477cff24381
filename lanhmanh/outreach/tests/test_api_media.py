from lanhmanh.outreach.models import MediaItem
from lanhmanh.plans.tests.files import pdf_upload

from .records import media_item


def test_the_coordinator_records_an_item_for_their_province(api, world):
    response = api("coordinator").post(
        "/api/v1/media-items/",
        {"outlet": "ptth", "kind": "programme", "date": "2019-02-02", "title": "Chuyên đề", "link": "https://ptth.vn"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["unit"]["name"] == "Tỉnh Thử"


def test_an_item_with_a_file_is_sent_as_multipart(api, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = api("agency_officer").post(
        "/api/v1/media-items/",
        {"outlet": "bao_tn", "kind": "article", "date": "2019-02-02", "title": "Bài", "file": pdf_upload("bai.pdf")},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert (response.json()["file_name"], response.json()["has_file"]) == ("bai.pdf", True)


def test_district_officers_do_not_record_media_and_everybody_reads_it(api, world, personas):
    assert api("district_officer").post("/api/v1/media-items/", {}, format="json").status_code == 403
    item = media_item(world, personas["coordinator"])
    assert api("commune_officer").get(f"/api/v1/media-items/{item.pk}/").status_code == 200
    assert [row["id"] for row in api("viewer").get("/api/v1/media-items/?year=2019").json()["results"]] == [item.pk]
    assert api("viewer").get("/api/v1/media-items/?year=2018").json()["count"] == 0


def test_an_update_goes_through_the_service(api, world, personas):
    item = media_item(world, personas["coordinator"])
    response = api("coordinator").put(
        f"/api/v1/media-items/{item.pk}/",
        {"outlet": "other", "kind": "news", "date": "2019-03-10", "title": "Tin"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["outlet_name"] == ["Cần nhập “Tên cơ quan báo chí khác”."]
    assert MediaItem.objects.get().outlet == "bao_tn"
