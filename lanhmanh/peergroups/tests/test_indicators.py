"""peer_group_people_reached against sums worked out by hand on the test world."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lanhmanh.indicators import registry
from lanhmanh.indicators.periods import calendar_quarter, calendar_year
from lanhmanh.peergroups.models import GroupKind

from .records import activity, group

CODE = "peer_group_people_reached"


def compute(period, unit):
    return registry.get(CODE).compute(period, unit)


def test_it_is_a_monitored_indicator():
    assert registry.get(CODE).monitor


def test_no_group_in_the_subtree_gives_no_answer(world):
    assert compute(calendar_year(2019), world.province) is None


def test_people_reached_by_commune_district_and_province(world, personas):
    coordinator = personas["coordinator"]
    an = group(world.commune, coordinator)
    team = group(world.commune, coordinator, name="Đội An", kind=GroupKind.VOLUNTEER_TEAM)
    cu = group(world.far_commune, coordinator, name="Nhóm Cư")
    activity(an, coordinator, day=date(2019, 2, 1), reached=10, condoms_distributed=50)
    activity(team, coordinator, day=date(2019, 8, 1), reached=4, leaflets_distributed=20)
    activity(cu, coordinator, day=date(2019, 3, 1), reached=7)
    activity(an, coordinator, day=date(2018, 12, 31), reached=100)  # another year
    year = calendar_year(2019)
    commune = compute(year, world.commune)
    assert commune.value == Decimal(14)
    assert commune.detail["by_kind"] == {"peer_group": 10, "volunteer_team": 4}
    assert commune.detail["condoms_distributed"] == 50
    assert commune.detail["leaflets_distributed"] == 20
    assert commune.detail["groups"] == 2
    assert compute(year, world.district).value == Decimal(14)
    assert compute(year, world.province).value == Decimal(21)
    assert compute(calendar_quarter(2019, 1), world.province).value == Decimal(17)
    # The sibling commune has no group: no answer rather than zero.
    assert compute(year, world.sibling_commune) is None


def test_a_period_without_activities_answers_zero(world, personas):
    group(world.commune, personas["coordinator"])
    assert compute(calendar_year(2017), world.commune).value == Decimal(0)


def test_its_queries_do_not_grow_with_groups(world, personas):
    coordinator = personas["coordinator"]
    with CaptureQueriesContext(connection) as few:
        compute(calendar_year(2019), world.province)
    for i in range(5):
        activity(group(world.commune, coordinator, name=f"Nhóm {i}"), coordinator)
    with CaptureQueriesContext(connection) as lots:
        compute(calendar_year(2019), world.province)
    assert len(lots) == 2
    assert len(few) == 1
