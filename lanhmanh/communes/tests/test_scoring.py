"""Scoring under a scheme: what each kind of value is worth, and the class a set of scores implies,
knock-outs included (the example scheme: 100 points; Loại 1 from 80, healthy; Loại 2 from 50;
Loại 3 below 50; III.1 and III.2 not met cap the class at Loại 2)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lanhmanh.communes.models import AssessmentScheme
from lanhmanh.communes.scheme_loader import load_scheme_file
from lanhmanh.communes.scoring import evaluate, points_for, scheme_data, value_problem
from lanhmanh.communes.tests.helpers import FULL, SMALL, scheme_file


@pytest.fixture
def data(scheme: AssessmentScheme):
    return scheme_data(scheme)


def criterion(data, code):
    return data.by_code[code]


def test_yes_no_scores_the_standard_points_when_met_and_nothing_otherwise(data):
    c = criterion(data, "I.2")
    assert (points_for(c, Decimal(1)), points_for(c, Decimal(0))) == (Decimal(5), Decimal(0))
    assert value_problem(c, Decimal(2)) == "chọn Đạt hoặc Không đạt."


def test_a_scale_scores_its_value_within_the_points_in_steps(data):
    c = criterion(data, "I.1")
    assert points_for(c, Decimal(7)) == Decimal(7)
    assert value_problem(c, Decimal(11)) == "điểm phải từ 0 đến 10."
    assert value_problem(c, Decimal("-1")) == "điểm phải từ 0 đến 10."
    assert value_problem(c, Decimal("7.5")) == "điểm phải là bội số của 1."


def test_a_number_is_turned_into_points_by_the_band_that_holds_it(data):
    c = criterion(data, "II.1")  # 0-<50: 0; 50-<80: 4; 80-<100: 8; 100+: 10
    assert [points_for(c, Decimal(v)) for v in ("0", "49.99", "50", "79", "80", "99.5", "100", "120")] == [
        Decimal(p) for p in (0, 0, 4, 4, 8, 8, 10, 10)
    ]
    assert value_problem(c, Decimal(-1)) == "không được âm."


def test_a_number_below_every_band_is_refused(db, tmp_path):
    load_scheme_file(
        scheme_file(tmp_path, SMALL.replace("{from: 0, below: 50, points: 0}", "{from: 10, below: 50, points: 0}"))
    )
    small = scheme_data(AssessmentScheme.objects.get(code="thu"))
    assert value_problem(small.by_code["A.2"], Decimal(5)) == "giá trị 5 không thuộc khoảng nào của bảng quy đổi điểm."


def test_full_marks_make_the_healthy_class(data):
    outcome = evaluate(data, FULL)
    assert outcome.total == 100 and outcome.result.code == "loai-1" and outcome.result.healthy
    assert outcome.complete and not outcome.capped


@pytest.mark.parametrize(
    ("i1", "ii1", "total", "klass"),
    [
        (10, "100", 100, "loai-1"),
        (0, "100", 90, "loai-1"),
        (0, "0", 80, "loai-1"),  # exactly the threshold
    ],
)
def test_a_total_on_a_threshold_belongs_to_the_class_that_starts_there(data, i1, ii1, total, klass):
    outcome = evaluate(data, {**FULL, "I.1": Decimal(i1), "II.1": Decimal(ii1)})
    assert (outcome.total, outcome.result.code) == (Decimal(total), klass)


def test_just_below_a_threshold_is_the_class_below(data):
    values = {**FULL, "I.1": Decimal(0), "II.1": Decimal(0), "I.3": Decimal(4)}  # 79
    outcome = evaluate(data, values)
    assert (outcome.total, outcome.result.code) == (Decimal(79), "loai-2")


def test_a_knock_out_caps_the_class_whatever_the_total(data):
    outcome = evaluate(data, {**FULL, "III.1": Decimal(0)})
    assert outcome.total == 90
    assert (outcome.by_points.code, outcome.result.code) == ("loai-1", "loai-2")
    assert outcome.capped and [c.code for c in outcome.knocked_out] == ["III.1"]


def test_a_knock_out_never_raises_a_lower_class(data):
    low = {code: Decimal(0) for code in FULL} | {"III.4": Decimal(5)}  # 0 points, both knock-outs
    outcome = evaluate(data, low)
    assert outcome.result.code == "loai-3" and not outcome.capped
    assert [c.code for c in outcome.knocked_out] == ["III.1", "III.2"]


def test_unscored_criteria_count_nothing_and_are_listed(data):
    outcome = evaluate(data, {"I.1": Decimal(10), "I.2": None})
    assert outcome.total == 10 and outcome.result.code == "loai-3"
    assert not outcome.complete and "I.2" in outcome.unscored and len(outcome.unscored) == 10


def test_an_invalid_value_counts_as_not_scored(data):
    outcome = evaluate(data, {**FULL, "I.1": Decimal(50)})
    assert outcome.unscored == ["I.1"] and outcome.total == 90
