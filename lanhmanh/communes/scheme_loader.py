"""Scheme files (data/assessment-schemes/*.yaml) into the scheme tables; docs/healthy-communes.md.

1. `scheme_file.parse_scheme_file` reads and checks the whole file without touching a table.
2. `write_scheme` writes it in one transaction, keyed by (code, version):
   - a new (code, version) is created;
   - the same version with the same content changes nothing (reloading is idempotent);
   - the same version with other content replaces the stored one only while no assessment
     uses it; once one does, the file must carry a new version, so an assessment keeps the
     criteria and thresholds it was scored under.

Any problem raises `SchemeFileError`, naming the file, the entry and the field; nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from lanhmanh.communes.models import AssessmentClass, AssessmentScheme, Criterion, CriterionGroup
from lanhmanh.communes.scheme_file import UNKNOWN_DATE, SchemeFileError, SchemeSpec, parse_scheme_file
from lanhmanh.core import audit
from lanhmanh.core.yamlfile import Problem

__all__ = ["LoadResult", "SchemeFileError", "load_scheme_file", "write_scheme"]

CREATED = "created"
UNCHANGED = "unchanged"
REPLACED = "replaced"
OUTCOME_LABELS = {
    CREATED: "đã thêm mới",
    UNCHANGED: "không thay đổi (đã nạp đúng nội dung này)",
    REPLACED: "đã cập nhật (phiên bản này chưa được dùng cho bản đánh giá nào)",
}


def display_path(path: Path) -> str:
    """The file as the project names it: relative to the checkout when it lies inside it."""
    resolved = path.resolve()
    base = Path(settings.BASE_DIR).resolve()
    return str(resolved.relative_to(base)) if resolved.is_relative_to(base) else str(path)


@dataclass(frozen=True)
class LoadResult:
    spec: SchemeSpec
    outcome: str  # CREATED, UNCHANGED or REPLACED
    dry_run: bool

    def lines(self) -> list[str]:
        spec = self.spec
        until = f" đến {spec.valid_to:%d/%m/%Y}" if spec.valid_to else ""
        lines = [
            f"Bộ tiêu chí {spec.code} phiên bản {spec.version} ({spec.title}): {OUTCOME_LABELS[self.outcome]}.",
            f"  {len(spec.groups)} nhóm, {len(spec.criteria)} tiêu chí, {len(spec.classes)} loại; "
            f"áp dụng từ {spec.valid_from:%d/%m/%Y}{until}.",
        ]
        if spec.example:
            lines.append("  Lưu ý: đây là bộ tiêu chí VÍ DỤ (example: true), không phải tiêu chí chính thức.")
        if self.dry_run:
            lines.append("Chạy thử (--dry-run): không có thay đổi nào được lưu.")
        return lines


def _write_children(scheme: AssessmentScheme, spec: SchemeSpec) -> None:
    groups = {
        g.code: CriterionGroup.objects.create(scheme=scheme, code=g.code, title=g.title, order=order)
        for order, g in enumerate(spec.groups, start=1)
    }
    classes = {
        c.code: AssessmentClass.objects.create(
            scheme=scheme,
            code=c.code,
            label=c.label,
            min_points=c.low,
            below_points=c.below,
            healthy=c.healthy,
            rank=rank,
        )
        for rank, c in enumerate(spec.classes, start=1)
    }
    Criterion.objects.bulk_create(
        Criterion(
            scheme=scheme,
            group=groups[c.group],
            code=c.code,
            text=c.text,
            guidance=c.guidance,
            max_points=c.max_points,
            kind=c.kind,
            step=c.step,
            unit=c.unit,
            bands=[
                {"from": str(b.low), "below": None if b.below is None else str(b.below), "points": str(b.points)}
                for b in c.bands
            ],
            evidence_required=c.evidence_required,
            knock_out_cap=classes[c.knock_out_cap] if c.knock_out_cap else None,
            facts=list(c.facts),
            order=order,
        )
        for order, c in enumerate(spec.criteria, start=1)
    )


def write_scheme(spec: SchemeSpec, *, source_file: str, dry_run: bool = False) -> LoadResult:
    """Create, keep or replace the scheme version the spec describes, in one transaction."""
    digest = spec.content_hash()
    values = {
        "title": spec.title,
        "legal_basis": list(spec.legal_basis),
        "description": spec.description,
        "is_example": spec.example,
        "valid_from": spec.valid_from,
        "valid_to": spec.valid_to,
        "max_total": spec.max_total,
        "source_file": source_file[:200],
        "content_hash": digest,
    }
    with transaction.atomic():
        # Locked until the end: two loads of the same version run one after the other.
        scheme = AssessmentScheme.objects.select_for_update().filter(code=spec.code, version=spec.version).first()
        if scheme is not None and scheme.content_hash == digest:
            return LoadResult(spec=spec, outcome=UNCHANGED, dry_run=dry_run)
        if scheme is None:
            scheme = AssessmentScheme.objects.create(code=spec.code, version=spec.version, **values)
            outcome = CREATED
        else:
            used = scheme.assessments.count()
            if used:
                raise SchemeFileError(
                    spec.path,
                    [
                        Problem(
                            "bộ tiêu chí",
                            "version",
                            f"phiên bản {spec.version} của bộ tiêu chí {spec.code} đã được dùng cho {used} bản đánh "
                            "giá và nội dung tệp đã khác; hãy tăng version (ví dụ "
                            f"{spec.version + 1}) để nạp thành phiên bản mới, các bản đánh giá cũ giữ phiên bản cũ.",
                        )
                    ],
                )
            for name, value in values.items():
                setattr(scheme, name, value)
            scheme.save()
            # Criteria first: they point at the classes (knock-out caps) and the groups.
            scheme.criteria.all().delete()
            scheme.classes.all().delete()
            scheme.groups.all().delete()
            outcome = REPLACED
        _write_children(scheme, spec)
        audit.record(
            "communes.scheme.loaded",
            actor=None,
            target=scheme,
            changes={
                "outcome": outcome,
                "source_file": source_file,
                "criteria": len(spec.criteria),
                "classes": [c.code for c in spec.classes],
            },
        )
        if dry_run:
            transaction.set_rollback(True)
    return LoadResult(spec=spec, outcome=outcome, dry_run=dry_run)


def load_scheme_file(path: Path | str, *, dry_run: bool = False) -> LoadResult:
    """Check the whole file, then write it; raise SchemeFileError (nothing written) on any problem."""
    path = Path(path)
    shown = display_path(path)
    spec, problems = parse_scheme_file(path, shown=shown)
    if spec is None or problems or spec.valid_from == UNKNOWN_DATE:
        raise SchemeFileError(shown, problems)
    return write_scheme(spec, source_file=shown, dry_run=dry_run)
