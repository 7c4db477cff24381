"""The outreach demo: a plausible 2019 story for Tây Ninh, written once, the same for the same seed."""

from datetime import date
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from lanhmanh.core.demo import run_demo
from lanhmanh.indicators import registry
from lanhmanh.indicators.periods import calendar_quarter, calendar_year
from lanhmanh.outreach.demo import populate
from lanhmanh.outreach.models import IntegratedPlan, MediaItem, Official, OutreachEvent, Participant
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans.loader import load_plan_file
from lanhmanh.plans.tests.tay_ninh import REAL_PLAN

DATA = settings.BASE_DIR / "data"


@pytest.fixture
def tay_ninh(db):
    call_command("load_units", str(DATA / "units" / "tay-ninh-2019.json"), stdout=StringIO())
    call_command("load_agencies", str(DATA / "agencies" / "tay-ninh.yaml"), stdout=StringIO())
    load_plan_file(REAL_PLAN)
    run_demo(password="Mat-khau-demo-2019", reset_passwords=False, seed=2019)
    return AdministrativeUnit.objects.get(code="72", level="province", source="tay-ninh-2019")


def rows() -> list[tuple]:
    return list(OutreachEvent.objects.order_by("pk").values_list("date", "title", "primary_unit__code", "form"))


def value(code, period, unit):
    return registry.get(code).compute(period, unit).value


def test_the_demo_tells_a_plausible_2019_story(tay_ninh):
    summary = populate(seed=2019)
    assert summary.startswith("Tuyên truyền, tập huấn mẫu:")
    year = calendar_year(2019)
    assert 80 <= value("outreach_commune_share", year, tay_ninh) < 100
    assert value("outreach_commune_share", calendar_quarter(2019, 1), tay_ninh) < 50
    ben_cau = AdministrativeUnit.objects.get(code="711", source="tay-ninh-2019")
    assert value("outreach_commune_share", year, ben_cau) < value("outreach_commune_share", year, tay_ninh)
    assert value("media_months_share", year, tay_ninh) == 87.5  # August and February, October missing
    assert 60 <= value("trained_official_share", year, tay_ninh) < 90
    assert 60 <= value("integrated_plan_share", year, tay_ninh) < 90
    assert not IntegratedPlan.objects.filter(unit=ben_cau).exists()
    assert all(
        date(2019, 1, 1) <= d <= date(2019, 12, 31) for d in OutreachEvent.objects.values_list("date", flat=True)
    )
    assert OutreachEvent.objects.filter(created_by__username="demo-commune").exists()
    assert Participant.objects.filter(completed=True).exists()
    assert MediaItem.objects.filter(outlet="other").count() == 1

    # Running again adds nothing.
    counts = (OutreachEvent.objects.count(), MediaItem.objects.count(), Official.objects.count())
    assert "bỏ qua" in populate(seed=2019)
    assert (OutreachEvent.objects.count(), MediaItem.objects.count(), Official.objects.count()) == counts

    # The same seed gives the same records.
    first = rows()
    for model in (OutreachEvent, MediaItem, Participant, IntegratedPlan, Official):
        model.objects.all().delete()
    populate(seed=2019)
    assert rows() == first


def test_without_units_or_users_it_says_what_is_missing(db):
    assert "bỏ qua (chưa có đơn vị hành chính" in populate(seed=1)
