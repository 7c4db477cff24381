"""Malformed plan files are rejected whole: every problem named by file, entry and field, and the
database exactly as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from lanhmanh.core.models import AuditEntry
from lanhmanh.plans.loader import PlanFileError, load_plan_file
from lanhmanh.plans.models import ManualValue, Measure, Plan, SpendingCategory, Target, Task, TaskUpdate
from lanhmanh.plans.tests.tay_ninh import REAL_PLAN, make_tay_ninh_2019

TABLES = [Plan, Target, Measure, Task, Task.partners.through, TaskUpdate, SpendingCategory, ManualValue, AuditEntry]


@pytest.fixture
def loaded(db):
    """The real plan already loaded: a rejected reload must leave it as it was."""
    make_tay_ninh_2019()
    load_plan_file(REAL_PLAN)


def document() -> dict[str, Any]:
    return yaml.safe_load(REAL_PLAN.read_text(encoding="utf-8"))


def write(tmp_path: Path, doc: dict[str, Any]) -> Path:
    path = tmp_path / "ke-hoach-loi.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def task_index(doc: dict[str, Any], code: str) -> int:
    return next(i for i, entry in enumerate(doc["tasks"]) if entry["code"] == code)


def snapshot() -> dict[str, Any]:
    state: dict[str, Any] = {model.__name__: model.objects.count() for model in TABLES}
    state["plan"] = list(Plan.objects.values_list("title", "content", "source_file", "loaded_at"))
    state["measures"] = list(
        Measure.objects.order_by("code").values_list("code", "baseline", "target_value", "version")
    )
    state["tasks"] = list(Task.objects.order_by("code").values_list("code", "text", "lead_agency", "version"))
    return state


def reject(path: Path) -> list[str]:
    """Load `path`, expect a rejection and an untouched database; return the messages."""
    before = snapshot()
    with pytest.raises(PlanFileError) as caught:
        load_plan_file(path)
    assert snapshot() == before
    assert str(caught.value).startswith(f"Tệp kế hoạch {path} không hợp lệ")
    return caught.value.messages()


def assert_named(messages: list[str], path: Path, entry: str, field: str, *words: str) -> None:
    prefix = f'{path}: {entry}, trường "{field}": '
    matching = [m for m in messages if m.startswith(prefix) and all(w in m for w in words)]
    assert matching, f"no message starts with {prefix!r} and holds {words}: {messages}"


def test_a_yaml_syntax_error_names_the_line(loaded, tmp_path):
    path = tmp_path / "hong.yaml"
    path.write_text("code: tay-ninh-2019\nheader:\n  number: [905/KH-UBND\n  title: x\n", encoding="utf-8")
    messages = reject(path)
    assert len(messages) == 1
    assert messages[0].startswith(f"{path}: dòng ")
    assert 'trường "(cú pháp YAML)"' in messages[0]


def test_a_missing_header_field_is_named(loaded, tmp_path):
    doc = document()
    del doc["header"]["title"]
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "header", "title", "thiếu giá trị bắt buộc")


def test_a_missing_measure_field_is_named(loaded, tmp_path):
    doc = document()
    del doc["targets"][2]["measures"][0]["unit_of_measure"]
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "targets[2].measures[0] (T3a)", "unit_of_measure", "thiếu")


def test_an_unknown_lead_agency_code_is_named(loaded, tmp_path):
    doc = document()
    index = task_index(doc, "IV.2.1")
    doc["tasks"][index]["lead"] = "CONG-AN"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, f"tasks[{index}] (IV.2.1)", "lead", '"CONG-AN"', "không tìm thấy")


def test_an_unknown_partner_agency_code_is_named(loaded, tmp_path):
    doc = document()
    index = task_index(doc, "IV.11.1")
    doc["tasks"][index]["partners"] = ["TAND", "TOA-AN"]
    path = write(tmp_path, doc)
    assert_named(reject(path), path, f"tasks[{index}] (IV.11.1)", "partners", '"TOA-AN"')


def test_an_unknown_district_committee_is_named_for_each_district(loaded, tmp_path):
    doc = document()
    index = task_index(doc, "IV.13.1")
    doc["tasks"][index]["lead"] = "UBND-HUYEN-{unit_code}"
    path = write(tmp_path, doc)
    messages = reject(path)
    assert_named(messages, path, f"tasks[{index}] (IV.13.1)", "lead", '"UBND-HUYEN-705"')
    assert len(messages) == 9


def test_an_unknown_header_lead_is_named(loaded, tmp_path):
    doc = document()
    doc["header"]["lead"] = "SO-Y-TE"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "header", "lead", '"SO-Y-TE"')


def test_an_unknown_indicator_code_is_named(loaded, tmp_path):
    doc = document()
    doc["targets"][2]["measures"][0]["indicator"] = "trained_officials_percent"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "targets[2].measures[0] (T3a)", "indicator", '"trained_officials_percent"')


def test_a_baseline_that_is_not_a_number_is_named(loaded, tmp_path):
    doc = document()
    doc["targets"][3]["measures"][1]["baseline"] = "abc"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "targets[3].measures[1] (T4b)", "baseline", '"abc"')


def test_a_target_with_too_many_decimals_is_named(loaded, tmp_path):
    doc = document()
    doc["targets"][3]["measures"][1]["target"] = 80.125
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "targets[3].measures[1] (T4b)", "target", "chữ số thập phân")


def test_an_impossible_date_is_named(loaded, tmp_path):
    doc = document()
    doc["header"]["issued_on"] = "2019-13-01"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "header", "issued_on", '"2019-13-01"', "YYYY-MM-DD")


def test_an_impossible_deadline_is_named(loaded, tmp_path):
    doc = document()
    index = task_index(doc, "IV.1.8")
    doc["tasks"][index]["deadline"] = "2019-02-30"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, f"tasks[{index}] (IV.1.8)", "deadline", '"2019-02-30"')


def test_a_period_that_ends_before_it_starts_is_named(loaded, tmp_path):
    doc = document()
    doc["header"]["period"]["end"] = "2018-12-31"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "header.period", "end", "trước ngày bắt đầu")


def test_a_duplicate_target_code_is_named(loaded, tmp_path):
    doc = document()
    doc["targets"][1]["code"] = "T1"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "targets[1] (T1)", "code", "trùng với targets[0] (T1)")


def test_a_duplicate_measure_code_is_named(loaded, tmp_path):
    doc = document()
    doc["targets"][1]["measures"][1]["code"] = "T2a"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "targets[1].measures[1] (T2a)", "code", "trùng với targets[1].measures[0] (T2a)")


def test_a_measure_code_used_in_two_targets_is_a_duplicate(loaded, tmp_path):
    doc = document()
    doc["targets"][2]["measures"][0]["code"] = "T1a"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "targets[2].measures[0] (T1a)", "code", "trùng")


def test_a_duplicate_task_code_is_named(loaded, tmp_path):
    doc = document()
    first, second = task_index(doc, "IV.2.1"), task_index(doc, "IV.2.2")
    doc["tasks"][second]["code"] = "IV.2.1"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, f"tasks[{second}] (IV.2.1)", "code", f"trùng với tasks[{first}] (IV.2.1)")


def test_a_task_code_clashing_with_a_per_district_code_is_named(loaded, tmp_path):
    doc = document()
    doc["tasks"].append({"code": "IV.13.1-703", "kind": "duty", "lead": "UBND-703", "text": "Nhiệm vụ thêm."})
    path = write(tmp_path, doc)
    assert_named(reject(path), path, f"tasks[{len(doc['tasks']) - 1}] (IV.13.1-703)", "code", '"IV.13.1-703"')


def test_a_duplicate_spending_category_code_is_named(loaded, tmp_path):
    doc = document()
    doc["spending_categories"][5]["code"] = "III.2.1"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "spending_categories[5] (III.2.1)", "code", "trùng")


def test_an_unknown_province_is_named(loaded, tmp_path):
    doc = document()
    doc["header"]["province"]["code"] = "99"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "header.province", "code", '"99"', "load_units")


def test_a_province_from_another_dataset_is_unknown(loaded, tmp_path):
    doc = document()
    doc["header"]["province"]["source"] = "vietnam-provinces"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "header.province", "code", '"vietnam-provinces"')


def test_an_unknown_task_unit_is_named(loaded, tmp_path):
    doc = document()
    index = task_index(doc, "IV.9.2")
    doc["tasks"][index]["unit"] = "799"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, f"tasks[{index}] (IV.9.2)", "unit", '"799"')


def test_an_unknown_direction_is_named(loaded, tmp_path):
    doc = document()
    doc["targets"][0]["measures"][0]["direction"] = "up"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "targets[0].measures[0] (T1a)", "direction", '"up"', "increase, decrease")


def test_an_unknown_frequency_is_named(loaded, tmp_path):
    doc = document()
    doc["targets"][3]["measures"][0]["frequency"] = "weekly"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "targets[3].measures[0] (T4a)", "frequency", '"weekly"', "monthly")


def test_an_unknown_kind_is_named(loaded, tmp_path):
    doc = document()
    doc["tasks"][0]["kind"] = "chore"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "tasks[0] (II.5.1)", "kind", '"chore"', "main_task")


def test_an_unknown_per_unit_level_is_named(loaded, tmp_path):
    doc = document()
    index = task_index(doc, "IV.13.1")
    doc["tasks"][index]["per_unit"] = "province"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, f"tasks[{index}] (IV.13.1)", "per_unit", '"province"')


def test_a_unit_placeholder_outside_a_per_unit_task_is_named(loaded, tmp_path):
    doc = document()
    index = task_index(doc, "IV.1.1")
    doc["tasks"][index]["lead"] = "UBND-{unit_code}"
    path = write(tmp_path, doc)
    assert_named(reject(path), path, f"tasks[{index}] (IV.1.1)", "lead", "per_unit")


def test_a_misspelt_field_is_named(loaded, tmp_path):
    doc = document()
    doc["targets"][3]["measures"][1]["baselin"] = 74
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "targets[3].measures[1] (T4b)", "baselin", "không được hỗ trợ")


def test_a_key_written_twice_is_named(loaded, tmp_path):
    path = tmp_path / "hai-lan.yaml"
    path.write_text(REAL_PLAN.read_text(encoding="utf-8").replace("  place: Tây Ninh\n", "  place: A\n  place: B\n"))
    messages = reject(path)
    assert messages[0].startswith(f"{path}: dòng ") and "'place'" in messages[0]


def test_a_text_of_the_wrong_type_is_named(loaded, tmp_path):
    doc = document()
    doc["targets"][0]["text"] = ["một", "hai"]
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "targets[0] (T1)", "text", "chuỗi ký tự")


def test_a_measure_that_is_not_a_mapping_is_named(loaded, tmp_path):
    doc = document()
    doc["targets"][5]["measures"] = ["T6a"]
    path = write(tmp_path, doc)
    assert_named(reject(path), path, "targets[5].measures[0]", "(cả mục)", "bảng khóa")


def test_a_missing_file_is_named(loaded, tmp_path):
    path = tmp_path / "khong-co.yaml"
    messages = reject(path)
    assert messages[0].startswith(f'{path}: tệp, trường "(đọc tệp)"')


def test_every_problem_is_reported_at_once(loaded, tmp_path):
    doc = document()
    doc["header"]["issued_on"] = "2019-13-01"
    doc["targets"][3]["measures"][1]["baseline"] = "abc"
    doc["targets"][4]["measures"][0]["indicator"] = "khong_co"
    index = task_index(doc, "IV.2.1")
    doc["tasks"][index]["lead"] = "CONG-AN"
    doc["tasks"][0]["kind"] = "chore"
    path = write(tmp_path, doc)
    messages = reject(path)
    assert_named(messages, path, "header", "issued_on")
    assert_named(messages, path, "targets[3].measures[1] (T4b)", "baseline")
    assert_named(messages, path, "targets[4].measures[0] (T5a)", "indicator")
    assert_named(messages, path, f"tasks[{index}] (IV.2.1)", "lead")
    assert_named(messages, path, "tasks[0] (II.5.1)", "kind")
    assert len(messages) == 5


def test_a_first_load_that_fails_creates_nothing(db, tmp_path):
    make_tay_ninh_2019()
    doc = document()
    doc["targets"][3]["measures"][1]["baseline"] = "abc"
    path = write(tmp_path, doc)
    reject(path)
    assert Plan.objects.count() == 0
