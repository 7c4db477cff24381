"""Scoring under a scheme: what a value is worth, and which class a set of scores implies.

Pure functions over a `SchemeData` (the scheme's groups, criteria and classes, read once); no
query runs here, so the form's live total, the services and the API compute the same way.

- yes/no: 1 (met, "đạt") scores the standard points, 0 scores nothing;
- scale: the points themselves, 0 to the standard points, in multiples of the step;
- number: the counted value, turned into points by the band that holds it.

The class is the one whose range holds the total; a yes/no criterion with a knock-out that is
not met caps it (the class can be no higher than the cap), whatever the total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from lanhmanh.communes.data_file import points_text
from lanhmanh.communes.models import AssessmentClass, AssessmentScheme, Criterion, CriterionGroup, ScoringKind

MET = Decimal(1)
NOT_MET = Decimal(0)


@dataclass(frozen=True)
class SchemeData:
    scheme: AssessmentScheme
    groups: list[CriterionGroup]
    criteria: list[Criterion]
    # Lowest class first.
    classes: list[AssessmentClass]

    @property
    def by_code(self) -> dict[str, Criterion]:
        return {criterion.code: criterion for criterion in self.criteria}


def scheme_data(scheme: AssessmentScheme) -> SchemeData:
    """The scheme with its groups, criteria and classes: three queries."""
    classes = list(scheme.classes.order_by("rank"))
    by_pk = {c.pk: c for c in classes}
    criteria = list(scheme.criteria.order_by("order"))
    groups = list(scheme.groups.order_by("order"))
    groups_by_pk = {g.pk: g for g in groups}
    for criterion in criteria:
        # Filled from the lists above, so reading them later runs no query.
        criterion.group = groups_by_pk[criterion.group_id]
        if criterion.knock_out_cap_id is not None:
            criterion.knock_out_cap = by_pk[criterion.knock_out_cap_id]
    return SchemeData(scheme=scheme, groups=groups, criteria=criteria, classes=classes)


def value_problem(criterion: Criterion, value: Decimal) -> str | None:
    """Why `value` cannot be the score of `criterion` (in Vietnamese), or None when it can."""
    maximum = criterion.max_points
    if criterion.kind == ScoringKind.YES_NO:
        if value not in (MET, NOT_MET):
            return "chọn Đạt hoặc Không đạt."
        return None
    if criterion.kind == ScoringKind.SCALE:
        if value < 0 or value > maximum:
            return f"điểm phải từ 0 đến {points_text(maximum)}."
        step = criterion.step or Decimal(1)
        if value % step != 0:
            return f"điểm phải là bội số của {points_text(step)}."
        return None
    bands = criterion.band_list()
    if value < 0:
        return "không được âm."
    if not any(band.holds(value) for band in bands):
        return f"giá trị {points_text(value)} không thuộc khoảng nào của bảng quy đổi điểm."
    return None


def points_for(criterion: Criterion, value: Decimal) -> Decimal:
    """The points `value` is worth; `value` must have passed `value_problem`."""
    if criterion.kind == ScoringKind.YES_NO:
        return criterion.max_points if value == MET else Decimal(0)
    if criterion.kind == ScoringKind.SCALE:
        return value
    for band in criterion.band_list():
        if band.holds(value):
            return band.points
    raise ValueError(f"{value} is in no band of criterion {criterion.code}")


def knocks_out(criterion: Criterion, value: Decimal | None) -> bool:
    return criterion.knock_out_cap_id is not None and criterion.kind == ScoringKind.YES_NO and value == NOT_MET


@dataclass(frozen=True)
class Outcome:
    """What a set of scores amounts to."""

    total: Decimal
    # The class the total alone gives, and the class after knock-outs (None: no class holds it).
    by_points: AssessmentClass | None
    result: AssessmentClass | None
    # Criteria not met that capped the class, with their cap.
    knocked_out: list[Criterion] = field(default_factory=list)
    # Codes of criteria without a score yet.
    unscored: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.unscored

    @property
    def capped(self) -> bool:
        return self.result is not None and self.by_points is not None and self.result.rank < self.by_points.rank


def class_for(classes: list[AssessmentClass], total: Decimal) -> AssessmentClass | None:
    for klass in reversed(classes):
        if total >= klass.min_points:
            return klass
    return None


def evaluate(data: SchemeData, values: Mapping[str, Decimal | None]) -> Outcome:
    """Total and class of the values given by criterion code; values that fail `value_problem`
    count as not scored (the caller reports them)."""
    total = Decimal(0)
    unscored: list[str] = []
    knocked: list[Criterion] = []
    for criterion in data.criteria:
        value = values.get(criterion.code)
        if value is None or value_problem(criterion, value) is not None:
            unscored.append(criterion.code)
            continue
        total += points_for(criterion, value)
        if knocks_out(criterion, value):
            knocked.append(criterion)
    by_points = class_for(data.classes, total)
    result = by_points
    for criterion in knocked:
        cap = criterion.knock_out_cap
        if cap is not None and (result is None or cap.rank < result.rank):
            result = cap
    return Outcome(total=total, by_points=by_points, result=result, knocked_out=knocked, unscored=unscored)
