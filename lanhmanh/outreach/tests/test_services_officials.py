from datetime import date

import pytest
from django.core.exceptions import ValidationError

from lanhmanh.core.models import AuditEntry
from lanhmanh.outreach import services
from lanhmanh.outreach.models import Official

from .records import course, official, official_input


def test_a_commune_officer_puts_an_official_of_their_commune_on_the_roster(world, personas):
    person = official(world, personas["commune_officer"])
    assert (person.unit, person.agency, person.end_date) == (world.commune, world.district_committees, None)
    assert AuditEntry.objects.filter(verb="outreach.official.created", target_id=str(person.pk)).exists()


def test_an_official_of_another_commune_is_refused(world, personas):
    with pytest.raises(ValidationError) as error:
        official(world, personas["commune_officer"], unit=world.sibling_commune)
    assert error.value.message_dict["unit"] == ["“Xã Bình” nằm ngoài phạm vi của bạn."]


def test_the_end_date_cannot_precede_the_start_and_the_name_is_required(world, personas):
    with pytest.raises(ValidationError) as error:
        official(world, personas["coordinator"], full_name=" ", end_date=date(2017, 1, 1))
    assert error.value.message_dict["full_name"] == ["Cần nhập “Họ và tên”."]
    assert error.value.message_dict["end_date"] == [
        "“Ngày kết thúc” (01/01/2017) không được trước “Ngày bắt đầu” (01/01/2018)."
    ]


def test_setting_an_end_date_is_an_audited_update(world, personas):
    coordinator = personas["coordinator"]
    person = official(world, coordinator)
    services.official_update(official=person, actor=coordinator, data=official_input(world, end_date=date(2019, 9, 1)))
    assert AuditEntry.objects.get(verb="outreach.official.updated").changes == {"end_date": [None, "2019-09-01"]}


def test_an_official_who_attended_a_course_cannot_be_deleted(world, personas):
    coordinator = personas["coordinator"]
    person = official(world, coordinator)
    services.participant_set(
        course=course(world, coordinator), official=person, actor=coordinator, attended=True, completed=False
    )
    with pytest.raises(ValidationError) as error:
        services.official_delete(official=person, actor=coordinator)
    assert "Ngày kết thúc" in error.value.message_dict["official"][0]
    lone = official(world, coordinator, full_name="Trần Văn Ba")
    services.official_delete(official=lone, actor=coordinator)
    assert list(Official.objects.values_list("full_name", flat=True)) == ["Nguyễn Thị Hoa"]


def test_an_import_writes_every_row_or_none(world, personas):
    coordinator = personas["coordinator"]
    good = official_input(world, full_name="Lê Văn Một")
    bad = official_input(world, full_name="Lê Văn Hai", unit=world.far_commune, end_date=date(2000, 1, 1))
    with pytest.raises(ValidationError):
        services.officials_import(actor=personas["commune_officer"], rows=[good, bad], file_name="ds.xlsx")
    assert not Official.objects.exists()
    created = services.officials_import(actor=coordinator, rows=[good], file_name="ds.xlsx")
    assert [person.full_name for person in created] == ["Lê Văn Một"]
    assert AuditEntry.objects.get(verb="outreach.official.imported").changes["file"] == "ds.xlsx"
