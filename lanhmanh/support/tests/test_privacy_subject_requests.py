"""Data-subject requests: export everything held, correct it, delete it unless retention holds it."""

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from lanhmanh.core.models import AuditEntry
from lanhmanh.support import services, subject_requests
from lanhmanh.support.models import (
    AccessLog,
    Case,
    CaseKind,
    RetentionRule,
    ServiceProvider,
    SubjectRequest,
)
from tests.matrix.support_privacy import supported_person

RULES = Path(settings.BASE_DIR) / "data" / "retention" / "rules.yaml"


@pytest.fixture
def rules(db):
    return subject_requests.load_retention_file(RULES)


def opened(case, worker, kind):
    return subject_requests.request_open(actor=worker, case=case, kind=kind, received_on=timezone.localdate())


def test_the_retention_file_loads_and_reloads_idempotently(rules):
    assert rules.created == 3
    assert RetentionRule.objects.get(kind="trafficking_victim", status="").years == 5
    again = subject_requests.load_retention_file(RULES)
    assert (again.created, again.updated, again.removed) == (0, 0, 0)


def test_a_bad_retention_file_is_refused_naming_the_entry(tmp_path, db):
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules:\n  - kind: nobody\n    years: -1\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        subject_requests.load_retention_file(bad)
    text = " ".join(caught.value.messages)
    assert "rules[0].kind" in text and "rules[0].years" in text and "rules[0].legal_basis" in text
    assert not RetentionRule.objects.exists()


def test_the_export_holds_everything_decrypted_and_is_logged_with_its_reason(world, personas, client):
    worker = personas["case_worker"]
    case = supported_person(world, worker, full_name="Lê Thị Xuân", id_number="079123456789")
    services.follow_up_add(case=case, actor=worker, date=date(2019, 6, 1), notes="Đã gặp tại nhà")
    request = opened(case, worker, "access")
    client.force_login(worker)
    missing = client.post(f"/support/subject-requests/{request.pk}/", {"action": "export", "reason": ""})
    assert missing.status_code == 200
    response = client.post(
        f"/support/subject-requests/{request.pk}/", {"action": "export", "reason": "Người được hỗ trợ yêu cầu"}
    )
    data = json.loads(response.content)
    assert data["identity"]["full_name"] == "Lê Thị Xuân"
    assert data["follow_ups"][0]["notes"] == "Đã gặp tại nhà"
    log = AccessLog.objects.filter(case_id=case.pk, action="export").get()
    assert log.note == "Người được hỗ trợ yêu cầu"
    assert "full_name" in log.fields
    request.refresh_from_db()
    assert request.status == "done"


def test_the_export_as_xlsx(world, personas, client):
    worker = personas["case_worker"]
    case = supported_person(world, worker, full_name="Lê Thị Xuân")
    request = opened(case, worker, "access")
    client.force_login(worker)
    response = client.post(
        f"/support/subject-requests/{request.pk}/", {"action": "export", "reason": "Yêu cầu", "format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "Lê Thị Xuân" in [row[2] for row in sheet.iter_rows(values_only=True)]


def test_a_worker_without_identity_access_cannot_export(world, personas):
    case = supported_person(world, personas["case_worker"])
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        subject_requests.subject_export(actor=personas["viewer"], case=case, reason="x")


def test_rectify_goes_through_the_case_service_and_names_fields_only(world, personas, client):
    worker = personas["case_worker"]
    case = supported_person(world, worker, full_name="Lê Thị Xuân")
    request = opened(case, worker, "rectify")
    client.force_login(worker)
    response = client.post(
        f"/support/subject-requests/{request.pk}/",
        {"action": "rectify", "full_name": "Lê Thị Xuân Mai", "version": case.version},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.identity().full_name == "Lê Thị Xuân Mai"
    request.refresh_from_db()
    assert request.status == "done"
    assert "full_name" in request.outcome_note and "Xuân" not in request.outcome_note
    stale = opened(case, worker, "rectify")
    conflict = client.post(
        f"/support/subject-requests/{stale.pk}/", {"action": "rectify", "full_name": "X", "version": 1}
    )
    assert conflict.status_code == 200
    assert Case.objects.get(pk=case.pk).identity().full_name == "Lê Thị Xuân Mai"


def close(case, worker):
    services.case_change_status(case=case, actor=worker, status="closed", reason="Kết thúc hỗ trợ")
    case.refresh_from_db()


def test_erasure_deletes_the_case_and_keeps_only_content_free_traces(world, personas, rules):
    worker = personas["case_worker"]
    case = supported_person(world, worker, full_name="Lê Thị Xuân", id_number="079123456789")
    services.need_add(case=case, actor=worker, area="job", goal="Học nghề may", target_date=None)
    close(case, worker)
    request = opened(case, worker, "erase")
    pk, code = case.pk, case.case_code
    assert subject_requests.subject_erase(actor=worker, case=case, reason="Yêu cầu xóa", request=request) == ""
    assert not Case.objects.filter(pk=pk).exists()
    assert AccessLog.objects.filter(case_id=pk, action="delete").exists()
    request.refresh_from_db()
    assert (request.status, request.case_code) == ("done", code)
    for entry in AuditEntry.objects.filter(target_type="support.case", target_id=str(pk)):
        assert "Học nghề may" not in json.dumps(entry.changes, ensure_ascii=False)


def test_an_open_case_is_held(world, personas, rules):
    worker = personas["case_worker"]
    case = supported_person(world, worker)
    request = opened(case, worker, "erase")
    hold = subject_requests.subject_erase(actor=worker, case=case, reason="Yêu cầu", request=request)
    assert "đang mở" in hold
    assert Case.objects.filter(pk=case.pk).exists()
    assert SubjectRequest.objects.get(pk=request.pk).status == "refused"


def test_a_pending_referral_holds_the_case(world, personas, rules):
    worker = personas["case_worker"]
    case = supported_person(world, worker)
    provider = ServiceProvider.objects.create(name="Trung tâm CTXH", kind="social_work_centre", unit=world.province)
    services.consent_record(
        case=case, actor=worker, purpose="referral", granted=True, given_on=date(2019, 3, 1), method="written"
    )
    services.referral_create(
        case=case, actor=worker, provider=provider, need_area="job", reason="", referred_on=date(2019, 4, 1)
    )
    close(case, worker)
    assert "chuyển gửi" in subject_requests.retention_hold(case)


def test_a_trafficking_victim_is_kept_for_the_years_of_its_rule(world, personas, rules):
    worker = personas["case_worker"]
    case = supported_person(world, worker, kind=CaseKind.TRAFFICKING_VICTIM)
    close(case, worker)
    hold = subject_requests.retention_hold(case)
    assert "5 năm" in hold
    later = case.closed_on.replace(year=case.closed_on.year + 5) + timedelta(days=1)
    assert subject_requests.retention_hold(case, today=later) == ""


def test_the_api_runs_the_same_workflow(world, personas, client, rules):
    worker = personas["case_worker"]
    case = supported_person(world, worker, full_name="Lê Thị Xuân")
    client.force_login(worker)
    created = client.post(
        "/api/v1/support/subject-requests/",
        {"case": case.pk, "kind": "erase", "received_on": str(timezone.localdate())},
        content_type="application/json",
    )
    assert created.status_code == 201
    erase_url = f"/api/v1/support/subject-requests/{created.json()['id']}/erase/"
    held = client.post(erase_url, {"reason": "Yêu cầu"}, content_type="application/json").json()
    assert held["erased"] is False and held["request"]["status"] == "refused"
    listed = client.get("/api/v1/support/subject-requests/").json()
    assert listed["count"] == 1
