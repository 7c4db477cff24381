"""Reading a scoring-scheme file: the shared field reader (core/yamlfile.py) with points.

Points carry the model's decimals and stay below MAX_POINTS; a scheme's description may be a
paragraph or a list of paragraphs.
"""

from __future__ import annotations

from decimal import Decimal

from lanhmanh.communes.models import DECIMALS
from lanhmanh.core.yamlfile import FieldReader, clean, decimal_text

# Points fit DecimalField(max_digits=6, decimal_places=2).
MAX_POINTS = Decimal(10000)


def points_text(value: Decimal) -> str:
    """12.50 -> "12,5": points as the messages and the paper tables write them."""
    return decimal_text(value)


class Reader(FieldReader):
    """A scoring-scheme mapping: points carry the model's decimals and stay below MAX_POINTS."""

    DECIMALS = DECIMALS

    def number(self, name: str, *, required: bool, limit: Decimal = MAX_POINTS) -> Decimal | None:
        return super().number(name, required=required, limit=limit)

    def paragraphs(self, name: str, *, required: bool) -> tuple[str, ...]:
        value = self.raw(name, required=required)
        if value is None:
            return ()
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(item, str) and item.strip() for item in items):
            self.problem(name, "phải là một đoạn văn hoặc danh sách các đoạn văn (chuỗi ký tự không rỗng).")
            return ()
        return tuple(clean(item) for item in items)
