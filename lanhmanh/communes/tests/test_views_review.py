"""The reviewer's page: reviewed scores with reasons, approve or return in one step."""

from __future__ import annotations

from lanhmanh.communes.models import AssessmentStatus


def review_data(assessment, action, values=None, reasons=None, **extra):
    data = {"version": assessment.version, "action": action, "review_note": "", "return_reason": ""}
    for score in assessment.scores.select_related("criterion"):
        code = score.criterion.code
        value = (values or {}).get(code)
        data[f"r_{score.criterion_id}"] = "" if value is None else str(value)
        data[f"why_{score.criterion_id}"] = (reasons or {}).get(code, "")
    return data | extra


def test_the_reviewer_sees_the_communes_scores_beside_their_own_fields(client, sent, personas):
    client.force_login(personas["district_officer"])
    response = client.get(f"/communes/assessments/{sent.pk}/review/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Phê duyệt kết quả" in html and "Trả lại cho xã" in html
    assert "85 % → 8 điểm" not in html and "100 % → 10 điểm" in html  # the commune's II.1


def test_a_different_score_without_a_reason_is_named_and_nothing_is_approved(client, sent, personas):
    client.force_login(personas["district_officer"])
    response = client.post(f"/communes/assessments/{sent.pk}/review/", review_data(sent, "approve", {"I.1": 6}))
    assert response.status_code == 200
    i1 = sent.scores.get(criterion__code="I.1").criterion_id
    assert response.context["form"].errors[f"r_{i1}"] == [
        "Tiêu chí I.1: cần ghi lý do khi điểm thẩm định khác điểm tự chấm."
    ]
    sent.refresh_from_db()
    assert sent.status == AssessmentStatus.SUBMITTED and sent.reviewed_total is None


def test_approving_saves_the_reviewed_scores_and_the_class(client, sent, personas):
    client.force_login(personas["district_officer"])
    data = review_data(sent, "approve", {"III.1": 0}, {"III.1": "Công an xã ghi nhận 1 tụ điểm"})
    response = client.post(f"/communes/assessments/{sent.pk}/review/", data)
    assert response["Location"] == f"/communes/assessments/{sent.pk}/"
    sent.refresh_from_db()
    assert (sent.status, sent.reviewed_total, sent.result_class.code) == (AssessmentStatus.APPROVED, 90, "loai-2")
    html = client.get(f"/communes/assessments/{sent.pk}/").content.decode()
    assert "Công an xã ghi nhận 1 tụ điểm" in html and "Không đạt: hạ loại" in html


def test_saving_only_keeps_the_assessment_waiting(client, sent, personas):
    client.force_login(personas["district_officer"])
    data = review_data(sent, "save", {"I.3": 3}, {"I.3": "Báo cáo quý III chậm"}, review_note="Đã xem hồ sơ")
    response = client.post(f"/communes/assessments/{sent.pk}/review/", data)
    assert response["Location"] == f"/communes/assessments/{sent.pk}/review/"
    sent.refresh_from_db()
    assert (sent.status, sent.reviewed_total, sent.review_note) == (AssessmentStatus.SUBMITTED, 98, "Đã xem hồ sơ")


def test_returning_needs_a_reason_then_gives_the_commune_its_form_back(client, sent, personas):
    client.force_login(personas["district_officer"])
    url = f"/communes/assessments/{sent.pk}/review/"
    refused = client.post(url, review_data(sent, "return"))
    assert "Cần ghi lý do trả lại để xã biết cần sửa gì." in refused.content.decode()
    client.post(url, review_data(sent, "return", return_reason="Thiếu biên bản họp"))
    sent.refresh_from_db()
    assert sent.status == AssessmentStatus.RETURNED
    client.force_login(personas["commune_officer"])
    page = client.get(f"/communes/assessments/{sent.pk}/edit/")
    assert page.status_code == 200 and "Thiếu biên bản họp" in page.content.decode()


def test_the_coordinator_does_not_review_a_district_year(client, sent, personas):
    client.force_login(personas["coordinator"])
    assert client.get(f"/communes/assessments/{sent.pk}/review/").status_code == 403
