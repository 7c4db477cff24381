"""The inspections demo: teams, a schedule, a year of inspections, follow-ups; idempotent, deterministic."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from lanhmanh.core.demo import run_demo
from lanhmanh.establishments.models import Establishment
from lanhmanh.inspections.demo import populate
from lanhmanh.inspections.models import Inspection, InspectionSchedule, InspectionTeam, Violation, ViolationType
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.plans.loader import load_plan_file
from lanhmanh.plans.tests.tay_ninh import REAL_PLAN

DATA = settings.BASE_DIR / "data"
KINDS = ("karaoke", "massage", "guest_house", "hotel", "restaurant", "hair_wash")


@pytest.fixture
def tay_ninh(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_units", str(DATA / "units" / "tay-ninh-2019.json"), stdout=StringIO())
    call_command("load_agencies", str(DATA / "agencies" / "tay-ninh.yaml"), stdout=StringIO())
    load_plan_file(REAL_PLAN)
    run_demo(password="Mat-khau-demo-2019", reset_passwords=False, seed=2019)
    return AdministrativeUnit.objects.get(code="72", level="province", source="tay-ninh-2019")


def establishments(province, count=40):
    from lanhmanh.accounts.models import User

    user = User.objects.get(username="demo-coordinator")
    communes = list(AdministrativeUnit.objects.subtree(province).communes().order_by("code")[:20])
    Establishment.objects.bulk_create(
        Establishment(
            name=f"Cơ sở {i}",
            name_folded=f"co so {i}",
            kind=KINDS[i % len(KINDS)],
            address="Quốc lộ 22",
            commune=communes[i % len(communes)],
            created_by=user,
        )
        for i in range(count)
    )


def snapshot():
    return list(Inspection.objects.order_by("pk").values_list("date", "establishment__name", "team__name", "kind"))


def test_without_establishments_it_loads_the_catalogue_and_creates_nothing_else(tay_ninh):
    Establishment.objects.all().delete()
    summary = populate(seed=2019)
    assert "chưa có cơ sở" in summary
    assert ViolationType.objects.exists()
    assert not InspectionTeam.objects.exists() and not Inspection.objects.exists()


def test_the_demo_tells_a_year_of_inspections_once(tay_ninh):
    Establishment.objects.all().delete()
    establishments(tay_ninh)
    populate(seed=2019)
    assert InspectionTeam.objects.filter(level="district").count() == 9
    assert InspectionSchedule.objects.get().status == "approved"
    assert Inspection.objects.filter(date__year=2019).count() >= 20
    violations = Violation.objects.all()
    assert violations.filter(fine_paid_on__isnull=False).exists()
    assert violations.filter(fine_paid_on__isnull=True, fine_amount__isnull=False).exists()
    for violation in violations.select_related("violation_type"):
        row = violation.violation_type
        assert row.fine_min <= violation.fine_amount <= row.fine_max and row.in_force_on(violation.committed_on)
    before = snapshot()
    assert "không tạo thêm" in populate(seed=2019)
    assert snapshot() == before
