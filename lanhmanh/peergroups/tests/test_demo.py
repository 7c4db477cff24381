"""The peer-group demo on Tây Ninh 2019: written once, the same for the same seed."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from lanhmanh.core.demo import run_demo
from lanhmanh.indicators import registry
from lanhmanh.indicators.periods import calendar_year
from lanhmanh.peergroups.demo import populate
from lanhmanh.peergroups.models import Activity, Member, PeerGroup
from lanhmanh.places.models import AdministrativeUnit

DATA = settings.BASE_DIR / "data"


@pytest.fixture
def tay_ninh(db):
    call_command("load_units", str(DATA / "units" / "tay-ninh-2019.json"), stdout=StringIO())
    call_command("load_agencies", str(DATA / "agencies" / "tay-ninh.yaml"), stdout=StringIO())
    run_demo(password="Mat-khau-demo-2019", reset_passwords=False, seed=2019)
    return AdministrativeUnit.objects.get(code="72", level="province", source="tay-ninh-2019")


def rows():
    return list(Activity.objects.order_by("pk").values_list("date", "kind", "people_reached", "group__name"))


def test_the_demo_is_deterministic_idempotent_and_pseudonymous(tay_ninh):
    summary = populate(seed=2019)
    assert "nhóm, đội" in summary
    assert PeerGroup.objects.count() >= 10
    first = rows()
    assert populate(seed=2019) == "Nhóm đồng đẳng: đã có, không tạo thêm."
    assert rows() == first
    # Peers carry codes only; only volunteers have names.
    assert not Member.objects.filter(group__kind="peer_group").exclude(full_name="").exists()
    assert Member.objects.filter(group__kind="volunteer_team").exclude(full_name="").exists()
    reached = registry.get("peer_group_people_reached").compute(calendar_year(2019), tay_ninh)
    assert reached.value > 0
