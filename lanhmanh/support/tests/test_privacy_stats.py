"""Statistics and the monitored indicators: consenting records only, small counts suppressed for
readers without case access, complementary cells hidden so that totals do not give them away."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from lanhmanh.indicators import registry
from lanhmanh.indicators.periods import calendar_year
from lanhmanh.support import stats
from lanhmanh.support.models import CaseKind, ServiceKind
from lanhmanh.support.stats import Cell, suppress
from tests.matrix.support_privacy import province_worker, supported_person

YEAR = calendar_year(2019)


def people(world, worker, n, **options):
    return [supported_person(world, worker, **options) for _ in range(n)]


def table(world, rows_by="commune", columns_by="kind", unit=None):
    return stats.people_supported(period=YEAR, unit=unit or world.province, rows_by=rows_by, columns_by=columns_by)


# Who counts --------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["refused", "withdrawn", None])
def test_people_without_statistics_consent_in_force_are_never_counted(world, personas, answer):
    worker = personas["case_worker"]
    people(world, worker, 2)
    people(world, worker, 3, statistics=answer)
    assert table(world).total.value == 2
    assert registry.get("support_people_supported").compute(YEAR, world.province).detail["display"] == "<5"


def test_a_later_consent_replaces_an_earlier_refusal(world, personas):
    from lanhmanh.support import services
    from lanhmanh.support.models import ConsentMethod, ConsentPurpose

    worker = personas["case_worker"]
    case = supported_person(world, worker, statistics="refused")
    assert table(world).total.value == 0
    services.consent_record(
        case=case,
        actor=worker,
        purpose=ConsentPurpose.STATISTICS,
        granted=True,
        given_on=date(2019, 4, 1),
        method=ConsentMethod.VERBAL,
    )
    assert table(world).total.value == 1


def test_counts_are_distinct_people_by_commune_kind_and_service(world, personas):
    worker, other = personas["case_worker"], province_worker(world)
    two_services = ((ServiceKind.COUNSELLING, date(2019, 5, 1)), (ServiceKind.HEALTH, date(2019, 6, 1)))
    people(world, worker, 3, services_received=two_services)
    people(world, other, 2, commune=world.far_commune, kind=CaseKind.TRAFFICKING_VICTIM)
    people(world, worker, 1, services_received=((ServiceKind.HEALTH, date(2018, 6, 1)),))  # another year
    by_kind = table(world)
    names = [name for _pk, name in by_kind.row_labels]
    an, cu = names.index("Xã An"), names.index("Xã Cư")
    kinds = [key for key, _label in by_kind.column_labels]
    assert by_kind.cells[an][kinds.index(CaseKind.SELLS_SEX)].value == 3
    assert by_kind.cells[cu][kinds.index(CaseKind.TRAFFICKING_VICTIM)].value == 2
    assert by_kind.total.value == 5
    by_service = table(world, rows_by="district", columns_by="service")
    services = [key for key, _label in by_service.column_labels]
    assert by_service.cells[0][services.index(ServiceKind.COUNSELLING)].value == 3
    assert by_service.cells[0][services.index(ServiceKind.HEALTH)].value == 3
    assert by_service.row_totals[0].value == 3  # each person once in the row total
    assert by_service.total.value == 5


def test_the_table_takes_a_constant_number_of_queries(world, personas):
    worker = personas["case_worker"]
    people(world, worker, 1)
    with CaptureQueriesContext(connection) as few:
        table(world)
    people(world, worker, 6)
    people(world, province_worker(world), 3, commune=world.far_commune)
    with CaptureQueriesContext(connection) as lots:
        table(world)
    assert len(lots) == len(few) == 4


# Suppression ---------------------------------------------------------------------------------------


def grid(values):
    cells = [[Cell(v) for v in row] for row in values]
    row_totals = [Cell(sum(row)) for row in values]
    column_totals = [Cell(sum(col)) for col in zip(*values, strict=True)]
    total = Cell(sum(sum(row) for row in values))
    suppress(cells, row_totals, column_totals, total)
    return cells, row_totals, column_totals, total


def test_small_counts_are_hidden(world):
    cells, *_ = grid([[3, 10], [7, 0]])
    assert cells[0][0].suppressed == "small"
    assert cells[1][1].suppressed == ""  # zero: nobody to protect


def test_a_lone_small_cell_gets_a_complementary_cell_in_its_row_and_column(world):
    cells, row_totals, column_totals, total = grid([[3, 10, 20], [7, 8, 9]])
    assert cells[0][0].suppressed == "small"
    # Row 0 and column 0 each held a single hidden cell: their smallest other cells are hidden too.
    assert cells[0][1].suppressed == "complementary"
    assert cells[1][0].suppressed == "complementary"
    # Now no line has exactly one hidden cell: nothing can be recomputed by subtraction.
    lines = [[*row, row_totals[i]] for i, row in enumerate(cells)]
    lines += [[row[j] for row in cells] + [column_totals[j]] for j in range(3)]
    assert all(sum(1 for c in line if c.suppressed) != 1 for line in lines)
    assert not total.suppressed


def test_a_reader_without_case_access_sees_suppressed_figures_and_a_case_worker_exact_ones(world, personas):
    worker = personas["case_worker"]
    people(world, worker, 3)
    people(world, province_worker(world), 8, commune=world.far_commune)
    seen_by_viewer = stats.for_reader(table(world), personas["viewer"])
    assert seen_by_viewer.suppressed
    displays = [cell.display for _name, cells, _total in seen_by_viewer.lines() for cell in cells]
    assert "3" not in displays
    assert "<5" in displays
    seen_by_worker = stats.for_reader(table(world, unit=world.commune), worker)
    assert not seen_by_worker.suppressed
    assert seen_by_worker.total.display == "3"


def test_the_page_the_export_and_the_api_show_no_small_count_to_a_viewer(world, personas, client):
    people(world, personas["case_worker"], 2)
    client.force_login(personas["viewer"])
    page = client.get("/support/statistics/?period=2019")
    assert page.status_code == 200
    assert page["Cache-Control"].count("no-store") == 1
    assert page.context["table"].total.display == "<5"
    export = client.get("/support/statistics/export/?period=2019")
    sheet = load_workbook(filename=__import__("io").BytesIO(export.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert "<5" in values
    assert "2" not in values and 2 not in values
    body = client.get("/api/v1/support/statistics/?period=2019").json()
    assert body["suppressed"] is True
    assert body["total"] == {"value": None, "display": "<5", "suppressed": "small"}


@pytest.mark.parametrize("query", ["", "?rows=district"])
def test_without_a_period_the_page_shows_and_selects_the_current_year(world, personas, client, query):
    year = timezone.localdate().year
    client.force_login(personas["case_worker"])
    page = client.get(f"/support/statistics/{query}")
    assert page.context["table"].period == calendar_year(year)
    html = page.content.decode()
    assert f'<option value="{year}" selected>' in html
    assert "Mọi thời gian" not in html


def test_a_case_worker_gets_exact_figures_from_the_api(world, personas, client):
    people(world, personas["case_worker"], 2)
    client.force_login(personas["case_worker"])
    body = client.get("/api/v1/support/statistics/?period=2019").json()
    assert body["suppressed"] is False
    assert body["total"]["value"] == 2


# Indicators ----------------------------------------------------------------------------------------


def test_the_indicators_are_monitored():
    for code in (
        "support_people_supported",
        "support_referrals_made",
        "support_referrals_completed",
        "support_people_reintegrated",
    ):
        assert registry.get(code).monitor


def test_people_supported_is_suppressed_below_five_and_exact_from_five(world, personas):
    worker = personas["case_worker"]
    indicator = registry.get("support_people_supported")
    people(world, worker, 4)
    small = indicator.compute(YEAR, world.province)
    assert small.value is None
    assert small.detail["display"] == "<5"
    assert small.detail["by_kind"][CaseKind.SELLS_SEX] == "<5"
    people(world, worker, 1)
    people(world, worker, 3, statistics="withdrawn")
    five = indicator.compute(YEAR, world.province)
    assert five.value == Decimal(5)
    assert five.detail["by_kind"] == {"sells_sex": "5", "trafficking_victim": "0", "at_risk": "0"}


def test_people_reintegrated_counts_consenting_status_changes_in_the_period(world, personas):
    from lanhmanh.support import services

    worker = personas["case_worker"]
    for case in people(world, worker, 5) + people(world, worker, 2, statistics=None):
        services.case_change_status(case=case, actor=worker, status="reintegrated", reason="Có việc làm ổn định")
    from django.utils import timezone

    this_year = calendar_year(timezone.localdate().year)
    assert registry.get("support_people_reintegrated").compute(this_year, world.province).value == Decimal(5)
    assert registry.get("support_people_reintegrated").compute(YEAR, world.province).value == Decimal(0)
