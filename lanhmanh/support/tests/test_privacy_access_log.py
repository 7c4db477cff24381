"""The auditor's pages: everything one user accessed in a window, everything done to one case."""

import io
from datetime import date, timedelta

from django.utils import timezone
from openpyxl import load_workbook

from lanhmanh.core.testing import make_user
from lanhmanh.support.models import AccessLog
from tests.matrix.support_privacy import auditor, grant, supported_person

TODAY = timezone.localdate()


def window(start=TODAY - timedelta(days=1), end=TODAY):
    return f"start={start:%Y-%m-%d}&end={end:%Y-%m-%d}"


def test_one_users_accesses_in_a_window(world, personas, client):
    worker = personas["case_worker"]
    case = supported_person(world, worker)
    client.force_login(auditor(world))
    response = client.get(f"/support/access-log/user/?user={worker.pk}&{window()}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = response.context["rows"]
    assert {row.case_code for row in rows} == {case.case_code}
    assert all(row.username == "caseworker" for row in rows)
    before = client.get(f"/support/access-log/user/?user={worker.pk}&{window(date(2018, 1, 1), date(2018, 2, 1))}")
    assert before.context["rows"] == []


def test_the_window_exports_to_xlsx(world, personas, client):
    worker = personas["case_worker"]
    case = supported_person(world, worker)
    client.force_login(auditor(world))
    response = client.get(f"/support/access-log/user/?user={worker.pk}&{window()}&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    codes = {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert codes == {case.case_code}


def test_a_case_is_looked_up_by_a_code_sent_in_the_body_only(world, personas, client):
    worker = personas["case_worker"]
    case = supported_person(world, worker)
    client.force_login(auditor(world))
    response = client.post("/support/access-log/case/", {"case_code": case.case_code.lower()})
    rows = response.context["rows"]
    assert {row.case_id for row in rows} == {case.pk}
    assert {"create", "update"} <= {row.action for row in rows}
    # The auditor's own look is logged too.
    assert AccessLog.objects.filter(username="auditor", case_id=case.pk, action="search").exists()
    export = client.post("/support/access-log/case/", {"case_code": case.case_code, "format": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_case_outside_the_auditors_scope_is_refused(world, personas, client):
    case = supported_person(world, personas["case_worker"])
    district_auditor = grant(
        make_user("district_auditor", "coordinator", world.lead, world.other_district), "audit_access"
    )
    client.force_login(district_auditor)
    response = client.post("/support/access-log/case/", {"case_code": case.case_code})
    assert response.context["rows"] is None
    assert "case_code" in response.context["form"].errors


def test_only_auditors_read_the_log(world, personas, client):
    for persona in ("coordinator", "case_worker", "viewer"):
        client.force_login(personas[persona])
        assert client.get("/support/access-log/user/").status_code == 403
    admin = grant(personas["admin"], "audit_access")
    client.force_login(admin)
    assert client.get("/support/access-log/user/").status_code == 403


def test_the_api_answers_the_same_by_post(world, personas, client):
    worker = personas["case_worker"]
    case = supported_person(world, worker)
    client.force_login(auditor(world))
    by_case = client.post("/api/v1/support/access-log/", {"case_code": case.case_code}, content_type="application/json")
    assert by_case.status_code == 200
    assert {row["case_code"] for row in by_case.json()} == {case.case_code}
    by_user = client.post(
        "/api/v1/support/access-log/",
        {"user": worker.pk, "start": str(TODAY - timedelta(days=1)), "end": str(TODAY)},
        content_type="application/json",
    )
    assert by_user.status_code == 200
    assert by_user.json()
    assert client.post("/api/v1/support/access-log/", {}, content_type="application/json").status_code == 400
