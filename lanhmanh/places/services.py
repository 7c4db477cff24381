"""Loading administrative units from data files and from the `vietnam-provinces` package.

Both loaders turn their input into `UnitRecord`s and hand them to `upsert_units`, the one
function that writes units: idempotent (a dataset's unit is found again by code, level and
start date, see `AdministrativeUnit.Meta`), all-or-nothing, and bulk, so the 3,355 national
units load in a few seconds. A dataset never touches another dataset's units.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

from django.db import connection, transaction

from lanhmanh.core import audit
from lanhmanh.places.models import AdministrativeUnit, Level, unit_path

# Levels from the top: a parent sits strictly higher than its child.
LEVEL_RANK = {Level.PROVINCE.value: 0, Level.DISTRICT.value: 1, Level.COMMUNE.value: 2}
# The two-tier structure (no districts) starts on 1 July 2025 (resolution 202/2025/QH15).
TWO_TIER_START = date(2025, 7, 1)

# A unit inside one dataset: (code, level, valid_from).
Key = tuple[str, str, date | None]

RECORD_FIELDS = ("code", "name", "kind", "level", "parent", "valid_from", "valid_to", "successors")
# Rows per INSERT/UPDATE statement in bulk writes (keeps SQLite under its variable limit).
BATCH = 500
MAX_CODE, MAX_NAME, MAX_KIND, MAX_SOURCE = 10, 120, 40, 60


class DataFileError(Exception):
    """A data file (units, agencies) that cannot be loaded; the message names the entry and field."""


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"Thêm mới {self.created}, cập nhật {self.updated}, giữ nguyên {self.unchanged}."


@dataclass(frozen=True)
class UnitRecord:
    code: str
    name: str
    kind: str
    level: str
    parent: str | None
    valid_from: date | None
    valid_to: date | None
    successors: tuple[str, ...] = ()
    # Where the record came from, for error messages ("bản ghi số 12").
    origin: str = field(default="", compare=False)

    @property
    def key(self) -> Key:
        return (self.code, self.level, self.valid_from)

    def label(self) -> str:
        where = f"{self.origin} " if self.origin else ""
        return f"{where}(mã {self.code}, {self.name})"

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


# --- Unit files ---------------------------------------------------------------------------------


def load_units_file(path: Path) -> LoadResult:
    """Load a unit snapshot (data/units/*.json; format in docs/units.md) under its dataset id."""
    document = _read_json(path)
    if not isinstance(document, dict):
        raise DataFileError(f"{path}: nội dung phải là một đối tượng JSON có 'dataset' và 'units'.")
    source = document.get("dataset")
    if not isinstance(source, str) or not source.strip() or len(source) > MAX_SOURCE:
        raise DataFileError(f"{path}: thiếu trường 'dataset' (mã bộ dữ liệu, tối đa {MAX_SOURCE} ký tự).")
    raw_units = document.get("units")
    if not isinstance(raw_units, list) or not raw_units:
        raise DataFileError(f"{path}: trường 'units' phải là danh sách đơn vị không rỗng.")
    records = [_parse_record(raw, f"bản ghi số {number}") for number, raw in enumerate(raw_units, start=1)]
    return upsert_units(source=source.strip(), records=records, origin=str(path))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(f"Không đọc được tệp {path}: {exc.strerror or exc}.") from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{path}: JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}.") from exc


def _parse_record(raw: object, origin: str) -> UnitRecord:
    if not isinstance(raw, dict):
        raise DataFileError(f"{origin}: mỗi đơn vị phải là một đối tượng JSON.")
    # Name the record by code and name when it has them, so the message points at a line in the file.
    parts = [f"mã {raw['code']}"] if "code" in raw else []
    if raw.get("name"):
        parts.append(str(raw["name"]))
    label = f"{origin} ({', '.join(parts)})" if parts else origin
    missing = [name for name in RECORD_FIELDS if name not in raw]
    if missing:
        raise DataFileError(f"{label}: thiếu trường {', '.join(repr(m) for m in missing)}.")
    unknown = sorted(set(raw) - set(RECORD_FIELDS))
    if unknown:
        raise DataFileError(f"{label}: trường không xác định {', '.join(repr(u) for u in unknown)}.")
    code = _text(raw["code"], label, "code", MAX_CODE, digits=True)
    name = _text(raw["name"], label, "name", MAX_NAME)
    kind = _text(raw["kind"], label, "kind", MAX_KIND)
    level = raw["level"]
    if level not in LEVEL_RANK:
        raise DataFileError(f"{label}: trường 'level' phải là một trong {', '.join(LEVEL_RANK)}.")
    parent = None if raw["parent"] is None else _text(raw["parent"], label, "parent", MAX_CODE, digits=True)
    valid_from = _date(raw["valid_from"], label, "valid_from")
    valid_to = _date(raw["valid_to"], label, "valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        raise DataFileError(f"{label}: 'valid_to' ({valid_to}) trước 'valid_from' ({valid_from}).")
    successors = raw["successors"]
    if not isinstance(successors, list):
        raise DataFileError(f"{label}: trường 'successors' phải là danh sách mã.")
    codes = tuple(_text(s, label, "successors", MAX_CODE, digits=True) for s in successors)
    return UnitRecord(code, name, kind, level, parent, valid_from, valid_to, codes, origin)


def _text(value: object, label: str, name: str, max_length: int, *, digits: bool = False) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(f"{label}: trường '{name}' phải là chuỗi không rỗng.")
    value = value.strip()
    if len(value) > max_length:
        raise DataFileError(f"{label}: trường '{name}' dài quá {max_length} ký tự.")
    if digits and not value.isdigit():
        raise DataFileError(f"{label}: trường '{name}' phải là mã số ('{value}').")
    return value


def _date(value: object, label: str, name: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise DataFileError(f"{label}: trường '{name}' phải là ngày YYYY-MM-DD hoặc null ('{value}').")


# --- The national two-tier structure -----------------------------------------------------------

_PROVINCE_KINDS = {"tỉnh": "Tỉnh", "thành phố trung ương": "Thành phố"}
_COMMUNE_KINDS = {"xã": "Xã", "phường": "Phường", "đặc khu": "Đặc khu"}


def national_source() -> str:
    import vietnam_provinces

    return f"vietnam-provinces-{vietnam_provinces.__version__}"


def national_records() -> list[UnitRecord]:
    """The two-tier structure of 1 July 2025 from the installed `vietnam-provinces` package.

    Codes are written the way GSO writes them, zero-padded (Hà Nội "01", Phường Hoàn Kiếm "00070").
    The package has no merger history, so no successor links come from here (docs/units.md).
    """
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    records: list[UnitRecord] = []
    for province in _read_json(Path(NESTED_DIVISIONS_JSON_PATH)):
        province_code = f"{province['code']:02d}"
        kind = _package_kind(_PROVINCE_KINDS, province)
        name = province["name"]
        # The package writes most provinces without their type word ("Tây Ninh", but "Thành phố Hà Nội").
        if not name.startswith(kind):
            name = f"{kind} {name}"
        records.append(UnitRecord(province_code, name, kind, Level.PROVINCE.value, None, TWO_TIER_START, None))
        for ward in province["wards"]:
            kind = _package_kind(_COMMUNE_KINDS, ward)
            code = f"{ward['code']:05d}"
            records.append(
                UnitRecord(code, ward["name"], kind, Level.COMMUNE.value, province_code, TWO_TIER_START, None)
            )
    return records


def _package_kind(kinds: dict[str, str], division: dict[str, Any]) -> str:
    try:
        return kinds[division["division_type"]]
    except KeyError:
        raise DataFileError(
            f"vietnam-provinces: loại đơn vị không xác định '{division.get('division_type')}' "
            f"(mã {division.get('code')}, {division.get('name')})."
        ) from None


def load_national_units() -> LoadResult:
    return upsert_units(source=national_source(), records=national_records(), origin="vietnam-provinces")


# --- Writing -----------------------------------------------------------------------------------


def upsert_units(*, source: str, records: Sequence[UnitRecord], origin: str = "") -> LoadResult:
    """Create or update the units of one dataset so that they match `records`.

    Idempotent: a second run with the same records writes nothing. Units of the dataset that the
    records no longer mention are left alone (data may point at them). Links between units of the
    dataset are set to what the records say; links to other datasets' units are kept.
    """
    parent_of, successors_of = _resolve(records)
    result = LoadResult()
    with transaction.atomic():
        existing = {(u.code, u.level, u.valid_from): u for u in AdministrativeUnit.objects.filter(source=source)}
        units: dict[Key, AdministrativeUnit] = {}
        changed: set[Key] = set()
        moved: list[tuple[str, AdministrativeUnit]] = []
        # Top-down, one depth at a time: a parent has its primary key and path before its children.
        for group in _by_depth(records, parent_of):
            fresh: list[AdministrativeUnit] = []
            for record in group:
                parent_key = parent_of.get(record.key)
                parent = units[parent_key] if parent_key else None
                unit = existing.get(record.key)
                if unit is None:
                    unit = AdministrativeUnit(
                        code=record.code,
                        level=record.level,
                        valid_from=record.valid_from,
                        source=source,
                        # Placeholder until the primary key is known; unique, never a real path.
                        path=f"new-{uuid4().hex}",
                    )
                    fresh.append(unit)
                if _assign(unit, record, parent):
                    changed.add(record.key)
                units[record.key] = unit
            AdministrativeUnit.objects.bulk_create(fresh, batch_size=BATCH)
            for record in group:
                unit = units[record.key]
                parent_key = parent_of.get(record.key)
                path = unit_path(units[parent_key].path if parent_key else "", unit.pk)
                if unit.path != path:
                    if not unit.path.startswith("new-"):
                        moved.append((unit.path, unit))
                    unit.path = path
                    changed.add(record.key)
            _write_paths(fresh)
            AdministrativeUnit.objects.bulk_update(
                [units[r.key] for r in group if r.key in changed and r.key in existing],
                ["name", "kind", "parent", "valid_to", "path"],
                batch_size=BATCH,
            )
        # Deepest first, so a unit below two moved units is rebased once, onto its nearest moved ancestor.
        _rebase_outside(reversed(moved), {u.pk for u in units.values()})
        changed |= _set_successor_links(source, units, successors_of)
        created = {key for key in units if key not in existing}
        result.created = len(created)
        result.updated = len(changed - created)
        result.unchanged = len(units) - result.created - result.updated
        if result.created or result.updated:
            root = units[records[0].key]
            audit.record(
                "places.units.loaded",
                actor=None,
                target=root,
                changes={"source": source, "origin": origin, **vars(result)},
            )
    return result


def _write_paths(units: Sequence[AdministrativeUnit]) -> None:
    """Store the paths of freshly inserted units.

    One parametrised UPDATE run with executemany: `bulk_update` builds a CASE expression per row
    in Python and takes seconds for the 3,321 national communes, this takes milliseconds.
    """
    if not units:
        return
    with connection.cursor() as cursor:
        cursor.executemany(_UPDATE_PATH_SQL, [(unit.path, unit.pk) for unit in units])


# A literal, not built from `_meta.db_table`: SQL is never assembled from strings here. The table is
# the model's default one; the loader tests fail loudly if that ever changes.
_UPDATE_PATH_SQL = "UPDATE places_administrativeunit SET path = %s WHERE id = %s"


def _resolve(records: Sequence[UnitRecord]) -> tuple[dict[Key, Key], dict[Key, list[Key]]]:
    """Check the records against each other and resolve parent and successor codes to record keys."""
    if not records:
        raise DataFileError("Không có đơn vị nào để nạp.")
    by_key: dict[Key, UnitRecord] = {}
    by_code: dict[str, list[UnitRecord]] = {}
    for record in records:
        if record.key in by_key:
            raise DataFileError(
                f"{record.label()}: trùng với {by_key[record.key].label()} (cùng mã, cấp và ngày bắt đầu hiệu lực)."
            )
        by_key[record.key] = record
        by_code.setdefault(record.code, []).append(record)

    parent_of: dict[Key, Key] = {}
    for record in records:
        if record.parent is None:
            if record.level != Level.PROVINCE:
                raise DataFileError(f"{record.label()}: đơn vị cấp {record.level} phải có 'parent'.")
            continue
        candidates = [c for c in by_code.get(record.parent, []) if LEVEL_RANK[c.level] < LEVEL_RANK[record.level]]
        if not candidates:
            raise DataFileError(f"{record.label()}: đơn vị cấp trên '{record.parent}' không có trong tệp.")
        if len(candidates) > 1:
            raise DataFileError(f"{record.label()}: mã cấp trên '{record.parent}' ứng với nhiều đơn vị trong tệp.")
        parent_of[record.key] = candidates[0].key

    # A successor code names the unit of that code and level that is in force the day after the
    # predecessor ends: Xã Bình Thạnh 25729 (to 2020-01-31) -> Xã Phước Bình 25729 (from 2020-02-01).
    successors_of: dict[Key, list[Key]] = {}
    for record in records:
        if not record.successors:
            continue
        if record.valid_to is None:
            raise DataFileError(f"{record.label()}: đơn vị có 'successors' phải có 'valid_to'.")
        next_day = record.valid_to + timedelta(days=1)
        keys = []
        for code in record.successors:
            found = [c for c in by_code.get(code, []) if c.level == record.level and c.valid_on(next_day)]
            if len(found) != 1:
                problem = "không có" if not found else "có nhiều hơn một"
                raise DataFileError(
                    f"{record.label()}: 'successors' {code}: {problem} đơn vị cùng cấp mang mã này "
                    f"còn hiệu lực ngày {next_day.isoformat()}."
                )
            keys.append(found[0].key)
        successors_of[record.key] = keys
    return parent_of, successors_of


def _by_depth(records: Sequence[UnitRecord], parent_of: dict[Key, Key]) -> list[list[UnitRecord]]:
    depth: dict[Key, int] = {}

    def depth_of(key: Key) -> int:
        # Parents sit strictly higher (checked in _resolve), so the chain ends after at most two steps.
        if key not in depth:
            parent_key = parent_of.get(key)
            depth[key] = 0 if parent_key is None else depth_of(parent_key) + 1
        return depth[key]

    groups: dict[int, list[UnitRecord]] = {}
    for record in records:
        groups.setdefault(depth_of(record.key), []).append(record)
    return [groups[d] for d in sorted(groups)]


def _assign(unit: AdministrativeUnit, record: UnitRecord, parent: AdministrativeUnit | None) -> bool:
    """Copy the record's mutable fields onto the unit; True if anything changed."""
    changed = False
    for name, value in (("name", record.name), ("kind", record.kind), ("valid_to", record.valid_to)):
        if getattr(unit, name) != value:
            setattr(unit, name, value)
            changed = True
    parent_id = parent.pk if parent else None
    if unit.parent_id != parent_id:
        unit.parent = parent
        changed = True
    return changed


def _rebase_outside(moved: Iterable[tuple[str, AdministrativeUnit]], loaded: set[int]) -> None:
    """Rewrite the paths of units below a moved unit that the records do not cover."""
    for old_path, unit in moved:
        below = list(AdministrativeUnit.objects.filter(path__prefix=old_path).exclude(pk__in=loaded))
        for other in below:
            other.path = unit.path + other.path[len(old_path) :]
        AdministrativeUnit.objects.bulk_update(below, ["path"], batch_size=BATCH)


def _set_successor_links(
    source: str,
    units: dict[Key, AdministrativeUnit],
    successors_of: dict[Key, list[Key]],
) -> set[Key]:
    """Make the links inside the dataset match the records; return the keys of units whose links changed."""
    link = AdministrativeUnit.successors.through
    wanted = {
        (units[key].pk, units[successor].pk): key
        for key, successors in successors_of.items()
        for successor in successors
    }
    current = list(
        link.objects.filter(from_administrativeunit__source=source, to_administrativeunit__source=source).values_list(
            "pk", "from_administrativeunit_id", "to_administrativeunit_id"
        )
    )
    stale = {(from_id, to_id): pk for pk, from_id, to_id in current if (from_id, to_id) not in wanted}
    link.objects.filter(pk__in=stale.values()).delete()
    existing = {(from_id, to_id) for _, from_id, to_id in current}
    missing = [pair for pair in wanted if pair not in existing]
    link.objects.bulk_create(
        [link(from_administrativeunit_id=from_id, to_administrativeunit_id=to_id) for from_id, to_id in missing]
    )
    key_of_pk = {unit.pk: key for key, unit in units.items()}
    return {key_of_pk[from_id] for from_id, _ in stale if from_id in key_of_pk} | {wanted[pair] for pair in missing}
