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
