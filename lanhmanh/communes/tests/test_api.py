"""/api/v1/commune-assessments/, commune-recognitions/ and assessment-schemes/: the same doors and
services as the pages, and answers shaped as the OpenAPI schema says."""

from __future__ import annotations

from datetime import date

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from lanhmanh.communes import services
from lanhmanh.communes.models import AssessmentStatus, RecognitionDecision, ScoreEvidence
from lanhmanh.communes.tests.helpers import approved, draft_for
from lanhmanh.plans.tests.files import pdf_upload


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _json_schema(node):
    """OpenAPI 3.0 schema objects as JSON Schema: `nullable: true` becomes "or null"."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items()}
    if converted.pop("nullable", False):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def conforms(schema, template, method, response):
    declared = schema["paths"][template][method]["responses"][str(response.status_code)]
    body = declared["content"]["application/json"]["schema"]
    jsonschema.validate(response.json(), {**_json_schema(body), "components": _json_schema(schema["components"])})
    return True


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


FULL_SCORES = [
    {"criterion": "I.1", "value": "10"},
    {"criterion": "I.2", "value": "1"},
    {"criterion": "I.3", "value": "5"},
    {"criterion": "II.1", "value": "100"},
    {"criterion": "II.2", "value": "6"},
    {"criterion": "III.1", "value": "1"},
    {"criterion": "III.2", "value": "1"},
    {"criterion": "III.3", "value": "95"},
    {"criterion": "III.4", "value": "0"},
    {"criterion": "IV.1", "value": "10"},
    {"criterion": "IV.2", "value": "90"},
]


def test_a_commune_officer_runs_the_self_assessment_through_the_api(schema, world, personas, scheme):
    client = as_user(personas["commune_officer"])
    created = client.post("/api/v1/commune-assessments/", {"year": 2019}, format="json")
    assert created.status_code == 201 and conforms(schema, "/api/v1/commune-assessments/", "post", created)
    body = created.json()
    assert (body["commune"]["name"], body["status"], body["scheme"]["is_example"]) == ("Xã An", "draft", True)
    url = f"/api/v1/commune-assessments/{body['id']}/"

    updated = client.patch(url, {"version": 1, "note": "Tự đánh giá", "scores": FULL_SCORES}, format="json")
    assert updated.status_code == 200 and conforms(schema, "/api/v1/commune-assessments/{id}/", "patch", updated)
    assert (updated.json()["self_total"], updated.json()["self_class"]["code"]) == ("100.00", "loai-1")

    for code in ("I.1", "I.2", "IV.1"):
        added = client.post(url + "evidence/", {"criterion": code, "file": pdf_upload()}, format="multipart")
        assert added.status_code == 201
    assert conforms(schema, "/api/v1/commune-assessments/{id}/evidence/", "post", added)

    submitted = client.post(url + "submit/", {"version": 2}, format="json")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    again = client.patch(url, {"version": 3, "scores": [{"criterion": "I.1", "value": "0"}]}, format="json")
    assert again.status_code == 400 and "chỉ làm được khi ở trạng thái" in again.json()["non_field_errors"][0]
    assert conforms(schema, "/api/v1/commune-assessments/{id}/", "patch", again)


def test_errors_name_the_criterion_and_a_stale_version_is_a_conflict(schema, draft, personas):
    client = as_user(personas["commune_officer"])
    url = f"/api/v1/commune-assessments/{draft.pk}/"
    bad = client.patch(url, {"version": 1, "scores": [{"criterion": "I.1", "value": "12"}]}, format="json")
    assert bad.status_code == 400 and bad.json() == {"scores.I.1": ["Tiêu chí I.1: điểm phải từ 0 đến 10."]}
    twice = client.patch(
        url,
        {"version": 1, "scores": [{"criterion": "I.1", "value": "1"}, {"criterion": "I.1", "value": "2"}]},
        format="json",
    )
    assert twice.status_code == 400 and "xuất hiện hai lần" in str(twice.json())
    client.patch(url, {"version": 1, "note": "a"}, format="json")
    stale = client.patch(url, {"version": 1, "note": "b"}, format="json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert conforms(schema, "/api/v1/commune-assessments/{id}/", "patch", stale)


def test_the_reviewer_reviews_returns_and_approves_through_the_api(schema, sent, personas):
    client = as_user(personas["district_officer"])
    url = f"/api/v1/commune-assessments/{sent.pk}/"
    reviewed = client.post(
        url + "review/",
        {"version": sent.version, "scores": [{"criterion": "IV.1", "value": "8", "reason": "Sổ thiếu"}]},
        format="json",
    )
    assert reviewed.status_code == 200 and reviewed.json()["reviewed_total"] == "98.00"
    assert conforms(schema, "/api/v1/commune-assessments/{id}/review/", "post", reviewed)
    version = reviewed.json()["version"]
    refused = client.post(url + "return/", {"version": version, "reason": ""}, format="json")
    assert refused.status_code == 400 and refused.json() == {"reason": ["Cần ghi lý do trả lại để xã biết cần sửa gì."]}
    done = client.post(url + "approve/", {"version": version}, format="json")
    assert done.status_code == 200 and done.json()["result_class"]["code"] == "loai-1"
    assert done.json()["transitions"][-1]["to_status"] == "approved"
    assert conforms(schema, "/api/v1/commune-assessments/{id}/approve/", "post", done)
    assert as_user(personas["coordinator"]).post(url + "approve/", {"version": 9}, format="json").status_code == 403


def test_the_coordinator_records_a_decision_through_the_api(schema, world, personas, scheme):
    assessment = approved(world.commune, personas["commune_officer"], personas["district_officer"], 2019)
    client = as_user(personas["coordinator"])
    body = {"number": "1/QĐ", "signed_on": "2019-12-06", "issuer": "UBND tỉnh", "assessments": [assessment.pk]}
    created = client.post("/api/v1/commune-recognitions/", body, format="json")
    assert created.status_code == 201 and created.json()["assessments"] == [assessment.pk]
    assert conforms(schema, "/api/v1/commune-recognitions/", "post", created)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.RECOGNISED
    missing = client.post("/api/v1/commune-recognitions/", {**body, "assessments": [999999]}, format="json")
    assert missing.status_code == 400 and "999999" in missing.json()["assessments"][0]


def test_lists_are_scoped_and_filtered(world, personas, sent, scheme):
    draft_for(world.sibling_commune, personas["sibling_commune"], 2018)
    mine = as_user(personas["commune_officer"]).get("/api/v1/commune-assessments/").json()
    assert [row["commune"]["name"] for row in mine["results"]] == ["Xã An"]
    district = as_user(personas["district_officer"])
    assert district.get("/api/v1/commune-assessments/").json()["count"] == 2
    assert district.get("/api/v1/commune-assessments/?status=submitted").json()["count"] == 1
    assert district.get("/api/v1/commune-assessments/?year=2018").json()["count"] == 1
    assert district.get("/api/v1/commune-assessments/?status=nope").status_code == 400


def test_every_get_endpoint_answers_what_the_schema_describes(schema, world, personas, scheme):
    assessment = approved(world.commune, personas["commune_officer"], personas["district_officer"], 2019)
    decision = services.recognition_record(
        actor=personas["coordinator"],
        number="1/QĐ",
        signed_on=date(2019, 12, 1),
        issuer="UBND",
        assessments=[assessment],
    )
    assert ScoreEvidence.objects.filter(score__assessment=assessment).exists()
    client = as_user(personas["viewer"])
    cases = [
        ("/api/v1/commune-assessments/", "/api/v1/commune-assessments/"),
        ("/api/v1/commune-assessments/{id}/", f"/api/v1/commune-assessments/{assessment.pk}/"),
        ("/api/v1/commune-recognitions/", "/api/v1/commune-recognitions/"),
        ("/api/v1/commune-recognitions/{id}/", f"/api/v1/commune-recognitions/{decision.pk}/"),
        ("/api/v1/assessment-schemes/", "/api/v1/assessment-schemes/"),
        ("/api/v1/assessment-schemes/{id}/", f"/api/v1/assessment-schemes/{scheme.pk}/"),
    ]
    declared = {path for path in schema["paths"] if "commune-" in path or "assessment-schemes" in path}
    assert {template for template, _ in cases} == {p for p in declared if "get" in schema["paths"][p]}
    for template, url in cases:
        response = client.get(url)
        assert response.status_code == 200, url
        assert conforms(schema, template, "get", response)
    detail = client.get(f"/api/v1/assessment-schemes/{scheme.pk}/").json()
    hotspot = next(c for c in detail["criteria"] if c["code"] == "III.1")
    assert (hotspot["knock_out_cap"], hotspot["facts"]) == ("loai-2", ["establishments_with_signs"])
    assert next(c for c in detail["criteria"] if c["code"] == "II.1")["bands"][0] == {
        "from": "0.00",
        "below": "50.00",
        "points": "0.00",
    }
    assert RecognitionDecision.objects.count() == 1


def test_the_detail_reads_a_fixed_number_of_queries(draft, personas, django_assert_max_num_queries):
    client = as_user(personas["viewer"])
    with django_assert_max_num_queries(12):
        assert client.get(f"/api/v1/commune-assessments/{draft.pk}/").status_code == 200
