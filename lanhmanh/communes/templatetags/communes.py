"""Filters of the healthy-commune pages: points written the Vietnamese way, transition details."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from lanhmanh.plans.forms import format_number

register = template.Library()

# Keys of AssessmentTransition.changes, as services.py writes them.
CHANGE_LABELS: dict[str, Any] = {
    "scheme": _("bộ tiêu chí"),
    "self_total": _("tổng điểm tự chấm"),
    "self_class": _("tự xếp loại"),
    "reviewed_total": _("tổng điểm thẩm định"),
    "reviewed_class": _("xếp loại sau thẩm định"),
    "knocked_out": _("tiêu chí không đạt làm hạ loại"),
    "reviewed_scores": _("điểm thẩm định khác điểm tự chấm"),
    "decision": _("quyết định công nhận"),
    "class": _("xếp loại được công nhận"),
}


@register.filter
def points(value: Decimal | int | None) -> str:
    """12.50 -> "12,5" (Vietnamese separators); "—" for no value."""
    return format_number(value) if value is not None else "—"


@register.filter
def change_label(key: str) -> str:
    return str(CHANGE_LABELS.get(key, key))


@register.filter
def change_value(value: Any) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(change_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {change_value(v)}" for key, v in value.items())
    return str(value)
