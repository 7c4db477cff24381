"""Reading a YAML data file field by field, collecting problems instead of stopping at the first.

The primitives of `scheme_file.py`, in the manner of the plan-file reader (docs/plan-file.md):
dates are kept as text so that a wrong one is reported against its field, a key written twice is
an error, unknown fields are errors, and each problem names its entry and field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from lanhmanh.communes.models import DECIMALS
from lanhmanh.core.yamlfile import YamlLoader, clean, show

CODE = re.compile(r"^\S+$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Points fit DecimalField(max_digits=6, decimal_places=2).
MAX_POINTS = Decimal(10000)


@dataclass(frozen=True)
class Problem:
    entry: str  # "criteria[3] (IV.1)"
    field: str  # "group"
    message: str


def points_text(value: Decimal) -> str:
    """12.50 -> "12,5": points as the messages and the paper tables write them."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


class Reader:
    """Reads one mapping of the file, recording a Problem per bad field instead of stopping."""

    def __init__(self, raw: object, entry: str, problems: list[Problem], allowed: Iterable[str]) -> None:
        self.entry = entry
        self.problems = problems
        self.data: dict[Any, Any] = {}
        # A mapping that is absent (reported by its parent) or not a mapping reads as empty and
        # quiet: one problem for the entry, not one more per missing field.
        self.quiet = not isinstance(raw, dict)
        if isinstance(raw, dict):
            self.data = raw
        elif raw is not None:
            self.problem("(cả mục)", f"phải là một bảng khóa: giá trị, nhận được {show(raw)}.")
        allowed_set = set(allowed)
        for key in self.data:
            if key not in allowed_set:
                self.problem(
                    str(key), f"trường không được hỗ trợ; các trường hợp lệ: {', '.join(sorted(allowed_set))}."
                )

    def problem(self, name: str, message: str) -> None:
        self.problems.append(Problem(self.entry, name, message))

    def has(self, name: str) -> bool:
        return self.data.get(name) is not None

    def raw(self, name: str, *, required: bool) -> object:
        value = self.data.get(name)
        if value is None and required and not self.quiet:
            self.problem(name, "thiếu giá trị bắt buộc.")
        return value

    def text(self, name: str, *, required: bool = True, max_length: int | None = None) -> str:
        value = self.raw(name, required=required)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problem(name, f"phải là chuỗi ký tự, nhận được {show(value)}.")
            return ""
        cleaned = clean(value)
        if required and not cleaned:
            self.problem(name, "không được để trống.")
        if max_length is not None and len(cleaned) > max_length:
            self.problem(name, f"dài {len(cleaned)} ký tự, tối đa {max_length}.")
        return cleaned

    def code(self, name: str, *, max_length: int, pattern: re.Pattern[str] = CODE, rule: str = "") -> str:
        value = self.text(name, max_length=max_length)
        if value and not pattern.match(value):
            self.problem(name, f'mã "{value}" không hợp lệ ({rule or "không được chứa khoảng trắng"}).')
        return value

    def paragraphs(self, name: str, *, required: bool) -> tuple[str, ...]:
        value = self.raw(name, required=required)
        if value is None:
            return ()
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(item, str) and item.strip() for item in items):
            self.problem(name, "phải là một đoạn văn hoặc danh sách các đoạn văn (chuỗi ký tự không rỗng).")
            return ()
        return tuple(clean(item) for item in items)

    def day(self, name: str, *, required: bool) -> date | None:
        value = self.raw(name, required=required)
        if value is None:
            return None
        if isinstance(value, str) and ISO_DATE.match(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        shown = f'"{value}"' if isinstance(value, str) else show(value)
        self.problem(name, f"ngày {shown} không hợp lệ (cần dạng YYYY-MM-DD, ví dụ 2019-01-01).")
        return None

    def number(self, name: str, *, required: bool, limit: Decimal = MAX_POINTS) -> Decimal | None:
        """A number >= 0 with at most two decimals; None (reported) when it is not one."""
        value = self.raw(name, required=required)
        if value is None:
            return None
        number: Decimal | None = None
        # Text is refused: "10" in quotes is most likely a typo for something else.
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                number = None
        if number is None or not number.is_finite():
            self.problem(name, f"phải là một số, nhận được {show(value)}.")
            return None
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -DECIMALS:
            self.problem(name, f"{points_text(number)} có quá {DECIMALS} chữ số thập phân.")
            return None
        if number < 0:
            self.problem(name, f"không được âm (nhận được {points_text(number)}).")
            return None
        if number >= limit:
            self.problem(name, f"{points_text(number)} quá lớn.")
            return None
        return number

    def integer(self, name: str) -> int:
        value = self.raw(name, required=True)
        if value is None:
            return 0
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.problem(name, f"phải là một số nguyên dương (1, 2, ...), nhận được {show(value)}.")
            return 0
        return value

    def flag(self, name: str) -> bool:
        value = self.raw(name, required=False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.problem(name, f"phải là true hoặc false, nhận được {show(value)}.")
            return False
        return value

    def choice(self, name: str, choices: Sequence[str]) -> str:
        value = self.raw(name, required=True)
        if value is None:
            return ""
        if not isinstance(value, str) or value.strip() not in choices:
            self.problem(name, f"giá trị {show(value)} không hợp lệ; chọn một trong: {', '.join(choices)}.")
            return ""
        return value.strip()

    def items(self, name: str, *, required: bool) -> list[Any]:
        value = self.raw(name, required=required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(name, f"phải là một danh sách, nhận được {show(value)}.")
            return []
        if required and not value:
            self.problem(name, "danh sách không được rỗng.")
        return value


def read_yaml(path: Path) -> tuple[dict[Any, Any] | None, list[Problem]]:
    """The file's top-level mapping, or None with the problem (unreadable, YAML syntax, not a mapping)."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem("tệp", "(đọc tệp)", f"không đọc được tệp UTF-8: {exc}.")]
    loader = YamlLoader(source)
    try:
        document = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"dòng {mark.line + 1}, cột {mark.column + 1}" if mark else "tệp"
        detail = exc.problem or exc.context or str(exc)
        return None, [Problem(where, "(cú pháp YAML)", f"lỗi cú pháp YAML: {detail}.")]
    except yaml.YAMLError as exc:
        return None, [Problem("tệp", "(cú pháp YAML)", f"lỗi cú pháp YAML: {exc}.")]
    finally:
        loader.dispose()
    if not isinstance(document, dict):
        return None, [Problem("tệp", "(cả tệp)", f"phải là một bảng khóa: giá trị, nhận được {show(document)}.")]
    return document, []
