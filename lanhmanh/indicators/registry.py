"""The indicator registry: named functions computing a value for a period and a unit's subtree.

An indicator is a function `(period, unit) -> IndicatorResult | None` registered with
`@indicator(code, label, unit_of_measure, description)` in an `indicators.py` module of the app
that owns the records (outreach, establishments...). `autodiscover()`, run from
`IndicatorsConfig.ready`, imports every app's `indicators.py` and then `INDICATOR_MODULES`.
A plan file links each measure to a code here, or to "manual" for values reported by hand
(see `manual.py`). The recipe for adding one is in docs/indicators.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

from lanhmanh.plans.models import MANUAL_INDICATOR

if TYPE_CHECKING:
    from lanhmanh.indicators.periods import Period
    from lanhmanh.places.models import AdministrativeUnit

# Imported after every app's `indicators.py`, so that a real computation that forgot to leave
# pending.py is reported as a duplicate pointing at pending.py.
INDICATOR_MODULES = ["lanhmanh.indicators.pending"]

# Same shape as the codes in plan files; the length matches Measure.indicator_code.
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


@dataclass(frozen=True)
class IndicatorResult:
    """What an indicator found. `value` None means the records give no answer (no data).

    Shares are percentages 0..100 (targets read "100%"), with the counts behind them in
    `numerator` and `denominator`. `missing_unit_ids` lists the units that pull a share down
    (communes without outreach...), for drill-down.
    """

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    missing_unit_ids: list[int] = field(default_factory=list)
    # What to show instead of the number, when the number itself must not be shown (a count of
    # people suppressed as "<5"). `value` still holds the number for progress and status.
    display: str = ""


IndicatorFunction = Callable[["Period", "AdministrativeUnit"], IndicatorResult | None]


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str | Promise
    unit_of_measure: str | Promise
    description: str | Promise
    function: IndicatorFunction
    # True for codes that plan files already use but whose records do not exist yet (pending.py).
    pending: bool = False
    # True for indicators followed on the dashboard without being a measure of the plan
    # (inspection coverage, fines, people supported...): listed under "Các chỉ số theo dõi khác".
    monitor: bool = False

    def compute(self, period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
        return self.function(period, unit)


class DuplicateIndicator(ValueError):
    pass


class UnknownIndicator(LookupError):
    pass


class Registry:
    def __init__(self) -> None:
        self._indicators: dict[str, Indicator] = {}

    def register(self, entry: Indicator) -> Indicator:
        if entry.code == MANUAL_INDICATOR or not CODE_PATTERN.match(entry.code):
            raise ValueError(
                f"Indicator code {entry.code!r} must be lower-case letters, digits and underscores "
                f"(at most 60) and must not be {MANUAL_INDICATOR!r}."
            )
        existing = self._indicators.get(entry.code)
        if existing is not None:
            # Apps register before pending.py, so either side of the clash may be the pending one.
            hint = " Remove it from lanhmanh/indicators/pending.py." if existing.pending or entry.pending else ""
            raise DuplicateIndicator(
                f"Indicator {entry.code!r} is already registered by "
                f"{existing.function.__module__}.{existing.function.__qualname__}.{hint}"
            )
        self._indicators[entry.code] = entry
        return entry

    def get(self, code: str) -> Indicator:
        try:
            return self._indicators[code]
        except KeyError:
            hint = " (values reported by hand are read with manual_value)" if code == MANUAL_INDICATOR else ""
            raise UnknownIndicator(f"No indicator is registered as {code!r}{hint}.") from None

    def all(self) -> list[Indicator]:
        return sorted(self._indicators.values(), key=lambda entry: entry.code)

    def is_known(self, code: str) -> bool:
        return code == MANUAL_INDICATOR or code in self._indicators

    def copy(self) -> Registry:
        """A registry holding the same indicators, to extend in a test without touching this one."""
        clone = Registry()
        clone._indicators = dict(self._indicators)
        return clone


# The registry of the running process. Module functions look it up on every call, so a test may
# swap it (monkeypatch) for a copy with extra indicators.
default_registry = Registry()


def indicator(
    code: str,
    label: str | Promise,
    unit_of_measure: str | Promise,
    description: str | Promise,
    *,
    pending: bool = False,
    monitor: bool = False,
) -> Callable[[IndicatorFunction], IndicatorFunction]:
    """Register the decorated function as indicator `code`; the function itself is returned unchanged."""

    def decorate(function: IndicatorFunction) -> IndicatorFunction:
        default_registry.register(
            Indicator(
                code=code,
                label=label,
                unit_of_measure=unit_of_measure,
                description=description,
                function=function,
                pending=pending,
                monitor=monitor,
            )
        )
        return function

    return decorate


def get(code: str) -> Indicator:
    return default_registry.get(code)


def all_indicators() -> list[Indicator]:
    return default_registry.all()


def is_known(code: str) -> bool:
    """True for a registered code and for "manual" (a value reported by hand)."""
    return default_registry.is_known(code)


def autodiscover() -> None:
    """Import each installed app's `indicators` module, then INDICATOR_MODULES.

    Registration happens at import, and Python imports a module once, so calling this again
    registers nothing twice.
    """
    autodiscover_modules("indicators")
    for module in INDICATOR_MODULES:
        import_module(module)
