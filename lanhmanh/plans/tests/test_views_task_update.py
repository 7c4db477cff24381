from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lanhmanh.plans.models import Task, TaskStatus, TaskUpdate

from .files import pdf_upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def form_data(task: Task, **changes) -> dict:
    data = {
        "date": "2019-06-01",
        "text": "Đã rà soát các cơ sở kinh doanh",
        "quantity": "",
        "new_status": "",
        "version": task.version,
    }
    data.update(changes)
    return data


def test_an_officer_of_the_lead_agency_posts_an_update_with_a_pdf_and_a_new_status(client, world, personas):
    task = world.police_task
    client.force_login(personas["agency_officer"])
    response = client.post(
        f"/tasks/{task.pk}/",
        form_data(task, quantity="1.234,5", new_status="in_progress", evidence=pdf_upload("biên bản kiểm tra.pdf")),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/tasks/{task.pk}/"
    update = TaskUpdate.objects.get(task=task)
    assert update.quantity == Decimal("1234.5")
    assert update.author == personas["agency_officer"]
    assert update.author_agency == world.police
    assert update.evidence_name == "biên bản kiểm tra.pdf"
    assert update.evidence.read().startswith(b"%PDF")
    stored = Task.objects.get(pk=task.pk)
    assert (stored.status, stored.version) == (TaskStatus.IN_PROGRESS, 2)
    page = client.get(response["Location"]).content.decode()
    assert "Đã lưu cập nhật tiến độ." in page
    assert f"/updates/{update.pk}/evidence/" in page


def test_dates_typed_as_dd_mm_yyyy_are_read(client, world, personas):
    client.force_login(personas["agency_officer"])
    client.post(f"/tasks/{world.police_task.pk}/", form_data(world.police_task, date="15/03/2019"))
    assert TaskUpdate.objects.get().date == date(2019, 3, 15)


def test_an_update_without_status_change_keeps_the_status(client, world, personas):
    client.force_login(personas["coordinator"])
    client.post(f"/tasks/{world.province_task.pk}/", form_data(world.province_task))
    assert Task.objects.get(pk=world.province_task.pk).status == TaskStatus.NOT_STARTED
    assert TaskUpdate.objects.get().status_after == TaskStatus.NOT_STARTED


def test_a_fake_pdf_is_refused_under_the_evidence_field_and_nothing_is_saved(client, world, personas):
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 this is not a pdf", content_type="application/pdf")
    client.force_login(personas["agency_officer"])
    response = client.post(
        f"/tasks/{world.police_task.pk}/", form_data(world.police_task, evidence=fake, new_status="done")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["evidence"]
    assert "bao-cao.pdf" in errors["evidence"][0] and "pdf" in errors["evidence"][0]
    assert "Tệp minh chứng" in response.content.decode()
    assert TaskUpdate.objects.count() == 0
    assert Task.objects.get(pk=world.police_task.pk).status == TaskStatus.NOT_STARTED


def test_a_file_of_a_type_not_allowed_is_refused(client, world, personas):
    script = SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    client.force_login(personas["agency_officer"])
    response = client.post(f"/tasks/{world.police_task.pk}/", form_data(world.police_task, evidence=script))
    assert "không đúng loại cho phép" in response.context["form"].errors["evidence"][0]
    assert TaskUpdate.objects.count() == 0


def test_missing_text_and_a_bad_quantity_are_named_in_the_errors(client, world, personas):
    client.force_login(personas["agency_officer"])
    response = client.post(f"/tasks/{world.police_task.pk}/", form_data(world.police_task, text=" ", quantity="nhiều"))
    html = response.content.decode()
    assert "Cần nhập “Nội dung”." in html
    assert "“Số lượng” phải là một số, ví dụ 1.234,5." in html
    assert TaskUpdate.objects.count() == 0


def test_a_date_in_the_future_is_refused_by_the_service_under_the_date_field(client, world, personas):
    tomorrow = timezone.localdate() + timedelta(days=1)
    client.force_login(personas["agency_officer"])
    response = client.post(f"/tasks/{world.police_task.pk}/", form_data(world.police_task, date=tomorrow.isoformat()))
    assert response.context["form"].errors["date"] == ["Ngày cập nhật không được ở tương lai."]


def test_two_forms_built_from_the_same_version_the_second_is_refused_and_nothing_overwritten(client, world, personas):
    task = world.police_task
    first, second = form_data(task, new_status="done", text="Xong"), form_data(task, new_status="blocked", text="Vướng")
    client.force_login(personas["coordinator"])
    assert client.post(f"/tasks/{task.pk}/", first).status_code == 302
    client.force_login(personas["agency_officer"])
    response = client.post(f"/tasks/{task.pk}/", second)
    assert response.status_code == 200
    assert "vừa được người khác cập nhật" in response.content.decode()
    stored = Task.objects.get(pk=task.pk)
    assert stored.status == TaskStatus.DONE
    assert list(TaskUpdate.objects.values_list("text", flat=True)) == ["Xong"]
    # The page shows what is stored, not the refused status.
    assert response.context["task"].status == TaskStatus.DONE


@pytest.mark.parametrize("persona", ["viewer", "inspector", "case_worker", "admin"])
def test_read_only_roles_may_not_post_updates(client, world, personas, persona):
    client.force_login(personas[persona])
    response = client.post(f"/tasks/{world.province_task.pk}/", form_data(world.province_task))
    assert response.status_code == 403
    assert TaskUpdate.objects.count() == 0


def test_an_agency_officer_may_not_update_another_agencys_task(client, world, personas):
    client.force_login(personas["agency_officer"])
    assert client.post(f"/tasks/{world.province_task.pk}/", form_data(world.province_task)).status_code == 403


def test_a_partner_agency_may_update(client, world, personas):
    world.province_task.partners.add(world.police)
    client.force_login(personas["agency_officer"])
    assert client.post(f"/tasks/{world.province_task.pk}/", form_data(world.province_task)).status_code == 302


def test_a_commune_officer_updates_their_communes_task_but_not_a_siblings(client, world, personas):
    client.force_login(personas["commune_officer"])
    assert client.post(f"/tasks/{world.commune_task.pk}/", form_data(world.commune_task)).status_code == 302
    client.force_login(personas["sibling_commune"])
    assert client.post(f"/tasks/{world.commune_task.pk}/", form_data(world.commune_task)).status_code == 404
    assert TaskUpdate.objects.count() == 1
