from datetime import date

import pytest
from django.core.exceptions import ValidationError

from lanhmanh.core.models import AuditEntry
from lanhmanh.outreach import services
from lanhmanh.outreach.models import MediaItem
from lanhmanh.plans.tests.files import pdf_upload

from .records import media_input, media_item


def test_the_coordinator_records_a_media_item_for_the_province(world, personas):
    item = media_item(world, personas["coordinator"])
    assert (item.unit, item.outlet, item.link) == (world.province, "bao_tn", "https://baotayninh.vn/bai-viet")
    assert AuditEntry.objects.filter(verb="outreach.media_item.created", target_id=str(item.pk)).exists()


def test_an_item_of_another_outlet_needs_the_outlets_name(world, personas):
    with pytest.raises(ValidationError) as error:
        media_item(world, personas["coordinator"], outlet="other")
    assert error.value.message_dict["outlet_name"] == ["Cần nhập “Tên cơ quan báo chí khác”."]
    item = media_item(world, personas["coordinator"], outlet="other", outlet_name="Báo Lao Động")
    assert item.outlet_label == "Báo Lao Động"


def test_an_item_needs_a_link_or_a_file(world, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as error:
        media_item(world, personas["coordinator"], link="")
    assert error.value.message_dict["link"] == ["Cần “Đường dẫn” đến tin, bài hoặc một tệp đính kèm."]
    item = services.media_item_create(
        actor=personas["coordinator"], data=media_input(world, link=""), file=pdf_upload("bai bao.pdf")
    )
    assert item.file_name == "bai bao.pdf"


def test_a_link_must_be_a_web_address(world, personas):
    with pytest.raises(ValidationError) as error:
        media_item(world, personas["coordinator"], link="javascript:alert(1)")
    assert "http" in error.value.message_dict["link"][0]


def test_media_items_belong_to_a_province_in_the_officers_scope(world, personas):
    with pytest.raises(ValidationError) as error:
        media_item(world, personas["coordinator"], unit=world.district)
    assert "không phải là tỉnh" in error.value.message_dict["unit"][0]
    with pytest.raises(ValidationError) as error:
        media_item(world, personas["district_officer"])
    assert error.value.message_dict["unit"] == ["“Tỉnh Thử” nằm ngoài phạm vi của bạn."]


def test_an_update_keeps_the_file_and_records_what_changed(world, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    officer = personas["agency_officer"]
    item = services.media_item_create(actor=officer, data=media_input(world, link=""), file=pdf_upload())
    services.media_item_update(item=item, actor=officer, data=media_input(world, link="", date=date(2019, 4, 1)))
    item.refresh_from_db()
    assert item.file and item.date == date(2019, 4, 1)
    entry = AuditEntry.objects.get(verb="outreach.media_item.updated")
    assert entry.changes == {"date": ["2019-03-10", "2019-04-01"]}


def test_deleting_an_item_is_audited(world, personas):
    item = media_item(world, personas["coordinator"])
    services.media_item_delete(item=item, actor=personas["coordinator"])
    assert not MediaItem.objects.exists()
    assert AuditEntry.objects.filter(verb="outreach.media_item.deleted").exists()
