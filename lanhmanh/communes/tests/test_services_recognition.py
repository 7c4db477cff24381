"""The province's recognition decision for a batch of approved assessments of one year."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lanhmanh.communes import services
from lanhmanh.communes.models import AssessmentStatus, RecognitionDecision
from lanhmanh.communes.tests.helpers import approved, submitted
from lanhmanh.core.models import AuditEntry


@pytest.fixture
def batch(world, personas, scheme):
    officer, sibling, reviewer = personas["commune_officer"], personas["sibling_commune"], personas["district_officer"]
    return [approved(world.commune, officer, reviewer, 2019), approved(world.sibling_commune, sibling, reviewer, 2019)]


def record(personas, assessments, **changes):
    values = {"number": "3120/QĐ-UBND", "signed_on": date(2019, 12, 6), "issuer": "UBND tỉnh Thử", **changes}
    return services.recognition_record(actor=personas["coordinator"], assessments=assessments, **values)


def test_a_decision_recognises_each_assessment_with_its_reviewed_class(batch, personas):
    decision = record(personas, batch)
    assert (decision.number, decision.year, decision.unit) == ("3120/QĐ-UBND", 2019, personas["coordinator"].scope)
    for assessment in batch:
        assessment.refresh_from_db()
        assert (assessment.status, assessment.recognition) == (AssessmentStatus.RECOGNISED, decision)
        assert assessment.result_class.code == "loai-1"
        step = assessment.transitions.last()
        assert (step.from_status, step.to_status, step.actor) == ("approved", "recognised", personas["coordinator"])
        assert step.changes["decision"] == "3120/QĐ-UBND (06/12/2019)"
    entry = AuditEntry.objects.get(verb="communes.recognition.recorded")
    assert entry.changes["communes"] == ["Xã An", "Xã Bình"]


def test_only_approved_assessments_are_recognised(batch, world, personas):
    waiting = submitted(world.far_commune, personas["commune_officer"], 2019)
    with pytest.raises(ValidationError) as error:
        record(personas, [*batch, waiting])
    assert (
        "Chỉ công nhận được bản đánh giá đã thẩm định, chờ công nhận: Xã Cư — 2019."
        in error.value.message_dict["assessments"][0]
    )
    assert not RecognitionDecision.objects.exists()


def test_one_decision_is_for_one_year(batch, world, personas):
    older = approved(world.far_commune, personas["commune_officer"], personas["coordinator"], 2018)
    with pytest.raises(ValidationError) as error:
        record(personas, [*batch, older])
    assert "đã chọn các năm 2018, 2019" in error.value.message_dict["assessments"][0]


def test_the_decision_needs_a_number_an_issuer_and_a_plausible_date(batch, personas):
    with pytest.raises(ValidationError) as error:
        record(personas, batch, number=" ", issuer="", signed_on=timezone.localdate() + timedelta(days=1))
    assert set(error.value.message_dict) == {"number", "issuer", "signed_on"}
    with pytest.raises(ValidationError) as error:
        record(personas, batch, signed_on=date(2018, 12, 31))
    assert error.value.message_dict == {"signed_on": ["Ngày ký phải từ năm đánh giá 2019 trở đi."]}
    with pytest.raises(ValidationError) as error:
        record(personas, [])
    assert error.value.message_dict == {"assessments": ["Chọn ít nhất một xã để công nhận."]}


def test_a_recognised_assessment_is_not_recognised_twice(batch, personas):
    record(personas, batch)
    with pytest.raises(ValidationError, match="đã thẩm định, chờ công nhận"):
        record(personas, batch[:1], number="2/QĐ")
