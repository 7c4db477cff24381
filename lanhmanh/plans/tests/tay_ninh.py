"""Tây Ninh as the 2019 plan file needs it: province 72, its 9 districts, one commune, and the
agencies with the codes of data/agencies/tay-ninh.yaml. Built here so that plan tests do not
depend on the unit and agency data files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from lanhmanh.accounts.models import Agency, AgencyLevel
from lanhmanh.places.models import AdministrativeUnit, Level

SOURCE = "tay-ninh-2019"
REAL_PLAN = Path(settings.BASE_DIR) / "data" / "plans" / "tay-ninh-2019.yaml"

DISTRICTS = {
    "703": ("Thành phố Tây Ninh", "Thành phố"),
    "705": ("Huyện Tân Biên", "Huyện"),
    "706": ("Huyện Tân Châu", "Huyện"),
    "707": ("Huyện Dương Minh Châu", "Huyện"),
    "708": ("Huyện Châu Thành", "Huyện"),
    "709": ("Huyện Hòa Thành", "Huyện"),
    "710": ("Huyện Gò Dầu", "Huyện"),
    "711": ("Huyện Bến Cầu", "Huyện"),
    "712": ("Huyện Trảng Bàng", "Huyện"),
}

PROVINCIAL_AGENCIES = {
    "UBND-TINH": "Ủy ban nhân dân tỉnh Tây Ninh",
    "LDTBXH": "Sở Lao động - Thương binh và Xã hội",
    "CA": "Công an tỉnh",
    "VHTTDL": "Sở Văn hóa, Thể thao và Du lịch",
    "TTTT": "Sở Thông tin và Truyền thông",
    "YT": "Sở Y tế",
    "TC": "Sở Tài chính",
    "TP": "Sở Tư pháp",
    "GDDT": "Sở Giáo dục và Đào tạo",
    "BDBP": "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
    "BAO-TN": "Báo Tây Ninh",
    "PTTH": "Đài Phát thanh và Truyền hình tỉnh",
    "VKSND": "Viện Kiểm sát nhân dân tỉnh",
    "TAND": "Tòa án nhân dân tỉnh",
    "MTTQ": "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
}


@dataclass
class TayNinh:
    province: AdministrativeUnit
    districts: dict[str, AdministrativeUnit]
    commune: AdministrativeUnit  # Thị trấn Tân Biên (25486), in Huyện Tân Biên
    agencies: dict[str, Agency]


def make_tay_ninh_2019() -> TayNinh:
    province = AdministrativeUnit.objects.create(
        code="72", name="Tỉnh Tây Ninh", kind="Tỉnh", level=Level.PROVINCE, source=SOURCE
    )
    districts = {
        code: AdministrativeUnit.objects.create(
            code=code, name=name, kind=kind, level=Level.DISTRICT, parent=province, source=SOURCE
        )
        for code, (name, kind) in DISTRICTS.items()
    }
    commune = AdministrativeUnit.objects.create(
        code="25486",
        name="Thị trấn Tân Biên",
        kind="Thị trấn",
        level=Level.COMMUNE,
        parent=districts["705"],
        source=SOURCE,
    )
    agencies = {
        code: Agency.objects.create(code=code, name=name, short_name=name, level=AgencyLevel.PROVINCE, unit=province)
        for code, name in PROVINCIAL_AGENCIES.items()
    }
    for code, district in districts.items():
        agencies[f"UBND-{code}"] = Agency.objects.create(
            code=f"UBND-{code}",
            name=f"Ủy ban nhân dân {district.name}",
            short_name=f"UBND {district.name}",
            level=AgencyLevel.DISTRICT,
            unit=district,
        )
    return TayNinh(province=province, districts=districts, commune=commune, agencies=agencies)
