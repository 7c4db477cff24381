"""Importing the roster of officials from an .xlsx file: all or nothing.

Two stages, and nothing is written unless both pass for every row:

1. `check_xlsx` looks at the file *before* any spreadsheet parser sees it: the name ends in .xlsx
   (not .xlsm), it is at most 10 MB, it is a real OOXML zip (first bytes, [Content_Types].xml,
   xl/workbook.xml), without macros (vbaProject.bin, a macro-enabled content type), without
   encrypted members, not a zip bomb (total unpacked size, per-member compression ratio, number
   of members), and no XML part declares a DTD or entities (<!DOCTYPE, <!ENTITY: billion laughs,
   external entities). Spreadsheets written by Excel, LibreOffice or openpyxl never contain
   either, so refusing them costs nothing. This is why `defusedxml` is not needed: openpyxl
   only ever parses parts that passed this scan.
2. `read_roster` reads the first sheet with openpyxl (read-only, values only), finds the header
   row among the first rows (any order, with or without diacritics), and checks every row: the
   required values, dates (dd/mm/yyyy or real Excel dates), the agency and the unit (by code or
   name, inside the importer's area), duplicates, and the service's own rules
   (`services.official_errors`). Every problem is reported with its row, column and reason.

The view then calls `services.officials_import` with the rows, which writes them in one
transaction.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from lanhmanh.accounts.models import Agency, User
from lanhmanh.outreach import queries
from lanhmanh.outreach.models import Official
from lanhmanh.outreach.services import OfficialInput, official_errors
from lanhmanh.places.models import AdministrativeUnit

# Limits of the file-level check (stage 1).
MAX_MEMBERS = 300
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# A real sheet of text compresses 5-20 times; zeros packed 1,000 times are a bomb. Small parts
# are exempt: a short run of repeated XML may legitimately compress well.
MAX_RATIO = 100
RATIO_EXEMPT_BYTES = 64 * 1024
CHUNK = 64 * 1024
FORBIDDEN_XML = (b"<!doctype", b"<!entity")

# Limits of the reading (stage 2).
HEADER_SEARCH_ROWS = 20
MAX_ROWS = 5000


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # as the report names it
    names: tuple[str, ...]  # normalised header texts that mean this column
    required: bool = True


COLUMNS = (
    Column("full_name", "Họ và tên", ("ho va ten", "ho ten", "ho va ten can bo")),
    Column("agency", "Cơ quan", ("co quan", "ma co quan", "co quan cong tac", "don vi cong tac")),
    Column("unit", "Địa bàn", ("dia ban", "ma dia ban", "don vi hanh chinh")),
    Column("position", "Chức vụ", ("chuc vu", "chuc danh", "vi tri")),
    Column("start_date", "Ngày bắt đầu", ("ngay bat dau", "tu ngay")),
    Column("end_date", "Ngày kết thúc", ("ngay ket thuc", "den ngay"), required=False),
)
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


@dataclass(frozen=True)
class Problem:
    row: int  # the sheet's row number, as Excel shows it
    column: str  # "C (Địa bàn)", or "" for the whole row
    reason: str


@dataclass
class RosterReport:
    rows: list[OfficialInput] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def normalise(text: object) -> str:
    """ "Ngày bắt đầu:" -> "ngay bat dau": no diacritics, lower case, single spaces."""
    value = str(text or "").replace("đ", "d").replace("Đ", "D")
    value = "".join(ch for ch in unicodedata.normalize("NFD", value) if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[*:]", " ", value).lower().split())


# Stage 1: the file itself --------------------------------------------------------------------------


def _refuse(name: str, reason: str) -> ValidationError:
    return ValidationError({"file": f"Tệp “{name}” bị từ chối: {reason}"})


def check_xlsx(upload: UploadedFile) -> None:
    """Refuse anything but a plain .xlsx before a parser reads it (see the module docstring)."""
    name = upload.name or ""
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsm", ".xltm", ".xlam"):
        raise _refuse(name, "tệp Excel có macro không được nhận; hãy lưu lại dưới dạng .xlsx.")
    if suffix != ".xlsx":
        raise _refuse(name, "chỉ nhận tệp Excel .xlsx.")
    size = upload.size or 0
    if size == 0:
        raise _refuse(name, "tệp rỗng.")
    if size > settings.MAX_UPLOAD_BYTES:
        limit = filesizeformat(settings.MAX_UPLOAD_BYTES)
        raise _refuse(name, f"tệp lớn {filesizeformat(size)}, vượt giới hạn {limit}.")
    upload.seek(0)
    if upload.read(4) != b"PK\x03\x04":
        upload.seek(0)
        raise _refuse(name, "nội dung không phải là tệp .xlsx.")
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            _check_archive(archive, name)
    # zipfile raises NotImplementedError for compression methods it cannot read (a crafted or
    # foreign archive): for the official that is simply "not a valid .xlsx file".
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError):
        raise _refuse(name, "nội dung không phải là tệp .xlsx hợp lệ.") from None
    finally:
        upload.seek(0)


def _check_archive(archive: zipfile.ZipFile, name: str) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _refuse(name, "tệp chứa quá nhiều thành phần.")
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise _refuse(name, "nội dung không phải là tệp .xlsx hợp lệ.")
    if any(member.filename.lower().endswith("vbaproject.bin") for member in members):
        raise _refuse(name, "tệp chứa macro.")
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise _refuse(name, "tệp giải nén quá lớn (nghi là “bom zip”).")
    for member in members:
        if member.flag_bits & 0x1:
            raise _refuse(name, "tệp có thành phần được mã hóa.")
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_EXEMPT_BYTES and ratio > MAX_RATIO:
            raise _refuse(name, "tệp nén bất thường (nghi là “bom zip”).")
    for member in members:
        if member.filename.lower().endswith((".xml", ".rels", ".vml")):
            with archive.open(member) as part:
                problem = _scan_xml(part)
            if problem:
                raise _refuse(name, problem)
    content_types = archive.read("[Content_Types].xml").lower()
    if b"macroenabled" in content_types or b"vbaproject" in content_types:
        raise _refuse(name, "tệp chứa macro.")


def _scan_xml(part: IO[bytes]) -> str:
    """'' when the part is plain UTF-8 XML without DTD or entity declarations, else the reason."""
    tail = b""
    first = True
    read = 0
    while chunk := part.read(CHUNK):
        read += len(chunk)
        if read > MAX_UNPACKED_BYTES:
            return "tệp giải nén quá lớn (nghi là “bom zip”)."
        if first:
            first = False
            # UTF-16 (or any encoding with NUL bytes) would hide a declaration from the scan below.
            if chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:512]:
                return "tệp có thành phần XML mã hóa không phải UTF-8."
        window = (tail + chunk).lower()
        if any(marker in window for marker in FORBIDDEN_XML):
            return "tệp chứa khai báo DTD hoặc thực thể XML (DOCTYPE/ENTITY), không được phép."
        tail = window[-16:]
    return ""


# Stage 2: the rows ---------------------------------------------------------------------------------


def _find_header(rows: Iterator[tuple[Any, ...]]) -> tuple[int, dict[str, int], list[Problem]]:
    """(sheet row of the header, field -> column index) from the first rows; problems if not found."""
    wanted = {name: column for column in COLUMNS for name in column.names}
    best: tuple[int, dict[str, int]] = (0, {})
    for number, row in enumerate(rows, start=1):
        found: dict[str, int] = {}
        for index, cell in enumerate(row):
            column = wanted.get(normalise(cell))
            if column is not None and column.field not in found:
                found[column.field] = index
        required = {column.field for column in COLUMNS if column.required}
        if required <= set(found):
            return number, found, []
        if len(found) > len(best[1]):
            best = (number, found)
        if number >= HEADER_SEARCH_ROWS:
            break
    missing = [column.label for column in COLUMNS if column.required and column.field not in best[1]]
    where = f"dòng {best[0]}" if best[1] else f"{HEADER_SEARCH_ROWS} dòng đầu"
    reason = (
        f"Không tìm thấy dòng tiêu đề: thiếu cột {', '.join(missing)} ({where}). "
        f"Cần các cột: {', '.join(c.label for c in COLUMNS if c.required)}; không bắt buộc: Ngày kết thúc."
    )
    return 0, {}, [Problem(best[0], "", reason)]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _date(value: Any, epoch: datetime) -> date:
    """A real date cell, an Excel serial number, or text dd/mm/yyyy; ValueError with the reason."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # Excel's serial numbers: 1 is 01/01/1900, 2958465 is 31/12/9999.
        if not float(value).is_integer() or not 1 <= value <= 2958465:
            raise ValueError(f"số “{value}” không phải là một ngày")
        converted = from_excel(value, epoch=epoch)
        if not isinstance(converted, datetime):
            raise ValueError(f"số “{value}” không phải là một ngày")
        return converted.date()
    text = _text(value)
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"“{text}” không phải là ngày dạng dd/mm/yyyy")


class _Lookup:
    """Agencies and units of the importer's area, found by code or by name (without diacritics)."""

    def __init__(self, actor: User) -> None:
        self.agencies: dict[str, list[Agency]] = {}
        for agency in queries.agencies_for(actor):
            for key in {agency.code, agency.name, agency.short_name} - {""}:
                self.agencies.setdefault(normalise(key), []).append(agency)
        self.units: dict[str, list[AdministrativeUnit]] = {}
        for unit in queries.units_in_scope(actor):
            for key in (unit.code, unit.name):
                self.units.setdefault(normalise(key), []).append(unit)

    @staticmethod
    def _one(found: dict[str, list[Any]], text: str, what: str) -> Any:
        matches = list({item.pk: item for item in found.get(normalise(text), [])}.values())
        if not matches:
            raise ValueError(f"không có {what} “{text}” trong địa bàn của bạn")
        if len(matches) > 1:
            raise ValueError(f"có nhiều {what} tên “{text}”; hãy ghi mã")
        return matches[0]

    def agency(self, text: str) -> Agency:
        agency: Agency = self._one(self.agencies, text, "cơ quan")
        return agency

    def unit(self, text: str) -> AdministrativeUnit:
        unit: AdministrativeUnit = self._one(self.units, text, "địa bàn")
        return unit


def read_roster(upload: UploadedFile, *, actor: User) -> RosterReport:
    """Check the file, then every row; the report lists the rows to add or every problem found."""
    check_xlsx(upload)
    report = RosterReport()
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        # openpyxl fails in many ways (missing parts, bad XML, bad styles); each is the file's fault.
        raise _refuse(upload.name or "", "không đọc được nội dung bảng tính.") from None
    try:
        sheet = workbook.worksheets[0]
        # Some writers store a wrong sheet size; reading without it reads every row there is.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        header_row, columns, problems = _find_header(rows)
        if problems:
            report.problems = problems
            return report
        _read_rows(rows, header_row, columns, actor, report, workbook.epoch)
    finally:
        workbook.close()
    return report


def _column_name(columns: dict[str, int], field_name: str) -> str:
    label = next(column.label for column in COLUMNS if column.field == field_name)
    if field_name not in columns:
        return label
    return f"{get_column_letter(columns[field_name] + 1)} ({label})"


def _read_rows(
    rows: Iterator[tuple[Any, ...]],
    header_row: int,
    columns: dict[str, int],
    actor: User,
    report: RosterReport,
    epoch: datetime,
) -> None:
    lookup = _Lookup(actor)
    seen: dict[tuple[str, int, int], int] = {}
    existing = {
        (normalise(name), agency_id, unit_id)
        for name, agency_id, unit_id in Official.objects.visible_to(actor)
        .filter(end_date__isnull=True)
        .values_list("full_name", "agency_id", "unit_id")
    }
    count = 0
    for number, row in enumerate(rows, start=header_row + 1):
        cells = {name: (row[index] if index < len(row) else None) for name, index in columns.items()}
        if all(_text(value) == "" for value in cells.values()):
            continue
        count += 1
        if count > MAX_ROWS:
            report.problems.append(Problem(number, "", f"Tệp có quá {MAX_ROWS} dòng dữ liệu; hãy chia nhỏ."))
            return
        parsed = _parse_row(number, cells, columns, lookup, report, epoch)
        if parsed is None:
            continue
        for field_name, messages in official_errors(actor, parsed).items():
            for message in messages:
                report.problems.append(Problem(number, _column_name(columns, field_name), message))
        key = (normalise(parsed.full_name), parsed.agency.pk, parsed.unit.pk)
        if key in seen:
            reason = f"trùng với dòng {seen[key]} (cùng họ tên, cơ quan, địa bàn)."
            report.problems.append(Problem(number, _column_name(columns, "full_name"), reason))
        elif key in existing:
            reason = "cán bộ này đã có trong danh sách (cùng họ tên, cơ quan, địa bàn, đang làm công tác)."
            report.problems.append(Problem(number, _column_name(columns, "full_name"), reason))
        seen.setdefault(key, number)
        report.rows.append(parsed)
    if count == 0:
        report.problems.append(Problem(header_row, "", "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))


def _parse_row(
    number: int,
    cells: dict[str, Any],
    columns: dict[str, int],
    lookup: _Lookup,
    report: RosterReport,
    epoch: datetime,
) -> OfficialInput | None:
    before = len(report.problems)

    def problem(field_name: str, reason: str) -> None:
        report.problems.append(Problem(number, _column_name(columns, field_name), reason))

    values: dict[str, Any] = {}
    for column in COLUMNS:
        raw = cells.get(column.field)
        if _text(raw) == "":
            if column.required:
                problem(column.field, f"Cần nhập “{column.label}”.")
            values[column.field] = None
            continue
        try:
            if column.field == "agency":
                values[column.field] = lookup.agency(_text(raw))
            elif column.field == "unit":
                values[column.field] = lookup.unit(_text(raw))
            elif column.field in ("start_date", "end_date"):
                values[column.field] = _date(raw, epoch)
            else:
                values[column.field] = _text(raw)
        except ValueError as error:
            problem(column.field, f"“{column.label}”: {error}.")
    if len(report.problems) > before:
        return None
    return OfficialInput(**values)
