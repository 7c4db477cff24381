from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from lanhmanh.plans import services
from lanhmanh.plans.models import Task, TaskStatus, TaskUpdate

from .files import pdf_upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def post_update(client, task, *, multipart=False, **fields):
    body = {"date": "2019-06-01", "text": "Đã tổ chức tuyên truyền", "version": task.version, **fields}
    return client.post(f"/api/v1/tasks/{task.id}/updates/", body, format="multipart" if multipart else "json")


# Posting ---------------------------------------------------------------------------------------


def test_an_officer_posts_an_update_that_changes_the_status(world, personas):
    task = world.commune_task
    response = post_update(api(personas["commune_officer"]), task, quantity="3", new_status="in_progress")
    assert response.status_code == 201
    body = response.json()
    update = TaskUpdate.objects.get()
    assert body == {
        "id": update.id,
        "task": task.id,
        "date": "2019-06-01",
        "text": "Đã tổ chức tuyên truyền",
        "quantity": "3.00",
        "status_before": "not_started",
        "status_after": "in_progress",
        "evidence_name": "",
        "author": "commune",
        "author_agency": "UBND-HUYEN",
        "created_at": body["created_at"],
        "task_version": 2,
    }
    assert Task.objects.get(pk=task.pk).status == TaskStatus.IN_PROGRESS


def test_an_update_may_carry_evidence_as_multipart(world, personas):
    task = world.police_task
    response = post_update(api(personas["agency_officer"]), task, multipart=True, evidence=pdf_upload("bien ban.pdf"))
    assert response.status_code == 201
    assert response.json()["evidence_name"] == "bien ban.pdf"
    assert TaskUpdate.objects.get().evidence.read().startswith(b"%PDF")


@pytest.mark.parametrize(
    "role, status",
    [
        ("coordinator", 201),
        ("district_officer", 201),  # the commune lies in their district
        ("commune_officer", 201),
        ("agency_officer", 403),  # the police neither lead nor partner on this task
        ("admin", 403),
        ("inspector", 403),
        ("case_worker", 403),
        ("viewer", 403),
        ("sibling_commune", 404),
    ],
)
def test_who_may_post_an_update_on_a_commune_task(world, personas, role, status):
    assert post_update(api(personas[role]), world.commune_task).status_code == status
    assert TaskUpdate.objects.count() == (1 if status == 201 else 0)


def test_a_partner_agency_may_post_on_the_task(world, personas):
    world.commune_task.partners.set([world.police])
    assert post_update(api(personas["agency_officer"]), world.commune_task).status_code == 201


def test_a_future_date_empty_text_and_negative_quantity_are_named_field_by_field(world, personas):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = post_update(
        api(personas["commune_officer"]), world.commune_task, date=tomorrow, text="  ", quantity="-1"
    )
    assert response.status_code == 400
    assert response.json() == {
        "text": ["Nội dung cập nhật không được để trống."],
        "date": ["Ngày cập nhật không được ở tương lai."],
        "quantity": ["Số lượng không được âm."],
    }
    assert not TaskUpdate.objects.exists()


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused(world, personas):
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = post_update(api(personas["commune_officer"]), world.commune_task, multipart=True, evidence=fake)
    assert response.status_code == 400
    assert response.json() == {"evidence": ["Nội dung tệp “bao-cao.pdf” không phải là tệp pdf hợp lệ."]}
    assert not TaskUpdate.objects.exists()


def test_an_unknown_status_is_refused_by_the_service(world, personas):
    response = post_update(api(personas["commune_officer"]), world.commune_task, new_status="finished")
    assert response.status_code == 400
    assert response.json() == {"new_status": ["Trạng thái “finished” không hợp lệ."]}


def test_malformed_values_and_a_missing_version_are_named(world, personas):
    url = f"/api/v1/tasks/{world.commune_task.id}/updates/"
    body = {"date": "01/06/2019", "text": "x", "quantity": "ba"}
    response = api(personas["commune_officer"]).post(url, body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "date": ["Ngày không hợp lệ: dùng dạng YYYY-MM-DD, ví dụ 2019-06-01."],
        "quantity": ["Cần một số, ví dụ 1234.5 (dấu chấm thập phân)."],
        "version": ["Cần nhập trường này."],
    }


def test_a_status_change_on_a_task_changed_meanwhile_answers_409_and_writes_nothing(world, personas):
    task = world.commune_task
    services.task_post_update(
        task=Task.objects.get(pk=task.pk),
        author=personas["coordinator"],
        date=date(2019, 5, 1),
        text="Điều phối",
        new_status=TaskStatus.BLOCKED,
    )
    response = post_update(api(personas["commune_officer"]), task, new_status="done", version=1)
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert Task.objects.get(pk=task.pk).status == TaskStatus.BLOCKED
    assert TaskUpdate.objects.count() == 1


# Reading ---------------------------------------------------------------------------------------


def post_as(personas, role, task, text):
    return services.task_post_update(
        task=Task.objects.get(pk=task.pk), author=personas[role], date=date(2019, 6, 1), text=text
    )


def test_a_tasks_updates_are_listed_newest_first(world, personas):
    post_as(personas, "commune_officer", world.commune_task, "Lần 1")
    services.task_post_update(
        task=world.commune_task, author=personas["commune_officer"], date=date(2019, 7, 1), text="Lần 2"
    )
    response = api(personas["viewer"]).get(f"/api/v1/tasks/{world.commune_task.id}/updates/")
    assert response.status_code == 200
    assert [u["text"] for u in response.json()["results"]] == ["Lần 2", "Lần 1"]


@pytest.mark.parametrize("role, status", [("commune_officer", 200), ("inspector", 200), ("sibling_commune", 404)])
def test_a_tasks_updates_follow_the_tasks_scope(world, personas, role, status):
    update = post_as(personas, "commune_officer", world.commune_task, "Lần 1")
    client = api(personas[role])
    assert client.get(f"/api/v1/tasks/{world.commune_task.id}/updates/").status_code == status
    assert client.get(f"/api/v1/task-updates/{update.id}/").status_code == status


def test_the_update_list_shows_only_updates_in_scope_and_filters_by_task(world, personas):
    post_as(personas, "commune_officer", world.commune_task, "Xã An")
    post_as(personas, "sibling_commune", world.sibling_commune_task, "Xã Bình")
    post_as(personas, "agency_officer", world.police_task, "Công an")
    client = api(personas["commune_officer"])
    assert sorted(u["text"] for u in client.get("/api/v1/task-updates/").json()["results"]) == ["Công an", "Xã An"]
    filtered = client.get(f"/api/v1/task-updates/?task={world.police_task.id}").json()["results"]
    assert [u["text"] for u in filtered] == ["Công an"]


def test_the_number_of_queries_of_the_update_list_does_not_grow(world, personas, django_assert_num_queries):
    client = api(personas["coordinator"])
    post_as(personas, "commune_officer", world.commune_task, "Lần đầu")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/task-updates/")
    for role, task in [("agency_officer", world.police_task), ("district_officer", world.district_task)] * 5:
        post_as(personas, role, task, "Thêm")
    with django_assert_num_queries(len(few)):
        assert client.get("/api/v1/task-updates/").json()["count"] == 11
