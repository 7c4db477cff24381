"""The national two-tier structure, from the real `vietnam-provinces` package data (about a second)."""

from datetime import date

from django.core.management import call_command

from lanhmanh.places.models import AdministrativeUnit, Level, unit_path
from lanhmanh.places.services import load_national_units, national_source


def rows(source: str) -> list[tuple[object, ...]]:
    return list(
        AdministrativeUnit.objects.filter(source=source)
        .order_by("pk")
        .values_list("pk", "code", "name", "kind", "level", "parent_id", "path", "valid_from", "valid_to")
    )


def test_it_loads_34_provinces_and_3321_communes_without_touching_the_2019_units(tay_ninh_2019):
    before = rows("tay-ninh-2019")
    result = load_national_units()
    units = AdministrativeUnit.objects.filter(source=national_source()).valid_on(date(2025, 7, 1))
    assert result.created == 3355
    assert units.filter(level=Level.PROVINCE).count() == 34
    assert units.communes().count() == 3321
    assert not units.filter(level=Level.DISTRICT).exists()
    assert rows("tay-ninh-2019") == before


def test_loading_it_again_changes_nothing(db):
    load_national_units()
    before = rows(national_source())
    result = load_national_units()
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3355)
    assert rows(national_source()) == before


def test_codes_are_zero_padded_and_every_province_names_its_type(db):
    load_national_units()
    national = AdministrativeUnit.objects.filter(source=national_source())
    ha_noi = national.get(code="01")
    assert (ha_noi.name, ha_noi.kind) == ("Thành phố Hà Nội", "Thành phố")
    tay_ninh = national.get(code="80")
    assert (tay_ninh.name, tay_ninh.kind, tay_ninh.valid_from) == ("Tỉnh Tây Ninh", "Tỉnh", date(2025, 7, 1))
    assert national.subtree(tay_ninh).communes().count() == 96
    ward = national.get(code="00070")
    assert (ward.name, ward.kind, ward.parent) == ("Phường Hoàn Kiếm", "Phường", ha_noi)
    assert ward.path == unit_path(ha_noi.path, ward.pk)
    assert national.filter(kind="Đặc khu").count() == 13


def test_the_command_names_the_package_version(db, capsys):
    call_command("load_national_units")
    assert f"{national_source()}: Thêm mới 3355" in capsys.readouterr().out
