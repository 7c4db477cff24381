"""`manage.py load_plan FILE [--dry-run]`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lanhmanh.core.versioning import ConflictError
from lanhmanh.plans.management.commands import load_plan
from lanhmanh.plans.models import Plan, Task
from lanhmanh.plans.tests.tay_ninh import REAL_PLAN, make_tay_ninh_2019


@pytest.fixture
def tay_ninh(db):
    return make_tay_ninh_2019()


def run(*args: str) -> str:
    out = StringIO()
    call_command("load_plan", *args, stdout=out)
    return out.getvalue()


def test_it_loads_the_plan_and_prints_the_counts(tay_ninh):
    output = run(str(REAL_PLAN))
    assert "Kế hoạch tay-ninh-2019 từ data/plans/tay-ninh-2019.yaml:" in output
    assert "Nhiệm vụ: thêm mới 118, cập nhật 0, giữ nguyên 0, xóa 0." in output
    assert "Chỉ tiêu: thêm mới 9," in output
    assert Task.objects.count() == 118


def test_a_second_run_reports_everything_unchanged(tay_ninh):
    run(str(REAL_PLAN))
    output = run(str(REAL_PLAN))
    assert "Nhiệm vụ: thêm mới 0, cập nhật 0, giữ nguyên 118, xóa 0." in output
    assert "Mục tiêu: thêm mới 0, cập nhật 0, giữ nguyên 6, xóa 0." in output


def test_a_dry_run_says_so_and_saves_nothing(tay_ninh):
    output = run(str(REAL_PLAN), "--dry-run")
    assert "Nhiệm vụ: thêm mới 118" in output
    assert "--dry-run" in output
    assert Plan.objects.count() == 0


def test_a_malformed_file_fails_with_every_problem(tay_ninh, tmp_path):
    path = tmp_path / "loi.yaml"
    text = REAL_PLAN.read_text(encoding="utf-8")
    path.write_text(text.replace("issued_on: 2019-05-07", "issued_on: 2019-13-01").replace("lead: CA\n", "lead: CAX\n"))
    with pytest.raises(CommandError) as caught:
        run(str(path))
    message = str(caught.value)
    assert f"Tệp kế hoạch {path} không hợp lệ (4 lỗi)" in message
    assert f'{path}: header, trường "issued_on"' in message
    assert '"CAX"' in message
    assert Plan.objects.count() == 0


def test_a_conflict_with_an_edit_in_the_app_asks_to_run_again(tay_ninh, monkeypatch):
    run(str(REAL_PLAN))
    task = Task.objects.get(code="IV.2.1")

    def conflicting_load(*args: object, **kwargs: object) -> None:
        raise ConflictError(task)

    monkeypatch.setattr(load_plan, "load_plan_file", conflicting_load)
    with pytest.raises(CommandError, match="Hãy chạy lại lệnh"):
        run(str(REAL_PLAN))
