"""The inspection pages: the two-step form (phone-friendly, three members), lists, export, worklist."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from lanhmanh.inspections import services
from lanhmanh.inspections.models import Inspection, Violation
from lanhmanh.inspections.tests import records


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_body(scene, members, **changes):
    body = {
        "establishment": scene["karaoke"].pk,
        "team": scene["team"].pk,
        "date": "2023-05-10",
        "kind": "complaint",
        "members_present": [m.pk for m in members],
        "minutes_number": "7/BB",
    }
    for code, (result, _note) in records.answers("karaoke").items():
        body[f"check_{code}"] = result
    body.update(changes)
    return body


def test_the_first_step_asks_for_the_establishment_and_team(personas, scene):
    response = client_for(personas["inspector"]).get(
        f"/inspections/inspections/new/?establishment={scene['karaoke'].pk}"
    )
    assert response.status_code == 200
    assert b'name="team"' in response.content and b"errorlist" not in response.content


def test_the_form_lists_the_checklist_of_the_type_and_the_teams_members(personas, scene):
    url = f"/inspections/inspections/new/?establishment={scene['karaoke'].pk}&team={scene['team'].pk}"
    response = client_for(personas["inspector"]).get(url)
    html = response.content.decode()
    assert "Phòng hát karaoke có diện tích sử dụng từ 20 m² trở lên" in html
    assert "Thành viên 0" in html and 'name="check_guest_register"' not in html
    # One column, for a phone: the app's stacked form plus the area's single-column rules.
    assert 'class="stacked card field-form"' in html and "inspections/inspections.css" in html


def test_the_form_refuses_fewer_than_three_members_with_a_clear_message(personas, scene):
    members = list(scene["team"].members.all()[:2])
    response = client_for(personas["inspector"]).post("/inspections/inspections/new/", form_body(scene, members))
    assert response.status_code == 200
    assert "Cần ít nhất 3 thành viên của đội có mặt khi kiểm tra (đã chọn 2)." in response.content.decode()
    assert not Inspection.objects.exists()


def test_the_form_records_an_inspection_and_signs_become_a_flag(personas, scene):
    members = list(scene["team"].members.all()[:3])
    body = form_body(scene, members, signs="Có biểu hiện mua bán dâm")
    response = client_for(personas["inspector"]).post("/inspections/inspections/new/", body)
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inspections/inspections/{inspection.pk}/"
    assert scene["karaoke"].flags.count() == 1


def test_the_list_filters_by_establishment(personas, scene):
    coordinator = personas["coordinator"]
    other = records.place(scene["karaoke"].commune, coordinator, name="Massage Sen", kind="massage")
    records.inspect(scene["team"], scene["karaoke"], coordinator)
    records.inspect(scene["team"], other, coordinator)
    response = client_for(coordinator).get(f"/inspections/inspections/?establishment={other.pk}")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1


def _inspections(scene, coordinator, count):
    for index in range(count):
        place = records.place(scene["karaoke"].commune, coordinator, name=f"Cơ sở {index}")
        inspection = records.inspect(scene["team"], place, coordinator, date=date(2023, 1, 1 + index % 28))
        services.violation_record(
            actor=coordinator, inspection=inspection, data=records.violation_input(committed_on=inspection.date)
        )


@pytest.mark.parametrize(
    "url", ["/inspections/inspections/", "/inspections/worklist/", "/inspections/inspections/export/"]
)
def test_list_pages_query_count_does_not_grow_with_rows(personas, scene, url):
    coordinator = personas["coordinator"]
    client = client_for(coordinator)
    _inspections(scene, coordinator, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _inspections(scene, coordinator, 27)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_export_holds_the_filtered_list_in_the_users_scope_only(personas, scene):
    coordinator = personas["coordinator"]
    records.inspect(scene["team"], scene["karaoke"], coordinator)
    records.inspect(scene["team"], scene["far"], coordinator)
    response = client_for(personas["commune_officer"]).get("/inspections/inspections/export/")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Karaoke Hoa Mai"]
    everyone = client_for(coordinator).get(f"/inspections/inspections/export/?establishment={scene['far'].pk}")
    sheet = load_workbook(BytesIO(b"".join(everyone.streaming_content))).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Nhà nghỉ Xa"]


def test_the_worklist_orders_by_risk_and_shows_overdue_follow_ups(personas, scene, monkeypatch):
    monkeypatch.setattr(services, "today", lambda: date(2023, 7, 1))
    coordinator = personas["coordinator"]
    quiet = records.place(scene["karaoke"].commune, coordinator, name="Nhà hàng Yên", kind="restaurant")
    records.inspect(scene["team"], quiet, coordinator)
    inspection = records.inspect(scene["team"], scene["karaoke"], coordinator, signs="Dấu hiệu")
    services.violation_record(
        actor=coordinator,
        inspection=inspection,
        data=records.violation_input(reinspection_due_on=date(2023, 7, 20)),
    )
    response = client_for(personas["commune_officer"]).get("/inspections/worklist/")
    rows = list(response.context["page"].object_list)
    assert [r.name for r in rows] == ["Karaoke Hoa Mai", "Nhà hàng Yên"]
    top = rows[0]
    assert (top.flag_count, top.violation_count, top.type_weight) == (1, 1, 6)
    assert [v.pk for v in response.context["overdue"]] == [Violation.objects.get().pk]
    assert [v.pk for v in response.context["due"]] == [Violation.objects.get().pk]
    # Re-inspected since: no longer due.
    records.inspect(scene["team"], scene["karaoke"], coordinator, date=date(2023, 6, 20))
    assert client_for(coordinator).get("/inspections/worklist/").context["due"] == []


def test_the_violation_form_offers_only_rows_in_force_for_the_subject(personas, scene):
    inspection = records.inspect(scene["team"], scene["karaoke"], personas["coordinator"])
    client = client_for(personas["inspector"])
    response = client.get(f"/inspections/inspections/{inspection.pk}/violations/new/?subject_type=organisation")
    offered = {row.code for row in response.context["form"].fields["violation_type"].queryset}
    assert "nd144-2021-d26-che-giau-tc" in offered
    assert not any(code.startswith("nd282") or code.endswith("-cn") for code in offered)
    body = {
        "committed_on": "2023-05-10",
        "subject_type": "organisation",
        "violation_type": records.row("nd144-2021-d26-che-giau-tc").pk,
        "offender": "Karaoke Hoa Mai",
        "fine_amount": "30.000.000",
    }
    response = client.post(f"/inspections/inspections/{inspection.pk}/violations/new/", body)
    assert "nằm ngoài khung phạt" in response.content.decode()
    body["fine_amount"] = "15.000.000"
    response = client.post(f"/inspections/inspections/{inspection.pk}/violations/new/", body)
    assert response.status_code == 302
    assert Violation.objects.get().fine_amount == 15_000_000
