from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lanhmanh.accounts.models import Agency, AgencyLevel
from lanhmanh.core.models import AuditEntry
from lanhmanh.core.testing import make_unit
from lanhmanh.outreach import services
from lanhmanh.outreach.models import AudienceCount, EventAttachment, OutreachEvent, OutreachEventUnit
from lanhmanh.plans.tests.files import pdf_upload

from .records import event, event_input


def messages(error: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return " ".join(error.value.message_dict[field])


def test_a_commune_officer_records_an_event_with_headcounts_materials_and_an_audit_entry(world, personas):
    officer = personas["commune_officer"]
    recorded = event(world, officer)
    assert recorded.primary_unit == world.commune
    assert list(recorded.units.all()) == [world.commune]
    assert {row.group: row.count for row in recorded.audience.all()} == {"residents": 40, "students": 10}
    assert {row.kind: row.quantity for row in recorded.materials.all()} == {"leaflet": 100}
    entry = AuditEntry.objects.get(verb="outreach.event.created")
    assert entry.actor == officer and entry.target_id == str(recorded.pk)
    assert entry.changes["units"] == ["Xã An"]


def test_the_commune_links_carry_the_event_date_so_t1_reads_one_index(world, personas):
    recorded = event(world, personas["district_officer"], units=[world.commune, world.sibling_commune])
    assert set(OutreachEventUnit.objects.filter(event=recorded).values_list("date", flat=True)) == {date(2019, 6, 1)}
    services.event_update(
        event=recorded, actor=personas["district_officer"], data=event_input(world, date=date(2019, 7, 2))
    )
    assert list(OutreachEventUnit.objects.filter(event=recorded).values_list("unit", "date")) == [
        (world.commune.pk, date(2019, 7, 2))
    ]


def test_a_negative_headcount_is_refused_naming_the_group(world, personas):
    with pytest.raises(ValidationError) as error:
        event(world, personas["commune_officer"], audience={"students": -5})
    assert messages(error, "audience") == "Số người dự thuộc nhóm “Học sinh, sinh viên” không được âm (nhận được -5)."
    assert not OutreachEvent.objects.exists()


def test_a_negative_material_quantity_is_refused(world, personas):
    with pytest.raises(ValidationError) as error:
        event(world, personas["commune_officer"], materials={"poster": -1})
    assert "“Áp phích, pa-nô, băng rôn” không được âm" in messages(error, "materials")


def test_an_event_in_a_commune_outside_the_officers_scope_is_refused(world, personas):
    with pytest.raises(ValidationError) as error:
        event(world, personas["commune_officer"], units=[world.commune, world.sibling_commune])
    assert messages(error, "units") == "“Xã Bình” nằm ngoài phạm vi của bạn."
    assert not OutreachEvent.objects.exists()


def test_an_event_must_reach_at_least_one_commune_level_unit(world, personas):
    with pytest.raises(ValidationError) as error:
        event(world, personas["coordinator"], units=[])
    assert "Cần chọn ít nhất một xã" in messages(error, "units")
    with pytest.raises(ValidationError) as error:
        event(world, personas["coordinator"], units=[world.district])
    assert messages(error, "units") == "“Huyện Một” không phải là đơn vị cấp xã."


def test_a_commune_that_no_longer_existed_on_the_date_is_refused(world, personas):
    world.commune.valid_to = date(2019, 5, 31)
    world.commune.save()
    with pytest.raises(ValidationError) as error:
        event(world, personas["coordinator"])
    assert messages(error, "units") == "“Xã An” không còn hoặc chưa có hiệu lực vào ngày 01/06/2019."


def test_an_event_linked_to_a_plan_task_must_fall_within_the_plans_period(world, personas):
    with pytest.raises(ValidationError) as error:
        event(world, personas["coordinator"], date=date(2020, 1, 5), task=world.commune_task)
    assert messages(error, "date") == (
        "Ngày tổ chức 05/01/2020 nằm ngoài thời gian thực hiện của kế hoạch 1/KH-UBND (01/01/2019 - 31/12/2019) "
        "mà nhiệm vụ IV.13.3 thuộc về."
    )
    linked = event(world, personas["coordinator"], date=date(2019, 12, 31), task=world.commune_task)
    assert linked.task == world.commune_task


def test_an_event_cannot_be_linked_to_a_task_the_officer_does_not_see(world, personas):
    with pytest.raises(ValidationError) as error:
        event(world, personas["commune_officer"], task=world.sibling_commune_task)
    assert messages(error, "task") == "Không có nhiệm vụ này trong phạm vi của bạn."


def test_an_event_in_the_future_or_without_a_title_is_refused(world, personas):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        event(world, personas["coordinator"], date=tomorrow, title="   ")
    assert set(error.value.message_dict) >= {"date", "title"}
    assert messages(error, "title") == "Cần nhập “Nội dung tuyên truyền”."


def test_the_primary_unit_must_be_one_of_the_communes_reached(world, personas):
    with pytest.raises(ValidationError) as error:
        event(world, personas["coordinator"], primary_unit=world.far_commune)
    assert "primary_unit" in error.value.message_dict


def test_the_organiser_must_be_an_agency_of_the_officers_province(world, personas):
    elsewhere = make_unit("Tỉnh Khác", "98", "province")
    stranger = Agency.objects.create(code="CA", name="Công an tỉnh Khác", level=AgencyLevel.PROVINCE, unit=elsewhere)
    with pytest.raises(ValidationError) as error:
        event(world, personas["coordinator"], organiser=stranger)
    assert messages(error, "organiser") == "Cơ quan “Công an tỉnh Khác” không thuộc địa bàn của bạn."


def test_an_update_replaces_communes_headcounts_and_materials_and_records_the_diff(world, personas):
    district = personas["district_officer"]
    recorded = event(world, district)
    services.event_update(
        event=recorded,
        actor=district,
        data=event_input(world, units=[world.sibling_commune], audience={"owners": 7}, materials={}),
    )
    recorded.refresh_from_db()
    assert recorded.primary_unit == world.sibling_commune
    assert list(AudienceCount.objects.filter(event=recorded).values_list("group", "count")) == [("owners", 7)]
    assert not recorded.materials.exists()
    entry = AuditEntry.objects.get(verb="outreach.event.updated")
    assert entry.changes["units"] == [["Xã An"], ["Xã Bình"]]
    assert "title" not in entry.changes


def test_an_attachment_is_checked_and_stored_under_an_opaque_name(world, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    recorded = services.event_create(
        actor=personas["commune_officer"], data=event_input(world), attachment=pdf_upload("bien ban hop dan.pdf")
    )
    stored = EventAttachment.objects.get(event=recorded)
    assert stored.name == "bien ban hop dan.pdf"
    assert "bien" not in stored.file.name
    with pytest.raises(ValidationError) as error:
        services.event_create(
            actor=personas["commune_officer"],
            data=event_input(world),
            attachment=SimpleUploadedFile("x.pdf", b"not a pdf at all"),
        )
    assert "attachment" in error.value.message_dict
    assert OutreachEvent.objects.count() == 1


def test_deleting_an_event_removes_its_children_and_is_audited(world, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    recorded = services.event_create(
        actor=personas["commune_officer"], data=event_input(world), attachment=pdf_upload()
    )
    pk = recorded.pk
    services.event_delete(event=recorded, actor=personas["commune_officer"])
    assert not OutreachEvent.objects.filter(pk=pk).exists()
    assert not OutreachEventUnit.objects.filter(event_id=pk).exists()
    assert AuditEntry.objects.filter(verb="outreach.event.deleted", target_id=str(pk)).exists()
