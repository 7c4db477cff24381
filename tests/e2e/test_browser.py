"""A person at a browser: log in, read the dashboard, open a task from "my tasks", post a
progress update with an evidence file, and find it in the task's history."""

from pathlib import Path

import pytest

from lanhmanh.core.testing import PASSWORD, make_personas, make_world
from lanhmanh.plans.models import TaskStatus, TaskUpdate
from lanhmanh.plans.tests.files import PDF_BYTES

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_an_agency_officer_logs_in_reads_the_dashboard_and_reports_progress(live_server, browser_page, tmp_path):
    world = make_world()
    make_personas(world)
    page = browser_page
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url
    page.fill("input[name=username]", "police")
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    assert "/login/" in page.url  # refused, still on the log-in page
    page.fill("input[name=username]", "police")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")

    page.wait_for_selector("text=1/KH-UBND")
    body = page.inner_text("body")
    assert "Mục tiêu cụ thể" in body
    assert "Số xã lành mạnh" in body  # the T4b measure of the test plan
    page.screenshot(path=str(ARTIFACTS / "e2e-dashboard.png"), full_page=True)

    page.click("nav >> text=Nhiệm vụ của tôi")
    page.click(f"a[href='/tasks/{world.police_task.pk}/']")
    page.wait_for_selector("#update-form")

    evidence = tmp_path / "bien-ban-kiem-tra.pdf"
    evidence.write_bytes(PDF_BYTES)
    page.fill("input[name=date]", "2019-06-01")
    page.fill("textarea[name=text]", "Đã phối hợp kiểm tra 3 cơ sở karaoke tại Tân Biên")
    page.fill("input[name=quantity]", "3")
    page.set_input_files("input[name=evidence]", str(evidence))
    page.select_option("select[name=new_status]", TaskStatus.IN_PROGRESS.value)
    page.click("#update-form button[type=submit]")

    page.wait_for_selector("text=Đã phối hợp kiểm tra 3 cơ sở karaoke tại Tân Biên")
    assert "bien-ban-kiem-tra.pdf" in page.inner_text("body")
    page.screenshot(path=str(ARTIFACTS / "e2e-task.png"), full_page=True)

    update = TaskUpdate.objects.get(task=world.police_task)
    assert update.author.username == "police"
    assert update.status_after == TaskStatus.IN_PROGRESS
    assert update.evidence_name == "bien-ban-kiem-tra.pdf"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_an_inspector_records_an_inspection_on_a_phone(live_server, browser_page):
    from lanhmanh.inspections.models import Inspection
    from lanhmanh.inspections.tests.records import place, team

    world = make_world()
    personas = make_personas(world)
    karaoke = place(world.commune, personas["commune_officer"])
    crew = team(world, personas["coordinator"], unit=world.commune, members=4)
    page = browser_page
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "inspector")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=Mục tiêu cụ thể")

    page.goto(f"{live_server.url}/inspections/inspections/new/?establishment={karaoke.pk}&team={crew.pk}")
    page.wait_for_selector("text=Karaoke Hoa Mai")
    # One column on a phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.fill("input[name=date]", "2023-05-10")
    page.select_option("select[name=kind]", "complaint")
    boxes = page.locator("input[name=members_present]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    for radio in page.locator(".check-item .radios label:first-child input").all():
        radio.check()
    page.fill("textarea[name=findings]", "Phòng hát đủ diện tích, không có chốt trong")
    page.click("form.field-form button[type=submit]")

    page.wait_for_selector("text=Cần ít nhất 3 thành viên")
    assert not Inspection.objects.exists()
    page.locator("input[name=members_present]").nth(2).check()
    page.click("form.field-form button[type=submit]")

    page.wait_for_url(lambda url: "/new/" not in url)
    page.screenshot(path=str(ARTIFACTS / "e2e-inspection-phone.png"), full_page=True)
    assert "Phòng hát đủ diện tích, không có chốt trong" in page.inner_text("body")
    inspection = Inspection.objects.get()
    assert inspection.establishment == karaoke
    assert inspection.members_present.count() == 3


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_case_worker_registers_a_person_whom_a_district_officer_sees_only_by_code(live_server, browser_page):
    from lanhmanh.support.models import Case

    world = make_world()
    make_personas(world)
    page = browser_page
    ARTIFACTS.mkdir(exist_ok=True)

    def log_in(username):
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("text=Mục tiêu cụ thể")

    log_in("caseworker")
    page.goto(f"{live_server.url}/support/new/")
    page.fill("input[name=opened_on]", "2019-06-01")
    page.fill("input[name=full_name]", "Trần Thị Sentinel")
    page.fill("input[name=id_number]", "079300000123")
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("text=Trần Thị Sentinel")
    case = Case.objects.get()
    assert case.case_code in page.inner_text("body")
    assert "Trần Thị Sentinel" not in page.url and "079300000123" not in page.url
    assert page.evaluate("() => fetch(location.href).then(r => r.headers.get('cache-control'))").count("no-store")
    page.screenshot(path=str(ARTIFACTS / "e2e-support-case.png"), full_page=True)

    log_in("district")
    page.goto(f"{live_server.url}/support/{case.pk}/")
    body = page.inner_text("body")
    assert case.case_code in body
    assert "Trần Thị Sentinel" not in body and "079300000123" not in body
