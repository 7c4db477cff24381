"""Optimistic locking, written by hand: a conditional UPDATE ... WHERE version = expected.

Libraries exist (django-concurrency) but pull in admin integration and triggers we do not
need; the rule here is twenty lines and is the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F

from lanhmanh.core.models import Versioned


class ConflictError(Exception):
    """Somebody else saved the record after this edit started."""

    def __init__(self, obj: Versioned) -> None:
        self.obj = obj
        super().__init__(
            "Bản ghi đã được người khác sửa trong lúc bạn đang sửa. "
            "Không có thay đổi nào được lưu; hãy tải lại trang và nhập lại."
        )


def save_versioned(obj: Versioned, *, expected_version: int, fields: Iterable[str]) -> None:
    """Write `fields` of `obj` only if the stored version is still `expected_version`."""
    field_names = list(fields)
    values = {name: getattr(obj, name) for name in field_names}
    model = type(obj)
    updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if updated == 0:
        raise ConflictError(obj)
    obj.version = expected_version + 1
