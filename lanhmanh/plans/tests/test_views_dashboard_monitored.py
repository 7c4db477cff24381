"""The dashboard's "other monitored indicators": indicators registered with monitor=True that no
measure of the plan shows (inspection coverage, fines, people supported...)."""

from decimal import Decimal

import pytest

from lanhmanh.indicators import registry
from lanhmanh.indicators.registry import IndicatorResult, indicator
from lanhmanh.plans.models import Measure


@pytest.fixture
def scratch(monkeypatch):
    copy = registry.default_registry.copy()
    monkeypatch.setattr(registry, "default_registry", copy)
    # Only the indicators this test registers are monitored: the apps' own ones would answer too.
    for entry in copy.all():
        if entry.monitor:
            copy._indicators.pop(entry.code)
    return copy


def section(html: str) -> str:
    start = html.find('<table class="monitored">')
    return html[start : html.find("</table>", start)] if start >= 0 else ""


def test_a_monitored_indicator_shows_its_value_and_the_counts_behind_a_share(client, world, personas, scratch):
    seen = []

    @indicator("test_coverage", "Tỷ lệ cơ sở được kiểm tra", "%", "Cơ sở được kiểm tra ít nhất một lần.", monitor=True)
    def coverage(period, unit):
        seen.append((period.start, period.end, unit))
        return IndicatorResult(value=Decimal("62.5"), numerator=Decimal(1250), denominator=Decimal(2000))

    client.force_login(personas["district_officer"])
    html = client.get("/?period=2019").content.decode()
    table = section(html)
    assert "Các chỉ số theo dõi khác" in html
    assert "Tỷ lệ cơ sở được kiểm tra" in table and "62,5" in table and "1.250/2.000" in table
    # Computed for the period and the unit the dashboard shows: the district officer's district.
    assert [(s.isoformat(), e.isoformat(), u) for s, e, u in seen] == [("2019-01-01", "2019-12-31", world.district)]


def test_a_suppressed_value_is_shown_as_its_display_text_without_the_counts(client, world, personas, scratch):
    @indicator("test_people", "Số người được hỗ trợ", "người", "Người được hỗ trợ trong kỳ.", monitor=True)
    def people(period, unit):
        return IndicatorResult(value=Decimal(3), numerator=Decimal(3), denominator=Decimal(10), display="<5")

    client.force_login(personas["viewer"])
    table = section(client.get("/?period=2019").content.decode())
    assert "&lt;5" in table
    assert "3/10" not in table and "<strong>3</strong>" not in table


def test_an_indicator_without_data_says_so(client, world, personas, scratch):
    @indicator("test_fines", "Số tiền phạt đã thu", "đồng", "Tiền phạt đã nộp trong kỳ.", monitor=True)
    def fines(period, unit):
        return None

    client.force_login(personas["viewer"])
    table = section(client.get("/?period=2019").content.decode())
    assert "Số tiền phạt đã thu" in table and "Chưa có số liệu" in table


def test_an_indicator_that_a_measure_already_shows_is_not_listed_twice(client, world, personas, scratch):
    @indicator("test_signs", "Cơ sở có biểu hiện mại dâm", "cơ sở", "Theo dõi.", monitor=True)
    def signs(period, unit):
        return IndicatorResult(value=Decimal(4))

    @indicator("test_other", "Chỉ số khác", "lần", "Theo dõi.", monitor=True)
    def other(period, unit):
        return IndicatorResult(value=Decimal(7))

    Measure.objects.create(target=world.target, code="T2b", label="Cơ sở có biểu hiện", indicator_code="test_signs")
    client.force_login(personas["coordinator"])
    table = section(client.get("/?period=2019").content.decode())
    assert "Chỉ số khác" in table
    assert "Cơ sở có biểu hiện mại dâm" not in table


def test_without_monitored_indicators_the_section_is_absent(client, world, personas, scratch):
    client.force_login(personas["viewer"])
    assert "Các chỉ số theo dõi khác" not in client.get("/?period=2019").content.decode()
