"""The violation catalogue as data: reading a file of data/violations/ and writing its rows.

1. `parse_catalogue_file` reads and checks the whole file without touching a table (types, required
   fields, choices, fine ranges, validity dates, duplicate codes), collecting every problem, each
   naming the file, the entry and the field.
2. `load_catalogue_file` writes it in one transaction, keyed by the row's `code`: a new code is
   created, the same content changes nothing (reloading is idempotent), other content replaces the
   row only while no recorded violation uses it; once one does, the file must carry a new code, so a
   recorded case keeps the row it was decided under. Any problem raises `CatalogueFileError` and
   nothing is written.

The file format is in docs/inspections.md. The reader primitives are the healthy-commune scheme
reader's (`communes/data_file.py`, on top of `core/yamlfile.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from lanhmanh.core import audit
from lanhmanh.core.yamlfile import Codes, FieldReader, Problem, entry_name, read_yaml
from lanhmanh.inspections.models import SubjectType, ViolationType

TOP_FIELDS = ("legal_basis", "valid_from", "valid_to", "source", "rows")
ROW_FIELDS = (
    "code",
    "legal_basis",
    "article",
    "clause",
    "point",
    "description",
    "subject_type",
    "warning_allowed",
    "fine_min",
    "fine_max",
    "additional_sanctions",
    "remedies",
    "valid_from",
    "valid_to",
    "source",
)
CODE = re.compile(r"^[-a-z0-9_.]+$")
# BigIntegerField holds far more; a fine above a thousand billion đồng is a typo.
MAX_FINE = Decimal(10) ** 12
FILE_ENTRY = "tệp danh mục"
DATA_DIR = Path(settings.BASE_DIR) / "data" / "violations"


class CatalogueFileError(Exception):
    """The file cannot be loaded; nothing was written. `messages()` names file, entry and field."""

    def __init__(self, path: str, problems: Sequence[Problem]) -> None:
        self.path = path
        self.problems = list(problems)
        super().__init__(self.text())

    def messages(self) -> list[str]:
        return [f'{self.path}: {p.entry}, trường "{p.field}": {p.message}' for p in self.problems]

    def text(self) -> str:
        head = (
            f"Tệp danh mục hành vi vi phạm {self.path} không hợp lệ ({len(self.problems)} lỗi); "
            "không có thay đổi nào được ghi vào cơ sở dữ liệu:"
        )
        return "\n".join([head, *(f"- {message}" for message in self.messages())])


@dataclass(frozen=True)
class RowSpec:
    code: str
    legal_basis: str
    article: str
    clause: str
    point: str
    description: str
    subject_type: str
    warning_allowed: bool
    fine_min: int
    fine_max: int
    additional_sanctions: str
    remedies: str
    valid_from: date
    valid_to: date | None
    source_note: str

    def values(self) -> dict[str, Any]:
        fields = asdict(self)
        fields.pop("code")
        return fields


def _fine(reader: FieldReader, name: str) -> int | None:
    number = reader.number(name, required=True, limit=MAX_FINE)
    if number is None:
        return None
    if number != number.to_integral_value():
        reader.problem(name, f"số tiền phải là số nguyên đồng, nhận được {number}.")
        return None
    return int(number)


def _parse_row(
    raw: object, index: int, defaults: dict[str, Any], codes: Codes, problems: list[Problem]
) -> RowSpec | None:
    before = len(problems)
    reader = FieldReader(raw, entry_name("rows", index, raw), problems, ROW_FIELDS)
    code = reader.code("code", max_length=60, pattern=CODE, rule="chỉ gồm chữ thường không dấu, chữ số, -, _ và .")
    codes.check(code, reader)
    legal_basis = reader.text("legal_basis", required=False, max_length=200) or defaults["legal_basis"]
    if not legal_basis:
        reader.problem("legal_basis", "thiếu căn cứ pháp lý (ghi ở mục này hoặc ở đầu tệp).")
    subject_type = reader.choice("subject_type", SubjectType.values)
    fine_min = _fine(reader, "fine_min")
    fine_max = _fine(reader, "fine_max")
    if fine_min is not None and fine_max is not None and fine_max < fine_min:
        reader.problem("fine_max", f"mức tối đa {fine_max:,} đồng nhỏ hơn mức tối thiểu {fine_min:,} đồng.")
    valid_from = reader.day("valid_from", required=False) if reader.has("valid_from") else defaults["valid_from"]
    valid_to = reader.day("valid_to", required=False) if reader.has("valid_to") else defaults["valid_to"]
    if valid_from is None:
        reader.problem("valid_from", "thiếu ngày bắt đầu hiệu lực (ghi ở mục này hoặc ở đầu tệp).")
    if valid_from and valid_to and valid_to < valid_from:
        reader.problem("valid_to", f"ngày hết hiệu lực {valid_to:%d/%m/%Y} trước ngày bắt đầu {valid_from:%d/%m/%Y}.")
    row = RowSpec(
        code=code,
        legal_basis=legal_basis,
        article=reader.text("article", required=False, max_length=20),
        clause=reader.text("clause", required=False, max_length=20),
        point=reader.text("point", required=False, max_length=20),
        description=reader.text("description"),
        subject_type=subject_type,
        warning_allowed=reader.flag("warning_allowed"),
        fine_min=fine_min or 0,
        fine_max=fine_max or 0,
        additional_sanctions=reader.text("additional_sanctions", required=False),
        remedies=reader.text("remedies", required=False),
        valid_from=valid_from or date.min,
        valid_to=valid_to,
        source_note=reader.text("source", required=False) or defaults["source"],
    )
    return row if len(problems) == before else None


def parse_catalogue_file(path: Path, *, shown: str) -> tuple[list[RowSpec], list[Problem]]:
    document, problems = read_yaml(path)
    if document is None:
        return [], problems
    top = FieldReader(document, FILE_ENTRY, problems, TOP_FIELDS)
    defaults = {
        "legal_basis": top.text("legal_basis", required=False, max_length=200),
        "valid_from": top.day("valid_from", required=False),
        "valid_to": top.day("valid_to", required=False),
        "source": top.text("source", required=False),
    }
    codes = Codes("mã hành vi")
    rows: list[RowSpec] = []
    for index, raw in enumerate(top.items("rows", required=True)):
        row = _parse_row(raw, index, defaults, codes, problems)
        if row is not None:
            rows.append(row)
    return rows, problems


@dataclass(frozen=True)
class LoadResult:
    path: str
    created: int
    updated: int
    unchanged: int
    dry_run: bool

    def lines(self) -> list[str]:
        lines = [
            f"Danh mục hành vi vi phạm {self.path}: thêm mới {self.created}, cập nhật {self.updated}, "
            f"không thay đổi {self.unchanged}."
        ]
        if self.dry_run:
            lines.append("Chạy thử (--dry-run): không có thay đổi nào được lưu.")
        return lines


def display_path(path: Path) -> str:
    resolved = path.resolve()
    base = Path(settings.BASE_DIR).resolve()
    return str(resolved.relative_to(base)) if resolved.is_relative_to(base) else str(path)


def load_catalogue_file(path: Path | str, *, dry_run: bool = False) -> LoadResult:
    """Check the whole file, then write it; raise CatalogueFileError (nothing written) on any problem."""
    path = Path(path)
    shown = display_path(path)
    rows, problems = parse_catalogue_file(path, shown=shown)
    if problems:
        raise CatalogueFileError(shown, problems)
    created = updated = unchanged = 0
    with transaction.atomic():
        stored = {
            row.code: row for row in ViolationType.objects.select_for_update().filter(code__in=[r.code for r in rows])
        }
        used = set(
            ViolationType.objects.filter(code__in=list(stored), violations__isnull=False).values_list("code", flat=True)
        )
        refused: list[Problem] = []
        for index, spec in enumerate(rows):
            values = {**spec.values(), "source_file": shown[:200]}
            existing = stored.get(spec.code)
            if existing is None:
                row = ViolationType.objects.create(code=spec.code, **values)
                audit.record(
                    "inspections.violation_type.loaded", actor=None, target=row, changes={"outcome": "created"}
                )
                created += 1
                continue
            before = {name: getattr(existing, name) for name in values}
            changes = audit.diff(before, values)
            changes.pop("source_file", None)
            if not changes:
                unchanged += 1
                continue
            if spec.code in used:
                refused.append(
                    Problem(
                        f"rows[{index}] ({spec.code})",
                        ", ".join(sorted(changes)),
                        "hành vi này đã được dùng cho vi phạm đã ghi nhận nên không được sửa; hãy thêm một dòng "
                        "với mã mới (và đặt valid_to cho dòng cũ nếu nó hết hiệu lực).",
                    )
                )
                continue
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save()
            audit.record("inspections.violation_type.loaded", actor=None, target=existing, changes=changes)
            updated += 1
        if refused:
            raise CatalogueFileError(shown, refused)
        if dry_run:
            transaction.set_rollback(True)
    return LoadResult(path=shown, created=created, updated=updated, unchanged=unchanged, dry_run=dry_run)


def shipped_files() -> list[Path]:
    """The catalogue files the project ships (data/violations/*.yaml), in name order."""
    return sorted(DATA_DIR.glob("*.yaml"))
