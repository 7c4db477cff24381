"""The commune's pages: the list, opening, scoring with the live total, submitting, evidence."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lanhmanh.accounts.models import Role
from lanhmanh.communes import services
from lanhmanh.communes.models import AssessmentStatus, HealthyCommuneAssessment, ScoreEvidence
from lanhmanh.communes.tests.helpers import FULL, draft_for
from lanhmanh.core.testing import make_unit, make_user
from lanhmanh.places.models import Level
from lanhmanh.plans.tests.files import pdf_upload


def form_data(assessment, values=None, **extra):
    """What the scoring form sends: a value per criterion (yes/no as 1/0), the version."""
    data = {"version": assessment.version, "note": ""}
    for score in assessment.scores.select_related("criterion"):
        value = (values or {}).get(score.criterion.code)
        data[f"v_{score.criterion_id}"] = "" if value is None else str(value).replace(".", ",")
        data[f"n_{score.criterion_id}"] = ""
    return data | extra


# The list -----------------------------------------------------------------------------------------


def test_the_list_shows_what_lies_in_scope(client, draft, world, personas):
    draft_for(world.sibling_commune, personas["sibling_commune"], 2019)
    client.force_login(personas["commune_officer"])
    page = client.get("/communes/assessments/")
    assert [a.commune.name for a in page.context["page"].object_list] == ["Xã An"]
    client.force_login(personas["district_officer"])
    assert len(client.get("/communes/assessments/").context["page"].object_list) == 2


def test_the_reviewer_sees_what_waits_for_them(client, sent, personas):
    client.force_login(personas["district_officer"])
    response = client.get("/communes/assessments/")
    assert response.context["queue"] == [sent]
    assert f"/communes/assessments/{sent.pk}/review/" in response.content.decode()
    client.force_login(personas["coordinator"])
    assert client.get("/communes/assessments/").context["queue"] == []


def test_the_list_reads_a_fixed_number_of_queries(client, scheme, world, personas):
    client.force_login(personas["viewer"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/communes/assessments/?status=draft").status_code == 200
        return len(queries)

    draft_for(world.commune, personas["commune_officer"], 2019)
    few = count()
    for index in range(6):
        commune = make_unit(f"Xã Thêm {index}", f"9919{index}", Level.COMMUNE, world.district)
        officer = make_user(f"xa{index}", Role.COMMUNE_OFFICER, world.district_committees, commune)
        draft_for(commune, officer, 2019)
    assert count() == few


# Opening ------------------------------------------------------------------------------------------


def test_a_commune_officer_opens_the_years_assessment(client, world, personas, scheme):
    client.force_login(personas["commune_officer"])
    assert "Bộ tiêu chí VÍ DỤ" in client.get("/communes/assessments/new/").content.decode()
    response = client.post("/communes/assessments/new/", {"year": 2019})
    assessment = HealthyCommuneAssessment.objects.get(commune=world.commune, year=2019)
    assert response.status_code == 302 and response["Location"] == f"/communes/assessments/{assessment.pk}/edit/"
    again = client.post("/communes/assessments/new/", {"year": 2019})
    assert "Xã An đã có bản đánh giá năm 2019." in again.content.decode()


# Scoring ------------------------------------------------------------------------------------------


def test_the_form_is_the_paper_table_with_the_running_total(client, draft, personas):
    client.force_login(personas["commune_officer"])
    html = client.get(f"/communes/assessments/{draft.pk}/edit/").content.decode()
    for heading in ("Tiêu chí", "Điểm chuẩn", "Tự chấm", "Thẩm định", "Ghi chú, minh chứng"):
        assert f"<th>{heading}</th>" in html or f'<th class="num">{heading}</th>' in html
    assert 'id="totals"' in html and f'hx-post="/communes/assessments/{draft.pk}/preview/"' in html
    assert "Bộ tiêu chí VÍ DỤ" in html
    # The registry's facts (establishments/facts.py): no establishment in Xã An, nothing to show.
    assert "Cơ sở có biểu hiện hoạt động mại dâm" in html and "không có ghi nhận nào trong năm" in html


def test_saving_the_form_stores_scores_notes_and_evidence(client, draft, personas):
    client.force_login(personas["commune_officer"])
    i1 = draft.scores.get(criterion__code="I.1")
    data = form_data(draft, {**FULL, "II.1": Decimal("85.5")}, note="Đã họp Ban Chỉ đạo")
    data[f"n_{i1.criterion_id}"] = "Quyết định số 5"
    data[f"f_{i1.criterion_id}"] = pdf_upload("quyet-dinh.pdf")
    response = client.post(f"/communes/assessments/{draft.pk}/edit/", data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.self_total, draft.self_class.code, draft.note) == (98, "loai-1", "Đã họp Ban Chỉ đạo")
    assert draft.scores.get(criterion__code="II.1").self_value == Decimal("85.5")
    assert draft.scores.get(criterion__code="I.1").note == "Quyết định số 5"
    assert ScoreEvidence.objects.get().name == "quyet-dinh.pdf"


def test_a_value_outside_the_scheme_is_named_next_to_its_criterion(client, draft, personas):
    client.force_login(personas["commune_officer"])
    response = client.post(f"/communes/assessments/{draft.pk}/edit/", form_data(draft, {**FULL, "I.1": 12}))
    assert response.status_code == 200
    i1 = draft.scores.get(criterion__code="I.1").criterion_id
    assert response.context["form"].errors[f"v_{i1}"] == ["Tiêu chí I.1: điểm phải từ 0 đến 10."]
    assert 'class="has-error"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.version == 1


def test_a_form_built_before_somebody_else_saved_is_refused(client, draft, personas):
    client.force_login(personas["commune_officer"])
    stale = form_data(draft, FULL)
    client.post(f"/communes/assessments/{draft.pk}/edit/", form_data(draft, FULL))
    response = client.post(f"/communes/assessments/{draft.pk}/edit/", stale | {"note": "ghi đè"})
    assert "vừa được người khác lưu" in response.content.decode()
    draft.refresh_from_db()
    assert draft.note == ""


def test_the_live_total_follows_what_is_typed(client, draft, personas):
    client.force_login(personas["commune_officer"])
    data = form_data(draft, {**FULL, "III.1": 0})
    response = client.post(f"/communes/assessments/{draft.pk}/preview/", data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.templates[0].name == "communes/_totals.html"
    assert '<span class="big">90</span>' in html
    assert "Loại 2 — cơ bản lành mạnh (ví dụ)" in html and "bị hạ loại vì không đạt:" in html and "III.1" in html
    draft.refresh_from_db()
    assert draft.self_total == 0  # nothing saved
    typo = client.post(f"/communes/assessments/{draft.pk}/preview/", form_data(draft, {"I.1": "abc"}))
    assert "Còn 11 tiêu chí chưa chấm." in typo.content.decode()


# Submitting and after ------------------------------------------------------------------------------


def test_submitting_from_the_page(client, complete_draft, personas):
    client.force_login(personas["commune_officer"])
    url = f"/communes/assessments/{complete_draft.pk}/submit/"
    response = client.post(url, {"version": complete_draft.version})
    assert response.status_code == 302
    complete_draft.refresh_from_db()
    assert complete_draft.status == AssessmentStatus.SUBMITTED


def test_what_blocks_a_submission_is_listed_on_the_page(client, draft, personas):
    client.force_login(personas["commune_officer"])
    response = client.post(f"/communes/assessments/{draft.pk}/submit/", {"version": draft.version})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tiêu chí I.1 chưa được chấm." in html and "Tiêu chí IV.1 cần ít nhất một tệp minh chứng." in html


def test_a_submitted_assessment_is_not_edited_from_the_page(client, sent, personas):
    client.force_login(personas["commune_officer"])
    response = client.get(f"/communes/assessments/{sent.pk}/edit/", follow=True)
    assert response.redirect_chain == [(f"/communes/assessments/{sent.pk}/", 302)]
    assert "không sửa được; chỉ sửa được khi bị trả lại" in response.content.decode()
    client.post(f"/communes/assessments/{sent.pk}/edit/", form_data(sent, {"I.1": 0}))
    assert sent.scores.get(criterion__code="I.1").self_value == 10
    detail = client.get(f"/communes/assessments/{sent.pk}/").content.decode()
    assert f"/communes/assessments/{sent.pk}/submit/" not in detail


def test_the_detail_page_shows_the_steps_and_who_reviews(client, sent, personas):
    client.force_login(personas["viewer"])
    html = client.get(f"/communes/assessments/{sent.pk}/").content.decode()
    assert "Cán bộ cấp huyện (Huyện Một)" in html
    assert "Chờ thẩm định" in html and "Đang tự đánh giá" in html
    assert "Nhật ký thay đổi" in html


# Evidence -----------------------------------------------------------------------------------------


def test_evidence_is_streamed_with_its_name_and_never_cached(client, complete_draft, personas):
    evidence = ScoreEvidence.objects.filter(score__assessment=complete_draft).first()
    client.force_login(personas["district_officer"])
    response = client.get(f"/communes/evidence/{evidence.pk}/")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store"
    assert 'filename="I.1.pdf"' in response["Content-Disposition"]
    client.force_login(personas["sibling_commune"])
    assert client.get(f"/communes/evidence/{evidence.pk}/").status_code == 404


def test_the_commune_removes_evidence_from_its_draft(client, complete_draft, personas):
    evidence = ScoreEvidence.objects.filter(score__assessment=complete_draft).first()
    client.force_login(personas["commune_officer"])
    response = client.post(f"/communes/evidence/{evidence.pk}/delete/")
    assert response["Location"] == f"/communes/assessments/{complete_draft.pk}/edit/"
    assert not ScoreEvidence.objects.filter(pk=evidence.pk).exists()


def test_evidence_of_a_submitted_assessment_stays(client, sent, personas):
    evidence = ScoreEvidence.objects.filter(score__assessment=sent).first()
    client.force_login(personas["commune_officer"])
    response = client.post(f"/communes/evidence/{evidence.pk}/delete/", follow=True)
    assert "việc này chỉ làm được khi ở trạng thái" in response.content.decode()
    assert ScoreEvidence.objects.filter(pk=evidence.pk).exists()


@pytest.mark.parametrize("persona", ["viewer", "coordinator", "district_officer"])
def test_nobody_else_scores_the_draft(client, draft, personas, persona):
    client.force_login(personas[persona])
    assert client.post(f"/communes/assessments/{draft.pk}/edit/", form_data(draft, FULL)).status_code == 403


def test_the_scoring_table_reads_a_fixed_number_of_queries(client, complete_draft, personas):
    client.force_login(personas["viewer"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/communes/assessments/{complete_draft.pk}/").status_code == 200
        return len(queries)

    few = count()
    services.evidence_add(
        assessment=complete_draft, criterion_code="II.1", actor=personas["commune_officer"], upload=pdf_upload()
    )
    assert count() == few
