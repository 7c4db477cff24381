"""Statistics of people supported, from consenting records only, with small-count suppression.

Who is counted (docs/privacy.md):
- a person (a case) counts only while the answer in force for the purpose "be counted in statistics"
  is a granted consent that has not been withdrawn: the latest `Consent` row of that purpose (by
  given_on, then id), as `support.consent.current_consent` reads it. Somebody who never answered,
  refused, or withdrew is counted nowhere, for any period: a withdrawal also removes the person from
  the figures of past periods, which are always recomputed from the records;
- "supported in the period" means at least one service delivered (`ServiceDelivery.date`) in the
  period; each person counts once per cell (distinct cases), in the commune of residence of the case.

Suppression (`suppress`): a reader without case access (`support.access.sees_identities` false)
never sees a count from 1 to 4: it shows as "<5". So that a hidden cell cannot be recomputed from
the totals, every row and column (with its total as one more member) that has exactly one hidden
cell gets a second one hidden: its smallest non-zero visible cell, or its total when there is none;
this runs again until no row or column has a lone hidden cell. Zeros are shown (no person to protect).
Readers with case access see the exact figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from lanhmanh.indicators.periods import Period
from lanhmanh.places.models import AdministrativeUnit, Level
from lanhmanh.support import access
from lanhmanh.support.models import Case, CaseKind, Consent, ConsentPurpose, ServiceDelivery, ServiceKind

if TYPE_CHECKING:
    from lanhmanh.accounts.models import User

THRESHOLD = 5
SMALL = "<5"
HIDDEN = "x"  # a cell hidden so that a "<5" next to it cannot be recomputed


class Rows:
    COMMUNE = "commune"
    DISTRICT = "district"
    CHOICES = ((COMMUNE, "commune"), (DISTRICT, "district"))


class Columns:
    KIND = "kind"
    SERVICE = "service"
    CHOICES = ((KIND, "kind"), (SERVICE, "service"))


def counted_cases() -> QuerySet[Case]:
    """Cases whose statistics consent in force is granted and not withdrawn (one subquery per case row)."""
    latest = Consent.objects.filter(case=OuterRef("pk"), purpose=ConsentPurpose.STATISTICS).order_by("-given_on", "-pk")
    return Case.objects.annotate(
        stats_granted=Subquery(latest.values("granted")[:1]),
        stats_withdrawn=Subquery(latest.values("withdrawn_on")[:1]),
    ).filter(stats_granted=True, stats_withdrawn__isnull=True)


def counted_case_ids() -> QuerySet[Case, Any]:
    return counted_cases().values("pk")


# Suppression ---------------------------------------------------------------------------------------


@dataclass
class Cell:
    value: int
    display: str = ""
    suppressed: str = ""  # "", "small" or "complementary"

    def as_dict(self) -> dict[str, Any]:
        return {
            "value": None if self.suppressed else self.value,
            "display": self.display,
            "suppressed": self.suppressed,
        }


def _hide(cell: Cell, reason: str) -> None:
    cell.suppressed = reason
    cell.display = SMALL if reason == "small" else HIDDEN


def suppress(cells: list[list[Cell]], row_totals: list[Cell], column_totals: list[Cell], total: Cell) -> None:
    """Primary then complementary suppression of a table with its margins (in place)."""
    for cell in (*(c for row in cells for c in row), *row_totals, *column_totals, total):
        if 0 < cell.value < THRESHOLD:
            _hide(cell, "small")
    # Each line: the cells of a row (or column) plus the total that sums them.
    lines: list[list[Cell]] = [[*row, row_totals[i]] for i, row in enumerate(cells)]
    lines += [[row[j] for row in cells] + [column_totals[j]] for j in range(len(column_totals))]
    lines.append([*row_totals, total])
    lines.append([*column_totals, total])
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [cell for cell in line if cell.suppressed]
            if len(hidden) != 1:
                continue
            members, line_total = line[:-1], line[-1]
            candidates = sorted((c for c in members if not c.suppressed and c.value > 0), key=lambda c: c.value)
            if candidates:
                _hide(candidates[0], "complementary")
            elif not line_total.suppressed:
                _hide(line_total, "complementary")
            else:
                continue
            changed = True


def _display_all(cells: Iterable[Cell]) -> None:
    for cell in cells:
        if not cell.suppressed:
            cell.display = str(cell.value)


# Tables --------------------------------------------------------------------------------------------


@dataclass
class Table:
    period: Period
    unit: AdministrativeUnit
    rows_by: str
    columns_by: str
    row_labels: list[tuple[int, str]]  # (unit id, name)
    column_labels: list[tuple[str, str]]  # (choice value, label)
    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    total: Cell
    suppressed: bool
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[tuple[str, list[Cell], Cell]]:
        """(row name, cells, row total) for templates and exports."""
        return [(name, self.cells[i], self.row_totals[i]) for i, (_pk, name) in enumerate(self.row_labels)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period.key,
            "unit": {"id": self.unit.pk, "name": self.unit.name},
            "rows_by": self.rows_by,
            "columns_by": self.columns_by,
            "suppressed": self.suppressed,
            "columns": [{"key": key, "label": label} for key, label in self.column_labels],
            "rows": [
                {
                    "unit": {"id": pk, "name": name},
                    "cells": [cell.as_dict() for cell in self.cells[i]],
                    "total": self.row_totals[i].as_dict(),
                }
                for i, (pk, name) in enumerate(self.row_labels)
            ],
            "column_totals": [cell.as_dict() for cell in self.column_totals],
            "total": self.total.as_dict(),
        }


def _row_units(unit: AdministrativeUnit, rows_by: str, period: Period) -> list[AdministrativeUnit]:
    level = Level.DISTRICT if rows_by == Rows.DISTRICT else Level.COMMUNE
    units = (
        AdministrativeUnit.objects.subtree(unit)
        .filter(level=level)
        .exclude(valid_from__gt=period.end)
        .exclude(valid_to__lt=period.start)
        .order_by("path")
    )
    found = list(units)
    if not found and unit.level in (Level.COMMUNE, Level.DISTRICT):
        # A commune's own table (or a district asked by district): one row, the unit itself.
        found = [unit]
    return found


def people_supported(*, period: Period, unit: AdministrativeUnit, rows_by: str, columns_by: str) -> Table:
    """Distinct consenting people who received a service in the period, by row unit and column.

    Four queries whatever the size of the subtree: the row units, the cells, the row totals and the
    grand total (a person who received two kinds of service is in two cells but once in a total)."""
    row_units = _row_units(unit, rows_by, period)
    deliveries = ServiceDelivery.objects.filter(
        date__gte=period.start,
        date__lte=period.end,
        case__commune__path__prefix=unit.path,
        case_id__in=counted_case_ids(),
    )
    column_field = "case__kind" if columns_by == Columns.KIND else "kind"
    column_labels = list((CaseKind if columns_by == Columns.KIND else ServiceKind).choices)
    column_keys = [key for key, _label in column_labels]
    # Each case's commune path, cut to the row units' depth, names its row: counted in the database.
    path_of = {u.path: i for i, u in enumerate(row_units)}
    depth = len(row_units[0].path) if row_units else 0
    keyed = deliveries.annotate(row=Substr("case__commune__path", 1, depth), column=F(column_field)).order_by()
    people = Count("case_id", distinct=True)
    by_cell = {(path_of.get(r["row"]), r["column"]): r["n"] for r in keyed.values("row", "column").annotate(n=people)}
    by_row = {path_of.get(r["row"]): r["n"] for r in keyed.values("row").annotate(n=people)}
    # Only deliveries whose row unit is listed count (a commune outside the rows' validity is left out).
    everyone = keyed.filter(row__in=list(path_of)).aggregate(n=people)["n"]
    cells = [[Cell(by_cell.get((i, key), 0)) for key in column_keys] for i in range(len(row_units))]
    row_totals = [Cell(by_row.get(i, 0)) for i in range(len(row_units))]
    # A case lives in one commune, so a column's people are the sum of its cells, exactly.
    column_totals = [Cell(sum(row[j].value for row in cells)) for j in range(len(column_keys))]
    total = Cell(everyone)
    table = Table(
        period=period,
        unit=unit,
        rows_by=rows_by,
        columns_by=columns_by,
        row_labels=[(u.pk, u.name) for u in row_units],
        column_labels=[(key, str(label)) for key, label in column_labels],
        cells=cells,
        row_totals=row_totals,
        column_totals=column_totals,
        total=total,
        suppressed=False,
    )
    if columns_by == Columns.SERVICE:
        table.notes.append(
            _("Một người nhận nhiều loại dịch vụ được tính ở mỗi cột; cột “Tổng” đếm mỗi người một lần.")
        )
    return table


def for_reader(table: Table, user: User) -> Table:
    """The table as `user` may see it: suppressed unless they have case access."""
    all_cells = [*(c for row in table.cells for c in row), *table.row_totals, *table.column_totals, table.total]
    if not access.sees_identities(user):
        suppress(table.cells, table.row_totals, table.column_totals, table.total)
        table.suppressed = True
        table.notes.append(_("Số từ 1 đến 4 được hiện là “<5”; ô “x” được ẩn thêm để không tính ngược ra số nhỏ."))
    _display_all(all_cells)
    return table


def suppressed_counts(values: dict[str, int], total: int) -> tuple[dict[str, str], str]:
    """One row of counts with its total, suppressed as for a reader without case access (the
    dashboard): the displays of the cells and of the total."""
    cells = [Cell(v) for v in values.values()]
    row_total = Cell(total)
    # In a one-row table each column's total is its only cell, and the grand total is the row's.
    suppress([cells], [row_total], cells, row_total)
    _display_all([*cells, row_total])
    return {key: cell.display for key, cell in zip(values, cells, strict=True)}, row_total.display


def unit_choices(user: User) -> Sequence[AdministrativeUnit]:
    if user.scope is None:
        return []
    return list(AdministrativeUnit.objects.subtree(user.scope).exclude(level=Level.COMMUNE).order_by("path"))


def scope_unit(user: User, unit_id: object = None) -> AdministrativeUnit | None:
    """The unit a table is asked for: one of the user's subtree, their scope by default."""
    if user.scope is None:
        return None
    if unit_id in (None, ""):
        return user.scope
    return AdministrativeUnit.objects.subtree(user.scope).filter(Q(pk=unit_id)).first()
