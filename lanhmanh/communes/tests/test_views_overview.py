"""The overview: communes in scope by class, year over year, with the communes that changed class."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lanhmanh.accounts.models import Role
from lanhmanh.communes import services
from lanhmanh.communes.tests.helpers import FULL, approved, draft_for
from lanhmanh.core.testing import make_unit, make_user
from lanhmanh.places.models import Level


def recognise(personas, assessments, year):
    services.recognition_record(
        actor=personas["coordinator"],
        number=f"{year}/QĐ",
        signed_on=date(year, 12, 10),
        issuer="UBND tỉnh",
        assessments=assessments,
    )


@pytest.fixture
def history(world, personas, scheme):
    """2018: Xã An Loại 2 (knocked out), Xã Bình and Xã Cư Loại 1, all recognised.
    2019: Xã An and Xã Bình Loại 1 recognised; Xã Cư still a draft."""
    officer, sibling, reviewer = personas["commune_officer"], personas["sibling_commune"], personas["district_officer"]
    far_officer = make_user("far", Role.COMMUNE_OFFICER, world.district_committees, world.far_commune)
    # The far commune's district has no officer among the personas; services leave "who" to the doors.
    far_reviewer = personas["coordinator"]
    recognise(
        personas,
        [
            approved(world.commune, officer, reviewer, 2018, {**FULL, "III.1": 0}),
            approved(world.sibling_commune, sibling, reviewer, 2018),
            approved(world.far_commune, far_officer, far_reviewer, 2018),
        ],
        2018,
    )
    recognise(
        personas,
        [approved(world.commune, officer, reviewer, 2019), approved(world.sibling_commune, sibling, reviewer, 2019)],
        2019,
    )
    draft_for(world.far_commune, far_officer, 2019)


def test_the_province_sees_every_commune_by_class_and_year(client, history, personas):
    client.force_login(personas["viewer"])
    overview = client.get("/communes/").context["overview"]
    assert overview.years == [2018, 2019]
    assert [k.code for k in overview.classes] == ["loai-1", "loai-2"]
    rows = {row.label: row.counts for row in overview.class_rows}
    assert rows["Loại 1 — lành mạnh (ví dụ)"] == [2, 2]
    assert rows["Loại 2 — cơ bản lành mạnh (ví dụ)"] == [1, 0]
    assert rows["Chưa có kết quả"] == [0, 1]
    assert [(bar.year, bar.healthy, bar.total) for bar in overview.bars] == [(2018, 2, 3), (2019, 2, 3)]


def test_the_communes_that_changed_class_are_listed_and_marked(client, history, personas):
    client.force_login(personas["coordinator"])
    response = client.get("/communes/")
    changed = response.context["overview"].changed
    assert [line.commune.name for line in changed] == ["Xã An"]
    [change] = changed[0].changes
    assert (change.year, change.before.code, change.after.code, change.up) == (2019, "loai-2", "loai-1", True)
    html = response.content.decode()
    assert 'class="changed"' in html and "▲" in html
    assert 'style="width: 66.7%"' in html  # two of three communes healthy


def test_a_commune_officer_sees_their_commune_only(client, history, personas):
    client.force_login(personas["commune_officer"])
    overview = client.get("/communes/").context["overview"]
    assert [line.commune.name for line in overview.lines] == ["Xã An"]


def test_an_approved_assessment_waits_for_the_decision_on_the_chart(client, world, personas, scheme):
    approved(world.commune, personas["commune_officer"], personas["district_officer"], 2019)
    client.force_login(personas["coordinator"])
    overview = client.get("/communes/").context["overview"]
    assert {row.label: row.counts for row in overview.class_rows}["Chờ quyết định công nhận"] == [1]
    assert overview.lines[0].cells[0].pending.code == "loai-1"


def test_the_years_can_end_earlier(client, history, personas):
    client.force_login(personas["viewer"])
    assert client.get("/communes/?year=2018").context["overview"].years == [2018]


def test_the_overview_reads_a_fixed_number_of_queries(client, history, world, personas):
    client.force_login(personas["viewer"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/communes/").status_code == 200
        return len(queries)

    few = count()
    for index in range(5):
        commune = make_unit(f"Xã Mới {index}", f"9929{index}", Level.COMMUNE, world.other_district)
        officer = make_user(f"moi{index}", Role.COMMUNE_OFFICER, world.district_committees, commune)
        draft_for(commune, officer, 2019)
    assert count() == few


def test_with_nothing_assessed_the_page_says_so(client, scheme, personas):
    client.force_login(personas["viewer"])
    assert "Chưa có bản đánh giá nào trong phạm vi của bạn." in client.get("/communes/").content.decode()


def test_the_pages_speak_english_when_asked(client, history, personas):
    client.force_login(personas["viewer"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/communes/"})
    html = client.get("/communes/").content.decode()
    assert "Healthy communes: classes overview" in html and "Communes by class, year by year" in html
    assert "Tổng quan xếp loại" not in html
