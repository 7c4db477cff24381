"""The Excel import: what officials actually send is read, anything else is refused, all or nothing."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from lanhmanh.accounts.models import User
from lanhmanh.core.models import AuditEntry
from lanhmanh.establishments import services, spreadsheet
from lanhmanh.establishments.models import Establishment
from lanhmanh.establishments.tests.records import establishment
from lanhmanh.outreach.tests.spreadsheets import rewritten, upload, xlsx_bytes

HEADER = [
    "Tên cơ sở",
    "Loại hình",
    "Địa chỉ",
    "Xã, phường",
    "Chủ cơ sở",
    "Điện thoại",
    "Số ĐKKD",
    "Ngày bắt đầu hoạt động",
]
TITLE = [["DANH SÁCH CƠ SỞ KINH DOANH DỊCH VỤ NHẠY CẢM"], ["Huyện Một, năm 2019"], []]


def good_rows() -> list[list[object]]:
    return [
        *TITLE,
        HEADER,
        [
            "Khách sạn Hòa Bình",
            "Khách sạn",
            "12 đường 30/4",
            "Xã An",
            "Nguyễn Văn An",
            "0903123456",
            "45A1",
            "01/03/2015",
        ],
        ["Karaoke Đêm Vàng", "karaoke", "5 Lê Lợi", "99101", "Trần Thị Bé", 903555666, None, datetime(2016, 7, 1)],
        ["Nhà nghỉ Sao Mai", "nha nghi", "8 Hùng Vương", "Bình", "", "", "45A2", None],
        [None, None, None, None],
        [],
    ]


def state() -> list[tuple]:
    """Everything an import may write."""
    return [
        *Establishment.objects.order_by("pk").values_list("pk", "name", "rooms", "owner_phone", "version"),
        AuditEntry.objects.count(),
    ]


def read(content: bytes, actor, name: str = "co-so.xlsx") -> spreadsheet.ImportReport:
    return spreadsheet.read_upload(upload(content, name), actor=actor)


def imported(content: bytes, actor, name: str = "co-so.xlsx") -> services.ImportResult:
    report = read(content, actor, name)
    assert report.ok, report.problems
    return services.establishments_import(actor=actor, rows=report.rows, file_name=name)


def test_a_real_world_file_is_read_whatever_its_shape(world, personas):
    result = imported(xlsx_bytes(good_rows()), personas["district_officer"])
    assert (result.created, result.updated) == (3, 0)
    hotel, karaoke, guest_house = (
        Establishment.objects.get(name=n) for n in ("Khách sạn Hòa Bình", "Karaoke Đêm Vàng", "Nhà nghỉ Sao Mai")
    )
    assert (hotel.kind, hotel.commune, hotel.opened_on, hotel.registration_number) == (
        "hotel",
        world.commune,
        date(2015, 3, 1),
        "45A1",
    )
    assert (karaoke.owner_phone, karaoke.opened_on, karaoke.commune) == ("0903555666", date(2016, 7, 1), world.commune)
    assert (guest_house.kind, guest_house.commune) == ("guest_house", world.sibling_commune)
    assert AuditEntry.objects.filter(verb="establishments.establishment.imported").count() == 3


def test_headers_without_diacritics_in_another_order_are_found(world, personas):
    rows = [
        ["ten co so", "xa phuong", "dia chi", "LOAI HINH", "so dien thoai"],
        ["Bar Mới", "Xã An", "1 A", "Quán bar", "0276 3822 111"],
    ]
    imported(xlsx_bytes(rows), personas["commune_officer"])
    assert Establishment.objects.get(name="Bar Mới").owner_phone == "02763822111"


def test_a_csv_file_is_read_too(world, personas):
    text = "Tên cơ sở;Loại hình;Địa chỉ;Xã, phường;Điện thoại\nMassage Sen;massage;2 Trần Phú;Xã An;912345678\n\n"
    imported(text.encode("utf-8-sig"), personas["commune_officer"], "co-so.csv")
    assert Establishment.objects.get(name="Massage Sen").owner_phone == "0912345678"


def test_importing_the_same_file_again_updates_and_never_duplicates(world, personas):
    officer = personas["district_officer"]
    imported(xlsx_bytes(good_rows()), officer)
    rows = good_rows()
    rows[4][4] = "Nguyễn Văn Bình"  # the hotel changed owner
    again = imported(xlsx_bytes(rows), officer)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 2)
    assert Establishment.objects.count() == 3
    hotel = Establishment.objects.get(name="Khách sạn Hòa Bình")
    assert (hotel.owner_name, hotel.version) == ("Nguyễn Văn Bình", 2)
    assert imported(xlsx_bytes(rows), officer).unchanged == 3


def test_a_row_without_registration_number_matches_by_name_address_and_commune(world, personas):
    officer = personas["commune_officer"]
    est = establishment(officer, world.commune, "Karaoke Đêm Vàng", kind="karaoke", address="5 Lê Lợi", rooms=4)
    rows = [
        ["Tên cơ sở", "Loại hình", "Địa chỉ", "Xã", "Số phòng"],
        ["KARAOKE DEM VANG", "karaoke", "5 le loi", "An", 6],
    ]
    assert imported(xlsx_bytes(rows), officer).updated == 1
    est.refresh_from_db()
    assert (est.rooms, est.name, Establishment.objects.count()) == (6, "KARAOKE DEM VANG", 1)


# Bad rows: the report names row, column and reason; nothing is written ----------------------------

BAD_ROWS = [
    (["", "karaoke", "1 A", "Xã An"], "A (Tên cơ sở)", "Cần nhập “Tên cơ sở”."),
    (["X", "spa cao cấp", "1 A", "Xã An"], "B (Loại hình)", "không có trong danh mục"),
    (["X", "karaoke", "1 A", "Xã Không Có"], "D (Xã, phường)", "không có xã, phường “Xã Không Có” trong phạm vi"),
    (["X", "karaoke", "1 A", "Xã Cư"], "D (Xã, phường)", "không có xã, phường “Xã Cư” trong phạm vi"),
    (["X", "karaoke", "1 A", "Xã An", "31/02/2019"], "E (Ngày bắt đầu hoạt động)", "không phải là ngày"),
    (["X", "karaoke", "1 A", "Xã An", "", "-3"], "F (Số phòng)", "không được âm"),
    (["X", "karaoke", "1 A", "Xã An", "", "ba"], "F (Số phòng)", "không phải là số nguyên"),
    (["X", "karaoke", "1 A", "Xã An", "", "", "12345"], "G (Điện thoại)", "không phải là số điện thoại"),
]


@pytest.mark.parametrize(("row", "column", "reason"), BAD_ROWS)
def test_one_bad_row_refuses_the_whole_file(client, world, personas, row, column, reason):
    officer = personas["district_officer"]
    establishment(officer, world.commune, "Đã có", kind="bar", rooms=2)
    before = state()
    header = ["Tên cơ sở", "Loại hình", "Địa chỉ", "Xã, phường", "Ngày bắt đầu hoạt động", "Số phòng", "Điện thoại"]
    content = xlsx_bytes(
        [header, ["Hợp lệ", "bar", "2 B", "Xã An"], row, ["Đã có", "bar", "12 đường 30/4", "Xã An", "", "9"]]
    )
    report = read(content, officer)
    assert [(p.row, p.column) for p in report.problems] == [(3, column)]
    assert reason in report.problems[0].reason
    client.force_login(officer)
    response = client.post("/establishments/import/", {"file": upload(content)})
    assert response.status_code == 200 and response.context["problems"] == report.problems
    assert state() == before


def test_duplicates_within_the_file_and_numbers_used_outside_the_scope_are_reported(world, personas):
    establishment(personas["coordinator"], world.far_commune, "Nhà nghỉ Xa", registration_number="45A9")
    before = state()
    rows = [
        HEADER,
        ["A", "bar", "1", "Xã An", "", "", "45A1"],
        ["B", "bar", "2", "Xã An", "", "", "45a1"],
        ["C", "bar", "3", "Xã An", "", "", "45A9"],
        ["D", "bar", "4", "Xã An"],
        ["d", "bar", "4", "xa an"],
    ]
    report = read(xlsx_bytes(rows), personas["district_officer"])
    assert [(p.row, p.column.split(" ")[0]) for p in report.problems] == [(3, "G"), (4, "G"), (6, "A")]
    assert "ngoài phạm vi" in report.problems[1].reason
    assert state() == before


def test_a_file_without_the_required_headers_says_which_are_missing(world, personas):
    report = read(xlsx_bytes([["Tên cơ sở", "Địa chỉ"], ["A", "1"]]), personas["commune_officer"])
    assert "thiếu cột Loại hình, Xã, phường" in report.problems[0].reason


# Bad files: refused before any parser reads them -------------------------------------------------


def refused(content: bytes, name: str = "co-so.xlsx") -> str:
    with pytest.raises(ValidationError) as error:
        spreadsheet.read_upload(SimpleUploadedFile(name, content), actor=User())
    return error.value.message_dict["file"][0]


ENTITIES = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
)


@pytest.mark.parametrize(
    ("make", "name", "reason"),
    [
        (lambda: b"%PDF-1.4 not a spreadsheet", "co-so.xlsx", "không phải là tệp .xlsx"),
        (lambda: b"%PDF-1.4\x00\x01binary", "co-so.csv", "không phải là tệp văn bản .csv"),
        (lambda: xlsx_bytes([["x"]]), "co-so.csv", "không phải là tệp văn bản .csv"),
        (lambda: "Ten co so;Dia chi\nQuán bà Tám;1".encode("cp1252"), "co-so.csv", "UTF-8"),
        (lambda: xlsx_bytes([["x"]]), "co-so.xlsm", "có macro"),
        (lambda: xlsx_bytes([["x"]]), "co-so.xls", "chỉ nhận tệp Excel .xlsx hoặc tệp .csv"),
        (lambda: rewritten(xlsx_bytes([["x"]]), {"xl/vbaProject.bin": b"\x00" * 64}), "co-so.xlsx", "chứa macro"),
        (
            lambda: rewritten(xlsx_bytes([["x"]]), {"xl/media/padding.xml": b"\x20" * (3 * 1024 * 1024)}),
            "co-so.xlsx",
            "bom zip",
        ),
        (
            lambda: rewritten(xlsx_bytes([["x"]]), {"xl/worksheets/sheet1.xml": ENTITIES}),
            "co-so.xlsx",
            "DOCTYPE/ENTITY",
        ),
        (lambda: b"", "co-so.csv", "rỗng"),
    ],
)
def test_a_bad_file_is_refused_before_parsing_and_nothing_is_written(world, personas, monkeypatch, make, name, reason):
    establishment(personas["commune_officer"], world.commune)
    before = state()

    def must_not_parse(*args, **kwargs):
        raise AssertionError("openpyxl was called on a refused file")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_parse)
    assert reason in refused(make(), name)
    assert state() == before


@pytest.mark.parametrize("name", ["co-so.xlsx", "co-so.csv"])
def test_a_file_over_10_mb_is_refused(world, settings, name):
    settings.MAX_UPLOAD_BYTES = 1000
    content = xlsx_bytes([["x" * 2000]]) if name.endswith("xlsx") else b"a;b\n" + b"x" * 2000
    assert "vượt giới hạn" in refused(content, name)


# The page and the command ---------------------------------------------------------------------------


def test_the_page_previews_then_imports_on_confirmation(client, world, personas):
    client.force_login(personas["district_officer"])
    content = xlsx_bytes(good_rows())
    response = client.post("/establishments/import/", {"file": upload(content), "preview": "on"})
    assert "3 cơ sở mới, 0 cơ sở đã có sẽ được cập nhật" in response.content.decode()
    assert Establishment.objects.count() == 0
    response = client.post("/establishments/import/confirm/", {"token": response.context["token"]})
    assert response.status_code == 302 and Establishment.objects.count() == 3
    again = client.post("/establishments/import/confirm/", {"token": "abc"})
    assert "Không tìm thấy tệp đã xem trước" in again.content.decode()


def test_the_page_imports_directly_or_lists_every_problem(client, world, personas):
    client.force_login(personas["district_officer"])
    response = client.post("/establishments/import/", {"file": upload(xlsx_bytes(good_rows()))})
    assert response.status_code == 302 and Establishment.objects.count() == 3
    rows = good_rows()
    rows[5][3] = "Xã Cư"
    response = client.post("/establishments/import/", {"file": upload(xlsx_bytes(rows))})
    html = response.content.decode()
    assert "Tệp có 1 lỗi; chưa có dòng nào được lưu" in html and "D (Xã, phường)" in html


def test_the_template_is_read_back_by_the_import(client, world, personas):
    client.force_login(personas["commune_officer"])
    template = client.get("/establishments/template/").content
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    sheet.append(["Nhà hàng Gió", "Nhà hàng ăn uống", "9 Ba Tháng Hai", "99101"])
    buffer = io.BytesIO()
    book.save(buffer)
    imported(buffer.getvalue(), personas["commune_officer"])
    assert Establishment.objects.get().kind == "restaurant"


def test_the_export_is_read_back_as_the_same_establishments(client, world, personas):
    officer = personas["commune_officer"]
    establishment(officer, world.commune, registration_number="45A1")
    client.force_login(officer)
    exported = client.get("/establishments/export/").content
    before = state()
    assert imported(exported, officer).unchanged == 1
    assert state() == before


def test_the_command_checks_with_dry_run_then_imports(world, personas, tmp_path, capsys):
    path = tmp_path / "co-so.xlsx"
    path.write_bytes(xlsx_bytes(good_rows()))
    call_command("import_establishments", str(path), "--user", "district", "--dry-run")
    assert "3 cơ sở mới" in capsys.readouterr().out and Establishment.objects.count() == 0
    call_command("import_establishments", str(path), "--user", "district")
    assert Establishment.objects.count() == 3
    rows = good_rows()
    rows[4][1] = "???"
    path.write_bytes(xlsx_bytes(rows))
    with pytest.raises(CommandError, match=r"Dòng 5, B \(Loại hình\)"):
        call_command("import_establishments", str(path), "--user", "district")
    with pytest.raises(CommandError, match="không được nhập"):
        call_command("import_establishments", str(path), "--user", "viewer")
