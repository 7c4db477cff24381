"""Reading human-written YAML data files (plan files, scoring schemes...): the shared primitives.

`YamlLoader` keeps dates as text and refuses duplicate keys, so that every problem can be
reported against its entry and field; `show` names a wrong value in a message; `clean` stores
Vietnamese text in one Unicode form; `read_yaml` and `FieldReader` read a file field by field,
collecting every problem (entry, field, message) instead of stopping at the first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Protocol

import yaml

CODE = re.compile(r"^\S+$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class YamlLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text and refuses duplicate keys.

    Dates stay strings so that "2019-13-01" is reported against its field instead of crashing
    the YAML reader; a duplicate key would otherwise silently drop the first value.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"khóa {key!r} xuất hiện hai lần trong cùng một mục", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def show(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float | Decimal):
        return f"số {value}"
    if isinstance(value, str):
        return f'chuỗi "{value}"'
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một bảng khóa: giá trị"
    return type(value).__name__


def clean(value: str) -> str:
    # Text pasted from word processors often carries decomposed accents (NFD); store one form so
    # that searching and comparing Vietnamese text works.
    return unicodedata.normalize("NFC", value).strip()


def entry_name(base: str, index: int, raw: object) -> str:
    """How a problem names a list entry: "targets[2] (T3)", or "targets[2]" when it has no code."""
    code = raw.get("code") if isinstance(raw, dict) else None
    return f"{base}[{index}] ({code})" if isinstance(code, str) and code.strip() else f"{base}[{index}]"


class EntryReader(Protocol):
    entry: str

    def problem(self, name: str, message: str) -> None: ...


class Codes:
    """Remembers where each code of one kind was first seen, to report duplicates."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.seen: dict[str, str] = {}

    def check(self, code: str, reader: EntryReader) -> None:
        if not code:
            return
        if code in self.seen:
            reader.problem("code", f'{self.what} "{code}" trùng với {self.seen[code]}.')
        else:
            self.seen[code] = reader.entry


@dataclass(frozen=True)
class Problem:
    entry: str  # "criteria[3] (IV.1)"
    field: str  # "group"
    message: str


def decimal_text(value: Decimal) -> str:
    """12.50 -> "12,5": a number as Vietnamese messages and paper tables write it."""
    return f"{value.normalize():f}".replace(".", ",")


class FieldReader:
    """Reads one mapping of a data file, recording a Problem per bad field instead of stopping.

    Used by every YAML data file (plan files, scoring schemes, the violation catalogue, the
    inspection checklist); a file with needs of its own subclasses it.
    """

    # The example a wrong date's message gives.
    DATE_EXAMPLE = "2019-01-01"
    # Decimals a number may carry (points and amounts are stored with two).
    DECIMALS = 2

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
        self.problem(name, f"ngày {shown} không hợp lệ (cần dạng YYYY-MM-DD, ví dụ {self.DATE_EXAMPLE}).")
        return None

    def number(self, name: str, *, required: bool, limit: Decimal) -> Decimal | None:
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
        if isinstance(exponent, int) and exponent < -self.DECIMALS:
            self.problem(name, f"{decimal_text(number)} có quá {self.DECIMALS} chữ số thập phân.")
            return None
        if number < 0:
            self.problem(name, f"không được âm (nhận được {decimal_text(number)}).")
            return None
        if number >= limit:
            self.problem(name, f"{decimal_text(number)} quá lớn.")
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

    def choice(self, name: str, choices: Sequence[str], *, default: str | None = None) -> str:
        """One of `choices`; required unless a `default` is given, which an absent value takes."""
        value = self.raw(name, required=default is None)
        if value is None:
            return default or ""
        if not isinstance(value, str) or value.strip() not in choices:
            self.problem(name, f"giá trị {show(value)} không hợp lệ; chọn một trong: {', '.join(choices)}.")
            return default or ""
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
