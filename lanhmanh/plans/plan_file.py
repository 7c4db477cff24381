"""Reading a plan file (data/plans/*.yaml) into typed dataclasses; docs/plan-file.md is the format.

Pure: checks YAML syntax, types, required fields, choices, duplicate codes and indicator codes
(against the indicator registry) without reading a table. Every problem is collected, each
naming the entry and the field, so one run reports all of them. `lanhmanh.plans.loader` then
resolves the units and agencies the file names and writes the plan.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lanhmanh.core.yamlfile import Codes, FieldReader, Problem, clean, entry_name, read_yaml, show
from lanhmanh.indicators.registry import is_known
from lanhmanh.places.models import Level
from lanhmanh.plans.models import Direction, Frequency, TaskKind

# In `lead`/`partners` of a `per_unit` task: replaced by the GSO code of each unit.
UNIT_CODE_PLACEHOLDER = "{unit_code}"

# Narrative sections stored in Plan.content, each as a list of paragraphs.
CONTENT_SECTIONS = (
    "legal_basis",
    "purposes",
    "requirements",
    "principles",
    "general_objective",
    "target_groups",
    "funding",
    "spending_intro",
    "implementation_intro",
    "closing",
)
TOP_LEVEL_FIELDS = ("code", "header", "targets", "tasks", "spending_categories", *CONTENT_SECTIONS)
HEADER_FIELDS = ("number", "title", "issuer", "issued_on", "place", "period", "province", "lead")
TARGET_FIELDS = ("code", "text", "measures")
MEASURE_FIELDS = (
    "code",
    "label",
    "indicator",
    "baseline",
    "target",
    "unit_of_measure",
    "direction",
    "frequency",
)
TASK_FIELDS = ("code", "kind", "section", "text", "lead", "partners", "deadline", "per_unit", "unit")
SPENDING_FIELDS = ("code", "text")
PER_UNIT_LEVELS = (Level.DISTRICT.value, Level.COMMUNE.value)

PLAN_ENTRY = "kế hoạch"
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
# Measure values are DecimalField(max_digits=14, decimal_places=2).
MAX_DECIMALS = 2
MAX_NUMBER = Decimal(10) ** 12
# Stands in for a date the file got wrong, so the other checks can still run; never written
# (the file is rejected).
UNKNOWN_DATE = date.min


# --- Problems ----------------------------------------------------------------------------------


class PlanFileError(Exception):
    """The file cannot be loaded; nothing was written. `messages()` names file, entry and field."""

    def __init__(self, path: str, problems: Sequence[Problem]) -> None:
        self.path = path
        self.problems = list(problems)
        super().__init__(self.text())

    def messages(self) -> list[str]:
        return [f'{self.path}: {p.entry}, trường "{p.field}": {p.message}' for p in self.problems]

    def text(self) -> str:
        head = (
            f"Tệp kế hoạch {self.path} không hợp lệ ({len(self.problems)} lỗi); "
            "không có thay đổi nào được ghi vào cơ sở dữ liệu:"
        )
        return "\n".join([head, *(f"- {message}" for message in self.messages())])


# --- Parsed file -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureSpec:
    entry: str
    code: str
    label: str
    indicator: str
    baseline: Decimal | None
    target: Decimal | None
    unit_of_measure: str
    direction: str
    frequency: str


@dataclass(frozen=True)
class TargetSpec:
    entry: str
    code: str
    text: str
    measures: tuple[MeasureSpec, ...]


@dataclass(frozen=True)
class TaskSpec:
    entry: str
    code: str
    kind: str
    section: str
    text: str
    lead: str | None
    partners: tuple[str, ...]
    deadline: date | None
    per_unit: str | None
    unit: str | None


@dataclass(frozen=True)
class SpendingSpec:
    entry: str
    code: str
    text: str


@dataclass(frozen=True)
class PlanSpec:
    path: str
    code: str
    number: str
    title: str
    issuer: str
    issued_on: date
    place: str
    period_start: date
    period_end: date
    province_code: str
    unit_source: str
    lead: str
    content: dict[str, list[str]]
    targets: tuple[TargetSpec, ...]
    tasks: tuple[TaskSpec, ...]
    spending_categories: tuple[SpendingSpec, ...]

    @property
    def measures(self) -> list[MeasureSpec]:
        return [measure for target in self.targets for measure in target.measures]


class _Reader(FieldReader):
    """A plan-file mapping (core/yamlfile.py's reader), with narrative sections, agency codes and
    measure values (signed, text allowed, up to MAX_NUMBER)."""

    DATE_EXAMPLE = "2019-05-07"

    def paragraphs(self, name: str) -> list[str] | None:
        """A paragraph or a list of paragraphs; None when the section is absent."""
        value = self.raw(name, required=False)
        if value is None:
            return None
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(item, str) and item.strip() for item in items):
            self.problem(name, "phải là một đoạn văn hoặc danh sách các đoạn văn (chuỗi ký tự không rỗng).")
            return None
        return [clean(item) for item in items]

    def codes(self, name: str) -> tuple[str, ...]:
        value = self.raw(name, required=False)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            self.problem(name, f"phải là danh sách mã cơ quan (chuỗi ký tự), nhận được {show(value)}.")
            return ()
        return tuple(clean(item) for item in value)

    def measure_number(self, name: str) -> Decimal | None:
        value = self.raw(name, required=False)
        if value is None:
            return None
        number: Decimal | None = None
        if isinstance(value, int | float | str) and not isinstance(value, bool):
            try:
                number = Decimal(str(value).strip())
            except InvalidOperation:
                number = None
        if number is None or not number.is_finite():
            self.problem(name, f"phải là một số hoặc null, nhận được {show(value)}.")
            return None
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
            self.problem(name, f"{number} có quá {MAX_DECIMALS} chữ số thập phân.")
            return None
        if abs(number) >= MAX_NUMBER:
            self.problem(name, f"{number} quá lớn.")
            return None
        return number


def parse_plan_file(path: Path) -> tuple[PlanSpec | None, list[Problem]]:
    """Read and check the file. The spec is None when the file is not a readable YAML mapping."""
    shown = str(path)
    document, problems = read_yaml(path)
    if document is None:
        return None, problems
    return _parse_document(document, shown, problems), problems


def _parse_document(document: dict[Any, Any], shown: str, problems: list[Problem]) -> PlanSpec:
    top = _Reader(document, PLAN_ENTRY, problems, TOP_LEVEL_FIELDS)
    code = top.code("code", max_length=60, pattern=SLUG, rule="chỉ gồm chữ cái không dấu, chữ số, - và _")
    content: dict[str, list[str]] = {}
    for section in CONTENT_SECTIONS:
        paragraphs = top.paragraphs(section)
        if paragraphs is not None:
            content[section] = paragraphs

    header = _Reader(top.raw("header", required=True), "header", problems, HEADER_FIELDS)
    number = header.text("number", max_length=40)
    title = header.text("title", max_length=400)
    issuer = header.text("issuer", max_length=200)
    issued_on = header.day("issued_on", required=True)
    place = header.text("place", required=False, max_length=60)
    lead = header.code("lead", max_length=30)

    period = _Reader(header.raw("period", required=True), "header.period", problems, ("start", "end"))
    start = period.day("start", required=True)
    end = period.day("end", required=True)
    if start and end and end < start:
        period.problem("end", f"ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}.")

    province = _Reader(header.raw("province", required=True), "header.province", problems, ("code", "source"))
    province_code = province.code("code", max_length=10)
    unit_source = province.text("source", max_length=60)

    targets = _parse_targets(top, problems)
    tasks = _parse_tasks(top, problems, start)
    spending = _parse_spending(top, problems)
    return PlanSpec(
        path=shown,
        code=code,
        number=number,
        title=title,
        issuer=issuer,
        issued_on=issued_on or UNKNOWN_DATE,
        place=place,
        period_start=start or UNKNOWN_DATE,
        period_end=end or UNKNOWN_DATE,
        province_code=province_code,
        unit_source=unit_source,
        lead=lead,
        content=content,
        targets=targets,
        tasks=tasks,
        spending_categories=spending,
    )


def _parse_targets(top: _Reader, problems: list[Problem]) -> tuple[TargetSpec, ...]:
    target_codes = Codes("mã mục tiêu")
    # Measure codes are unique across the plan, not only inside a target: a measure is found again
    # by its code alone, so moving it to another target keeps its reported values.
    measure_codes = Codes("mã chỉ tiêu")
    targets: list[TargetSpec] = []
    for index, raw in enumerate(top.items("targets", required=True)):
        reader = _Reader(raw, entry_name("targets", index, raw), problems, TARGET_FIELDS)
        code = reader.code("code", max_length=20)
        target_codes.check(code, reader)
        text = reader.text("text")
        measures: list[MeasureSpec] = []
        for m_index, m_raw in enumerate(reader.items("measures", required=True)):
            m = _Reader(m_raw, entry_name(f"targets[{index}].measures", m_index, m_raw), problems, MEASURE_FIELDS)
            m_code = m.code("code", max_length=20)
            measure_codes.check(m_code, m)
            indicator = m.code("indicator", max_length=60)
            if indicator and not is_known(indicator):
                m.problem(
                    "indicator",
                    f'mã chỉ số "{indicator}" chưa được đăng ký trong lanhmanh/indicators '
                    '(dùng "manual" cho số liệu báo cáo bằng tay).',
                )
            measures.append(
                MeasureSpec(
                    entry=m.entry,
                    code=m_code,
                    label=m.text("label", max_length=300),
                    indicator=indicator,
                    baseline=m.measure_number("baseline"),
                    target=m.measure_number("target"),
                    unit_of_measure=m.text("unit_of_measure", max_length=40),
                    direction=m.choice("direction", Direction.values, default=Direction.INCREASE.value),
                    frequency=m.choice("frequency", Frequency.values, default=Frequency.YEARLY.value),
                )
            )
        targets.append(TargetSpec(entry=reader.entry, code=code, text=text, measures=tuple(measures)))
    return tuple(targets)


def _parse_tasks(top: _Reader, problems: list[Problem], start: date | None) -> tuple[TaskSpec, ...]:
    task_codes = Codes("mã nhiệm vụ")
    tasks: list[TaskSpec] = []
    for index, raw in enumerate(top.items("tasks", required=True)):
        reader = _Reader(raw, entry_name("tasks", index, raw), problems, TASK_FIELDS)
        code = reader.code("code", max_length=40)
        task_codes.check(code, reader)
        kind = reader.choice("kind", TaskKind.values, default=None)
        section = reader.text("section", required=False, max_length=20) or code.rsplit(".", 1)[0][:20]
        lead = reader.code("lead", max_length=30) if reader.data.get("lead") is not None else None
        partners = reader.codes("partners")
        deadline = reader.day("deadline", required=False)
        if deadline and start and deadline < start:
            reader.problem("deadline", f"thời hạn {deadline:%d/%m/%Y} trước ngày bắt đầu kế hoạch {start:%d/%m/%Y}.")
        per_unit = reader.choice("per_unit", PER_UNIT_LEVELS, default="") or None
        unit = reader.code("unit", max_length=10) if reader.data.get("unit") is not None else None
        if per_unit and unit:
            reader.problem("unit", "không dùng cùng với per_unit (per_unit đã chọn địa bàn cho từng nhiệm vụ).")
        uses_placeholder = [c for c in (lead, *partners) if c and UNIT_CODE_PLACEHOLDER in c]
        if uses_placeholder and not per_unit:
            name = "lead" if lead in uses_placeholder else "partners"
            reader.problem(name, f"{UNIT_CODE_PLACEHOLDER} chỉ dùng được trong nhiệm vụ có per_unit.")
        tasks.append(
            TaskSpec(
                entry=reader.entry,
                code=code,
                kind=kind,
                section=section,
                text=reader.text("text"),
                lead=lead,
                partners=partners,
                deadline=deadline,
                per_unit=per_unit,
                unit=unit,
            )
        )
    return tuple(tasks)


def _parse_spending(top: _Reader, problems: list[Problem]) -> tuple[SpendingSpec, ...]:
    codes = Codes("mã mục chi")
    categories: list[SpendingSpec] = []
    for index, raw in enumerate(top.items("spending_categories", required=False)):
        reader = _Reader(raw, entry_name("spending_categories", index, raw), problems, SPENDING_FIELDS)
        code = reader.code("code", max_length=20)
        codes.check(code, reader)
        categories.append(SpendingSpec(entry=reader.entry, code=code, text=reader.text("text")))
    return tuple(categories)
