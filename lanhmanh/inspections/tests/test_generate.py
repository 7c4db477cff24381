"""The synthetic data generator for the benchmark: tiny scale, consistent with the indicator."""

from io import StringIO

from django.core.management import call_command

from lanhmanh.establishments.models import Establishment
from lanhmanh.indicators.periods import calendar_year
from lanhmanh.inspections.indicators import inspection_coverage
from lanhmanh.inspections.models import Inspection
from lanhmanh.inspections.synthetic import synthetic_province


def test_the_tiny_scale_generates_once_and_the_indicator_reads_it(db):
    out = StringIO()
    call_command("generate_inspections", "--scale", "tiny", "--force", stdout=out)
    assert "400 cuộc kiểm tra" in out.getvalue()
    province = synthetic_province()
    assert Establishment.objects.in_subtree(province).count() == 60
    assert Inspection.objects.count() == 400
    result = inspection_coverage(calendar_year(2019), province)
    # One in twenty closed in 2018; one in four never inspected in 2019.
    assert result.denominator == 57 and 0 < result.numerator < 57
    call_command("generate_inspections", "--scale", "tiny", "--force", stdout=out)
    assert Inspection.objects.count() == 400
