"""Loading plan files: the real 2019 Tây Ninh plan, and reloading in place."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from lanhmanh.accounts.models import Role, User
from lanhmanh.core.models import AuditEntry
from lanhmanh.places.models import AdministrativeUnit, Level
from lanhmanh.plans.loader import load_plan_file
from lanhmanh.plans.models import ManualValue, Measure, Plan, SpendingCategory, Target, Task, TaskKind, TaskStatus
from lanhmanh.plans.services import manual_value_record, task_assign, task_post_update
from lanhmanh.plans.tests.tay_ninh import REAL_PLAN, SOURCE, make_tay_ninh_2019

PROVINCE_DUTIES = 29  # IV.1..IV.12, IV.10 split into one task per outlet
DISTRICT_DUTIES = 8  # IV.13 bullets, each once per district


@pytest.fixture
def tay_ninh(db):
    return make_tay_ninh_2019()


@pytest.fixture
def plan(tay_ninh):
    load_plan_file(REAL_PLAN)
    return Plan.objects.get(code="tay-ninh-2019")


def real_document() -> dict[str, Any]:
    return yaml.safe_load(REAL_PLAN.read_text(encoding="utf-8"))


def write(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def task_entry(document: dict[str, Any], code: str) -> dict[str, Any]:
    return next(entry for entry in document["tasks"] if entry["code"] == code)


def coordinator(tay_ninh) -> User:
    return User.objects.create_user(
        username="dieu-phoi", role=Role.COORDINATOR, agency=tay_ninh.agencies["LDTBXH"], scope=tay_ninh.province
    )


def test_the_real_plan_has_its_header(plan, tay_ninh):
    assert plan.number == "905/KH-UBND"
    assert plan.issuer == "Ủy ban nhân dân tỉnh Tây Ninh"
    assert plan.issued_on == date(2019, 5, 7)
    assert plan.place == "Tây Ninh"
    assert (plan.period_start, plan.period_end) == (date(2019, 1, 1), date(2019, 12, 31))
    assert plan.unit == tay_ninh.province
    assert plan.lead_agency == tay_ninh.agencies["LDTBXH"]
    assert plan.source_file == "data/plans/tay-ninh-2019.yaml"


def test_the_real_plan_keeps_its_narrative_sections(plan):
    content = plan.content
    assert len(content["legal_basis"]) == 2
    assert content["legal_basis"][0].startswith("Căn cứ Quyết định số 361/QĐ-TTg")
    assert len(content["purposes"]) == 1
    assert len(content["requirements"]) == 4
    assert len(content["principles"]) == 5
    assert content["general_objective"][0].startswith("Tạo sự chuyển biến về nhận thức")
    assert len(content["target_groups"]) == 4
    assert content["funding"] == [
        "Kinh phí thực hiện Kế hoạch từ nguồn Chương trình phòng, chống mại dâm năm 2019 đã phân bổ cho các đơn vị."
    ]


def test_the_real_plan_has_6_targets_9_measures_and_6_spending_categories(plan):
    assert list(Target.objects.filter(plan=plan).values_list("code", flat=True)) == [f"T{i}" for i in range(1, 7)]
    measures = Measure.objects.filter(target__plan=plan)
    assert sorted(measures.values_list("code", flat=True)) == [
        "T1a",
        "T2a",
        "T2b",
        "T3a",
        "T4a",
        "T4b",
        "T5a",
        "T5b",
        "T6a",
    ]
    assert SpendingCategory.objects.filter(plan=plan).count() == 6


def test_the_real_plan_measures_carry_indicator_values_and_direction(plan):
    t4b = Measure.objects.get(target__plan=plan, code="T4b")
    assert (t4b.indicator_code, t4b.baseline, t4b.target_value, t4b.unit_of_measure) == (
        "healthy_communes",
        Decimal(74),
        Decimal(80),
        "xã",
    )
    t2a = Measure.objects.get(target__plan=plan, code="T2a")
    assert t2a.is_manual and t2a.target_value == Decimal(100) and t2a.unit_of_measure == "%"
    t2b = Measure.objects.get(target__plan=plan, code="T2b")
    assert (t2b.direction, t2b.baseline, t2b.target_value) == ("decrease", None, None)
    assert Measure.objects.get(target__plan=plan, code="T4a").frequency == "monthly"


def test_the_real_plan_has_6_main_tasks_11_solutions_and_the_duties_with_iv13_per_district(plan):
    tasks = Task.objects.filter(plan=plan)
    assert tasks.filter(kind=TaskKind.MAIN_TASK).count() == 6
    assert tasks.filter(kind=TaskKind.SOLUTION).count() == 11
    assert tasks.filter(kind=TaskKind.DUTY).count() == PROVINCE_DUTIES + DISTRICT_DUTIES * 9
    assert set(tasks.filter(kind=TaskKind.MAIN_TASK).values_list("lead_agency__code", flat=True)) == {"LDTBXH"}


def test_iv13_gives_each_district_its_own_task_led_by_its_committee(plan, tay_ninh):
    for code, district in tay_ninh.districts.items():
        task = Task.objects.get(plan=plan, code=f"IV.13.1-{code}")
        assert task.unit == district
        assert task.lead_agency == tay_ninh.agencies[f"UBND-{code}"]
        assert task.section == "IV.13"
    assert Task.objects.filter(plan=plan, section="IV.13", unit=tay_ninh.districts["705"]).count() == DISTRICT_DUTIES


def test_duties_get_the_lead_and_partners_the_text_names(plan):
    def agencies(code: str) -> tuple[str, set[str]]:
        task = Task.objects.get(plan=plan, code=code)
        assert task.lead_agency is not None
        return task.lead_agency.code, set(task.partners.values_list("code", flat=True))

    assert agencies("IV.2.1") == ("CA", {"LDTBXH"})
    assert agencies("IV.11.1") == ("VKSND", {"TAND"})
    assert agencies("IV.10.1") == ("BAO-TN", set())
    assert agencies("IV.10.2") == ("PTTH", set())
    assert agencies("IV.3.3") == ("VHTTDL", {"LDTBXH", "MTTQ", "CA"})
    assert agencies("II.6.5") == ("MTTQ", set())


def test_only_the_yearly_report_has_a_deadline(plan):
    with_deadline = Task.objects.filter(plan=plan, deadline__isnull=False)
    assert list(with_deadline.values_list("code", "deadline", "planned_deadline")) == [
        ("IV.1.8", date(2019, 12, 14), date(2019, 12, 14))
    ]


def test_tasks_are_carried_out_in_the_province_unless_per_district(plan, tay_ninh):
    assert Task.objects.get(plan=plan, code="IV.2.1").unit == tay_ninh.province
    assert Task.objects.filter(plan=plan, unit=tay_ninh.province).count() == 6 + 11 + PROVINCE_DUTIES


def test_loading_records_an_audit_entry_with_the_counts(plan):
    entry = AuditEntry.objects.get(verb="plans.plan.loaded")
    assert entry.actor is None
    assert entry.target_id == str(plan.pk)
    assert entry.changes["counts"]["tasks"] == {"created": 118, "updated": 0, "unchanged": 0, "deleted": 0}


def test_loading_twice_changes_and_duplicates_nothing(plan):
    versions = sorted(Task.objects.values_list("code", "version"))
    summary = load_plan_file(REAL_PLAN)
    assert not summary.changed
    assert summary.tallies["tasks"].unchanged == 118
    assert summary.tallies["measures"].unchanged == 9
    assert Task.objects.count() == 118
    assert sorted(Task.objects.values_list("code", "version")) == versions
    assert Plan.objects.count() == 1


def test_a_reload_keeps_status_updates_values_and_a_deadline_changed_in_the_app(plan, tay_ninh):
    user = coordinator(tay_ninh)
    task = Task.objects.get(plan=plan, code="IV.2.1")
    task_post_update(task=task, author=user, date=date(2019, 6, 1), text="Đã kiểm tra 12 cơ sở.", new_status="done")
    report = Task.objects.get(plan=plan, code="IV.1.8")
    task_assign(
        task=report,
        actor=user,
        lead_agency=report.lead_agency,
        partners=[],
        deadline=date(2019, 12, 10),
        expected_version=report.version,
    )
    t2a = Measure.objects.get(target__plan=plan, code="T2a")
    manual_value_record(
        measure=t2a,
        actor=user,
        unit=tay_ninh.province,
        period_start=date(2019, 1, 1),
        period_end=date(2019, 3, 31),
        value=Decimal(100),
        unit_of_measure="%",
        source_note="Công an tỉnh",
    )

    load_plan_file(REAL_PLAN)

    task.refresh_from_db()
    report.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.updates.count() == 1
    assert (report.deadline, report.planned_deadline) == (date(2019, 12, 10), date(2019, 12, 14))
    assert ManualValue.objects.filter(measure=t2a).count() == 1


def test_a_reload_moves_a_deadline_nobody_changed(plan, tmp_path):
    document = real_document()
    task_entry(document, "IV.1.8")["deadline"] = "2019-12-01"
    task_entry(document, "IV.2.1")["deadline"] = "2019-09-30"
    load_plan_file(write(tmp_path, document))
    assert Task.objects.get(plan=plan, code="IV.1.8").deadline == date(2019, 12, 1)
    assert Task.objects.get(plan=plan, code="IV.2.1").deadline == date(2019, 9, 30)


def test_a_reload_applies_what_the_file_owns_and_bumps_versions(plan, tmp_path):
    document = real_document()
    document["header"]["title"] = "Tiêu đề mới"
    document["targets"][3]["measures"][1]["target"] = 82
    entry = task_entry(document, "IV.2.2")
    entry["text"] = "Nội dung đã sửa."
    entry["partners"] = ["VHTTDL"]
    measure = Measure.objects.get(target__plan=plan, code="T4b")
    task = Task.objects.get(plan=plan, code="IV.2.2")

    summary = load_plan_file(write(tmp_path, document))

    assert (summary.tallies["plan"].updated, summary.tallies["measures"].updated, summary.tallies["tasks"].updated) == (
        1,
        1,
        1,
    )
    plan.refresh_from_db()
    assert plan.title == "Tiêu đề mới"
    assert plan.source_file.endswith("plan.yaml")
    updated_measure = Measure.objects.get(pk=measure.pk)
    assert (updated_measure.target_value, updated_measure.version) == (Decimal(82), measure.version + 1)
    updated_task = Task.objects.get(pk=task.pk)
    assert updated_task.text == "Nội dung đã sửa."
    assert list(updated_task.partners.values_list("code", flat=True)) == ["VHTTDL"]
    assert updated_task.version == task.version + 1


def test_a_measure_moved_to_another_target_keeps_its_reported_values(plan, tay_ninh, tmp_path):
    t2a = Measure.objects.get(target__plan=plan, code="T2a")
    manual_value_record(
        measure=t2a,
        actor=coordinator(tay_ninh),
        unit=tay_ninh.province,
        period_start=date(2019, 1, 1),
        period_end=date(2019, 3, 31),
        value=Decimal(100),
        unit_of_measure="%",
        source_note="Công an tỉnh",
    )
    document = real_document()
    moved = document["targets"][1]["measures"].pop(0)
    document["targets"][2]["measures"].append(moved)
    load_plan_file(write(tmp_path, document))
    t2a.refresh_from_db()
    assert t2a.target.code == "T3"
    assert t2a.manual_values.count() == 1


def test_entries_gone_from_the_file_are_deleted_unless_records_depend_on_them(plan, tay_ninh, tmp_path):
    task_post_update(
        task=Task.objects.get(plan=plan, code="IV.2.3"),
        author=coordinator(tay_ninh),
        date=date(2019, 4, 2),
        text="Triển khai biện pháp nghiệp vụ.",
    )
    document = real_document()
    document["tasks"] = [e for e in document["tasks"] if e["code"] not in {"IV.2.2", "IV.2.3", "IV.13.2"}]
    document["spending_categories"].pop()

    summary = load_plan_file(write(tmp_path, document))

    codes = set(Task.objects.filter(plan=plan).values_list("code", flat=True))
    assert "IV.2.2" not in codes
    assert not any(code.startswith("IV.13.2-") for code in codes)
    assert "IV.2.3" in codes
    assert summary.tallies["tasks"].deleted == 1 + 9
    assert summary.tallies["spending_categories"].deleted == 1
    assert summary.kept == ["nhiệm vụ IV.2.3 (còn cập nhật tiến độ (1))"]
    assert any("giữ lại: nhiệm vụ IV.2.3" in line for line in summary.lines())


def test_a_dry_run_reports_but_writes_nothing(tay_ninh):
    summary = load_plan_file(REAL_PLAN, dry_run=True)
    assert summary.tallies["tasks"].created == 118
    assert Plan.objects.count() == 0
    assert Task.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_districts_not_valid_on_the_plans_start_get_no_task(tay_ninh):
    AdministrativeUnit.objects.create(
        code="704",
        name="Huyện đã giải thể",
        level=Level.DISTRICT,
        parent=tay_ninh.province,
        source=SOURCE,
        valid_to=date(2018, 12, 31),
    )
    load_plan_file(REAL_PLAN)
    assert not Task.objects.filter(code__endswith="-704").exists()
    assert Task.objects.filter(section="IV.13").count() == DISTRICT_DUTIES * 9


def test_text_is_stored_in_composed_unicode(tay_ninh, tmp_path):
    document = real_document()
    decomposed = "Hoa\u0300n thành"  # "Hoàn" with a combining grave accent
    task_entry(document, "IV.6.1")["text"] = decomposed
    load_plan_file(write(tmp_path, document))
    assert Task.objects.get(code="IV.6.1").text == "Hoàn thành"
