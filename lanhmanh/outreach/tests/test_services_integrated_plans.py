from datetime import date

import pytest
from django.core.exceptions import ValidationError

from lanhmanh.core.models import AuditEntry
from lanhmanh.outreach import services
from lanhmanh.outreach.models import IntegratedPlan
from lanhmanh.plans.tests.files import pdf_upload

from .records import integrated_plan, integrated_plan_input


def test_a_district_officer_records_the_districts_and_a_communes_integrated_plan(world, personas):
    district = personas["district_officer"]
    assert integrated_plan(world, district).unit == world.district
    assert integrated_plan(world, district, world.sibling_commune).unit == world.sibling_commune
    assert AuditEntry.objects.filter(verb="outreach.integrated_plan.created").count() == 2


def test_programmes_are_checked_and_kept_in_a_fixed_order(world, personas):
    plan = integrated_plan(world, personas["coordinator"], programmes=["trafficking", "drugs", "drugs"])
    assert plan.programmes == ["drugs", "trafficking"]
    assert plan.programme_labels() == ["Phòng, chống ma túy", "Phòng, chống mua bán người"]
    with pytest.raises(ValidationError) as error:
        integrated_plan(world, personas["coordinator"], programmes=[])
    assert error.value.message_dict["programmes"] == ["Cần chọn ít nhất một “Chương trình lồng ghép”."]
    with pytest.raises(ValidationError) as error:
        integrated_plan(world, personas["coordinator"], programmes=["golf"])
    assert error.value.message_dict["programmes"] == ["Chương trình không hợp lệ: golf."]


def test_only_districts_and_communes_in_scope_have_integrated_plans(world, personas):
    with pytest.raises(ValidationError) as error:
        integrated_plan(world, personas["coordinator"], world.province)
    assert "không phải" in error.value.message_dict["unit"][0]
    with pytest.raises(ValidationError) as error:
        integrated_plan(world, personas["commune_officer"], world.sibling_commune)
    assert error.value.message_dict["unit"] == ["“Xã Bình” nằm ngoài phạm vi của bạn."]


def test_an_update_with_a_file_is_audited_and_a_delete_too(world, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    coordinator = personas["coordinator"]
    plan = integrated_plan(world, coordinator)
    services.integrated_plan_update(
        plan=plan,
        actor=coordinator,
        data=integrated_plan_input(world, issued_on=date(2019, 3, 5)),
        file=pdf_upload("ke hoach.pdf"),
    )
    changes = AuditEntry.objects.get(verb="outreach.integrated_plan.updated").changes
    assert changes == {"issued_on": ["2019-03-01", "2019-03-05"], "file": ["", "ke hoach.pdf"]}
    services.integrated_plan_delete(plan=plan, actor=coordinator)
    assert not IntegratedPlan.objects.exists()
