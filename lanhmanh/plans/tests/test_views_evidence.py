from datetime import date

import pytest

from lanhmanh.plans import services

from .files import PDF_BYTES, pdf_upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def post(task, author, *, evidence=True):
    return services.task_post_update(
        task=task,
        author=author,
        date=date(2019, 6, 1),
        text="Biên bản",
        evidence=pdf_upload("biên bản.pdf") if evidence else None,
    )


def test_a_reader_of_the_task_downloads_the_evidence_as_an_uncached_attachment(client, world, personas):
    update = post(world.police_task, personas["agency_officer"])
    client.force_login(personas["viewer"])
    response = client.get(f"/updates/{update.pk}/evidence/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''bi%C3%AAn%20b%E1%BA%A3n.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/pdf"


def test_the_stored_file_name_is_opaque_and_not_published_under_a_media_url(client, world, personas):
    update = post(world.police_task, personas["agency_officer"])
    assert "bi" not in update.evidence.name.rsplit("/", 1)[-1]
    client.force_login(personas["viewer"])
    assert client.get(f"/media/{update.evidence.name}").status_code == 404


def test_an_update_without_evidence_answers_404(client, world, personas):
    update = post(world.police_task, personas["agency_officer"], evidence=False)
    client.force_login(personas["viewer"])
    assert client.get(f"/updates/{update.pk}/evidence/").status_code == 404


def test_a_sibling_commune_officer_cannot_download_another_communes_evidence(client, world, personas):
    update = post(world.commune_task, personas["commune_officer"])
    client.force_login(personas["sibling_commune"])
    assert client.get(f"/updates/{update.pk}/evidence/").status_code == 404


def test_a_commune_officer_cannot_download_evidence_of_another_district(client, world, personas):
    update = post(world.other_district_task, personas["coordinator"])
    client.force_login(personas["commune_officer"])
    assert client.get(f"/updates/{update.pk}/evidence/").status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, world, personas):
    update = post(world.police_task, personas["agency_officer"])
    response = client.get(f"/updates/{update.pk}/evidence/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_evidence_downloads_only_by_get(client, world, personas):
    update = post(world.police_task, personas["agency_officer"])
    client.force_login(personas["viewer"])
    assert client.post(f"/updates/{update.pk}/evidence/").status_code == 405
