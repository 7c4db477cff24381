"""State changes for accounts: loading agencies from a data file (data/agencies/*.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from django.db import models, transaction

from lanhmanh.accounts.models import Agency, AgencyLevel
from lanhmanh.core import audit
from lanhmanh.places.models import AdministrativeUnit
from lanhmanh.places.services import DataFileError, LoadResult

AGENCY_FIELDS = ("code", "name", "short_name", "level", "unit", "valid_from", "valid_to", "successor")
REQUIRED_FIELDS = ("code", "name", "level")
# Agency levels that must sit on a unit of the same level; a central body may sit anywhere.
UNIT_LEVEL_OF = {AgencyLevel.PROVINCE: "province", AgencyLevel.DISTRICT: "district", AgencyLevel.COMMUNE: "commune"}


@dataclass(frozen=True)
class AgencyEntry:
    code: str
    name: str
    short_name: str
    level: str
    unit: AdministrativeUnit
    valid_from: date | None
    valid_to: date | None
    successor: str | None
    label: str


def load_agencies_file(path: Path) -> LoadResult:
    """Create or update the agencies of one province from a YAML file; all or nothing, idempotent.

    An agency is found again by its code among the agencies of the file's province (its subtree),
    so moving an agency to another unit in the file updates it instead of adding a second one.
    """
    document = _read_yaml(path)
    province = _province(document, path)
    source = province.source
    raw_agencies = document.get("agencies")
    if not isinstance(raw_agencies, list) or not raw_agencies:
        raise DataFileError(f"{path}: trường 'agencies' phải là danh sách cơ quan không rỗng.")
    entries: dict[str, AgencyEntry] = {}
    for number, raw in enumerate(raw_agencies, start=1):
        entry = _parse_entry(raw, f"cơ quan số {number}", province, source)
        if entry.code in entries:
            raise DataFileError(f"{entry.label}: trùng mã với {entries[entry.code].label}.")
        entries[entry.code] = entry
    for entry in entries.values():
        if entry.successor is not None:
            if entry.successor not in entries:
                raise DataFileError(f"{entry.label}: trường 'successor': không có cơ quan mã '{entry.successor}'.")
            if entry.successor == entry.code:
                raise DataFileError(f"{entry.label}: trường 'successor': cơ quan không kế thừa chính nó.")
            if entry.valid_to is None:
                raise DataFileError(f"{entry.label}: cơ quan có 'successor' phải có 'valid_to'.")
    return _write(entries, province, origin=str(path))


def _write(entries: dict[str, AgencyEntry], province: AdministrativeUnit, *, origin: str) -> LoadResult:
    result = LoadResult()
    with transaction.atomic():
        existing: dict[str, Agency] = {}
        in_province = Agency.objects.filter(code__in=entries, unit__path__prefix=province.path)
        for agency in in_province.select_related("successor"):
            if agency.code in existing:
                raise DataFileError(
                    f"{origin}: cơ sở dữ liệu có hai cơ quan mã '{agency.code}' trong {province.name}; "
                    "cần xử lý bằng tay trước khi nạp."
                )
            existing[agency.code] = agency
        agencies: dict[str, Agency] = {}
        before: dict[str, dict[str, Any]] = {}
        for code, entry in entries.items():
            agency = existing.get(code) or Agency(code=code)
            before[code] = _snapshot(agency) if agency.pk else {}
            agency.name = entry.name
            agency.short_name = entry.short_name
            agency.level = entry.level
            agency.unit = entry.unit
            agency.valid_from = entry.valid_from
            agency.valid_to = entry.valid_to
            if agency.pk is None:
                # Saved now so that an agency earlier in the file can name it as successor below.
                agency.save()
            agencies[code] = agency
        for code, entry in entries.items():
            agency = agencies[code]
            agency.successor = agencies[entry.successor] if entry.successor else None
            after = _snapshot(agency)
            created = not before[code]
            if not created and after == before[code]:
                result.unchanged += 1
                continue
            agency.save()
            if created:
                result.created += 1
            else:
                result.updated += 1
            audit.record(
                "accounts.agency.created" if created else "accounts.agency.updated",
                actor=None,
                target=agency,
                changes={"origin": origin, **audit.diff(before[code], after)},
            )
    return result


def _snapshot(agency: Agency) -> dict[str, Any]:
    return {
        "name": agency.name,
        "short_name": agency.short_name,
        "level": agency.level,
        "unit": agency.unit_id,
        "valid_from": agency.valid_from,
        "valid_to": agency.valid_to,
        "successor": agency.successor.code if agency.successor else None,
    }


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(f"Không đọc được tệp {path}: {exc.strerror or exc}.") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path}: YAML không hợp lệ: {exc}") from exc
    if not isinstance(document, dict):
        raise DataFileError(f"{path}: nội dung phải là một bảng có 'province', 'unit_source' và 'agencies'.")
    return document


def _province(document: dict[str, Any], path: Path) -> AdministrativeUnit:
    code, source = document.get("province"), document.get("unit_source")
    if not isinstance(code, str) or not code.strip():
        raise DataFileError(f"{path}: thiếu trường 'province' (mã GSO của tỉnh, viết trong dấu nháy).")
    if not isinstance(source, str) or not source.strip():
        raise DataFileError(f"{path}: thiếu trường 'unit_source' (bộ dữ liệu đơn vị hành chính, ví dụ tay-ninh-2019).")
    found = list(AdministrativeUnit.objects.filter(code=code.strip(), source=source.strip(), level="province"))
    if len(found) != 1:
        raise DataFileError(
            f"{path}: trường 'province': không tìm thấy tỉnh mã '{code}' trong bộ dữ liệu '{source}' "
            "(đã chạy load_units chưa?)."
        )
    return found[0]


def _parse_entry(raw: object, origin: str, province: AdministrativeUnit, source: str) -> AgencyEntry:
    if not isinstance(raw, dict):
        raise DataFileError(f"{origin}: mỗi cơ quan phải là một bảng (code, name, level...).")
    label = f"{origin} ({raw['code']})" if isinstance(raw.get("code"), str) else origin
    unknown = sorted(str(key) for key in set(raw) - set(AGENCY_FIELDS))
    if unknown:
        raise DataFileError(f"{label}: trường không xác định {', '.join(repr(u) for u in unknown)}.")
    for name in REQUIRED_FIELDS:
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise DataFileError(f"{label}: thiếu trường '{name}'.")
    code, name = raw["code"].strip(), raw["name"].strip()
    short_name = raw.get("short_name") or ""
    if not isinstance(short_name, str):
        raise DataFileError(f"{label}: trường 'short_name' phải là chuỗi.")
    for field_name, value in (("code", code), ("name", name), ("short_name", short_name)):
        model_field = Agency._meta.get_field(field_name)
        max_length = model_field.max_length if isinstance(model_field, models.CharField) else None
        if max_length is not None and len(value) > max_length:
            raise DataFileError(f"{label}: trường '{field_name}' dài quá {max_length} ký tự.")
    level = raw["level"]
    if level not in AgencyLevel.values:
        raise DataFileError(f"{label}: trường 'level' phải là một trong {', '.join(AgencyLevel.values)}.")
    unit = _unit(raw.get("unit"), label, level, province, source)
    valid_from = _date(raw.get("valid_from"), label, "valid_from")
    valid_to = _date(raw.get("valid_to"), label, "valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        raise DataFileError(f"{label}: 'valid_to' ({valid_to}) trước 'valid_from' ({valid_from}).")
    successor = raw.get("successor")
    if successor is not None and (not isinstance(successor, str) or not successor.strip()):
        raise DataFileError(f"{label}: trường 'successor' phải là mã một cơ quan trong tệp.")
    return AgencyEntry(
        code=code,
        name=name,
        short_name=short_name.strip(),
        level=level,
        unit=unit,
        valid_from=valid_from,
        valid_to=valid_to,
        successor=successor.strip() if successor else None,
        label=label,
    )


def _unit(raw_code: object, label: str, level: str, province: AdministrativeUnit, source: str) -> AdministrativeUnit:
    if raw_code is None:
        unit = province
    else:
        if not isinstance(raw_code, str) or not raw_code.strip():
            raise DataFileError(f"{label}: trường 'unit' phải là mã GSO viết trong dấu nháy (ví dụ \"703\").")
        found = list(
            AdministrativeUnit.objects.filter(code=raw_code.strip(), source=source, path__prefix=province.path)
        )
        if not found:
            raise DataFileError(
                f"{label}: trường 'unit': không có đơn vị mã '{raw_code}' thuộc {province.name} "
                f"trong bộ dữ liệu '{source}'."
            )
        if len(found) > 1:
            raise DataFileError(f"{label}: trường 'unit': mã '{raw_code}' ứng với nhiều đơn vị trong '{source}'.")
        unit = found[0]
    expected = UNIT_LEVEL_OF.get(AgencyLevel(level))
    if expected is not None and unit.level != expected:
        raise DataFileError(f"{label}: cơ quan cấp {level} phải đặt tại đơn vị cấp {expected} ({unit.name}).")
    return unit


def _date(value: object, label: str, name: str) -> date | None:
    # YAML already turns an unquoted 2025-02-28 into a date; a quoted one arrives as text.
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise DataFileError(f"{label}: trường '{name}' phải là ngày YYYY-MM-DD hoặc null ('{value}').")
