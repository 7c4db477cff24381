"""Plan files (data/plans/*.yaml) into the plans tables. docs/plan-file.md describes the format
and which fields the file owns.

Three steps, so that a bad file never reaches the database:

1. `plan_file.parse_plan_file`: YAML into typed dataclasses, checked without reading a table.
2. `resolve_plan`: finds the province, its districts and the agencies the file names, and
   expands `per_unit` tasks into one task per unit.
3. `write_plan`: creates or updates in place, keyed by codes, in one transaction.

Steps 1 and 2 collect every problem they find; `PlanFileError` reports them all at once, each
naming the file, the entry and the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import router, transaction
from django.db.models import Model, QuerySet
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

from lanhmanh.accounts.models import Agency
from lanhmanh.core import audit
from lanhmanh.core.versioning import save_versioned
from lanhmanh.places.models import AdministrativeUnit, Level
from lanhmanh.plans.models import Measure, Plan, SpendingCategory, Target, Task
from lanhmanh.plans.plan_file import (
    UNIT_CODE_PLACEHOLDER,
    UNKNOWN_DATE,
    PlanFileError,
    PlanSpec,
    Problem,
    TaskSpec,
    parse_plan_file,
)

__all__ = ["LoadSummary", "PlanFileError", "find_agency", "load_plan_file", "resolve_plan", "write_plan"]


def display_path(path: Path) -> str:
    """The file as the project names it: relative to the checkout when it lies inside it."""
    resolved = path.resolve()
    base = Path(settings.BASE_DIR).resolve()
    return str(resolved.relative_to(base)) if resolved.is_relative_to(base) else str(path)


# --- Resolution against the database -----------------------------------------------------------


@dataclass(frozen=True)
class TaskRow:
    """A task as it will be written: `per_unit` entries expanded, agencies and unit found."""

    spec: TaskSpec
    code: str
    unit: AdministrativeUnit
    lead: Agency | None
    partners: tuple[Agency, ...]


@dataclass(frozen=True)
class ResolvedPlan:
    spec: PlanSpec
    province: AdministrativeUnit
    lead: Agency
    tasks: tuple[TaskRow, ...]


def province_for(code: str, source: str, day: date | None) -> list[AdministrativeUnit]:
    """Provinces with this GSO code in this dataset valid on `day`.

    Here and below, `day` None (the file's start date was unusable, already reported) means any date.
    """
    units = AdministrativeUnit.objects.filter(code=code, source=source, level=Level.PROVINCE)
    return list(units if day is None else units.valid_on(day))


def agencies_in(province: AdministrativeUnit, day: date | None) -> dict[str, list[Agency]]:
    """The agencies of the province and of the units below it valid on `day`, by code.

    Agency codes are unique per unit only, so the lookup is always inside one province.
    """
    agencies = Agency.objects.filter(unit__path__prefix=province.path).select_related("unit")
    if day is not None:
        agencies = agencies.valid_on(day)
    by_code: dict[str, list[Agency]] = {}
    for agency in agencies:
        by_code.setdefault(agency.code, []).append(agency)
    return by_code


def find_agency(code: str, *, province: AdministrativeUnit, day: date | None) -> Agency | None:
    """The one agency with `code` in the province valid on `day`, or None (absent or ambiguous)."""
    found = agencies_in(province, day).get(code, [])
    return found[0] if len(found) == 1 else None


class _Agencies:
    def __init__(self, province: AdministrativeUnit, day: date | None, problems: list[Problem]) -> None:
        self.by_code = agencies_in(province, day)
        self.province = province
        self.day = day
        self.problems = problems

    def get(self, code: str, entry: str, name: str) -> Agency | None:
        found = self.by_code.get(code, [])
        if len(found) == 1:
            return found[0]
        when = f" vào ngày {self.day:%d/%m/%Y}" if self.day else ""
        if not found:
            message = (
                f'không tìm thấy cơ quan mã "{code}" thuộc {self.province.name}{when} '
                "(kiểm tra data/agencies/*.yaml và lệnh load_agencies)."
            )
        else:
            units = ", ".join(agency.unit.name for agency in found)
            message = f'mã cơ quan "{code}" không xác định được duy nhất{when}: có ở {units}.'
        self.problems.append(Problem(entry, name, message))
        return None


def resolve_plan(spec: PlanSpec, problems: list[Problem]) -> ResolvedPlan | None:
    """Find what the file refers to; add a Problem for each reference that cannot be found."""
    day = spec.period_start if spec.period_start != UNKNOWN_DATE else None
    if not spec.province_code or not spec.unit_source:
        return None  # already reported by the parser; nothing else can be looked up
    provinces = province_for(spec.province_code, spec.unit_source, day)
    if len(provinces) != 1:
        when = f" còn hiệu lực ngày {day:%d/%m/%Y}" if day else ""
        state = "không tìm thấy" if not provinces else "có nhiều hơn một"
        problems.append(
            Problem(
                "header.province",
                "code",
                f'{state} tỉnh mã "{spec.province_code}" thuộc bộ dữ liệu "{spec.unit_source}"{when} '
                "(nạp đơn vị hành chính trước bằng lệnh load_units).",
            )
        )
        return None
    province = provinces[0]
    agencies = _Agencies(province, day, problems)
    lead = agencies.get(spec.lead, "header", "lead") if spec.lead else None
    subtree = AdministrativeUnit.objects.subtree(province)
    units = list((subtree if day is None else subtree.valid_on(day)).order_by("code"))

    rows: list[TaskRow] = []
    for task in spec.tasks:
        rows.extend(_task_rows(task, province, units, agencies, problems))
    # The parser already caught two entries with the same code; here, clashes made by expansion
    # ("IV.13.1" per district against an entry coded "IV.13.1-703").
    seen: dict[str, TaskRow] = {}
    for row in rows:
        first = seen.setdefault(row.code, row)
        if first is not row and (first.code != first.spec.code or row.code != row.spec.code):
            problems.append(Problem(row.spec.entry, "code", f'mã nhiệm vụ "{row.code}" trùng với {first.spec.entry}.'))
    if lead is None or problems:
        return None
    return ResolvedPlan(spec=spec, province=province, lead=lead, tasks=tuple(rows))


def _task_rows(
    task: TaskSpec,
    province: AdministrativeUnit,
    units: Sequence[AdministrativeUnit],
    agencies: _Agencies,
    problems: list[Problem],
) -> list[TaskRow]:
    if task.per_unit:
        level_units = [u for u in units if u.level == task.per_unit and u.pk != province.pk]
        if not level_units:
            problems.append(
                Problem(
                    task.entry, "per_unit", f"{province.name} không có đơn vị cấp {task.per_unit} nào còn hiệu lực."
                )
            )
        placed = [(f"{task.code}-{unit.code}", unit) for unit in level_units]
    elif task.unit:
        matches = [u for u in units if u.code == task.unit]
        if len(matches) != 1:
            problems.append(
                Problem(
                    task.entry,
                    "unit",
                    f'không tìm thấy duy nhất một đơn vị mã "{task.unit}" thuộc {province.name} '
                    "còn hiệu lực vào ngày bắt đầu kế hoạch.",
                )
            )
            return []
        placed = [(task.code, matches[0])]
    else:
        placed = [(task.code, province)]

    rows: list[TaskRow] = []
    for code, unit in placed:
        if len(code) > 40:
            problems.append(Problem(task.entry, "code", f'mã nhiệm vụ "{code}" dài quá 40 ký tự.'))
        lead = (
            agencies.get(task.lead.replace(UNIT_CODE_PLACEHOLDER, unit.code), task.entry, "lead") if task.lead else None
        )
        partners = [
            agencies.get(template.replace(UNIT_CODE_PLACEHOLDER, unit.code), task.entry, "partners")
            for template in task.partners
        ]
        rows.append(
            TaskRow(
                spec=task,
                code=code,
                unit=unit,
                lead=lead,
                partners=tuple(p for p in partners if p is not None and p != lead),
            )
        )
    return rows


# --- Writing -----------------------------------------------------------------------------------

KIND_LABELS = {
    "plan": "Kế hoạch",
    "targets": "Mục tiêu",
    "measures": "Chỉ tiêu",
    "tasks": "Nhiệm vụ",
    "spending_categories": "Mục chi",
}


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged, "deleted": self.deleted}


@dataclass
class LoadSummary:
    plan_code: str
    source_file: str
    dry_run: bool
    tallies: dict[str, Tally] = field(default_factory=lambda: {kind: Tally() for kind in KIND_LABELS})
    # Entries no longer in the file ("nhiệm vụ IV.2.4"): deleted, or kept because records depend
    # on them (with what depends on them).
    deleted: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.deleted) or any(t.created or t.updated or t.deleted for t in self.tallies.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "source_file": self.source_file,
            "counts": {kind: tally.as_dict() for kind, tally in self.tallies.items()},
            "deleted": self.deleted,
            "kept": self.kept,
        }

    def lines(self) -> list[str]:
        lines = [f"Kế hoạch {self.plan_code} từ {self.source_file}:"]
        for kind, tally in self.tallies.items():
            lines.append(
                f"  {KIND_LABELS[kind]}: thêm mới {tally.created}, cập nhật {tally.updated}, "
                f"giữ nguyên {tally.unchanged}, xóa {tally.deleted}."
            )
        if self.deleted:
            lines.append(f"  Đã xóa vì không còn trong tệp: {', '.join(self.deleted)}.")
        for kept in self.kept:
            lines.append(f"  Không còn trong tệp nhưng được giữ lại: {kept}.")
        if self.dry_run:
            lines.append("Chạy thử (--dry-run): không có thay đổi nào được lưu.")
        return lines


def _apply(obj: Model, values: dict[str, Any]) -> list[str]:
    """Set the values that differ; return the names of the fields changed."""
    changed = []
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _size(objs: object) -> int:
    # Collector keeps querysets or lists of instances here, whatever the stubs say.
    if isinstance(objs, QuerySet):
        return objs.count()
    return len(objs) if isinstance(objs, list | set | tuple) else 1


def _dependents(obj: Model) -> list[str]:
    """What deleting `obj` would delete, detach or be refused by, besides itself and its M2M rows."""
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    try:
        collector.collect([obj])
    except ProtectedError as exc:
        return sorted({str(o._meta.verbose_name) for o in exc.protected_objects})
    except RestrictedError as exc:
        return sorted({str(o._meta.verbose_name) for o in exc.restricted_objects})
    counts: dict[str, int] = {}

    def add(model: type[Model], number: int) -> None:
        if number and not model._meta.auto_created:
            key = str(model._meta.verbose_name_plural)
            counts[key] = counts.get(key, 0) + number

    for model, instances in collector.data.items():
        add(model, sum(1 for instance in instances if not (type(instance) is type(obj) and instance.pk == obj.pk)))
    for batch in collector.fast_deletes:
        add(batch.model, batch.count())
    for (update_field, _value), batches in collector.field_updates.items():
        for objs in batches:
            add(update_field.model, _size(objs))
    return [f"{name} ({number})" for name, number in sorted(counts.items())]


class _Writer:
    def __init__(self, resolved: ResolvedPlan, summary: LoadSummary) -> None:
        self.resolved = resolved
        self.spec = resolved.spec
        self.summary = summary

    def tally(self, kind: str, created: bool, changed: Sequence[str]) -> None:
        tally = self.summary.tallies[kind]
        if created:
            tally.created += 1
        elif changed:
            tally.updated += 1
        else:
            tally.unchanged += 1

    def run(self) -> Plan:
        plan = self.write_plan()
        targets = self.write_targets(plan)
        self.write_measures(plan, targets)
        self.write_tasks(plan)
        self.write_spending(plan)
        self.remove_missing(plan)
        if self.summary.changed and not self.summary.tallies["plan"].created:
            # loaded_at says when the file last changed the plan, whichever part changed.
            Plan.objects.filter(pk=plan.pk).update(loaded_at=timezone.now())
        return plan

    def write_plan(self) -> Plan:
        spec = self.spec
        values: dict[str, Any] = {
            "number": spec.number,
            "title": spec.title,
            "issuer": spec.issuer,
            "issued_on": spec.issued_on,
            "place": spec.place,
            "period_start": spec.period_start,
            "period_end": spec.period_end,
            "unit_id": self.resolved.province.pk,
            "lead_agency_id": self.resolved.lead.pk,
            "content": spec.content,
            "source_file": self.summary.source_file[:200],
        }
        # Locked until the end of the load: two loads of the same plan run one after the other.
        plan = Plan.objects.select_for_update().filter(code=spec.code).first()
        if plan is None:
            plan = Plan.objects.create(code=spec.code, **values)
            self.tally("plan", True, [])
            return plan
        changed = _apply(plan, values)
        if changed:
            plan.save(update_fields=[*changed, "loaded_at"])
        self.tally("plan", False, changed)
        return plan

    def write_targets(self, plan: Plan) -> dict[str, Target]:
        existing = {target.code: target for target in plan.targets.all()}
        written: dict[str, Target] = {}
        for order, spec in enumerate(self.spec.targets, start=1):
            values = {"text": spec.text, "order": order}
            target = existing.get(spec.code)
            if target is None:
                target = Target.objects.create(plan=plan, code=spec.code, **values)
                self.tally("targets", True, [])
            else:
                changed = _apply(target, values)
                if changed:
                    target.save(update_fields=changed)
                self.tally("targets", False, changed)
            written[spec.code] = target
        return written

    def write_measures(self, plan: Plan, targets: dict[str, Target]) -> None:
        existing = {measure.code: measure for measure in Measure.objects.filter(target__plan=plan)}
        order = 0
        for target_spec in self.spec.targets:
            for spec in target_spec.measures:
                order += 1
                values = {
                    "target_id": targets[target_spec.code].pk,
                    "label": spec.label,
                    "indicator_code": spec.indicator,
                    "baseline": spec.baseline,
                    "target_value": spec.target,
                    "unit_of_measure": spec.unit_of_measure,
                    "direction": spec.direction,
                    "frequency": spec.frequency,
                    "order": order,
                }
                measure = existing.get(spec.code)
                if measure is None:
                    Measure.objects.create(code=spec.code, **values)
                    self.tally("measures", True, [])
                    continue
                changed = _apply(measure, values)
                if changed:
                    # Bumps the version: an edit of this measure open in the app is refused, not lost.
                    save_versioned(measure, expected_version=measure.version, fields=changed)
                self.tally("measures", False, changed)

    def write_tasks(self, plan: Plan) -> None:
        existing = {task.code: task for task in plan.tasks.prefetch_related("partners")}
        for order, row in enumerate(self.resolved.tasks, start=1):
            spec = row.spec
            values: dict[str, Any] = {
                "section": spec.section,
                "kind": spec.kind,
                "text": spec.text,
                "lead_agency_id": row.lead.pk if row.lead else None,
                "unit_id": row.unit.pk,
                "order": order,
                "planned_deadline": spec.deadline,
            }
            partner_ids = {partner.pk for partner in row.partners}
            task = existing.get(row.code)
            if task is None:
                task = Task.objects.create(plan=plan, code=row.code, deadline=spec.deadline, **values)
                if row.partners:
                    task.partners.set(row.partners)
                self.tally("tasks", True, [])
                continue
            if task.deadline == task.planned_deadline:
                # Nobody moved the deadline in the app: it follows the file.
                values["deadline"] = spec.deadline
            changed = _apply(task, values)
            if changed:
                task.updated_at = timezone.now()
                save_versioned(task, expected_version=task.version, fields=[*changed, "updated_at"])
            if {partner.pk for partner in task.partners.all()} != partner_ids:
                task.partners.set(row.partners)
                changed.append("partners")
            self.tally("tasks", False, changed)

    def write_spending(self, plan: Plan) -> None:
        existing = {category.code: category for category in plan.spending_categories.all()}
        for order, spec in enumerate(self.spec.spending_categories, start=1):
            values = {"text": spec.text, "order": order}
            category = existing.get(spec.code)
            if category is None:
                SpendingCategory.objects.create(plan=plan, code=spec.code, **values)
                self.tally("spending_categories", True, [])
                continue
            changed = _apply(category, values)
            if changed:
                category.save(update_fields=changed)
            self.tally("spending_categories", False, changed)

    def remove_missing(self, plan: Plan) -> None:
        # Children before parents: a target whose measures all went can go too.
        measure_codes = {m.code for m in self.spec.measures}
        task_codes = {row.code for row in self.resolved.tasks}
        target_codes = {t.code for t in self.spec.targets}
        spending_codes = {c.code for c in self.spec.spending_categories}
        groups: list[tuple[str, Iterable[Any]]] = [
            ("measures", Measure.objects.filter(target__plan=plan).exclude(code__in=measure_codes)),
            ("targets", plan.targets.exclude(code__in=target_codes)),
            ("tasks", plan.tasks.exclude(code__in=task_codes)),
            ("spending_categories", plan.spending_categories.exclude(code__in=spending_codes)),
        ]
        for kind, gone in groups:
            for obj in list(gone):
                label = f"{KIND_LABELS[kind].lower()} {obj.code}"
                blockers = _dependents(obj)
                if blockers:
                    self.summary.kept.append(f"{label} (còn {', '.join(blockers)})")
                    continue
                obj.delete()
                self.summary.tallies[kind].deleted += 1
                self.summary.deleted.append(label)


def write_plan(resolved: ResolvedPlan, *, source_file: str, dry_run: bool = False) -> LoadSummary:
    """Create or update the plan in one transaction; with `dry_run` roll it all back."""
    summary = LoadSummary(plan_code=resolved.spec.code, source_file=source_file, dry_run=dry_run)
    with transaction.atomic():
        plan = _Writer(resolved, summary).run()
        audit.record("plans.plan.loaded", actor=None, target=plan, changes=summary.as_dict())
        if dry_run:
            transaction.set_rollback(True)
    return summary


def load_plan_file(path: Path | str, *, dry_run: bool = False) -> LoadSummary:
    """Check the whole file, then write it; raise PlanFileError (nothing written) on any problem."""
    path = Path(path)
    spec, problems = parse_plan_file(path)
    resolved = resolve_plan(spec, problems) if spec is not None else None
    if problems or resolved is None:
        raise PlanFileError(str(path), problems)
    return write_plan(resolved, source_file=display_path(path), dry_run=dry_run)
