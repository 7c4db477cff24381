from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lanhmanh.accounts.models import Role
from lanhmanh.plans import services
from lanhmanh.plans.models import Task, TaskStatus

ALL_ROLES = [role.value for role in Role] + ["sibling_commune"]


def codes(response) -> set[str]:
    return {task.code for task in response.context["page"].object_list}


@pytest.mark.parametrize("url", ["/tasks/", "/tasks/mine/", "/tasks/1/"])
def test_task_pages_send_an_anonymous_visitor_to_log_in(client, world, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("persona", ALL_ROLES)
def test_every_role_can_open_the_task_lists(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get("/tasks/").status_code == 200
    assert client.get("/tasks/mine/").status_code == 200


def test_the_province_sees_every_task_of_the_plan(client, personas):
    client.force_login(personas["viewer"])
    assert codes(client.get("/tasks/")) == {"IV.1.1", "IV.2.1", "IV.13.1", "IV.13.2", "IV.13.3", "IV.13.4"}


def test_a_commune_officer_lists_tasks_above_and_in_their_commune_but_not_a_siblings(client, personas):
    client.force_login(personas["commune_officer"])
    assert codes(client.get("/tasks/")) == {"IV.1.1", "IV.2.1", "IV.13.1", "IV.13.3"}


def test_the_list_filters_by_agency_status_overdue_and_text(client, world, personas):
    Task.objects.filter(pk=world.district_task.pk).update(status=TaskStatus.BLOCKED)
    client.force_login(personas["coordinator"])
    assert codes(client.get(f"/tasks/?agency={world.police.pk}")) == {"IV.2.1"}
    assert codes(client.get("/tasks/?status=blocked")) == {"IV.13.1"}
    assert codes(client.get("/tasks/?overdue=on")) == {"IV.1.1"}
    assert codes(client.get("/tasks/?q=iv.13.3")) == {"IV.13.3"}
    assert codes(client.get("/tasks/?q=Nhiệm+vụ+IV.2")) == {"IV.2.1"}


def test_the_unit_filter_keeps_the_subtree_and_optionally_the_units_above(client, world, personas):
    client.force_login(personas["coordinator"])
    assert codes(client.get(f"/tasks/?unit={world.district.pk}")) == {"IV.13.1", "IV.13.3", "IV.13.4"}
    assert codes(client.get(f"/tasks/?unit={world.district.pk}&above=1")) == {
        "IV.1.1",
        "IV.2.1",
        "IV.13.1",
        "IV.13.3",
        "IV.13.4",
    }


def test_a_filter_that_does_not_validate_is_named_and_the_others_still_apply(client, world, personas):
    client.force_login(personas["commune_officer"])
    response = client.get(f"/tasks/?unit={world.far_commune.pk}&status=not_started")
    assert "“Địa bàn”: lựa chọn không hợp lệ." in response.content.decode()
    assert codes(response) == {"IV.1.1", "IV.2.1", "IV.13.1", "IV.13.3"}


def test_the_list_shows_deadlines_as_dd_mm_yyyy_and_marks_overdue_ones(client, personas):
    client.force_login(personas["viewer"])
    html = client.get("/tasks/").content.decode()
    assert '<span class="overdue-date" title="Quá hạn">30/06/2019</span>' in html


def test_the_list_is_paginated(client, world, personas):
    for i in range(30):
        Task.objects.create(plan=world.plan, code=f"Z.{i:02d}", text="Thêm", unit=world.province, order=100 + i)
    client.force_login(personas["viewer"])
    first = client.get("/tasks/")
    assert len(first.context["page"].object_list) == 25
    second = client.get("/tasks/?page=2")
    assert len(second.context["page"].object_list) == 11
    assert "Trang 2/2" in second.content.decode()


def test_an_htmx_filter_change_gets_only_the_results(client, personas):
    client.force_login(personas["viewer"])
    html = client.get("/tasks/?status=done", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html and "<form" not in html
    assert "Không có nhiệm vụ nào khớp với điều kiện lọc." in html


def test_the_list_query_count_does_not_grow_with_tasks(client, world, personas, django_assert_max_num_queries):
    client.force_login(personas["viewer"])
    client.get("/tasks/")
    with CaptureQueriesContext(connection) as small:
        client.get("/tasks/")
    for i in range(40):
        Task.objects.create(plan=world.plan, code=f"Y.{i}", text="Thêm", unit=world.commune, lead_agency=world.police)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/tasks/")


def test_my_tasks_are_those_my_agency_leads_or_partners_in(client, world, personas):
    world.commune_task.partners.add(world.police)
    client.force_login(personas["agency_officer"])
    assert codes(client.get("/tasks/mine/")) == {"IV.2.1", "IV.13.3"}


def test_my_tasks_of_a_district_officer_include_every_task_in_their_district(client, world, personas):
    client.force_login(personas["district_officer"])
    assert codes(client.get("/tasks/mine/")) == {"IV.13.1", "IV.13.3", "IV.13.4"}


def test_my_tasks_of_a_commune_officer_stay_within_what_they_may_see(client, personas):
    client.force_login(personas["commune_officer"])
    assert codes(client.get("/tasks/mine/")) == {"IV.13.1", "IV.13.3"}


@pytest.mark.parametrize("persona", ALL_ROLES[:-1])
def test_every_role_reads_a_province_task(client, world, personas, persona):
    client.force_login(personas[persona])
    assert client.get(f"/tasks/{world.province_task.pk}/").status_code == 200


def test_the_task_page_shows_the_task_its_agencies_unit_deadline_and_status(client, world, personas):
    world.province_task.partners.add(world.police)
    client.force_login(personas["viewer"])
    html = client.get(f"/tasks/{world.province_task.pk}/").content.decode()
    for text in ("Nhiệm vụ IV.1.1", "Sở LĐTBXH", "Công an tỉnh", "Tỉnh Thử", "30/06/2019", "Chưa thực hiện", "Quá hạn"):
        assert text in html


def test_the_task_page_lists_progress_updates_and_the_audit_trail(client, world, personas):
    services.task_post_update(
        task=world.police_task,
        author=personas["agency_officer"],
        date=date(2019, 6, 1),
        text="Đã rà soát 12 cơ sở",
        quantity=Decimal("1234.5"),
        new_status=TaskStatus.IN_PROGRESS,
    )
    client.force_login(personas["viewer"])
    html = client.get(f"/tasks/{world.police_task.pk}/").content.decode()
    assert "Đã rà soát 12 cơ sở" in html
    assert "01/06/2019" in html
    assert "police (Công an tỉnh)" in html
    assert "1.234,5" in html
    assert (
        '<span class="badge not_started">Chưa thực hiện</span> → <span class="badge in_progress">Đang thực hiện</span>'
        in html
    )
    assert "Cập nhật tiến độ nhiệm vụ" in html  # the audit entry


def test_a_sibling_commune_officer_reaching_for_another_communes_task_gets_404(client, world, personas):
    client.force_login(personas["sibling_commune"])
    assert client.get(f"/tasks/{world.commune_task.pk}/").status_code == 404


def test_a_commune_officer_reaching_for_another_districts_task_gets_404(client, world, personas):
    client.force_login(personas["commune_officer"])
    assert client.get(f"/tasks/{world.other_district_task.pk}/").status_code == 404
    assert client.get("/tasks/999999/").status_code == 404


def test_the_update_form_appears_only_for_users_who_may_update(client, world, personas):
    client.force_login(personas["agency_officer"])
    assert 'id="update-form"' in client.get(f"/tasks/{world.police_task.pk}/").content.decode()
    assert 'id="update-form"' not in client.get(f"/tasks/{world.commune_task.pk}/").content.decode()
    client.force_login(personas["viewer"])
    assert 'id="update-form"' not in client.get(f"/tasks/{world.police_task.pk}/").content.decode()


def test_the_assign_button_appears_only_for_the_coordinator(client, world, personas):
    url = f"/tasks/{world.police_task.pk}/"
    client.force_login(personas["coordinator"])
    assert f"/tasks/{world.police_task.pk}/assign/" in client.get(url).content.decode()
    client.force_login(personas["agency_officer"])
    assert f"/tasks/{world.police_task.pk}/assign/" not in client.get(url).content.decode()
