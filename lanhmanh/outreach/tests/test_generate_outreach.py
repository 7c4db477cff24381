from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from lanhmanh.indicators.periods import calendar_year
from lanhmanh.outreach.indicators import outreach_commune_share
from lanhmanh.outreach.models import OutreachEvent, OutreachEventUnit
from lanhmanh.outreach.synthetic import synthetic_province


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_outreach", "--scale", "tiny", *args, stdout=out)
    return out.getvalue()


def test_it_refuses_to_run_without_debug_or_force(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        generate()
    assert synthetic_province() is None


def test_it_builds_a_synthetic_province_whose_t1_is_known_in_advance(db, settings):
    settings.DEBUG = True
    assert "10 xã (1 xã không có hoạt động năm 2019), 200 hoạt động" in generate()
    assert OutreachEvent.objects.count() == 200
    assert not OutreachEventUnit.objects.exclude(date=F("event__date")).exists()
    result = outreach_commune_share(calendar_year(2019), synthetic_province())
    assert (result.numerator, result.denominator) == (9, 10)  # the first of every 25 communes holds none
    assert len(result.missing_unit_ids) == 1


def test_a_second_run_adds_nothing_and_the_seed_fixes_the_data(db, settings):
    settings.DEBUG = True
    generate("--seed", "3")
    first = list(OutreachEvent.objects.order_by("pk").values_list("date", "form", "primary_unit__code"))
    assert "không tạo thêm" in generate("--seed", "3")
    assert OutreachEvent.objects.count() == 200
    OutreachEvent.objects.all().delete()
    generate("--seed", "3")
    assert list(OutreachEvent.objects.order_by("pk").values_list("date", "form", "primary_unit__code")) == first
