from datetime import date, datetime

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from lanhmanh.core.models import AuditEntry
from lanhmanh.outreach import roster_import
from lanhmanh.outreach.models import Official
from lanhmanh.outreach.roster_import import check_xlsx, normalise, read_roster

from .records import official
from .spreadsheets import rewritten, upload, xlsx_bytes

TITLE = ["DANH SÁCH CÁN BỘ LÀM CÔNG TÁC PHÒNG, CHỐNG TỆ NẠN XÃ HỘI"]
# Headers without diacritics, in another order than the page lists them.
HEADER = ["STT", "Dia ban", "Ho va ten", "Chuc vu", "Co quan", "Ngay bat dau", "Ngay ket thuc"]


def sheet(*rows):
    return upload(xlsx_bytes([TITLE, [], HEADER, *rows]))


def reasons(report) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.reason) for p in report.problems]


def test_headers_are_matched_without_diacritics_case_or_punctuation():
    assert normalise("Ngày bắt đầu:") == "ngay bat dau"
    assert normalise("  HỌ VÀ TÊN * ") == "ho va ten"
    assert normalise("Địa bàn") == "dia ban"


def test_a_valid_file_adds_every_row_with_excel_and_text_dates(world, personas):
    coordinator = personas["coordinator"]
    upload_ = sheet(
        [1, "99101", "Nguyễn Văn An", "Công chức VH-XH", "UBND-HUYEN", datetime(2019, 1, 2), None],
        [2, "Xã Cư", "Lê Thị Bình", "Phó Chủ tịch", "Công an tỉnh", "15/03/2018", "31/12/2019"],
        [3, "Huyện Một", "Trần Văn Cường", "Chuyên viên", "CA", 43466, ""],
    )
    report = read_roster(upload_, actor=coordinator)
    assert report.problems == []
    rows = [(r.full_name, r.unit, r.agency, r.start_date, r.end_date) for r in report.rows]
    assert rows == [
        ("Nguyễn Văn An", world.commune, world.district_committees, date(2019, 1, 2), None),
        ("Lê Thị Bình", world.far_commune, world.police, date(2018, 3, 15), date(2019, 12, 31)),
        ("Trần Văn Cường", world.district, world.police, date(2019, 1, 1), None),
    ]


def test_every_problem_is_reported_with_row_column_and_reason(world, personas):
    official(world, personas["coordinator"], full_name="Đã Có", unit=world.commune)
    upload_ = sheet(
        [1, "99101", "", "Cán bộ", "CA", "01/01/2019", None],
        [2, "99101", "Ngày Sai", "Cán bộ", "CA", "2019/31/12", None],
        [3, "99101", "Cơ Quan Lạ", "Cán bộ", "XYZ", "01/01/2019", None],
        [4, "99201", "Ngoài Phạm Vi", "Cán bộ", "CA", "01/01/2019", None],
        [5, "99101", "Kết Thúc Sớm", "Cán bộ", "CA", "01/01/2019", "01/01/2018"],
        [6, "99101", "Hai Lần", "Cán bộ", "CA", "01/01/2019", None],
        [7, "99101", "Hai Lần", "Cán bộ", "CA", "01/02/2019", None],
        [8, "99101", "Đã Có", "Cán bộ", "UBND-HUYEN", "01/01/2019", None],
    )
    report = read_roster(upload_, actor=personas["district_officer"])
    assert reasons(report) == [
        (4, "C (Họ và tên)", "Cần nhập “Họ và tên”."),
        (5, "F (Ngày bắt đầu)", "“Ngày bắt đầu”: “2019/31/12” không phải là ngày dạng dd/mm/yyyy."),
        (6, "E (Cơ quan)", "“Cơ quan”: không có cơ quan “XYZ” trong địa bàn của bạn."),
        (7, "B (Địa bàn)", "“Địa bàn”: không có địa bàn “99201” trong địa bàn của bạn."),
        (8, "G (Ngày kết thúc)", "“Ngày kết thúc” (01/01/2018) không được trước “Ngày bắt đầu” (01/01/2019)."),
        (10, "C (Họ và tên)", "trùng với dòng 9 (cùng họ tên, cơ quan, địa bàn)."),
        (
            11,
            "C (Họ và tên)",
            "cán bộ này đã có trong danh sách (cùng họ tên, cơ quan, địa bàn, đang làm công tác).",
        ),
    ]


def test_a_file_without_the_required_headers_says_which_are_missing(world, personas):
    report = read_roster(upload(xlsx_bytes([["Họ và tên", "Cơ quan"], ["A", "CA"]])), actor=personas["coordinator"])
    assert len(report.problems) == 1
    assert "thiếu cột Địa bàn, Chức vụ, Ngày bắt đầu (dòng 1)" in report.problems[0].reason


def test_a_file_with_a_header_and_no_rows_is_refused(world, personas):
    report = read_roster(sheet(), actor=personas["coordinator"])
    assert reasons(report) == [(3, "", "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")]


def refused(upload_) -> str:
    with pytest.raises(ValidationError) as error:
        check_xlsx(upload_)
    return error.value.message_dict["file"][0]


def test_only_xlsx_files_are_accepted_and_macro_files_are_named(world):
    good = xlsx_bytes([["x"]])
    assert "có macro" in refused(upload(good, "danh-sach.xlsm"))
    assert "chỉ nhận tệp Excel .xlsx" in refused(upload(b"a,b\n", "danh-sach.csv"))
    assert "không phải là tệp .xlsx" in refused(upload(b"%PDF-1.4 not a spreadsheet"))
    assert "rỗng" in refused(upload(b""))


def test_a_file_over_10_mb_is_refused_before_reading(world, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    assert "vượt giới hạn" in refused(upload(xlsx_bytes([["x" * 2000]])))


def test_a_workbook_hiding_a_macro_is_refused(world):
    content = rewritten(xlsx_bytes([["x"]]), {"xl/vbaProject.bin": b"\x00" * 64})
    assert "chứa macro" in refused(upload(content))


def test_a_zip_bomb_is_refused(world):
    content = rewritten(xlsx_bytes([["x"]]), {"xl/media/padding.xml": b"\x20" * (3 * 1024 * 1024)})
    assert "bom zip" in refused(upload(content))


def test_a_zip_bomb_by_total_size_is_refused(world, monkeypatch):
    monkeypatch.setattr(roster_import, "MAX_UNPACKED_BYTES", 2000)
    assert "bom zip" in refused(upload(xlsx_bytes([["x" * 3000]])))


ENTITIES = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
)


def test_xml_entities_are_refused_before_any_parser_sees_them(world, personas, monkeypatch):
    def must_not_parse(*args, **kwargs):
        raise AssertionError("openpyxl was called on a refused file")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_parse)
    content = rewritten(xlsx_bytes([["x"]]), {"xl/worksheets/sheet1.xml": ENTITIES})
    with pytest.raises(ValidationError) as error:
        read_roster(upload(content), actor=personas["coordinator"])
    assert "DOCTYPE/ENTITY" in error.value.message_dict["file"][0]
    utf16 = rewritten(xlsx_bytes([["x"]]), {"xl/worksheets/sheet1.xml": ENTITIES.decode().encode("utf-16")})
    assert "không phải UTF-8" in refused(upload(utf16))


# The page -----------------------------------------------------------------------------------------


def test_the_import_page_adds_a_valid_file_and_says_how_many(client, world, personas):
    client.force_login(personas["commune_officer"])
    upload_ = sheet([1, "Xã An", "Nguyễn Văn An", "Công chức", "UBND-HUYEN", "02/01/2019", None])
    response = client.post("/outreach/officials/import/", {"file": upload_}, follow=True)
    assert "Đã thêm 1 cán bộ vào danh sách." in response.content.decode()
    assert Official.objects.get().unit == world.commune
    assert AuditEntry.objects.get(verb="outreach.official.imported").changes["file"] == "danh-sach.xlsx"


def test_one_bad_row_rejects_the_whole_file_and_the_page_lists_it(client, world, personas):
    client.force_login(personas["commune_officer"])
    upload_ = sheet(
        [1, "Xã An", "Nguyễn Văn An", "Công chức", "UBND-HUYEN", "02/01/2019", None],
        [2, "Xã Bình", "Lê Văn Bình", "Công chức", "UBND-HUYEN", "02/01/2019", None],
    )
    response = client.post("/outreach/officials/import/", {"file": upload_})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tệp có 1 lỗi; chưa có dòng nào được lưu" in html
    assert "không có địa bàn “Xã Bình” trong địa bàn của bạn" in html
    assert not Official.objects.exists()


def test_a_refused_file_is_named_on_the_import_page(client, world, personas):
    client.force_login(personas["coordinator"])
    response = client.post("/outreach/officials/import/", {"file": upload(b"MZ not excel", "ds.xlsm")})
    assert "Tệp “ds.xlsm” bị từ chối: tệp Excel có macro không được nhận" in response.content.decode()


def test_read_only_roles_cannot_import(client, world, personas):
    client.force_login(personas["viewer"])
    assert client.get("/outreach/officials/import/").status_code == 403
    assert client.post("/outreach/officials/import/", {"file": sheet()}).status_code == 403
