"""The inspection checklist as data: data/inspections/checklist.yaml, items per establishment type.

Read once per process and checked as a whole (unknown fields, types, duplicate codes, unknown
establishment types); a broken file stops the pages that need it with a message naming the entry and
field instead of showing a partial checklist. Results keep a copy of each item's label, so editing the
file never rewrites what an inspection recorded. Format: docs/inspections.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from lanhmanh.core.yamlfile import Codes, FieldReader, Problem, entry_name, read_yaml
from lanhmanh.establishments.models import EstablishmentType

CHECKLIST_FILE = Path(settings.BASE_DIR) / "data" / "inspections" / "checklist.yaml"
ALL = "all"
CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class ChecklistFileError(Exception):
    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.problems = problems
        lines = [f'{path}: {p.entry}, trường "{p.field}": {p.message}' for p in problems]
        super().__init__("\n".join([f"Tệp nội dung kiểm tra {path} không hợp lệ:", *lines]))


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    guidance: str
    applies_to: frozenset[str]

    def applies(self, kind: str) -> bool:
        return kind in self.applies_to


def parse_checklist(path: Path) -> tuple[list[ChecklistItem], list[Problem]]:
    document, problems = read_yaml(path)
    if document is None:
        return [], problems
    top = FieldReader(document, "tệp nội dung kiểm tra", problems, ("items",))
    codes = Codes("mã nội dung kiểm tra")
    kinds = set(EstablishmentType.values)
    items: list[ChecklistItem] = []
    for index, raw in enumerate(top.items("items", required=True)):
        reader = FieldReader(
            raw, entry_name("items", index, raw), problems, ("code", "label", "applies_to", "guidance")
        )
        code = reader.code("code", max_length=40, pattern=CODE, rule="chữ thường không dấu, chữ số và _")
        codes.check(code, reader)
        label = reader.text("label", max_length=300)
        applies = reader.raw("applies_to", required=True)
        if applies == ALL:
            chosen = frozenset(kinds)
        elif isinstance(applies, list) and applies and all(isinstance(k, str) and k in kinds for k in applies):
            chosen = frozenset(applies)
        else:
            chosen = frozenset()
            if applies is not None:
                reader.problem(
                    "applies_to",
                    f'phải là "{ALL}" hoặc danh sách loại hình cơ sở, trong số: {", ".join(sorted(kinds))}.',
                )
        items.append(ChecklistItem(code, label, reader.text("guidance", required=False), chosen))
    return items, problems


@cache
def checklist() -> tuple[ChecklistItem, ...]:
    items, problems = parse_checklist(CHECKLIST_FILE)
    if problems:
        raise ChecklistFileError(str(CHECKLIST_FILE), problems)
    return tuple(items)


def items_for(kind: str) -> list[ChecklistItem]:
    """The checklist of one establishment type, in file order."""
    return [item for item in checklist() if item.applies(kind)]
