"""Identity edits through the API: PATCH /api/v1/support/cases/{id}/ goes through `services.case_edit`
(the page's service) under the same rule (`can_work_on`), with the version check, one access-log row
and an audit entry naming the fields, never their values."""

import json
from datetime import date

import pytest
from rest_framework.test import APIClient

from lanhmanh.accounts.models import Role
from lanhmanh.core.models import AuditEntry
from lanhmanh.core.testing import make_user
from lanhmanh.support.models import AccessAction, AccessLog, Case
from lanhmanh.support.tests.helpers import SENTINEL_NAME, SENTINEL_PHONE, SENTINELS, identity, register

NEW_NAME = "Quạch Thị Mới Sửa"
NEW_ID = "EDIT0000999"
NEW_SENTINELS = (NEW_NAME, NEW_ID, "EDIT0000")


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def patch(user, case, body):
    return api_for(user).patch(f"/api/v1/support/cases/{case.pk}/", body, format="json")


def rows(case) -> int:
    return AccessLog.objects.filter(case_id=case.pk).count()


def audit_text(case) -> str:
    entries = AuditEntry.objects.filter(target_type="support.case", target_id=str(case.pk))
    return json.dumps([[e.verb, e.target_repr, e.changes] for e in entries], ensure_ascii=False, default=str)


# Who may: the case's workers (identity access); everybody else is refused before the body is read.
ANSWERS = {
    "case_worker": 200,
    "coordinator": 200,  # holds support.view_identity (the `supervisor` fixture)
    "district_officer": 403,
    "commune_officer": 403,
    "viewer": 403,
    "sibling_commune": 404,
    "peer_educator": 404,  # did not register this case
    "admin": 404,
    "agency_officer": 404,
    "inspector": 404,
}


@pytest.mark.parametrize(("persona", "expected"), ANSWERS.items())
def test_each_persona_gets_the_answer_of_the_identity_rule(personas, supervisor, case, persona, expected):
    user = supervisor if persona == "coordinator" else personas[persona]
    before = rows(case)
    response = patch(user, case, {"version": case.version, "full_name": NEW_NAME})
    assert response.status_code == expected, response.content
    case.refresh_from_db()
    body = response.content.decode()
    if expected == 200:
        assert case.identity().full_name == NEW_NAME
        assert response.json()["identity"]["full_name"] == NEW_NAME
        assert response.json()["version"] == case.version == 2
        assert rows(case) == before + 1
    else:
        # Refused: nothing changed, nothing logged, and no identifying value in the answer.
        assert case.identity().full_name == SENTINEL_NAME and case.version == 1
        assert rows(case) == before
        for value in (*SENTINELS, *NEW_SENTINELS, "identity"):
            assert value not in body


def test_a_coordinator_without_identity_access_is_refused(personas, case):
    response = patch(personas[Role.COORDINATOR], case, {"version": case.version, "phone": "0911"})
    assert response.status_code == 403
    assert SENTINEL_PHONE not in response.content.decode()


def test_a_colleague_not_assigned_and_the_registering_peer_educator_are_refused(world, personas, other_worker):
    peer = personas[Role.PEER_EDUCATOR]
    peer.supervisor = personas[Role.CASE_WORKER]
    peer.save(update_fields=["supervisor"])
    theirs = register(peer, world.commune, who=identity(name="Người Đồng Đẳng", id_number="PEER0001"))
    assert patch(peer, theirs, {"version": theirs.version, "phone": "0911"}).status_code == 403
    assigned = register(personas[Role.CASE_WORKER], world.commune)
    assert patch(other_worker, assigned, {"version": assigned.version, "phone": "0911"}).status_code == 403


def test_another_communes_case_answers_404(world, worker):
    far_worker = make_user("far_worker", Role.CASE_WORKER, world.lead, world.far_commune)
    far = register(far_worker, world.far_commune, who=identity(name="Người Xa", id_number="FAR0001"))
    before = rows(far)
    response = patch(worker, far, {"version": far.version, "full_name": NEW_NAME})
    assert response.status_code == 404
    assert rows(far) == before
    far.refresh_from_db()
    assert far.version == 1 and far.identity().full_name == "Người Xa"
    assert patch(worker, Case(pk=987654), {"version": 1}).status_code == 404


def test_a_partial_change_keeps_the_other_fields_and_logs_one_row_with_names_only(case, worker):
    before_rows = rows(case)
    response = patch(worker, case, {"version": case.version, "id_number": NEW_ID, "address": None})
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    person = case.identity()
    assert (person.id_number, person.address) == (NEW_ID, "")
    assert (person.full_name, person.phone, person.birth_date) == (SENTINEL_NAME, SENTINEL_PHONE, date(1995, 3, 4))
    assert rows(case) == before_rows + 1
    row = AccessLog.objects.filter(case_id=case.pk).order_by("-pk").first()
    assert row.action == AccessAction.UPDATE and sorted(row.fields) == ["address", "id_number"]
    assert row.user == worker and row.case_code == case.case_code
    logged = json.dumps([row.fields, row.note], ensure_ascii=False)
    text = audit_text(case)
    assert "support.case.updated" in text and '"identity_fields": ["id_number", "address"]' in text
    for value in (*SENTINELS, *NEW_SENTINELS, "Ấp Sentinel"):
        assert value not in logged
        assert value not in text
    # The blind index follows: a search by the new number finds the case, by the old one no more.
    from lanhmanh.support import crypto
    from lanhmanh.support.models import ID_NUMBER_PURPOSE, id_number_key

    new_keys = crypto.blind_index_candidates(id_number_key(NEW_ID), purpose=ID_NUMBER_PURPOSE)
    assert Case.objects.filter(id_number_bidx__in=new_keys).get() == case


def test_pseudonymous_attributes_and_the_commune_can_be_patched_too(world, case, worker):
    response = patch(
        worker, case, {"version": case.version, "kind": "at_risk", "commune": world.commune.pk, "phone": "0911"}
    )
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert case.kind == "at_risk" and case.identity().phone == "0911"
    assert '"kind": ["sells_sex", "at_risk"]' in audit_text(case)


def test_a_stale_version_answers_409_and_saves_nothing(case, worker):
    assert patch(worker, case, {"version": 1, "phone": "0911"}).status_code == 200
    before_rows, before_audit = rows(case), audit_text(case)
    response = patch(worker, case, {"version": 1, "full_name": NEW_NAME})
    assert response.status_code == 409
    assert response.json()["code"] == "conflict" and response.json()["current_version"] == 2
    case.refresh_from_db()
    assert case.identity().full_name == SENTINEL_NAME and case.version == 2
    assert rows(case) == before_rows and audit_text(case) == before_audit
    assert NEW_NAME not in response.content.decode() and SENTINEL_NAME not in response.content.decode()


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({}, "version", ""),
        ({"id_number": "!!!"}, "id_number", "Số giấy tờ tùy thân"),
        ({"birth_date": "2999-01-01"}, "birth_date", "Ngày sinh"),
        ({"birth_date": "04/03/1995"}, "birth_date", "YYYY-MM-DD"),
        ({"phone": "0" * 21}, "phone", "Điện thoại"),
        ({"full_name": "x" * 151}, "full_name", "Họ và tên"),
        ({"kind": "nope"}, "kind", "nope"),
        ({"commune": 987654}, "commune", "987654"),
        ({"opened_on": "2999-01-01"}, "opened_on", "Ngày tiếp nhận"),
    ],
)
def test_validation_names_the_field_and_changes_nothing(case, worker, body, field, words):
    before_rows = rows(case)
    if field != "version":
        body = {"version": case.version, **body}
    response = patch(worker, case, body)
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in json.dumps(errors)
    assert words in json.dumps(errors, ensure_ascii=False)
    case.refresh_from_db()
    assert case.version == 1 and rows(case) == before_rows
    for value in SENTINELS:
        assert value not in response.content.decode()


def test_a_commune_outside_the_scope_is_refused_by_name(world, case, worker):
    response = patch(worker, case, {"version": case.version, "commune": world.far_commune.pk})
    assert response.status_code == 400
    assert "nằm ngoài phạm vi" in json.dumps(response.json(), ensure_ascii=False)


def test_the_patch_answer_is_never_stored(case, worker):
    response = patch(worker, case, {"version": case.version, "phone": "0911"})
    assert "no-store" in response["Cache-Control"]


def test_editing_into_another_cases_id_number_warns_nobody_like_the_page(world, case, worker):
    """The page's edit has no duplicate warning (only registration has one): the API behaves the same,
    and writes its one update row, no duplicate_warning row."""
    other = register(worker, world.commune, who=identity(name="Người Khác", id_number="OTHER0001"))
    warnings = AccessLog.objects.filter(action=AccessAction.DUPLICATE_WARNING).count()
    before_rows = rows(other)
    response = patch(worker, other, {"version": other.version, "id_number": case.identity().id_number})
    assert response.status_code == 200
    assert AccessLog.objects.filter(action=AccessAction.DUPLICATE_WARNING).count() == warnings
    assert rows(other) == before_rows + 1
