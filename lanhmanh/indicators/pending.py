"""Indicators the 2019 plan file already names but whose records do not exist yet.

Each code below is registered so that plan files load and dashboards show the measure, but it
answers None ("Chưa có số liệu") until the app that owns its records is built. The work that
will provide each one (app and records, as laid out in DESIGN.md):

| code                                    | target | provided by the issue that builds                     |
|-----------------------------------------|--------|-------------------------------------------------------|
| outreach_commune_share                  | T1     | outreach: communication events (OutreachEvent)         |
| establishments_with_signs               | T2, T5 | inspections: inspection findings on establishments     |
| trained_official_share                  | T3     | outreach: training courses and attendance              |
| media_months_share                      | T4     | outreach: media items per outlet                       |
| healthy_communes                        | T4     | communes: healthy-commune assessment and recognition   |
| establishment_commitment_share          | T5     | establishments: commitments (Commitment)               |
| establishment_labour_registration_share | T5     | establishments: labour registration                   |
| integrated_plan_share                   | T6     | outreach: integrated plans (IntegratedPlan)            |

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
        "outreach_commune_share",
        _("Tỷ lệ xã, phường, thị trấn có tổ chức tuyên truyền"),
        "%",
        _("Số đơn vị cấp xã trong địa bàn có ít nhất một hoạt động tuyên truyền trong kỳ, trên tổng số đơn vị cấp xã."),
    ),
    PendingIndicator(
        "establishments_with_signs",
        _("Số cơ sở kinh doanh có biểu hiện hoạt động mại dâm"),
        _("cơ sở"),
        _("Số cơ sở kinh doanh dịch vụ nhạy cảm được phát hiện có biểu hiện hoạt động mại dâm trong kỳ."),
    ),
    PendingIndicator(
        "trained_official_share",
        _("Tỷ lệ cán bộ làm công tác phòng, chống tệ nạn xã hội được tập huấn"),
        "%",
        _("Số cán bộ trực tiếp làm công tác phòng, chống TNXH đã được tập huấn, trên tổng số cán bộ trong danh sách."),
    ),
    PendingIndicator(
        "media_months_share",
        _("Tỷ lệ tháng có tin, bài trên báo và đài tỉnh"),
        "%",
        _("Số tháng trong kỳ có ít nhất một tin, bài phòng, chống mại dâm trên mỗi cơ quan báo chí, trên số tháng."),
    ),
    PendingIndicator(
        "healthy_communes",
        _("Số xã, phường, thị trấn lành mạnh không có tệ nạn ma túy, mại dâm"),
        _("xã"),
        _("Số đơn vị cấp xã được công nhận lành mạnh, không có tệ nạn ma túy, mại dâm trong năm."),
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
    PendingIndicator(
        "integrated_plan_share",
        _("Tỷ lệ huyện, xã lồng ghép công tác phòng, chống mại dâm vào chương trình phát triển kinh tế - xã hội"),
        "%",
        _("Số đơn vị cấp huyện và cấp xã có kế hoạch lồng ghép được lưu trong hệ thống, trên tổng số đơn vị."),
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
