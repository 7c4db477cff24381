"""Reading a scheme file (data/assessment-schemes/*.yaml) into typed dataclasses.

Pure: checks YAML syntax, types, required fields, choices, duplicate codes, references between
entries (a criterion's group, a knock-out's class), points against their maximum, and that the
classes' thresholds neither overlap nor leave a gap, without reading a table. Every problem is
collected, each naming the file, the entry and the field, so one run reports all of them.
`lanhmanh.communes.scheme_loader` then writes the scheme. docs/healthy-communes.md is the format.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

from lanhmanh.communes.data_file import Reader, points_text
from lanhmanh.communes.models import ScoringKind
from lanhmanh.core.yamlfile import Codes, Problem, entry_name, read_yaml

TOP_LEVEL_FIELDS = (
    "code",
    "version",
    "title",
    "example",
    "legal_basis",
    "description",
    "valid",
    "max_total",
    "groups",
    "criteria",
    "classes",
)
GROUP_FIELDS = ("code", "title")
CRITERION_FIELDS = (
    "code",
    "group",
    "text",
    "guidance",
    "max_points",
    "scoring",
    "step",
    "unit",
    "bands",
    "evidence_required",
    "knock_out_cap",
    "facts",
)
BAND_FIELDS = ("from", "below", "points")
CLASS_FIELDS = ("code", "label", "from", "below", "healthy")

SCHEME_ENTRY = "bộ tiêu chí"
SLUG = re.compile(r"^[-a-z0-9_]+$")
FACT_CODE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
# Band limits are raw values (DecimalField(max_digits=12, decimal_places=2)).
MAX_VALUE = Decimal(10) ** 10
UNKNOWN_DATE = date.min


class SchemeFileError(Exception):
    """The file cannot be loaded; nothing was written. `messages()` names file, entry and field."""

    def __init__(self, path: str, problems: Sequence[Problem]) -> None:
        self.path = path
        self.problems = list(problems)
        super().__init__(self.text())

    def messages(self) -> list[str]:
        return [f'{self.path}: {p.entry}, trường "{p.field}": {p.message}' for p in self.problems]

    def text(self) -> str:
        head = (
            f"Tệp bộ tiêu chí {self.path} không hợp lệ ({len(self.problems)} lỗi); "
            "không có thay đổi nào được ghi vào cơ sở dữ liệu:"
        )
        return "\n".join([head, *(f"- {message}" for message in self.messages())])


# --- Parsed file -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BandSpec:
    low: Decimal
    below: Decimal | None
    points: Decimal


@dataclass(frozen=True)
class GroupSpec:
    entry: str
    code: str
    title: str


@dataclass(frozen=True)
class CriterionSpec:
    entry: str
    code: str
    group: str
    text: str
    guidance: str
    max_points: Decimal
    kind: str
    step: Decimal | None
    unit: str
    bands: tuple[BandSpec, ...]
    evidence_required: bool
    knock_out_cap: str | None
    facts: tuple[str, ...]


@dataclass(frozen=True)
class ClassSpec:
    entry: str
    code: str
    label: str
    low: Decimal
    below: Decimal | None
    healthy: bool


@dataclass(frozen=True)
class SchemeSpec:
    path: str
    code: str
    version: int
    title: str
    example: bool
    legal_basis: tuple[str, ...]
    description: str
    valid_from: date
    valid_to: date | None
    max_total: Decimal
    groups: tuple[GroupSpec, ...]
    criteria: tuple[CriterionSpec, ...]
    # Lowest class first.
    classes: tuple[ClassSpec, ...]

    def content_hash(self) -> str:
        """A digest of what the file says (not where it lies, nor how it is laid out)."""
        content = asdict(self)
        content.pop("path")
        for kind in ("groups", "criteria", "classes"):
            for item in content[kind]:
                item.pop("entry")
        text = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


def parse_scheme_file(path: Path, *, shown: str | None = None) -> tuple[SchemeSpec | None, list[Problem]]:
    """Read and check the file. The spec is None when the file is not a readable YAML mapping."""
    document, problems = read_yaml(path)
    if document is None:
        return None, problems
    return _parse_document(document, shown or str(path), problems), problems


def _parse_document(document: dict[Any, Any], shown: str, problems: list[Problem]) -> SchemeSpec:
    top = Reader(document, SCHEME_ENTRY, problems, TOP_LEVEL_FIELDS)
    code = top.code("code", max_length=60, pattern=SLUG, rule="chỉ gồm chữ thường không dấu, chữ số, - và _")
    version = top.integer("version")
    title = top.text("title", max_length=300)
    example = top.flag("example")
    legal_basis = top.paragraphs("legal_basis", required=True)
    description = top.text("description", required=False)
    valid = Reader(top.raw("valid", required=True), "valid", problems, ("from", "to"))
    valid_from = valid.day("from", required=True)
    valid_to = valid.day("to", required=False)
    if valid_from and valid_to and valid_to < valid_from:
        valid.problem("to", f"ngày kết thúc {valid_to:%d/%m/%Y} trước ngày bắt đầu {valid_from:%d/%m/%Y}.")
    max_total = top.number("max_total", required=True)
    if max_total is not None and max_total == 0:
        top.problem("max_total", "phải lớn hơn 0.")

    groups = _parse_groups(top, problems)
    classes = _parse_classes(top, problems, max_total)
    criteria = _parse_criteria(top, problems, {g.code for g in groups}, {c.code: c for c in classes})
    if max_total is not None and criteria and all(c.max_points for c in criteria):
        total = sum((c.max_points for c in criteria), Decimal(0))
        if total != max_total:
            top.problem(
                "max_total",
                f"tổng điểm chuẩn của các tiêu chí là {points_text(total)}, "
                f"khác tổng điểm tối đa {points_text(max_total)}.",
            )
    return SchemeSpec(
        path=shown,
        code=code,
        version=version,
        title=title,
        example=example,
        legal_basis=legal_basis,
        description=description,
        valid_from=valid_from or UNKNOWN_DATE,
        valid_to=valid_to,
        max_total=max_total or Decimal(0),
        groups=groups,
        criteria=criteria,
        classes=classes,
    )


def _parse_groups(top: Reader, problems: list[Problem]) -> tuple[GroupSpec, ...]:
    codes = Codes("mã nhóm tiêu chí")
    groups: list[GroupSpec] = []
    for index, raw in enumerate(top.items("groups", required=True)):
        reader = Reader(raw, entry_name("groups", index, raw), problems, GROUP_FIELDS)
        code = reader.code("code", max_length=20)
        codes.check(code, reader)
        groups.append(GroupSpec(entry=reader.entry, code=code, title=reader.text("title", max_length=300)))
    return tuple(groups)


def _parse_classes(top: Reader, problems: list[Problem], max_total: Decimal | None) -> tuple[ClassSpec, ...]:
    codes = Codes("mã loại")
    parsed: list[ClassSpec] = []
    complete = True
    for index, raw in enumerate(top.items("classes", required=True)):
        reader = Reader(raw, entry_name("classes", index, raw), problems, CLASS_FIELDS)
        code = reader.code("code", max_length=30)
        codes.check(code, reader)
        low = reader.number("from", required=True)
        below = reader.number("below", required=False)
        if low is not None and below is not None and below <= low:
            reader.problem("below", f"phải lớn hơn from ({points_text(low)}).")
            below = None
            complete = False
        if low is not None and max_total is not None and max_total and low > max_total:
            reader.problem(
                "from", f"{points_text(low)} điểm vượt tổng điểm tối đa {points_text(max_total)} của bộ tiêu chí."
            )
            complete = False
        if low is None:
            complete = False
        parsed.append(
            ClassSpec(
                entry=reader.entry,
                code=code,
                label=reader.text("label", max_length=200),
                low=low if low is not None else Decimal(0),
                below=below,
                healthy=reader.flag("healthy"),
            )
        )
    if parsed and not any(c.healthy for c in parsed):
        top.problem("classes", "cần ít nhất một loại có healthy: true (được tính là xã lành mạnh).")
    ordered = tuple(sorted(parsed, key=lambda c: c.low))
    if complete:
        _check_thresholds(top, ordered, problems)
    return ordered


def _check_thresholds(top: Reader, ordered: Sequence[ClassSpec], problems: list[Problem]) -> None:
    """Every total from 0 to the maximum falls in exactly one class."""
    if not ordered:
        return
    if ordered[0].low != 0:
        problems.append(
            Problem(
                ordered[0].entry,
                "from",
                f"khoảng trống: tổng điểm từ 0 đến dưới {points_text(ordered[0].low)} không thuộc loại nào "
                "(loại thấp nhất phải bắt đầu từ 0).",
            )
        )
    for lower, upper in pairwise(ordered):
        if lower.below is None:
            problems.append(
                Problem(
                    lower.entry,
                    "below",
                    f"chồng lấn: không có giới hạn trên nên trùm lên {upper.entry} (từ {points_text(upper.low)}); "
                    "chỉ loại cao nhất được bỏ trống below.",
                )
            )
        elif lower.below > upper.low:
            problems.append(
                Problem(
                    lower.entry,
                    "below",
                    f"chồng lấn với {upper.entry}: tổng điểm từ {points_text(upper.low)} đến dưới "
                    f"{points_text(lower.below)} thuộc cả hai loại.",
                )
            )
        elif lower.below < upper.low:
            problems.append(
                Problem(
                    lower.entry,
                    "below",
                    f"khoảng trống: tổng điểm từ {points_text(lower.below)} đến dưới {points_text(upper.low)} "
                    f"không thuộc loại nào (below phải bằng from của {upper.entry}).",
                )
            )
    top_class = ordered[-1]
    if top_class.below is not None:
        problems.append(
            Problem(
                top_class.entry,
                "below",
                f"khoảng trống: tổng điểm từ {points_text(top_class.below)} trở lên không thuộc loại nào "
                "(loại cao nhất bỏ trống below, tính đến tổng điểm tối đa).",
            )
        )


def _parse_criteria(
    top: Reader, problems: list[Problem], group_codes: set[str], classes: dict[str, ClassSpec]
) -> tuple[CriterionSpec, ...]:
    codes = Codes("mã tiêu chí")
    criteria: list[CriterionSpec] = []
    for index, raw in enumerate(top.items("criteria", required=True)):
        reader = Reader(raw, entry_name("criteria", index, raw), problems, CRITERION_FIELDS)
        code = reader.code("code", max_length=20)
        codes.check(code, reader)
        group = reader.code("group", max_length=20)
        if group and group not in group_codes:
            known = ", ".join(sorted(group_codes)) or "chưa có nhóm nào"
            reader.problem("group", f'không có nhóm tiêu chí mã "{group}" trong groups (các mã có: {known}).')
        max_points = reader.number("max_points", required=True)
        if max_points is not None and max_points == 0:
            reader.problem("max_points", "điểm chuẩn phải lớn hơn 0.")
            max_points = None
        kind = reader.choice("scoring", ScoringKind.values)
        step = _parse_step(reader, kind, max_points)
        bands = _parse_bands(reader, kind, max_points)
        unit = reader.text("unit", required=False, max_length=40)
        if unit and kind != ScoringKind.NUMBER:
            reader.problem("unit", "chỉ dùng cho tiêu chí scoring: number.")
        knock_out_cap = reader.code("knock_out_cap", max_length=30) if reader.has("knock_out_cap") else None
        if knock_out_cap is not None:
            if kind and kind != ScoringKind.YES_NO:
                reader.problem("knock_out_cap", "chỉ dùng cho tiêu chí scoring: yes_no (không đạt thì hạ loại).")
            if knock_out_cap and knock_out_cap not in classes:
                known = ", ".join(sorted(classes)) or "chưa có loại nào"
                reader.problem("knock_out_cap", f'không có loại mã "{knock_out_cap}" trong classes ({known}).')
        criteria.append(
            CriterionSpec(
                entry=reader.entry,
                code=code,
                group=group,
                text=reader.text("text"),
                guidance=reader.text("guidance", required=False),
                max_points=max_points or Decimal(0),
                kind=kind,
                step=step,
                unit=unit,
                bands=bands,
                evidence_required=reader.flag("evidence_required"),
                knock_out_cap=knock_out_cap,
                facts=_parse_facts(reader),
            )
        )
    return tuple(criteria)


def _parse_step(reader: Reader, kind: str, max_points: Decimal | None) -> Decimal | None:
    if not reader.has("step"):
        return Decimal(1) if kind == ScoringKind.SCALE else None
    if kind != ScoringKind.SCALE:
        reader.problem("step", "chỉ dùng cho tiêu chí scoring: scale.")
        return None
    step = reader.number("step", required=True)
    if step is None:
        return None
    if step == 0:
        reader.problem("step", "bước điểm phải lớn hơn 0.")
        return None
    if max_points is not None and max_points % step != 0:
        reader.problem(
            "step", f"điểm chuẩn {points_text(max_points)} không chia hết cho bước điểm {points_text(step)}."
        )
    return step


def _parse_bands(reader: Reader, kind: str, max_points: Decimal | None) -> tuple[BandSpec, ...]:
    if kind != ScoringKind.NUMBER:
        if reader.has("bands"):
            reader.problem("bands", "chỉ dùng cho tiêu chí scoring: number.")
        return ()
    bands: list[BandSpec] = []
    complete = True
    for index, raw in enumerate(reader.items("bands", required=True)):
        band = Reader(raw, f"{reader.entry}.bands[{index}]", reader.problems, BAND_FIELDS)
        low = band.number("from", required=True, limit=MAX_VALUE)
        below = band.number("below", required=False, limit=MAX_VALUE)
        points = band.number("points", required=True)
        if low is not None and below is not None and below <= low:
            band.problem("below", f"phải lớn hơn from ({points_text(low)}).")
            complete = False
        if points is not None and max_points is not None and points > max_points:
            band.problem(
                "points", f"{points_text(points)} điểm vượt điểm chuẩn {points_text(max_points)} của tiêu chí."
            )
        if low is None or points is None:
            complete = False
            continue
        bands.append(BandSpec(low=low, below=below, points=points))
    if not complete:
        return tuple(bands)
    for index, (lower, upper) in enumerate(pairwise(bands)):
        entry = f"{reader.entry}.bands[{index}]"
        if lower.below is None:
            reader.problems.append(Problem(entry, "below", "chỉ khoảng cuối cùng được bỏ trống below."))
        elif upper.low < lower.below:
            reader.problems.append(
                Problem(
                    entry,
                    "below",
                    f"chồng lấn với khoảng sau (from {points_text(upper.low)}); các khoảng phải xếp tăng dần, "
                    "below của khoảng này bằng from của khoảng sau.",
                )
            )
        elif upper.low > lower.below:
            reader.problems.append(
                Problem(
                    entry,
                    "below",
                    f"khoảng trống: giá trị từ {points_text(lower.below)} đến dưới {points_text(upper.low)} "
                    "không thuộc khoảng nào.",
                )
            )
    return tuple(bands)


def _parse_facts(reader: Reader) -> tuple[str, ...]:
    value = reader.raw("facts", required=False)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) and FACT_CODE.match(item) for item in value):
        reader.problem(
            "facts",
            "phải là danh sách mã nguồn dữ liệu (chữ thường không dấu, chữ số và _), "
            "ví dụ [establishments_with_signs].",
        )
        return ()
    return tuple(value)
