"""The registry in Excel: the template to fill in, the import (.xlsx or .csv), the export.

The import is all or nothing, in two stages, as the roster import of outreach:

1. The file itself, before any parser sees it. An .xlsx goes through `outreach.roster_import.check_xlsx`
   (the one check of spreadsheets in the project: size, real OOXML zip, no macros, no zip bomb, no
   DTD or entity declarations in any XML part). A .csv must be at most 10 MB of UTF-8 text (no
   binary content, no zip). Any other name is refused, .xlsm with its own reason.
2. The rows. The header row is looked for among the first 20 rows (titles above it are common),
   headers are recognised with or without diacritics and in any order, dates are Excel dates or
   dd/mm/yyyy text, phone numbers keep their leading zero (a number that lost it gets it back when
   it has nine digits), communes are named or given by GSO code, empty rows are skipped. Every
   problem is reported with its row, column and reason; then `services.plan_import` matches each
   row with the establishment it updates (registration number, else name + address + commune).

`services.establishments_import` then writes every row in one transaction, checking again.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from lanhmanh.accounts.models import User
from lanhmanh.establishments import queries
from lanhmanh.establishments.models import Establishment, EstablishmentType
from lanhmanh.establishments.services import (
    LABELS,
    EstablishmentInput,
    ImportPlan,
    ImportRow,
    establishment_errors,
    plan_import,
)
from lanhmanh.outreach.roster_import import Problem, check_xlsx, normalise
from lanhmanh.places.models import AdministrativeUnit

HEADER_SEARCH_ROWS = 20
MAX_ROWS = 20_000
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")


def header_key(text: object) -> str:
    """ "Xã, phường (*)" -> "xa phuong": no diacritics, lower case, letters and digits only."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", normalise(text)).split())


@dataclass(frozen=True)
class Column:
    field: str
    names: tuple[str, ...]  # header_key() of the headers that mean this column
    required: bool = False

    @property
    def label(self) -> str:
        return LABELS[self.field]


COLUMNS = (
    Column("name", ("ten co so", "ten", "ten co so kinh doanh", "ten doanh nghiep"), required=True),
    Column("kind", ("loai hinh", "loai hinh kinh doanh", "nganh nghe", "loai hinh co so"), required=True),
    Column("address", ("dia chi", "dia chi co so", "dia chi kinh doanh"), required=True),
    Column(
        "commune",
        (
            "xa phuong",
            "xa phuong thi tran",
            "xa",
            "phuong",
            "ma xa",
            "dia ban",
            "don vi hanh chinh",
            "xa phuong dac khu",
        ),
        required=True,
    ),
    Column("owner_name", ("chu co so", "ho ten chu co so", "ho va ten chu co so", "nguoi dai dien", "chu so huu")),
    Column("owner_phone", ("dien thoai", "so dien thoai", "sdt", "dien thoai chu co so", "so dt")),
    Column(
        "registration_number",
        ("so dang ky kinh doanh", "so dkkd", "so giay dkkd", "ma so doanh nghiep", "so giay chung nhan dkkd"),
    ),
    Column(
        "security_certificate_number",
        ("so giay chung nhan antt", "so gcn antt", "so giay chung nhan du dieu kien ve antt", "giay chung nhan antt"),
    ),
    Column("security_certificate_date", ("ngay cap giay chung nhan antt", "ngay cap gcn antt", "ngay cap antt")),
    Column(
        "security_certificate_issuer",
        ("noi cap giay chung nhan antt", "co quan cap giay chung nhan antt", "noi cap gcn antt", "noi cap antt"),
    ),
    Column("rooms", ("so phong",)),
    Column("workers", ("so lao dong", "so nguoi lao dong")),
    Column("opened_on", ("ngay bat dau hoat dong", "ngay hoat dong", "ngay khai truong", "ngay thanh lap")),
    Column("notes", ("ghi chu",)),
)
REQUIRED = tuple(column.field for column in COLUMNS if column.required)
DATE_FIELDS = ("security_certificate_date", "opened_on")
NUMBER_FIELDS = ("rooms", "workers")
# Words officials write for each type, besides its label and its code.
KIND_ALIASES = {
    EstablishmentType.HOTEL: ("khach san",),
    EstablishmentType.GUEST_HOUSE: ("nha nghi", "nha khach"),
    EstablishmentType.MOTEL: ("nha tro", "phong tro", "nha tro phong tro"),
    EstablishmentType.RENTED_ROOMS: ("phong cho thue", "can ho cho thue", "cho thue phong", "can ho"),
    EstablishmentType.RESTAURANT: ("nha hang", "quan an", "nha hang an uong"),
    EstablishmentType.KARAOKE: ("karaoke", "ka ra o ke", "karaoke box"),
    EstablishmentType.DANCE_HALL: ("vu truong",),
    EstablishmentType.BAR: ("bar", "quan bar", "pub"),
    EstablishmentType.MASSAGE: ("massage", "xoa bop", "mat xa"),
    EstablishmentType.SAUNA: ("sauna", "xong hoi"),
    EstablishmentType.HAIR_WASH: ("goi dau", "cat toc goi dau", "goi dau thu gian", "cat toc"),
    EstablishmentType.DIM_CAFE: ("ca phe den mo", "cafe den mo", "cafe"),
    EstablishmentType.OTHER: ("khac",),
}
KINDS: dict[str, str] = {}
for _kind in EstablishmentType:
    for _key in (_kind.value, str(_kind.label), *KIND_ALIASES.get(_kind, ())):
        KINDS[header_key(_key)] = _kind.value


@dataclass
class ImportReport:
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    plan: ImportPlan | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _refuse(name: str, reason: str) -> ValidationError:
    return ValidationError({"file": f"Tệp “{name}” bị từ chối: {reason}"})


# Stage 1: the file ---------------------------------------------------------------------------------


def check_csv(upload: UploadedFile) -> str:
    """The text of a .csv upload, or a refusal: at most 10 MB, UTF-8, no binary content."""
    name = upload.name or ""
    size = upload.size or 0
    if size == 0:
        raise _refuse(name, "tệp rỗng.")
    if size > settings.MAX_UPLOAD_BYTES:
        limit = filesizeformat(settings.MAX_UPLOAD_BYTES)
        raise _refuse(name, f"tệp lớn {filesizeformat(size)}, vượt giới hạn {limit}.")
    upload.seek(0)
    content = upload.read(settings.MAX_UPLOAD_BYTES + 1)
    upload.seek(0)
    if content.startswith(b"PK\x03\x04") or b"\x00" in content:
        raise _refuse(name, "nội dung không phải là tệp văn bản .csv.")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(name, "tệp .csv phải được lưu với bảng mã UTF-8 (Excel: “CSV UTF-8”).") from None


def check_file(upload: UploadedFile) -> str:
    """ ".xlsx" or ".csv" once the file passed its checks; a ValidationError on "file" otherwise."""
    name = upload.name or ""
    suffix = Path(name).suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise _refuse(name, "tệp Excel có macro không được nhận; hãy lưu lại dưới dạng .xlsx.")
    if suffix == ".csv":
        check_csv(upload)
        return suffix
    if suffix != ".xlsx":
        raise _refuse(name, "chỉ nhận tệp Excel .xlsx hoặc tệp .csv.")
    check_xlsx(upload)
    return suffix


# Stage 2: the rows ---------------------------------------------------------------------------------


def _find_header(rows: Iterator[tuple[Any, ...]]) -> tuple[int, dict[str, int], list[Problem]]:
    wanted = {name: column for column in COLUMNS for name in column.names}
    best: tuple[int, dict[str, int]] = (0, {})
    for number, row in enumerate(rows, start=1):
        found: dict[str, int] = {}
        for index, cell in enumerate(row):
            column = wanted.get(header_key(cell))
            if column is not None and column.field not in found:
                found[column.field] = index
        if set(REQUIRED) <= set(found):
            return number, found, []
        if len(found) > len(best[1]):
            best = (number, found)
        if number >= HEADER_SEARCH_ROWS:
            break
    missing = [LABELS[name] for name in REQUIRED if name not in best[1]]
    where = f"dòng {best[0]}" if best[1] else f"{HEADER_SEARCH_ROWS} dòng đầu"
    reason = (
        f"Không tìm thấy dòng tiêu đề: thiếu cột {', '.join(missing)} ({where}). "
        f"Cần các cột: {', '.join(LABELS[name] for name in REQUIRED)}."
    )
    return 0, {}, [Problem(best[0], "", reason)]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y}"
    return " ".join(str(value).split())


def _date(value: Any, epoch: datetime) -> date:
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


def _count(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f"“{value}” không phải là số nguyên")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value).replace(".", "").replace(",", "")
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError(f"“{_text(value)}” không phải là số nguyên")
    return int(text)


class CommuneLookup:
    """Communes of the importer's scope, by GSO code or by name (with or without "Xã", "Phường"...)."""

    PREFIXES = ("xa ", "phuong ", "thi tran ", "dac khu ")

    def __init__(self, actor: User) -> None:
        self.found: dict[str, list[AdministrativeUnit]] = {}
        for unit in queries.communes_in_scope(actor):
            keys = {header_key(unit.code), header_key(unit.name)}
            for prefix in self.PREFIXES:
                if header_key(unit.name).startswith(prefix):
                    keys.add(header_key(unit.name).removeprefix(prefix))
            for key in keys:
                self.found.setdefault(key, []).append(unit)

    def get(self, text: str) -> AdministrativeUnit:
        matches = self.found.get(header_key(text), [])
        if len(matches) > 1:
            # A code or a name reused after a merger: the unit in force today wins.
            current = [unit for unit in matches if unit.valid_to is None]
            matches = current if len(current) == 1 else matches
        if not matches:
            raise ValueError(f"không có xã, phường “{text}” trong phạm vi của bạn")
        if len(matches) > 1:
            raise ValueError(f"có nhiều xã, phường “{text}”; hãy ghi mã đơn vị hành chính")
        return matches[0]


def _column_name(columns: dict[str, int], field_name: str) -> str:
    if field_name not in columns:
        return LABELS.get(field_name, field_name)
    return f"{get_column_letter(columns[field_name] + 1)} ({LABELS[field_name]})"


def read_rows(
    rows: Iterator[tuple[Any, ...]], *, actor: User, epoch: datetime = openpyxl.utils.datetime.CALENDAR_WINDOWS_1900
) -> ImportReport:
    """Check every row of a table (the first rows may be titles) and match it with the registry."""
    report = ImportReport()
    header_row, columns, problems = _find_header(rows)
    if problems:
        report.problems = problems
        return report
    lookup = CommuneLookup(actor)
    count = 0
    for number, row in enumerate(rows, start=header_row + 1):
        cells = {name: (row[index] if index < len(row) else None) for name, index in columns.items()}
        if all(_text(value) == "" for value in cells.values()):
            continue
        count += 1
        if count > MAX_ROWS:
            report.problems.append(Problem(number, "", f"Tệp có quá {MAX_ROWS} dòng dữ liệu; hãy chia nhỏ."))
            return report
        parsed = _parse_row(number, cells, columns, lookup, epoch, report)
        if parsed is None:
            continue
        for field_name, messages in establishment_errors(actor, parsed.data).items():
            for message in messages:
                report.problems.append(Problem(number, _column_name(columns, field_name), message))
        report.rows.append(parsed)
    if count == 0:
        report.problems.append(Problem(header_row, "", "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    if report.problems:
        return report
    report.plan = plan_import(actor, report.rows)
    for index, field_name, reason in report.plan.problems:
        line = report.rows[index].line
        report.problems.append(Problem(line, _column_name(columns, field_name), reason[:1].upper() + reason[1:]))
    report.problems.sort(key=lambda problem: problem.row)
    return report


def _parse_row(
    number: int,
    cells: dict[str, Any],
    columns: dict[str, int],
    lookup: CommuneLookup,
    epoch: datetime,
    report: ImportReport,
) -> ImportRow | None:
    before = len(report.problems)
    values: dict[str, Any] = {}
    given = set()
    for column in COLUMNS:
        raw = cells.get(column.field)
        text = _text(raw)
        if text == "":
            if column.required:
                report.problems.append(
                    Problem(number, _column_name(columns, column.field), f"Cần nhập “{column.label}”.")
                )
            continue
        given.add(column.field)
        try:
            if column.field == "commune":
                values["commune"] = lookup.get(text)
            elif column.field == "kind":
                kind = KINDS.get(header_key(text))
                if kind is None:
                    raise ValueError(f"loại hình “{text}” không có trong danh mục (xem trang “Hướng dẫn” của tệp mẫu)")
                values["kind"] = kind
            elif column.field in DATE_FIELDS:
                values[column.field] = _date(raw, epoch)
            elif column.field in NUMBER_FIELDS:
                values[column.field] = _count(raw)
            else:
                values[column.field] = text
        except ValueError as error:
            report.problems.append(Problem(number, _column_name(columns, column.field), f"“{column.label}”: {error}."))
    if len(report.problems) > before:
        return None
    data = EstablishmentInput(**values).normalised()
    return ImportRow(data=data, given=frozenset(given), line=number)


def read_upload(upload: UploadedFile, *, actor: User) -> ImportReport:
    """Check the file, then every row; the report lists what the import would do, or every problem."""
    suffix = check_file(upload)
    if suffix == ".csv":
        text = check_csv(upload)
        return read_rows(_csv_rows(text), actor=actor)
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        # openpyxl fails in many ways (missing parts, bad XML, bad styles); each is the file's fault.
        raise _refuse(upload.name or "", "không đọc được nội dung bảng tính.") from None
    try:
        sheet = workbook.worksheets[0]
        # Some writers store a wrong sheet size; reading without it reads every row there is.
        sheet.reset_dimensions()
        return read_rows(sheet.iter_rows(values_only=True), actor=actor, epoch=workbook.epoch)
    finally:
        workbook.close()


def _csv_rows(text: str) -> Iterator[tuple[Any, ...]]:
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    for row in csv.reader(io.StringIO(text), dialect):
        yield tuple(row)


# The template and the export ------------------------------------------------------------------------

EXPORT_EXTRA = ("Tình trạng", "Cam kết còn hiệu lực", "Đã đăng ký lao động", "Có dấu hiệu mại dâm")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _header(sheet: Any, labels: Iterable[str]) -> None:
    bold = Font(bold=True)
    for index, label in enumerate(labels, start=1):
        cell = sheet.cell(row=3, column=index, value=label)
        cell.font = bold
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(label) + 2)


def template_xlsx(actor: User) -> bytes:
    """An empty registry to fill in, with a sheet listing the types and the communes of the scope."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Danh sách cơ sở"
    sheet["A1"] = "DANH SÁCH CƠ SỞ KINH DOANH DỊCH VỤ NHẠY CẢM"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = "Cột có dấu * là bắt buộc. Ngày ghi dd/mm/yyyy. Xã, phường: tên hoặc mã (xem trang “Hướng dẫn”)."
    _header(sheet, [f"{column.label}{' *' if column.required else ''}" for column in COLUMNS])
    # Phone and registration numbers are text: Excel would drop a phone number's leading zero.
    for name in ("owner_phone", "registration_number"):
        letter = get_column_letter([c.field for c in COLUMNS].index(name) + 1)
        for row in range(4, 504):
            sheet[f"{letter}{row}"].number_format = "@"
    guide = workbook.create_sheet("Hướng dẫn")
    guide.append(["Loại hình (ghi một trong các tên sau)"])
    for kind in EstablishmentType:
        guide.append([str(kind.label)])
    guide.append([])
    guide.append(["Mã xã, phường", "Tên", "Thuộc"])
    for unit in queries.communes_in_scope(actor):
        guide.append([unit.code, unit.name, unit.parent.name if unit.parent else ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_xlsx(establishments: Iterable[Establishment]) -> bytes:
    """The establishments as rows the import reads back, with their compliance on the list's day."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách cơ sở")
    sheet.append(["DANH SÁCH CƠ SỞ KINH DOANH DỊCH VỤ NHẠY CẢM"])
    sheet.append([f"Xuất ngày {timezone.localdate():%d/%m/%Y}"])
    sheet.append([column.label for column in COLUMNS] + list(EXPORT_EXTRA))
    yes, no = "Có", "Không"
    for item in establishments:
        values: list[Any] = []
        for column in COLUMNS:
            if column.field == "commune":
                values.append(item.commune.code)
            elif column.field == "kind":
                values.append(item.get_kind_display())
            elif column.field in DATE_FIELDS:
                day = getattr(item, column.field)
                values.append(f"{day:%d/%m/%Y}" if day else "")
            else:
                value = getattr(item, column.field)
                values.append("" if value is None else value)
        values += [
            item.get_status_display(),
            yes if getattr(item, "has_commitment", False) else no,
            yes if getattr(item, "has_registration", False) else no,
            yes if getattr(item, "has_signs", False) else no,
        ]
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
