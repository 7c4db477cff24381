"""Recording the province's decision from the page, and reading it."""

from __future__ import annotations

from datetime import date

import pytest

from lanhmanh.communes.models import AssessmentStatus, RecognitionDecision
from lanhmanh.communes.tests.helpers import approved


@pytest.fixture
def waiting(world, personas, scheme):
    reviewer = personas["district_officer"]
    return [
        approved(world.commune, personas["commune_officer"], reviewer, 2019),
        approved(world.sibling_commune, personas["sibling_commune"], reviewer, 2019),
    ]


def test_the_coordinator_records_a_decision_for_the_approved_communes_of_a_year(client, waiting, personas):
    client.force_login(personas["coordinator"])
    form = client.get("/communes/recognitions/new/")
    assert [a.pk for a in form.context["form"]["assessments"].initial] == [a.pk for a in waiting]
    response = client.post(
        "/communes/recognitions/new/?year=2019",
        {
            "year": 2019,
            "number": "3120/QĐ-UBND",
            "signed_on": "2019-12-06",
            "issuer": "UBND tỉnh Thử",
            "assessments": [waiting[0].pk],
        },
    )
    decision = RecognitionDecision.objects.get()
    assert response["Location"] == f"/communes/recognitions/{decision.pk}/"
    assert (decision.signed_on, decision.year) == (date(2019, 12, 6), 2019)
    waiting[0].refresh_from_db()
    waiting[1].refresh_from_db()
    assert (waiting[0].status, waiting[1].status) == (AssessmentStatus.RECOGNISED, AssessmentStatus.APPROVED)


def test_a_decision_without_communes_or_number_is_refused_on_the_form(client, waiting, personas):
    client.force_login(personas["coordinator"])
    response = client.post("/communes/recognitions/new/?year=2019", {"year": 2019, "signed_on": "2019-12-06"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"number", "issuer", "assessments"}
    assert not RecognitionDecision.objects.exists()


def test_a_commune_officer_reads_the_decision_with_their_own_commune_only(client, waiting, personas):
    client.force_login(personas["coordinator"])
    client.post(
        "/communes/recognitions/new/?year=2019",
        {
            "year": 2019,
            "number": "1/QĐ",
            "signed_on": "2019-12-06",
            "issuer": "UBND",
            "assessments": [a.pk for a in waiting],
        },
    )
    decision = RecognitionDecision.objects.get()
    client.force_login(personas["commune_officer"])
    response = client.get(f"/communes/recognitions/{decision.pk}/")
    assert [a.commune.name for a in response.context["assessments"]] == ["Xã An"]
    client.force_login(personas["viewer"])
    assert len(client.get(f"/communes/recognitions/{decision.pk}/").context["assessments"]) == 2


def test_without_approved_assessments_there_is_nothing_to_recognise(client, scheme, personas):
    client.force_login(personas["coordinator"])
    assert "Không có bản đánh giá nào đã thẩm định" in client.get("/communes/recognitions/new/").content.decode()
