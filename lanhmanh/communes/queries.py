"""Reads behind the pages: the scoring table of one assessment, and the overview of a subtree.

Both read a fixed number of queries whatever the number of criteria or communes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext

from lanhmanh.accounts.models import User
from lanhmanh.communes.access import assessments_for
from lanhmanh.communes.data_file import points_text
from lanhmanh.communes.facts import FactGroup, facts_for
from lanhmanh.communes.models import (
    AssessmentClass,
    AssessmentStatus,
    Criterion,
    CriterionGroup,
    CriterionScore,
    HealthyCommuneAssessment,
    ScoreEvidence,
    ScoringKind,
    exists_in_year,
)
from lanhmanh.communes.scoring import MET, Outcome, SchemeData, evaluate, knocks_out, points_for, scheme_data
from lanhmanh.places.models import AdministrativeUnit

# How many years the overview compares.
OVERVIEW_YEARS = 5


def shown_value(criterion: Criterion, value: Decimal | None) -> str:
    """A score as the paper table writes it: "Đạt", "7", "85 % → 8 điểm"."""
    if value is None:
        return ""
    if criterion.kind == ScoringKind.YES_NO:
        return "Đạt" if value == MET else "Không đạt"
    if criterion.kind == ScoringKind.SCALE:
        return points_text(value)
    unit = f" {criterion.unit}" if criterion.unit else ""
    try:
        points = points_text(points_for(criterion, value))
    except ValueError:
        return f"{points_text(value)}{unit}"
    return f"{points_text(value)}{unit} → {points} điểm"


@dataclass
class TableRow:
    criterion: Criterion
    score: CriterionScore
    evidence: list[ScoreEvidence]
    facts: list[FactGroup]
    # The row's form fields on the scoring and review pages (forms.RowFields).
    fields: Any = None

    @property
    def self_shown(self) -> str:
        return shown_value(self.criterion, self.score.self_value)

    @property
    def reviewed_shown(self) -> str:
        return shown_value(self.criterion, self.score.reviewed_value)

    @property
    def knocked_out(self) -> bool:
        return knocks_out(self.criterion, self.score.effective_value)


@dataclass
class TableGroup:
    group: CriterionGroup
    rows: list[TableRow]

    @property
    def max_points(self) -> Decimal:
        return sum((row.criterion.max_points for row in self.rows), Decimal(0))

    @property
    def self_points(self) -> Decimal:
        return sum((row.score.self_points or Decimal(0) for row in self.rows), Decimal(0))


@dataclass
class ScoringTable:
    data: SchemeData
    groups: list[TableGroup]
    rows_by_code: dict[str, TableRow]
    self_outcome: Outcome
    # The scores as the review stands by them (the commune's where the reviewer agreed).
    reviewed_outcome: Outcome


def scoring_table(assessment: HealthyCommuneAssessment) -> ScoringTable:
    """The paper scoring table: criterion, standard points, self-score, reviewed score, note,
    evidence files and the facts the system holds, group by group."""
    data = scheme_data(assessment.scheme)
    scores = {s.criterion_id: s for s in assessment.scores.all()}
    evidence: dict[int, list[ScoreEvidence]] = defaultdict(list)
    for item in ScoreEvidence.objects.filter(score__assessment=assessment).select_related("uploaded_by"):
        evidence[item.score_id].append(item)
    groups: dict[int, TableGroup] = {g.pk: TableGroup(group=g, rows=[]) for g in data.groups}
    by_code: dict[str, TableRow] = {}
    for criterion in data.criteria:
        score = scores.get(criterion.pk) or CriterionScore(assessment=assessment, criterion=criterion)
        row = TableRow(
            criterion=criterion,
            score=score,
            evidence=evidence.get(score.pk, []) if score.pk else [],
            facts=facts_for(criterion.facts, assessment.commune, assessment.year),
        )
        groups[criterion.group_id].rows.append(row)
        by_code[criterion.code] = row
    return ScoringTable(
        data=data,
        groups=[g for g in groups.values() if g.rows],
        rows_by_code=by_code,
        self_outcome=evaluate(data, {code: row.score.self_value for code, row in by_code.items()}),
        reviewed_outcome=evaluate(data, {code: row.score.effective_value for code, row in by_code.items()}),
    )


# --- Overview -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassKey:
    """A class across scheme versions: the same code is the same class on the overview."""

    code: str
    label: str
    rank: int
    healthy: bool

    @property
    def css(self) -> str:
        """The colour on the chart: healthy classes green, the lowest red, the second amber."""
        if self.healthy:
            return "healthy"
        return f"rank-{self.rank}" if self.rank <= 2 else "rank-other"


@dataclass
class Cell:
    assessment: HealthyCommuneAssessment | None
    # The class the review fixed: recognised (`klass`), or approved and waiting for the decision.
    klass: ClassKey | None
    pending: ClassKey | None = None


@dataclass
class Change:
    year: int
    before: ClassKey
    after: ClassKey

    @property
    def up(self) -> bool:
        return self.after.rank > self.before.rank


@dataclass
class CommuneLine:
    commune: AdministrativeUnit
    cells: list[Cell]
    changes: list[Change]


# Segment codes of the communes without a recognised class: approved and waiting, or no result.
PENDING = "pending"


@dataclass
class Segment:
    klass: ClassKey | None  # None: waiting for the decision (code PENDING) or no result yet
    count: int
    percent: Decimal
    code: str | None = None

    @property
    def css(self) -> str:
        return self.klass.css if self.klass else "pending" if self.code == PENDING else "none"

    @property
    def label(self) -> str:
        if self.klass:
            return self.klass.label
        return gettext("Chờ quyết định công nhận") if self.code == PENDING else gettext("Chưa có kết quả")


@dataclass
class YearBar:
    year: int
    total: int
    segments: list[Segment]
    healthy: int


@dataclass(frozen=True)
class ClassRow:
    label: str
    counts: list[int]  # one per year


@dataclass
class Overview:
    years: list[int]
    classes: list[ClassKey]  # highest first
    lines: list[CommuneLine]
    bars: list[YearBar]
    changed: list[CommuneLine] = field(default_factory=list)

    @property
    def class_rows(self) -> list[ClassRow]:
        """The chart as a table: communes per class per year, "no result yet" last."""
        per_bar = [{seg.klass.code if seg.klass else seg.code: seg.count for seg in bar.segments} for bar in self.bars]
        keys: list[tuple[str | None, str]] = [(k.code, k.label) for k in self.classes]
        keys.append((PENDING, gettext("Chờ quyết định công nhận")))
        keys.append((None, gettext("Chưa có kết quả")))
        return [ClassRow(label=label, counts=[counts.get(code, 0) for counts in per_bar]) for code, label in keys]


def assessment_years(user: User) -> list[int]:
    """Years with assessments visible to the user, newest first."""
    return list(assessments_for(user).order_by("-year").values_list("year", flat=True).distinct())


def overview_years(years: list[int], *, last: int | None = None) -> list[int]:
    """Up to OVERVIEW_YEARS of `years` (newest first), ending with `last` when given; oldest first."""
    chosen = [year for year in years if last is None or year <= last]
    return sorted(chosen[:OVERVIEW_YEARS])


def _key(klass: AssessmentClass) -> ClassKey:
    return ClassKey(code=klass.code, label=klass.label, rank=klass.rank, healthy=klass.healthy)


def overview(user: User, years: list[int]) -> Overview:
    """Every commune of the user's scope that existed in the years, with the class its review
    fixed each year, the communes whose class changed, and a bar per year of counts by class."""
    if not years or user.scope is None:
        return Overview(years=years, classes=[], lines=[], bars=[])
    first, last = date(years[0], 1, 1), date(years[-1], 12, 31)
    communes = list(
        AdministrativeUnit.objects.subtree(user.scope)
        .communes()
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=last))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
        .select_related("parent")
        .order_by("path")
    )
    found: dict[tuple[int, int], HealthyCommuneAssessment] = {
        (a.commune_id, a.year): a
        for a in assessments_for(user).filter(year__in=years).select_related("reviewed_class").order_by()
    }
    keys: dict[str, ClassKey] = {}
    lines: list[CommuneLine] = []
    for commune in communes:
        cells = []
        for year in years:
            assessment = found.get((commune.pk, year))
            result = assessment.result_class if assessment is not None else None
            key = keys.setdefault(result.code, _key(result)) if result is not None else None
            if assessment is not None and assessment.status == AssessmentStatus.APPROVED:
                cells.append(Cell(assessment=assessment, klass=None, pending=key))
            else:
                cells.append(Cell(assessment=assessment, klass=key))
        changes = [
            Change(year=year, before=before.klass, after=after.klass)
            for year, before, after in zip(years[1:], cells[:-1], cells[1:], strict=True)
            if before.klass is not None and after.klass is not None and before.klass.code != after.klass.code
        ]
        lines.append(CommuneLine(commune=commune, cells=cells, changes=changes))
    classes = sorted(keys.values(), key=lambda k: -k.rank)
    bars = []
    for index, year in enumerate(years):
        present = [line for line in lines if exists_in_year(line.commune, year)]
        counts: dict[str | None, int] = defaultdict(int)
        for line in present:
            cell = line.cells[index]
            counts[cell.klass.code if cell.klass else PENDING if cell.pending else None] += 1
        total = len(present)
        segments = [
            Segment(klass=k, count=counts[k.code], percent=_percent(counts[k.code], total))
            for k in classes
            if counts[k.code]
        ]
        for code in (PENDING, None):
            if counts[code]:
                segments.append(
                    Segment(klass=None, count=counts[code], percent=_percent(counts[code], total), code=code)
                )
        healthy = sum(counts[k.code] for k in classes if k.healthy)
        bars.append(YearBar(year=year, total=total, segments=segments, healthy=healthy))
    return Overview(
        years=years, classes=classes, lines=lines, bars=bars, changed=[line for line in lines if line.changes]
    )


def _percent(count: int, total: int) -> Decimal:
    return (Decimal(count * 100) / Decimal(total)).quantize(Decimal("0.1")) if total else Decimal(0)
