import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from lanhmanh.accounts.models import Agency, AgencyLevel
from lanhmanh.accounts.services import load_agencies_file
from lanhmanh.core.models import AuditEntry
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.places.services import DataFileError, load_units_file

DATA = Path(settings.BASE_DIR) / "data"
AGENCIES = DATA / "agencies" / "tay-ninh.yaml"
# The bodies of section IV of plan 905/KH-UBND, plus the People's Committee that issued it.
PLAN_BODIES = {
    "UBND-TINH",
    "LDTBXH",
    "CA",
    "VHTTDL",
    "TTTT",
    "YT",
    "TC",
    "TP",
    "GDDT",
    "BDBP",
    "BAO-TN",
    "PTTH",
    "VKSND",
    "TAND",
    "MTTQ",
}
DISTRICT_COMMITTEES = {f"UBND-{code}" for code in ("703", "705", "706", "707", "708", "709", "710", "711", "712")}


@pytest.fixture
def tay_ninh_2019(db):
    load_units_file(DATA / "units" / "tay-ninh-2019.json")


@pytest.fixture
def write_agencies(tmp_path):
    """Write a variant of the committed file, changed by `edit(document)`, and return its path."""

    def write(edit):
        document = yaml.safe_load(AGENCIES.read_text(encoding="utf-8"))
        edit(document)
        path = tmp_path / "agencies.yaml"
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        return path

    return write


def table() -> list[tuple[object, ...]]:
    return list(
        Agency.objects.order_by("pk").values_list(
            "pk", "code", "name", "short_name", "level", "unit_id", "valid_from", "valid_to", "successor_id"
        )
    )


def entry(document, code):
    return next(agency for agency in document["agencies"] if agency["code"] == code)


def test_it_loads_the_bodies_of_plan_905_and_the_nine_district_committees(tay_ninh_2019):
    result = load_agencies_file(AGENCIES)
    assert result.created == 24
    province = AdministrativeUnit.objects.get(code="72", source="tay-ninh-2019")
    agencies = Agency.objects.filter(unit__path__startswith=province.path)
    assert set(agencies.filter(level=AgencyLevel.PROVINCE, unit=province).values_list("code", flat=True)) == PLAN_BODIES
    assert set(agencies.filter(level=AgencyLevel.DISTRICT).values_list("code", flat=True)) == DISTRICT_COMMITTEES
    assert not agencies.filter(short_name="").exists()


def test_the_labour_department_ends_in_february_2025_with_health_as_successor(tay_ninh_2019):
    load_agencies_file(AGENCIES)
    labour = Agency.objects.get(code="LDTBXH", unit__source="tay-ninh-2019")
    assert (labour.name, labour.valid_to) == ("Sở Lao động - Thương binh và Xã hội", date(2025, 2, 28))
    assert labour.successor is not None and labour.successor.code == "YT"
    assert Agency.objects.get(code="TTTT").valid_to == date(2025, 2, 28)
    assert set(Agency.objects.valid_on(date(2025, 3, 1)).filter(level="province").values_list("code", flat=True)) == (
        PLAN_BODIES - {"LDTBXH", "TTTT"}
    )


def test_each_district_committee_sits_on_its_district_until_june_2025(tay_ninh_2019):
    load_agencies_file(AGENCIES)
    city = Agency.objects.select_related("unit").get(code="UBND-703")
    assert (city.name, city.unit.name, city.valid_to) == (
        "Ủy ban nhân dân thành phố Tây Ninh",
        "Thành phố Tây Ninh",
        date(2025, 6, 30),
    )
    assert Agency.objects.get(code="UBND-705").name == "Ủy ban nhân dân huyện Tân Biên"
    assert not Agency.objects.valid_on(date(2025, 7, 1)).filter(level="district").exists()


def test_loading_twice_changes_nothing(tay_ninh_2019):
    load_agencies_file(AGENCIES)
    before, audit_entries = table(), AuditEntry.objects.count()
    result = load_agencies_file(AGENCIES)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 24)
    assert table() == before
    assert AuditEntry.objects.count() == audit_entries


def test_a_changed_entry_is_updated_in_place_and_audited(tay_ninh_2019, write_agencies):
    load_agencies_file(AGENCIES)
    police = Agency.objects.get(code="CA")

    def rename(document):
        entry(document, "CA")["short_name"] = "CA tỉnh"

    result = load_agencies_file(write_agencies(rename))
    assert (result.created, result.updated) == (0, 1)
    assert Agency.objects.get(pk=police.pk).short_name == "CA tỉnh"
    audit = AuditEntry.objects.get(verb="accounts.agency.updated")
    assert audit.changes["short_name"] == ["Công an tỉnh", "CA tỉnh"]


def test_it_leaves_another_provinces_agencies_alone(tay_ninh_2019, world):
    before = table()
    load_agencies_file(AGENCIES)
    assert [row for row in table() if row[0] in {pk for pk, *_ in before}] == before


def unknown_unit(document):
    entry(document, "UBND-705")["unit"] = "799"


def duplicate_code(document):
    document["agencies"].append(dict(entry(document, "CA")))


def missing_name(document):
    del entry(document, "TC")["name"]


def unknown_successor(document):
    entry(document, "LDTBXH")["successor"] = "SYT"


def district_on_the_province(document):
    del entry(document, "UBND-706")["unit"]


def bad_date(document):
    entry(document, "TTTT")["valid_to"] = "28/02/2025"


def unknown_field(document):
    entry(document, "YT")["note"] = "kế thừa LĐTBXH"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (unknown_unit, "cơ quan số 17 (UBND-705): trường 'unit': không có đơn vị mã '799' thuộc Tỉnh Tây Ninh"),
        (duplicate_code, "cơ quan số 25 (CA): trùng mã với cơ quan số 3 (CA)."),
        (missing_name, "(TC): thiếu trường 'name'."),
        (unknown_successor, "(LDTBXH): trường 'successor': không có cơ quan mã 'SYT'."),
        (
            district_on_the_province,
            "(UBND-706): cơ quan cấp district phải đặt tại đơn vị cấp district (Tỉnh Tây Ninh).",
        ),
        (bad_date, "(TTTT): trường 'valid_to' phải là ngày YYYY-MM-DD hoặc null ('28/02/2025')."),
        (unknown_field, "(YT): trường không xác định 'note'."),
    ],
)
def test_it_rejects_a_bad_entry_naming_it_and_the_field_leaving_the_database_unchanged(
    tay_ninh_2019, write_agencies, edit, message
):
    load_agencies_file(AGENCIES)
    before = table()
    with pytest.raises(DataFileError, match=re.escape(message)):
        load_agencies_file(write_agencies(edit))
    assert table() == before


def test_it_rejects_a_file_whose_province_is_not_loaded(db):
    with pytest.raises(DataFileError, match="không tìm thấy tỉnh mã '72' trong bộ dữ liệu 'tay-ninh-2019'"):
        load_agencies_file(AGENCIES)
    assert not Agency.objects.exists()


def test_it_rejects_a_file_that_is_not_yaml_or_has_no_agencies(tay_ninh_2019, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("province: [72\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="YAML không hợp lệ"):
        load_agencies_file(broken)
    empty = tmp_path / "empty.yaml"
    empty.write_text('province: "72"\nunit_source: tay-ninh-2019\nagencies: []\n', encoding="utf-8")
    with pytest.raises(DataFileError, match="'agencies' phải là danh sách cơ quan không rỗng"):
        load_agencies_file(empty)


def test_the_command_loads_the_file_and_reports_the_counts(tay_ninh_2019, capsys):
    call_command("load_agencies", str(AGENCIES))
    assert "Thêm mới 24, cập nhật 0, giữ nguyên 0." in capsys.readouterr().out


def test_the_command_fails_with_the_message_naming_the_entry(tay_ninh_2019, write_agencies):
    with pytest.raises(CommandError, match=re.escape("cơ quan số 17 (UBND-705): trường 'unit'")):
        call_command("load_agencies", str(write_agencies(unknown_unit)))
