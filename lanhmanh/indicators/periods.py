"""Reporting periods: calendar periods and the cut-offs of decree 09/2019.

A report states its basis (DOMAIN.md §6). On the calendar basis a year is 1 Jan - 31 Dec. On the
reporting basis (decree 09/2019, as provinces apply it) every period ends on the 14th and begins on
the 15th: month m runs from 15 of month m-1 to 14 of m, and the year 2019 runs from 15/12/2018 to
14/12/2019. So 15 Dec 2019 already belongs to reporting year 2020.

Periods travel in URLs and the API as keys: "2019", "2019-Q2", "2019-H1", "2019-9M", "2019-05",
with "r:" in front for the reporting basis ("r:2019-Q1"). `parse_period` reads them, `Period.key`
writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

REPORTING_PREFIX = "r:"
# Decree 09/2019: a reporting period closes on the 14th; the next opens on the 15th.
REPORTING_CUTOFF_DAY = 14


class Basis(models.TextChoices):
    CALENDAR = "calendar", _("Theo lịch")
    REPORTING = "reporting", _("Theo kỳ báo cáo (Nghị định 09/2019)")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    NINE_MONTHS = "nine_months", _("9 tháng")
    YEAR = "year", _("Năm")


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    """A closed date range [start, end] of one kind and basis, with its Vietnamese label."""

    kind: PeriodKind
    start: date
    end: date
    label: str
    basis: Basis

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"A period cannot end ({self.end}) before it starts ({self.start}).")

    def __str__(self) -> str:
        return self.label

    @property
    def year(self) -> int:
        # Every period, on either basis, is named after the year in which it ends.
        return self.end.year

    @property
    def number(self) -> int | None:
        """The month (1-12), quarter (1-4) or half (1-2) within the year; None for year and nine months."""
        if self.kind == PeriodKind.MONTH:
            return self.end.month
        if self.kind == PeriodKind.QUARTER:
            return (self.end.month + 2) // 3
        if self.kind == PeriodKind.HALF:
            return 1 if self.end.month <= 6 else 2
        return None

    @property
    def key(self) -> str:
        """The string form `parse_period` reads back: "2019-Q2", "r:2019-05"..."""
        prefix = REPORTING_PREFIX if self.basis == Basis.REPORTING else ""
        if self.kind == PeriodKind.MONTH:
            suffix = f"-{self.number:02d}"
        elif self.kind == PeriodKind.QUARTER:
            suffix = f"-Q{self.number}"
        elif self.kind == PeriodKind.HALF:
            suffix = f"-H{self.number}"
        elif self.kind == PeriodKind.NINE_MONTHS:
            suffix = "-9M"
        else:
            suffix = ""
        return f"{prefix}{self.year}{suffix}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _last_day_of_month(year: int, month: int) -> date:
    first_of_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first_of_next - timedelta(days=1)


def _reporting_start(year: int, month: int) -> date:
    """The 15th of the month before `month` (15 Dec of the previous year for January)."""
    if month == 1:
        return date(year - 1, 12, REPORTING_CUTOFF_DAY + 1)
    return date(year, month - 1, REPORTING_CUTOFF_DAY + 1)


def _reporting_end(year: int, month: int) -> date:
    return date(year, month, REPORTING_CUTOFF_DAY)


def _with_reporting_dates(label: str, start: date, end: date) -> str:
    return gettext("%(label)s (kỳ báo cáo %(start)s - %(end)s)") % {
        "label": label,
        "start": f"{start:%d/%m/%Y}",
        "end": f"{end:%d/%m/%Y}",
    }


def _check_year(year: int) -> None:
    # The reporting year starts in December of the year before, which must exist as a date too.
    if not date.min.year < year <= date.max.year:
        raise ValueError(f"Năm {year} nằm ngoài khoảng hợp lệ.")


def _check_number(name: str, number: int, highest: int) -> None:
    if not 1 <= number <= highest:
        raise ValueError(f"{name} phải từ 1 đến {highest}, nhận được {number}.")


def _month_label(year: int, month: int) -> str:
    return gettext("Tháng %(month)d/%(year)d") % {"month": month, "year": year}


def _quarter_label(year: int, quarter: int) -> str:
    return gettext("Quý %(quarter)s/%(year)d") % {"quarter": ROMAN[quarter], "year": year}


def _half_label(year: int, half: int) -> str:
    if half == 1:
        return gettext("6 tháng đầu năm %(year)d") % {"year": year}
    return gettext("6 tháng cuối năm %(year)d") % {"year": year}


def _nine_months_label(year: int) -> str:
    return gettext("9 tháng đầu năm %(year)d") % {"year": year}


def _year_label(year: int) -> str:
    return gettext("Năm %(year)d") % {"year": year}


# Calendar basis --------------------------------------------------------------------------------


def calendar_month(year: int, month: int) -> Period:
    _check_year(year)
    _check_number("Tháng", month, 12)
    return Period(
        PeriodKind.MONTH,
        date(year, month, 1),
        _last_day_of_month(year, month),
        _month_label(year, month),
        Basis.CALENDAR,
    )


def calendar_quarter(year: int, quarter: int) -> Period:
    _check_year(year)
    _check_number("Quý", quarter, 4)
    first_month = 3 * quarter - 2
    return Period(
        PeriodKind.QUARTER,
        date(year, first_month, 1),
        _last_day_of_month(year, first_month + 2),
        _quarter_label(year, quarter),
        Basis.CALENDAR,
    )


def calendar_half(year: int, half: int) -> Period:
    _check_year(year)
    _check_number("Nửa năm", half, 2)
    start, end = (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))
    return Period(PeriodKind.HALF, start, end, _half_label(year, half), Basis.CALENDAR)


def calendar_nine_months(year: int) -> Period:
    _check_year(year)
    return Period(PeriodKind.NINE_MONTHS, date(year, 1, 1), date(year, 9, 30), _nine_months_label(year), Basis.CALENDAR)


def calendar_year(year: int) -> Period:
    _check_year(year)
    return Period(PeriodKind.YEAR, date(year, 1, 1), date(year, 12, 31), _year_label(year), Basis.CALENDAR)


# Reporting basis (decree 09/2019) -------------------------------------------------------------


def _reporting(kind: PeriodKind, year: int, first_month: int, last_month: int, label: str) -> Period:
    start = _reporting_start(year, first_month)
    end = _reporting_end(year, last_month)
    return Period(kind, start, end, _with_reporting_dates(label, start, end), Basis.REPORTING)


def reporting_month(year: int, month: int) -> Period:
    """15 of the previous month to 14 of `month`; March is 15 Feb - 14 Mar in leap years too."""
    _check_year(year)
    _check_number("Tháng", month, 12)
    return _reporting(PeriodKind.MONTH, year, month, month, _month_label(year, month))


def reporting_quarter(year: int, quarter: int) -> Period:
    """15 of the month before the quarter to 14 of its last month (Q1: 15/12 of year-1 - 14/03)."""
    _check_year(year)
    _check_number("Quý", quarter, 4)
    return _reporting(PeriodKind.QUARTER, year, 3 * quarter - 2, 3 * quarter, _quarter_label(year, quarter))


def reporting_half(year: int, half: int) -> Period:
    """First half: 15/12 of year-1 - 14/06; second half: 15/06 - 14/12."""
    _check_year(year)
    _check_number("Nửa năm", half, 2)
    first_month, last_month = (1, 6) if half == 1 else (7, 12)
    return _reporting(PeriodKind.HALF, year, first_month, last_month, _half_label(year, half))


def reporting_nine_months(year: int) -> Period:
    """15/12 of year-1 - 14/09."""
    _check_year(year)
    return _reporting(PeriodKind.NINE_MONTHS, year, 1, 9, _nine_months_label(year))


def reporting_year(year: int) -> Period:
    """15/12 of year-1 - 14/12."""
    _check_year(year)
    return _reporting(PeriodKind.YEAR, year, 1, 12, _year_label(year))


def make_period(kind: PeriodKind | str, year: int, number: int | None = None, *, basis: Basis | str) -> Period:
    """One constructor for all kinds: `number` is the month, quarter or half, unused otherwise."""
    kind = PeriodKind(kind)
    calendar = Basis(basis) == Basis.CALENDAR
    if kind == PeriodKind.YEAR:
        return calendar_year(year) if calendar else reporting_year(year)
    if kind == PeriodKind.NINE_MONTHS:
        return calendar_nine_months(year) if calendar else reporting_nine_months(year)
    if number is None:
        raise ValueError(f"A {kind.value} period needs its number within the year.")
    if kind == PeriodKind.HALF:
        return calendar_half(year, number) if calendar else reporting_half(year, number)
    if kind == PeriodKind.QUARTER:
        return calendar_quarter(year, number) if calendar else reporting_quarter(year, number)
    return calendar_month(year, number) if calendar else reporting_month(year, number)


def _containing(kind: PeriodKind | str, year: int, month: int, basis: Basis) -> Period:
    kind = PeriodKind(kind)
    if kind == PeriodKind.NINE_MONTHS and month > 9:
        # The last quarter lies in no nine-month period; answering the earlier one would be a guess.
        raise ValueError(gettext("Ngày này không thuộc kỳ 9 tháng đầu năm nào."))
    number = {
        PeriodKind.MONTH: month,
        PeriodKind.QUARTER: (month + 2) // 3,
        PeriodKind.HALF: 1 if month <= 6 else 2,
    }.get(kind)
    return make_period(kind, year, number, basis=basis)


def calendar_period_containing(day: date, kind: PeriodKind | str) -> Period:
    return _containing(kind, day.year, day.month, Basis.CALENDAR)


def reporting_period_containing(day: date, kind: PeriodKind | str) -> Period:
    """The decree 09/2019 period holding `day`: from the 15th on, a day counts for the next month."""
    year, month = day.year, day.month
    if day.day > REPORTING_CUTOFF_DAY:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return _containing(kind, year, month, Basis.REPORTING)


_KEY = re.compile(
    r"^(?P<year>[1-9]\d{3})"
    r"(?:-(?:(?P<month>0[1-9]|1[0-2])|Q(?P<quarter>[1-4])|H(?P<half>[12])|(?P<nine>9M)))?$"
)


def parse_period(text: str) -> Period:
    """Read a period key ("2019", "2019-Q2", "2019-H1", "2019-9M", "2019-05", "r:2019-Q1")."""
    body, basis = text, Basis.CALENDAR
    if body.startswith(REPORTING_PREFIX):
        body, basis = body[len(REPORTING_PREFIX) :], Basis.REPORTING
    match = _KEY.match(body)
    if match is None:
        raise ValueError(
            gettext(
                'Kỳ "%(text)s" không hợp lệ. Dùng một trong các dạng: 2019 (năm), 2019-9M (9 tháng), '
                "2019-H1 hoặc 2019-H2 (6 tháng), 2019-Q1 đến 2019-Q4 (quý), 2019-01 đến 2019-12 (tháng); "
                'thêm "r:" phía trước cho kỳ báo cáo theo Nghị định 09/2019 (vd. r:2019-Q1).'
            )
            % {"text": text}
        )
    year = int(match["year"])
    if match["month"]:
        return make_period(PeriodKind.MONTH, year, int(match["month"]), basis=basis)
    if match["quarter"]:
        return make_period(PeriodKind.QUARTER, year, int(match["quarter"]), basis=basis)
    if match["half"]:
        return make_period(PeriodKind.HALF, year, int(match["half"]), basis=basis)
    if match["nine"]:
        return make_period(PeriodKind.NINE_MONTHS, year, basis=basis)
    return make_period(PeriodKind.YEAR, year, basis=basis)


def elapsed_fraction(period: Period, today: date) -> Decimal:
    """Share of the period's days that have passed by the end of `today`: 0 before it, 1 from its last day.

    Decimal, not float, so that the status threshold (elapsed - 0.10) compares exactly.
    """
    if today < period.start:
        return Decimal(0)
    if today >= period.end:
        return Decimal(1)
    return Decimal((today - period.start).days + 1) / Decimal(period.days)
