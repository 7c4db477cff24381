"""The support demo: a few dozen fictitious people with referrals in every state, idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from lanhmanh.accounts.models import User
from lanhmanh.plans.tests.tay_ninh import make_tay_ninh_2019
from lanhmanh.support.access import may_see_identity
from lanhmanh.support.models import Case, Consent, Referral, ReferralStatus


@pytest.fixture
def demo_run(db, settings):
    settings.DEBUG = True
    make_tay_ninh_2019()
    call_command("demo", stdout=StringIO())


def test_the_demo_registers_fictitious_people_with_referrals_in_every_state(demo_run):
    cases = list(Case.objects.select_related("commune"))
    assert 30 <= len(cases) <= 40
    assert all(case.identity().full_name.startswith("[Demo]") for case in cases)
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert Consent.objects.filter(purpose="statistics", granted=False).exists()
    assert Consent.objects.filter(purpose="statistics", withdrawn_on__isnull=False).exists()
    coordinator = User.objects.get(username="demo-coordinator")
    assert may_see_identity(coordinator, cases[0])
    assert User.objects.get(username="demo-peer").supervisor.username == "demo-caseworker"


def test_the_demo_loads_the_retention_rules(demo_run):
    from lanhmanh.support.models import RetentionRule

    assert RetentionRule.objects.exists()


def test_the_retention_rules_command_is_idempotent(db):
    first, second = StringIO(), StringIO()
    call_command("load_retention_rules", stdout=first)
    call_command("load_retention_rules", stdout=second)
    assert "created 0" in second.getvalue() and "removed 0" in second.getvalue()


def test_running_the_demo_again_adds_nothing(demo_run):
    codes = sorted(Case.objects.values_list("case_code", flat=True))
    call_command("demo", stdout=StringIO())
    assert sorted(Case.objects.values_list("case_code", flat=True)) == codes
