"""A malformed scheme file is refused whole, with a message naming file, entry and field, and
nothing is written."""

from __future__ import annotations

import pytest

from lanhmanh.communes.models import AssessmentClass, AssessmentScheme, Criterion
from lanhmanh.communes.scheme_loader import SchemeFileError, load_scheme_file
from lanhmanh.communes.tests.helpers import SMALL, scheme_file


def refused(tmp_path, text: str) -> list[str]:
    path = scheme_file(tmp_path, text)
    with pytest.raises(SchemeFileError) as error:
        load_scheme_file(path)
    assert not AssessmentScheme.objects.exists()
    assert not Criterion.objects.exists() and not AssessmentClass.objects.exists()
    assert str(path) in error.value.text() or "scheme.yaml" in error.value.text()
    return error.value.messages()


def test_the_small_scheme_the_other_tests_break_is_valid(db, tmp_path):
    load_scheme_file(scheme_file(tmp_path, SMALL))
    assert AssessmentScheme.objects.get().criteria.count() == 2


def test_a_criterion_in_an_unknown_group_is_refused(db, tmp_path):
    [message] = refused(tmp_path, SMALL.replace("    group: A\n    text: Tỷ lệ", "    group: B\n    text: Tỷ lệ"))
    assert 'criteria[1] (A.2), trường "group": không có nhóm tiêu chí mã "B"' in message
    assert "các mã có: A" in message


def test_overlapping_class_thresholds_are_refused(db, tmp_path):
    [message] = refused(tmp_path, SMALL.replace("    below: 15\n", "    below: 16\n"))
    assert 'classes[0] (thap), trường "below": chồng lấn với classes[1] (cao)' in message
    assert "từ 15 đến dưới 16 thuộc cả hai loại" in message


def test_a_gap_between_class_thresholds_is_refused(db, tmp_path):
    [message] = refused(tmp_path, SMALL.replace("    below: 15\n", "    below: 12\n"))
    assert 'classes[0] (thap), trường "below": khoảng trống: tổng điểm từ 12 đến dưới 15' in message


def test_classes_must_start_at_zero_and_the_top_class_must_reach_the_maximum(db, tmp_path):
    text = SMALL.replace("    from: 0\n    below: 15", "    from: 5\n    below: 15").replace(
        "    from: 15\n    healthy: true", "    from: 15\n    below: 19\n    healthy: true"
    )
    messages = refused(tmp_path, text)
    assert any('classes[0] (thap), trường "from": khoảng trống: tổng điểm từ 0 đến dưới 5' in m for m in messages)
    assert any('classes[1] (cao), trường "below": khoảng trống: tổng điểm từ 19 trở lên' in m for m in messages)


def test_a_class_above_the_maximum_is_refused(db, tmp_path):
    [message] = refused(
        tmp_path, SMALL.replace("    below: 15\n", "    below: 25\n").replace("from: 15\n", "from: 25\n")
    )
    assert 'classes[1] (cao), trường "from": 25 điểm vượt tổng điểm tối đa 20' in message


def test_band_points_over_the_criterions_maximum_are_refused(db, tmp_path):
    [message] = refused(tmp_path, SMALL.replace("{from: 50, points: 10}", "{from: 50, points: 12}"))
    assert 'criteria[1] (A.2).bands[1], trường "points": 12 điểm vượt điểm chuẩn 10 của tiêu chí' in message


def test_standard_points_that_do_not_add_up_to_the_maximum_are_refused(db, tmp_path):
    [message] = refused(tmp_path, SMALL.replace("max_total: 20", "max_total: 25").replace("below: 15", "below: 15"))
    assert (
        'bộ tiêu chí, trường "max_total": tổng điểm chuẩn của các tiêu chí là 20, khác tổng điểm tối đa 25' in message
    )


def test_overlapping_or_gapped_bands_are_refused(db, tmp_path):
    overlap = refused(tmp_path, SMALL.replace("{from: 50, points: 10}", "{from: 40, points: 10}"))
    assert any('criteria[1] (A.2).bands[0], trường "below": chồng lấn' in m for m in overlap)
    gap = refused(tmp_path, SMALL.replace("{from: 50, points: 10}", "{from: 60, points: 10}"))
    assert any("khoảng trống: giá trị từ 50 đến dưới 60 không thuộc khoảng nào" in m for m in gap)


def test_duplicate_codes_are_refused(db, tmp_path):
    [message] = refused(tmp_path, SMALL.replace("  - code: A.2", "  - code: A.1"))
    assert 'criteria[1] (A.1), trường "code": mã tiêu chí "A.1" trùng với criteria[0] (A.1)' in message


def test_wrong_types_are_named_with_what_was_found(db, tmp_path):
    text = SMALL.replace("max_points: 10\n    scoring: yes_no", 'max_points: "mười"\n    scoring: yes_no').replace(
        "version: 1", "version: một"
    )
    messages = refused(tmp_path, text)
    assert any('criteria[0] (A.1), trường "max_points": phải là một số, nhận được chuỗi "mười"' in m for m in messages)
    assert any('trường "version": phải là một số nguyên dương' in m for m in messages)


def test_an_unknown_scoring_kind_or_field_is_refused(db, tmp_path):
    text = SMALL.replace("scoring: yes_no", "scoring: stars").replace('unit: "%"', 'unit: "%"\n    colour: red')
    messages = refused(tmp_path, text)
    assert any(
        'trường "scoring": giá trị chuỗi "stars" không hợp lệ; chọn một trong: yes_no, scale, number' in m
        for m in messages
    )
    assert any('criteria[1] (A.2), trường "colour": trường không được hỗ trợ' in m for m in messages)


def test_a_knock_out_must_name_a_class_and_belong_to_a_yes_no_criterion(db, tmp_path):
    unknown = refused(tmp_path, SMALL.replace("knock_out_cap: thap", "knock_out_cap: rat-thap"))
    assert any('trường "knock_out_cap": không có loại mã "rat-thap" trong classes (cao, thap)' in m for m in unknown)
    misplaced = refused(tmp_path, SMALL.replace('    unit: "%"', '    unit: "%"\n    knock_out_cap: thap'))
    assert any(
        'criteria[1] (A.2), trường "knock_out_cap": chỉ dùng cho tiêu chí scoring: yes_no' in m for m in misplaced
    )


def test_some_class_must_count_as_healthy(db, tmp_path):
    [message] = refused(tmp_path, SMALL.replace("    healthy: true\n", ""))
    assert 'trường "classes": cần ít nhất một loại có healthy: true' in message


def test_a_wrong_date_or_validity_order_is_refused(db, tmp_path):
    messages = refused(tmp_path, SMALL.replace("  from: 2009-01-01", "  from: 2009-13-01\n  to: 2008-01-01"))
    assert any('valid, trường "from": ngày "2009-13-01" không hợp lệ' in m for m in messages)
    messages = refused(tmp_path, SMALL.replace("  from: 2009-01-01", "  from: 2009-01-01\n  to: 2008-01-01"))
    assert any('valid, trường "to": ngày kết thúc 01/01/2008 trước ngày bắt đầu 01/01/2009' in m for m in messages)


def test_a_yaml_syntax_error_names_its_line(db, tmp_path):
    [message] = refused(tmp_path, SMALL.replace("groups:\n", "groups:\n  - code: [A\n"))
    assert "dòng" in message and "cú pháp YAML" in message


def test_a_key_written_twice_is_refused(db, tmp_path):
    [message] = refused(tmp_path, SMALL.replace("version: 1\n", "version: 1\nversion: 2\n"))
    assert "khóa 'version' xuất hiện hai lần" in message


def test_every_problem_is_reported_at_once(db, tmp_path):
    text = SMALL.replace("    group: A\n    text: Tỷ lệ", "    group: B\n    text: Tỷ lệ").replace(
        "below: 15", "below: 16"
    )
    assert len(refused(tmp_path, text)) == 2


def test_the_error_text_says_nothing_was_written(db, tmp_path):
    path = scheme_file(tmp_path, SMALL.replace("below: 15", "below: 16"))
    with pytest.raises(SchemeFileError) as error:
        load_scheme_file(path)
    assert "không có thay đổi nào được ghi vào cơ sở dữ liệu" in error.value.text()
    assert error.value.text().splitlines()[1].startswith(f"- {path}: classes[0] (thap)")
