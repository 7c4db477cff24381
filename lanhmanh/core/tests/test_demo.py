"""`manage.py demo`: one user per role, progress on the 2019 plan, idempotent and deterministic."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from lanhmanh.accounts.models import Role, User
from lanhmanh.core.demo import DEMO_USERS, demo_names
from lanhmanh.plans.loader import load_plan_file
from lanhmanh.plans.models import ManualValue, Task, TaskStatus, TaskUpdate
from lanhmanh.plans.tests.tay_ninh import REAL_PLAN, make_tay_ninh_2019

EXPECTED = {
    "demo-admin": (Role.ADMIN, "LDTBXH", "72"),
    "demo-coordinator": (Role.COORDINATOR, "LDTBXH", "72"),
    "demo-agency": (Role.AGENCY_OFFICER, "CA", "72"),
    "demo-district": (Role.DISTRICT_OFFICER, "UBND-705", "705"),
    "demo-commune": (Role.COMMUNE_OFFICER, "UBND-705", "25486"),
    "demo-inspector": (Role.INSPECTOR, "CA", "25486"),
    "demo-caseworker": (Role.CASE_WORKER, "LDTBXH", "25486"),
    "demo-peer": (Role.PEER_EDUCATOR, "LDTBXH", "25486"),
    "demo-viewer": (Role.VIEWER, "UBND-TINH", "72"),
}


@pytest.fixture
def tay_ninh(db):
    return make_tay_ninh_2019()


@pytest.fixture
def plan_loaded(tay_ninh):
    load_plan_file(REAL_PLAN)


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def progress_rows() -> list[tuple[str, date, str, str]]:
    return list(
        TaskUpdate.objects.order_by("task__code", "date").values_list("task__code", "date", "text", "status_after")
    )


def test_it_refuses_to_run_without_debug_or_force(plan_loaded, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        demo()
    assert not User.objects.exists()


def test_force_runs_it_without_debug(plan_loaded, settings):
    settings.DEBUG = False
    demo("--force")
    assert User.objects.filter(username__startswith="demo-").count() == len(DEMO_USERS)


def test_it_creates_one_user_per_role_with_its_agency_and_scope(plan_loaded, debug):
    demo()
    users = {u.username: u for u in User.objects.select_related("agency", "scope")}
    assert set(users) == set(EXPECTED)
    assert {u.role for u in users.values()} == set(Role.values)
    for username, (role, agency, scope) in EXPECTED.items():
        user = users[username]
        assert (user.role, user.agency.code, user.scope.code) == (role, agency, scope), username
    assert users["demo-district"].scope.name == "Huyện Tân Biên"
    assert users["demo-commune"].scope.name == "Thị trấn Tân Biên"


def test_users_get_vietnamese_names_that_depend_only_on_the_seed(plan_loaded, debug):
    demo()
    names = demo_names(2019)
    assert names == demo_names(2019)
    assert names != demo_names(7)
    for spec, (full_name, given) in zip(DEMO_USERS, names, strict=True):
        user = User.objects.get(username=spec.username)
        assert user.first_name == full_name
        assert full_name.endswith(given) and len(full_name.split()) >= 3


def test_the_password_comes_from_the_environment_and_the_output_says_so(plan_loaded, debug, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "Thu-nghiem-2019-demo")
    output = demo()
    assert User.objects.get(username="demo-viewer").check_password("Thu-nghiem-2019-demo")
    assert "biến môi trường DEMO_PASSWORD" in output
    assert "Thu-nghiem-2019-demo" not in output
    for username in EXPECTED:
        assert username in output
    assert "Huyện Tân Biên" in output


def test_without_the_variable_the_default_password_is_used(plan_loaded, debug, monkeypatch, settings):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    output = demo()
    assert User.objects.get(username="demo-admin").check_password(settings.DEMO_PASSWORD_DEFAULT)
    assert "settings.DEMO_PASSWORD_DEFAULT" in output


def test_a_rerun_keeps_passwords_unless_forced(plan_loaded, debug, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "Mat-khau-dau-tien-1")
    demo()
    monkeypatch.setenv("DEMO_PASSWORD", "Mat-khau-thu-hai-22")
    demo()
    assert User.objects.get(username="demo-agency").check_password("Mat-khau-dau-tien-1")
    demo("--force")
    assert User.objects.get(username="demo-agency").check_password("Mat-khau-thu-hai-22")


def test_a_weak_password_is_refused(plan_loaded, debug, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "123")
    with pytest.raises(CommandError, match="Mật khẩu demo"):
        demo()
    assert not User.objects.exists()


def test_running_twice_duplicates_nothing(plan_loaded, debug):
    demo()
    before = (User.objects.count(), progress_rows(), ManualValue.objects.count())
    output = demo()
    assert (User.objects.count(), progress_rows(), ManualValue.objects.count()) == before
    assert "bỏ qua" in output


def test_progress_is_dated_in_2019_with_every_kind_of_status(plan_loaded, debug):
    demo()
    updates = TaskUpdate.objects.all()
    assert updates.count() > 50
    assert all(date(2019, 1, 1) <= u.date <= date(2019, 12, 31) for u in updates)
    counts = TaskUpdate.objects.values("task").distinct().count()
    assert counts < Task.objects.count()  # a subset of the tasks
    per_task = [Task.objects.get(pk=row["task"]).updates.count() for row in updates.values("task").distinct()]
    assert min(per_task) >= 1 and max(per_task) <= 4
    statuses = set(Task.objects.values_list("status", flat=True))
    assert {TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED, TaskStatus.NOT_STARTED} <= statuses
    assert Task.objects.filter(unit__code="705", updates__isnull=False).exists()


def test_some_deadlines_passed_so_the_overdue_list_is_not_empty(plan_loaded, debug):
    demo()
    overdue = Task.objects.overdue(date(2020, 1, 1))
    assert overdue.count() >= 3
    assert overdue.filter(unit__code="705").exists()


def test_the_manual_measure_gets_quarterly_values(plan_loaded, debug):
    demo()
    values = ManualValue.objects.filter(measure__code="T2a").order_by("period_end")
    assert [v.period_end for v in values] == [
        date(2019, 3, 14),
        date(2019, 6, 14),
        date(2019, 9, 14),
        date(2019, 12, 14),
    ]
    assert all(0 < v.value <= 100 and "Công an tỉnh" in v.source_note for v in values)


def test_the_same_seed_gives_the_same_progress(plan_loaded, debug):
    demo("--seed", "5")
    first = progress_rows()
    TaskUpdate.objects.all().delete()
    ManualValue.objects.all().delete()
    Task.objects.update(status=TaskStatus.NOT_STARTED, deadline=F("planned_deadline"))
    demo("--seed", "5")
    assert progress_rows() == first


def test_without_units_it_says_what_to_load_first(db, debug):
    with pytest.raises(CommandError, match="load_units"):
        demo()


def test_without_the_plan_it_creates_the_users_and_skips_progress(tay_ninh, debug):
    output = demo()
    assert User.objects.count() == len(DEMO_USERS)
    assert "load_plan" in output
    assert not TaskUpdate.objects.exists()
