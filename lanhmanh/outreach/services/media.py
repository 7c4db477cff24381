"""Recording, changing and deleting media items (tin, bài trên báo, đài)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from lanhmanh.accounts.models import User
from lanhmanh.core import audit
from lanhmanh.core.uploads import check_evidence_file
from lanhmanh.outreach.models import MediaItem, MediaKind, Outlet
from lanhmanh.outreach.services.checks import Errors, add, check_in_scope, check_not_future, check_text
from lanhmanh.places.models import AdministrativeUnit, Level


@dataclass(frozen=True)
class MediaInput:
    unit: AdministrativeUnit  # the province whose outlets published it
    outlet: str
    kind: str
    date: date
    title: str
    outlet_name: str = ""
    link: str = ""


def _validated(actor: User, data: MediaInput, file: UploadedFile | None, *, has_file: bool) -> None:
    errors: Errors = {}
    check_text(errors, "title", "Tiêu đề", data.title)
    if data.outlet not in Outlet.values:
        add(errors, "outlet", f"Cơ quan báo chí “{data.outlet}” không hợp lệ.")
    elif data.outlet == Outlet.OTHER and not data.outlet_name.strip():
        add(errors, "outlet_name", "Cần nhập “Tên cơ quan báo chí khác”.")
    if data.kind not in MediaKind.values:
        add(errors, "kind", f"Thể loại “{data.kind}” không hợp lệ.")
    check_not_future(errors, "date", "Ngày đăng, phát", data.date)
    if data.unit.level != Level.PROVINCE:
        add(errors, "unit", f"Tin, bài được ghi cho cấp tỉnh; “{data.unit.name}” không phải là tỉnh.")
    check_in_scope(errors, "unit", actor, data.unit)
    link = data.link.strip()
    if link and not link.lower().startswith(("http://", "https://")):
        add(errors, "link", "“Đường dẫn” phải bắt đầu bằng http:// hoặc https://.")
    if not link and file is None and not has_file:
        add(errors, "link", "Cần “Đường dẫn” đến tin, bài hoặc một tệp đính kèm.")
    if errors:
        raise ValidationError(errors)
    if file is not None:
        check_evidence_file(file, field="file")


def _snapshot(item: MediaItem) -> dict[str, Any]:
    return {
        "outlet": item.outlet,
        "outlet_name": item.outlet_name,
        "kind": item.kind,
        "date": item.date,
        "title": item.title,
        "link": item.link,
        "file": item.file_name,
    }


def _assign(item: MediaItem, data: MediaInput, file: UploadedFile | None) -> None:
    item.unit = data.unit
    item.outlet = data.outlet
    item.outlet_name = data.outlet_name.strip() if data.outlet == Outlet.OTHER else ""
    item.kind = data.kind
    item.date = data.date
    item.title = " ".join(data.title.split())
    item.link = data.link.strip()
    if file is not None:
        item.file_name = (file.name or "")[:200]
        item.file.save(file.name or "media", file, save=False)


@transaction.atomic
def media_item_create(*, actor: User, data: MediaInput, file: UploadedFile | None = None) -> MediaItem:
    _validated(actor, data, file, has_file=False)
    item = MediaItem(created_by=actor)
    _assign(item, data, file)
    item.save()
    audit.record("outreach.media_item.created", actor=actor, target=item, changes=_snapshot(item))
    return item


@transaction.atomic
def media_item_update(*, item: MediaItem, actor: User, data: MediaInput, file: UploadedFile | None = None) -> MediaItem:
    """Change a media item; a new file replaces the old one, no file keeps it."""
    _validated(actor, data, file, has_file=bool(item.file))
    before = _snapshot(item)
    replaced = item.file if file is not None and item.file else None
    old_name = replaced.name if replaced is not None else ""
    _assign(item, data, file)
    item.save()
    if old_name:
        storage = item.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    audit.record("outreach.media_item.updated", actor=actor, target=item, changes=audit.diff(before, _snapshot(item)))
    return item


@transaction.atomic
def media_item_delete(*, item: MediaItem, actor: User) -> None:
    audit.record("outreach.media_item.deleted", actor=actor, target=item, changes=_snapshot(item))
    stored = item.file
    item.delete()
    if stored:
        transaction.on_commit(lambda: stored.delete(save=False))
