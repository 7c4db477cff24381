from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from lanhmanh.core.models import AuditEntry
from lanhmanh.plans.models import Task, TaskKind, TaskStatus


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def codes(response):
    assert response.status_code == 200, response.content
    return sorted(task["code"] for task in response.json()["results"])


PROVINCE_WIDE = ["IV.1.1", "IV.2.1"]
ALL_TASKS = ["IV.1.1", "IV.13.1", "IV.13.2", "IV.13.3", "IV.13.4", "IV.2.1"]


# Reading ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, expected",
    [
        ("admin", ALL_TASKS),
        ("coordinator", ALL_TASKS),
        ("agency_officer", ALL_TASKS),
        ("viewer", ALL_TASKS),
        ("district_officer", ["IV.1.1", "IV.13.1", "IV.13.3", "IV.13.4", "IV.2.1"]),
        ("commune_officer", ["IV.1.1", "IV.13.1", "IV.13.3", "IV.2.1"]),
        ("inspector", ["IV.1.1", "IV.13.1", "IV.13.3", "IV.2.1"]),
        ("case_worker", ["IV.1.1", "IV.13.1", "IV.13.3", "IV.2.1"]),
        ("sibling_commune", ["IV.1.1", "IV.13.1", "IV.13.4", "IV.2.1"]),
    ],
)
def test_each_role_lists_the_tasks_of_its_scope_and_the_units_above(world, personas, role, expected):
    assert codes(api(personas[role]).get("/api/v1/tasks/")) == expected


def test_a_task_shows_agencies_by_code_its_unit_and_whether_it_is_overdue(world, personas):
    world.police_task.partners.set([world.lead, world.district_committees])
    client = api(personas["viewer"])
    police = client.get(f"/api/v1/tasks/{world.police_task.id}/").json()
    assert police == {
        "id": world.police_task.id,
        "plan": world.plan.id,
        "code": "IV.2.1",
        "section": "IV.2",
        "kind": "duty",
        "text": "Nhiệm vụ IV.2.1",
        "lead_agency": "CA",
        "partners": ["LDTBXH", "UBND-HUYEN"],
        "unit": {"id": world.province.id, "code": "99", "name": "Tỉnh Thử"},
        "deadline": None,
        "status": "not_started",
        "version": 1,
        "overdue": False,
    }
    # Deadline 30/06/2019, not started.
    assert client.get(f"/api/v1/tasks/{world.province_task.id}/").json()["overdue"] is True


@pytest.mark.parametrize(
    "role, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("agency_officer", 200),
        ("district_officer", 200),
        ("commune_officer", 200),
        ("inspector", 200),
        ("case_worker", 200),
        ("viewer", 200),
        ("sibling_commune", 404),
    ],
)
def test_a_commune_task_is_hidden_from_the_commune_next_door(world, personas, role, status):
    assert api(personas[role]).get(f"/api/v1/tasks/{world.commune_task.id}/").status_code == status


@pytest.mark.parametrize("role", ["commune_officer", "inspector", "case_worker"])
def test_the_sibling_communes_task_answers_404_to_the_commune(world, personas, role):
    assert api(personas[role]).get(f"/api/v1/tasks/{world.sibling_commune_task.id}/").status_code == 404


def test_a_task_that_does_not_exist_answers_404(world, personas):
    assert api(personas["coordinator"]).get("/api/v1/tasks/999999/").status_code == 404


# Filters ---------------------------------------------------------------------------------------


def test_filter_by_agency_code_finds_lead_and_partner_tasks(world, personas):
    world.commune_task.partners.set([world.police])
    assert codes(api(personas["coordinator"]).get("/api/v1/tasks/?agency=CA")) == ["IV.13.3", "IV.2.1"]


def test_filter_by_status_plan_and_overdue(world, personas):
    Task.objects.filter(pk=world.district_task.pk).update(status=TaskStatus.DONE)
    client = api(personas["coordinator"])
    assert codes(client.get("/api/v1/tasks/?status=done")) == ["IV.13.1"]
    assert codes(client.get(f"/api/v1/tasks/?plan={world.plan.id}&overdue=true")) == ["IV.1.1"]
    assert codes(client.get("/api/v1/tasks/?plan=999999")) == []


def test_filter_by_unit_keeps_the_tasks_of_its_subtree(world, personas):
    response = api(personas["coordinator"]).get(f"/api/v1/tasks/?unit={world.district.id}")
    assert codes(response) == ["IV.13.1", "IV.13.3", "IV.13.4"]


def test_filter_by_a_unit_outside_the_scope_answers_404(world, personas):
    response = api(personas["commune_officer"]).get(f"/api/v1/tasks/?unit={world.sibling_commune.id}")
    assert response.status_code == 404


def test_bad_filters_answer_400_naming_each_one(world, personas):
    response = api(personas["coordinator"]).get("/api/v1/tasks/?status=xong&plan=abc&overdue=maybe")
    assert response.status_code == 400
    assert response.json() == {
        "plan": ["Cần một số nguyên."],
        "status": ["“xong” không phải là lựa chọn hợp lệ."],
        "overdue": ["Cần true hoặc false."],
    }


def test_the_number_of_queries_does_not_grow_with_tasks_and_partners(world, personas, django_assert_num_queries):
    client = api(personas["coordinator"])
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/tasks/")
    for n in range(10):
        task = Task.objects.create(
            plan=world.plan,
            code=f"IV.20.{n}",
            kind=TaskKind.DUTY,
            text="Thêm",
            lead_agency=world.police,
            unit=world.far_commune,
            deadline=date(2019, 3, 1),
        )
        task.partners.set([world.lead, world.district_committees])
    with django_assert_num_queries(len(few)):
        response = client.get("/api/v1/tasks/")
    assert response.json()["count"] == 16


# Assigning -------------------------------------------------------------------------------------


def assign(client, task, **body):
    return client.post(f"/api/v1/tasks/{task.id}/assign/", body, format="json")


def test_the_coordinator_assigns_lead_partners_and_deadline(world, personas):
    task = world.commune_task
    body = {"lead_agency": "CA", "partners": ["LDTBXH", "CA", "LDTBXH"], "deadline": "2019-09-30", "version": 1}
    response = assign(api(personas["coordinator"]), task, **body)
    assert response.status_code == 200
    data = response.json()
    assert (data["lead_agency"], data["partners"], data["deadline"], data["version"]) == (
        "CA",
        ["LDTBXH"],
        "2019-09-30",
        2,
    )
    assert AuditEntry.objects.filter(verb="plans.task.assigned", target_id=str(task.id)).exists()


def test_a_task_can_be_left_unassigned(world, personas):
    response = assign(api(personas["coordinator"]), world.police_task, lead_agency=None, deadline=None, version=1)
    assert response.status_code == 200
    assert response.json()["lead_agency"] is None


@pytest.mark.parametrize(
    "role, status",
    [
        ("admin", 403),
        ("agency_officer", 403),
        ("district_officer", 403),
        ("commune_officer", 403),
        ("inspector", 403),
        ("case_worker", 403),
        ("viewer", 403),
        ("sibling_commune", 404),
    ],
)
def test_nobody_but_the_coordinator_assigns_tasks(world, personas, role, status):
    body = {"lead_agency": "CA", "deadline": None, "version": 1}
    assert assign(api(personas[role]), world.commune_task, **body).status_code == status
    assert Task.objects.get(pk=world.commune_task.pk).lead_agency == world.district_committees


def test_unknown_agency_codes_answer_400_naming_the_field(world, personas):
    body = {"lead_agency": "XYZ", "partners": ["CA", "ABC"], "deadline": None, "version": 1}
    response = assign(api(personas["coordinator"]), world.commune_task, **body)
    assert response.status_code == 400
    assert response.json() == {
        "lead_agency": ["Không có cơ quan mã XYZ trong địa bàn của kế hoạch."],
        "partners": ["Không có cơ quan mã ABC trong địa bàn của kế hoạch."],
    }


def test_a_deadline_before_the_plan_starts_is_refused_by_the_service(world, personas):
    body = {"lead_agency": "CA", "deadline": "2018-12-31", "version": 1}
    response = assign(api(personas["coordinator"]), world.commune_task, **body)
    assert response.status_code == 400
    assert list(response.json()) == ["deadline"]


def test_assigning_from_a_stale_version_answers_409(world, personas):
    client = api(personas["coordinator"])
    assign(client, world.commune_task, lead_agency="CA", deadline=None, version=1)
    response = assign(client, world.commune_task, lead_agency="LDTBXH", deadline=None, version=1)
    assert response.status_code == 409
    assert Task.objects.get(pk=world.commune_task.pk).lead_agency == world.police
