"""Indicators the 2019 plan file already names but whose records do not exist yet.

Each code listed in `PENDING` is registered so that plan files load and dashboards show the
measure, but it answers None ("Chưa có số liệu") until the app that owns its records is built.

Today the list is empty: the last three codes of the 2019 plan file (`establishments_with_signs`,
`establishment_commitment_share`, `establishment_labour_registration_share`) are computed by
`lanhmanh/establishments/indicators.py`. A plan file naming a code for records that do not exist yet
adds it here, with the app and records that will provide it:

    PendingIndicator("code", _("label"), _("unit"), _("description")),

When that app lands, it registers the real function under the same code in its own
`indicators.py` and deletes the entry here in the same change; leaving both fails at start-up
with a DuplicateIndicator error naming this file.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

from lanhmanh.indicators.periods import Period
from lanhmanh.indicators.registry import Indicator, IndicatorResult, default_registry
from lanhmanh.places.models import AdministrativeUnit


@dataclass(frozen=True)
class PendingIndicator:
    code: str
    label: Promise
    unit_of_measure: Promise | str
    description: Promise


PENDING: list[PendingIndicator] = []


def no_data(period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    """The records behind a pending indicator do not exist yet: no data, for every period and unit."""
    return None


def as_indicator(entry: PendingIndicator) -> Indicator:
    return Indicator(
        code=entry.code,
        label=entry.label,
        unit_of_measure=entry.unit_of_measure,
        description=entry.description,
        function=no_data,
        pending=True,
    )


for entry in PENDING:
    default_registry.register(as_indicator(entry))
