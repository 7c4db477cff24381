"""Indicators the 2019 plan file already names but whose records do not exist yet.

Each code below is registered so that plan files load and dashboards show the measure, but it
answers None ("Chưa có số liệu") until the app that owns its records is built. The work that
will provide each one (app and records, as laid out in DESIGN.md):

| code                                    | target | provided by the issue that builds                     |
|-----------------------------------------|--------|-------------------------------------------------------|
| establishments_with_signs               | T2, T5 | inspections: inspection findings on establishments     |
| establishment_commitment_share          | T5     | establishments: commitments (Commitment)               |
| establishment_labour_registration_share | T5     | establishments: labour registration                   |

When that issue lands, its app registers the real function under the same code in its own
`indicators.py` and deletes the entry here in the same change; leaving both fails at start-up
with a DuplicateIndicator error naming this file.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lanhmanh.indicators.periods import Period
from lanhmanh.indicators.registry import Indicator, IndicatorResult, default_registry
from lanhmanh.places.models import AdministrativeUnit


@dataclass(frozen=True)
class PendingIndicator:
    code: str
    label: Promise
    unit_of_measure: Promise | str
    description: Promise


PENDING = [
    PendingIndicator(
        "establishments_with_signs",
        _("Số cơ sở kinh doanh có biểu hiện hoạt động mại dâm"),
        _("cơ sở"),
        _("Số cơ sở kinh doanh dịch vụ nhạy cảm được phát hiện có biểu hiện hoạt động mại dâm trong kỳ."),
    ),
    PendingIndicator(
        "establishment_commitment_share",
        _("Tỷ lệ cơ sở kinh doanh ký cam kết không để xảy ra tệ nạn xã hội"),
        "%",
        _("Số cơ sở kinh doanh dịch vụ nhạy cảm có bản cam kết còn hiệu lực, trên tổng số cơ sở đang hoạt động."),
    ),
    PendingIndicator(
        "establishment_labour_registration_share",
        _("Tỷ lệ cơ sở kinh doanh đăng ký lao động với cơ quan lao động địa phương"),
        "%",
        _("Số cơ sở kinh doanh dịch vụ nhạy cảm đã đăng ký lao động, trên tổng số cơ sở đang hoạt động."),
    ),
]


def no_data(period: Period, unit: AdministrativeUnit) -> IndicatorResult | None:
    """The records behind a pending indicator do not exist yet: no data, for every period and unit."""
    return None


for entry in PENDING:
    default_registry.register(
        Indicator(
            code=entry.code,
            label=entry.label,
            unit_of_measure=entry.unit_of_measure,
            description=entry.description,
            function=no_data,
            pending=True,
        )
    )
