import re
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from lanhmanh.core.models import AuditEntry
from lanhmanh.places import services
from lanhmanh.places.models import AdministrativeUnit, Level, unit_path
from lanhmanh.places.services import DataFileError, load_units_file

from .conftest import SNAPSHOT, small_units, unit


def snapshot_of_table() -> list[tuple[object, ...]]:
    return list(
        AdministrativeUnit.objects.order_by("pk").values_list(
            "pk", "code", "name", "kind", "level", "parent_id", "path", "valid_from", "valid_to", "source"
        )
    )


def links() -> set[tuple[int, int]]:
    through = AdministrativeUnit.successors.through
    return set(through.objects.values_list("from_administrativeunit_id", "to_administrativeunit_id"))


def test_the_2019_snapshot_loads_one_province_nine_districts_and_96_commune_records(tay_ninh_2019):
    units = AdministrativeUnit.objects.filter(source="tay-ninh-2019")
    assert tay_ninh_2019.created == 106
    assert units.filter(level=Level.PROVINCE).get().name == "Tỉnh Tây Ninh"
    assert units.filter(level=Level.DISTRICT).count() == 9
    assert units.communes().count() == 96


def test_95_commune_level_units_were_in_force_on_1_june_2019(tay_ninh_2019):
    communes = AdministrativeUnit.objects.filter(source="tay-ninh-2019").communes()
    assert communes.valid_on(date(2019, 6, 1)).count() == 95
    # After the 2020 merger: 94, the structure of the vietnam-provinces 0.6 release.
    assert communes.valid_on(date(2024, 6, 1)).count() == 94


def test_the_2019_units_carry_their_2019_names(tay_ninh_2019):
    names = dict(
        AdministrativeUnit.objects.filter(code__in=["709", "712", "25630", "25708"]).values_list("code", "name")
    )
    assert names == {
        "709": "Huyện Hòa Thành",
        "712": "Huyện Trảng Bàng",
        "25630": "Thị trấn Hòa Thành",
        "25708": "Thị trấn Trảng Bàng",
    }
    assert AdministrativeUnit.objects.get(code="709").kind == "Huyện"


def test_phuoc_luu_and_binh_thanh_end_in_january_2020_with_phuoc_binh_as_successor(tay_ninh_2019):
    phuoc_binh = AdministrativeUnit.objects.get(name="Xã Phước Bình")
    assert (phuoc_binh.code, phuoc_binh.valid_from, phuoc_binh.valid_to) == (
        "25729",
        date(2020, 2, 1),
        date(2025, 6, 30),
    )
    for name in ("Xã Phước Lưu", "Xã Bình Thạnh"):
        merged = AdministrativeUnit.objects.get(name=name)
        assert merged.valid_to == date(2020, 1, 31)
        assert list(merged.successors.all()) == [phuoc_binh]
    assert set(phuoc_binh.predecessors.values_list("code", flat=True)) == {"25726", "25729"}


def test_every_path_is_the_parents_path_plus_the_units_own_key(tay_ninh_2019):
    for unit_ in AdministrativeUnit.objects.select_related("parent"):
        assert unit_.path == unit_path(unit_.parent.path if unit_.parent else "", unit_.pk)
    district = AdministrativeUnit.objects.get(code="712")
    assert AdministrativeUnit.objects.subtree(district).count() == 1 + 12


def test_loading_the_snapshot_twice_changes_nothing(tay_ninh_2019):
    before, before_links, audit_entries = snapshot_of_table(), links(), AuditEntry.objects.count()
    result = load_units_file(SNAPSHOT)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 106)
    assert snapshot_of_table() == before
    assert links() == before_links
    assert AuditEntry.objects.count() == audit_entries


def test_a_load_leaves_one_audit_entry_naming_the_dataset(tay_ninh_2019):
    entry = AuditEntry.objects.get(verb="places.units.loaded")
    assert entry.changes["source"] == "tay-ninh-2019"
    assert entry.changes["created"] == 106


def test_a_changed_name_is_updated_in_place(write_units):
    load_units_file(write_units(small_units()))
    units = small_units()
    units[3]["name"] = "Xã Một Mới"
    result = load_units_file(write_units(units))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 5)
    assert AdministrativeUnit.objects.get(code="98101").name == "Xã Một Mới"


def test_a_unit_moved_to_another_parent_gets_new_paths_for_itself_and_below(write_units):
    load_units_file(write_units(small_units()))
    units = small_units()
    units[3]["parent"] = "982"
    load_units_file(write_units(units))
    west = AdministrativeUnit.objects.get(code="982")
    assert set(AdministrativeUnit.objects.subtree(west).values_list("code", flat=True)) == {"982", "98101", "98201"}
    moved = AdministrativeUnit.objects.get(code="98101")
    assert moved.path == unit_path(west.path, moved.pk)


def test_units_the_file_no_longer_lists_stay_and_follow_a_moved_parent(write_units):
    load_units_file(write_units(small_units()))
    units = [unit("97", "Tỉnh Khác", "province", None), *small_units()]
    units[2]["parent"] = "97"  # Huyện Đông moves to the other province...
    del units[4]  # ...and Xã Một, below it, is no longer in the file
    load_units_file(write_units(units))
    other = AdministrativeUnit.objects.get(code="97")
    assert set(AdministrativeUnit.objects.subtree(other).values_list("code", flat=True)) == {
        "97",
        "981",
        "98101",
        "98102",
    }
    kept = AdministrativeUnit.objects.select_related("parent").get(code="98101")
    assert kept.path == unit_path(kept.parent.path, kept.pk)


def test_a_unit_file_never_touches_another_datasets_units(tay_ninh_2019, write_units):
    before = snapshot_of_table()
    load_units_file(write_units([unit("72", "Tỉnh Tây Ninh", "province", None)], dataset="khac"))
    assert [row for row in snapshot_of_table() if row[-1] == "tay-ninh-2019"] == before


def test_links_the_file_no_longer_lists_are_removed(write_units):
    units = [
        *small_units(),
        unit("98103", "Xã Bốn", "commune", "981", valid_to="2020-01-31", successors=["98102"]),
    ]
    load_units_file(write_units(units))
    assert AdministrativeUnit.objects.get(code="98103").successors.count() == 1
    units[-1]["successors"] = []
    result = load_units_file(write_units(units))
    assert result.updated == 1
    assert AdministrativeUnit.objects.get(code="98103").successors.count() == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"parent": "989"}, "bản ghi số 4 (mã 98101, Xã Một): đơn vị cấp trên '989' không có trong tệp"),
        ({"level": "hamlet"}, "bản ghi số 4 (mã 98101, Xã Một): trường 'level' phải là một trong"),
        ({"valid_to": "31/01/2020"}, "bản ghi số 4 (mã 98101, Xã Một): trường 'valid_to' phải là ngày YYYY-MM-DD"),
        ({"code": 98101}, "trường 'code' phải là chuỗi không rỗng"),
        ({"valid_form": None}, "bản ghi số 4 (mã 98101, Xã Một): trường không xác định 'valid_form'"),
        ({"successors": ["98102"]}, "bản ghi số 4 (mã 98101, Xã Một): đơn vị có 'successors' phải có 'valid_to'"),
        ({"code": "98102"}, "bản ghi số 5 (mã 98102, Xã Hai): trùng với bản ghi số 4 (mã 98102, Xã Một)"),
        ({"parent": None}, "bản ghi số 4 (mã 98101, Xã Một): đơn vị cấp commune phải có 'parent'"),
    ],
)
def test_it_rejects_a_bad_record_naming_it(write_units, change, message):
    units = small_units()
    units[3].update(change)
    with pytest.raises(DataFileError, match=re.escape(message)):
        load_units_file(write_units(units))


def test_it_rejects_a_unit_with_an_unknown_parent_leaving_the_database_unchanged(tay_ninh_2019, write_units):
    before = snapshot_of_table()
    units = small_units()
    units[4]["parent"] = "72"  # a code of another dataset does not count
    with pytest.raises(DataFileError, match=r"bản ghi số 5 \(mã 98102, Xã Hai\): đơn vị cấp trên '72' không có"):
        load_units_file(write_units(units))
    assert snapshot_of_table() == before


def test_it_rejects_a_record_with_a_missing_field(write_units):
    units = small_units()
    del units[1]["name"], units[1]["valid_to"]
    with pytest.raises(DataFileError, match=r"bản ghi số 2 \(mã 981\): thiếu trường 'name', 'valid_to'\."):
        load_units_file(write_units(units))


def test_it_rejects_a_successor_code_with_no_unit_in_force_the_next_day(write_units):
    units = [*small_units(), unit("98103", "Xã Bốn", "commune", "981", valid_to="2020-01-31", successors=["98999"])]
    with pytest.raises(DataFileError, match=r"'successors' 98999: không có đơn vị cùng cấp .* ngày 2020-02-01"):
        load_units_file(write_units(units))


def test_it_rejects_a_file_without_a_dataset_or_that_is_not_json(tmp_path):
    no_dataset = tmp_path / "a.json"
    no_dataset.write_text('{"units": []}', encoding="utf-8")
    with pytest.raises(DataFileError, match="thiếu trường 'dataset'"):
        load_units_file(no_dataset)
    broken = tmp_path / "b.json"
    broken.write_text('{"dataset": "x",', encoding="utf-8")
    with pytest.raises(DataFileError, match="JSON không hợp lệ ở dòng 1"):
        load_units_file(broken)
    with pytest.raises(DataFileError, match="Không đọc được tệp"):
        load_units_file(tmp_path / "missing.json")


def test_a_failure_while_writing_rolls_the_whole_load_back(tay_ninh_2019, write_units, monkeypatch):
    before = snapshot_of_table()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_set_successor_links", fail)
    with pytest.raises(RuntimeError):
        load_units_file(write_units(small_units()))
    assert snapshot_of_table() == before


def test_the_command_loads_a_file_and_reports_the_counts(db, capsys):
    call_command("load_units", str(SNAPSHOT))
    assert "Thêm mới 106, cập nhật 0, giữ nguyên 0." in capsys.readouterr().out


def test_the_command_fails_with_the_message_naming_the_record(write_units):
    units = small_units()
    units[5]["parent"] = "989"
    with pytest.raises(CommandError, match=r"bản ghi số 6 \(mã 98201, Xã Ba\)"):
        call_command("load_units", str(write_units(units)))
