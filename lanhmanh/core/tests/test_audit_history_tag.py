from datetime import date

from django.template import Context, Template

from lanhmanh.accounts.models import Role
from lanhmanh.core import audit
from lanhmanh.plans import services
from lanhmanh.plans.models import TaskStatus


def render_history(obj, limit: int | None = None) -> str:
    tag = "{% object_history obj %}" if limit is None else f"{{% object_history obj limit={limit} %}}"
    return Template("{% load audit %}" + tag).render(Context({"obj": obj}))


def test_it_renders_an_objects_entries_with_labels_and_changes(personas, world):
    coordinator = personas[Role.COORDINATOR]
    coordinator.first_name = "Lê Thị Điều"
    coordinator.save()
    audit.record(
        "plans.task.assigned", actor=coordinator, target=world.province_task, changes={"deadline": [None, "2019-06-30"]}
    )
    html = render_history(world.province_task)
    assert "Giao nhiệm vụ" in html
    assert "Lê Thị Điều" in html
    assert "thời hạn" in html.lower()
    assert "— → 2019-06-30" in html


def test_it_leaves_out_other_objects_entries(personas, world):
    audit.record("plans.task.assigned", actor=personas[Role.COORDINATOR], target=world.police_task)
    html = render_history(world.province_task)
    assert "Giao nhiệm vụ" not in html
    assert "Chưa có thay đổi nào" in html


def test_it_names_the_system_when_no_one_acted(world):
    audit.record("places.units.loaded", actor=None, target=world.province, changes={"source": "test"})
    html = render_history(world.province)
    assert "Hệ thống" in html
    assert "Nạp danh mục đơn vị hành chính" in html


def test_it_shows_recorded_facts_beside_changes(personas):
    audit.record(
        "accounts.user.deactivated",
        actor=personas[Role.ADMIN],
        target=personas[Role.VIEWER],
        changes={"is_active": [True, False], "reason": "Nghỉ hưu"},
    )
    html = render_history(personas[Role.VIEWER])
    assert "có → không" in html
    assert "Nghỉ hưu" in html


def test_it_shows_the_latest_entries_up_to_the_limit(personas, world):
    for number in range(4):
        audit.record(
            "plans.task.progress_posted", actor=None, target=world.province_task, changes={"update_id": number}
        )
    html = render_history(world.province_task, limit=3)
    assert html.count("Cập nhật tiến độ nhiệm vụ") == 3
    assert "Chỉ hiện 3 thay đổi gần nhất" in html


def test_a_status_change_in_the_history_shows_the_status_labels_not_codes(world, personas):
    services.task_post_update(
        task=world.police_task,
        author=personas["agency_officer"],
        date=date(2019, 6, 1),
        text="x",
        new_status=TaskStatus.IN_PROGRESS,
    )
    html = render_history(world.police_task)
    assert "Chưa thực hiện" in html and "Đang thực hiện" in html
    assert "in_progress" not in html
    assert "ngày" in html.lower()
