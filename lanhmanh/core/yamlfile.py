"""Reading human-written YAML data files (plan files, scoring schemes...): the shared primitives.

`YamlLoader` keeps dates as text and refuses duplicate keys, so that every problem can be
reported against its entry and field; `show` names a wrong value in a message; `clean` stores
Vietnamese text in one Unicode form.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any, Protocol

import yaml


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
