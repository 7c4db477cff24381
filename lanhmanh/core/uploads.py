"""Checking uploaded files before they are stored: size, extension and actual content.

The declared name and browser-sent content type are not trusted: the first bytes must match
the format the extension claims (via `filetype`), and Office files must be real OOXML zips
without macros.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

# extension -> MIME type the content must have
EVIDENCE_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
_OOXML_MAIN_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
# Uncompressed size above which an Office file is treated as a zip bomb.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024


def check_evidence_file(upload: UploadedFile, *, field: str = "evidence") -> str:
    """Validate an evidence upload; return the extension. Raises ValidationError naming the field."""
    name = upload.name or ""
    ext = Path(name).suffix.lower()
    allowed = ", ".join(sorted({e.lstrip(".") for e in EVIDENCE_TYPES}))
    if ext not in EVIDENCE_TYPES:
        raise ValidationError({field: f"Tệp “{name}” không đúng loại cho phép ({allowed})."})
    size = upload.size or 0
    if size > settings.MAX_UPLOAD_BYTES:
        limit = filesizeformat(settings.MAX_UPLOAD_BYTES)
        raise ValidationError({field: f"Tệp “{name}” lớn {filesizeformat(size)}, vượt giới hạn {limit}."})
    if size == 0:
        raise ValidationError({field: f"Tệp “{name}” rỗng."})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if ext in _OOXML_MAIN_PART:
        _check_ooxml(upload, ext, name, field)
    else:
        kind = filetype.guess(head)
        if kind is None or kind.mime != EVIDENCE_TYPES[ext]:
            raise ValidationError({field: f"Nội dung tệp “{name}” không phải là tệp {ext.lstrip('.')} hợp lệ."})
    return ext


def _check_ooxml(upload: UploadedFile, ext: str, name: str, field: str) -> None:
    bad = ValidationError({field: f"Nội dung tệp “{name}” không phải là tệp {ext.lstrip('.')} hợp lệ."})
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise bad from None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names or _OOXML_MAIN_PART[ext] not in names:
        raise bad
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise ValidationError({field: f"Tệp “{name}” chứa macro; không được phép tải lên."})
    if total > MAX_UNZIPPED_BYTES:
        raise ValidationError({field: f"Tệp “{name}” giải nén quá lớn; không được phép tải lên."})
