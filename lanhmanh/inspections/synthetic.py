"""Synthetic inspection data at national scale, for benchmarks (`manage.py generate_inspections`).

A synthetic province ("Tỉnh tổng hợp kiểm tra", unit dataset `synthetic-inspections`) with districts
and communes, establishments spread over them, one provincial team, and inspections over 2018-2019.
Written in bulk, bypassing the services on purpose (a million audited service calls would take hours);
it keeps what the services keep that the indicators read: an inspection's establishment lies in the
team's area, and `name_folded` is filled (bulk_create skips `save()`). Deterministic for a seed.
Never needed outside a benchmark database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from lanhmanh.accounts.models import Agency, AgencyLevel, Role, User
from lanhmanh.core.demo import seeded_faker
from lanhmanh.establishments.models import Establishment, EstablishmentStatus, EstablishmentType, fold
from lanhmanh.inspections.models import Inspection, InspectionKind, InspectionTeam, TeamLevel
from lanhmanh.places.models import AdministrativeUnit, Level
from lanhmanh.places.services import UnitRecord, upsert_units

SOURCE = "synthetic-inspections"
PROVINCE_CODE = "SI0"
GENERATOR_USERNAME = "synthetic-inspections"
BATCH = 10_000
FIRST_DAY = date(2018, 1, 1)
DAYS = 730  # 2018 and 2019
# Establishments closed before 2019 (not operating in 2019), one in this many.
CLOSED_ONE_IN = 20
# Establishments never inspected in 2019, one in this many (their inspections fall in 2018).
UNINSPECTED_ONE_IN = 4


@dataclass(frozen=True)
class Scale:
    districts: int
    communes: int
    establishments: int
    inspections: int


SCALES = {
    "national": Scale(districts=700, communes=10_000, establishments=100_000, inspections=1_000_000),
    "province": Scale(districts=10, communes=100, establishments=2_000, inspections=20_000),
    "tiny": Scale(districts=2, communes=10, establishments=60, inspections=400),
}


def synthetic_province() -> AdministrativeUnit | None:
    return AdministrativeUnit.objects.filter(source=SOURCE, code=PROVINCE_CODE, level=Level.PROVINCE).first()


def _units(scale: Scale) -> AdministrativeUnit:
    records = [UnitRecord(PROVINCE_CODE, "Tỉnh tổng hợp kiểm tra", "Tỉnh", Level.PROVINCE, None, None, None)]
    records += [
        UnitRecord(f"SI{d:04d}", f"Huyện tổng hợp {d}", "Huyện", Level.DISTRICT, PROVINCE_CODE, None, None)
        for d in range(scale.districts)
    ]
    records += [
        UnitRecord(f"SI{c:06d}", f"Xã tổng hợp {c}", "Xã", Level.COMMUNE, f"SI{c % scale.districts:04d}", None, None)
        for c in range(scale.communes)
    ]
    upsert_units(source=SOURCE, records=records, origin="generate_inspections")
    province = synthetic_province()
    assert province is not None
    return province


def _actor(province: AdministrativeUnit) -> User:
    agency, _ = Agency.objects.get_or_create(
        unit=province, code="SYN-KT", defaults={"name": "Cơ quan tổng hợp", "level": AgencyLevel.PROVINCE}
    )
    user = User.objects.filter(username=GENERATOR_USERNAME).first()
    if user is None:
        # Cannot log in: inactive and without a usable password. It only signs the generated rows.
        user = User(username=GENERATOR_USERNAME, role=Role.VIEWER, agency=agency, scope=province, is_active=False)
        user.set_unusable_password()
        user.save()
    return user


def generate(*, scale: Scale, seed: int, progress: Callable[[str], None] = lambda _line: None) -> str:
    """Create the synthetic province, establishments and inspections unless they exist; return a summary."""
    province = synthetic_province()
    if province is not None and Establishment.objects.in_subtree(province).exists():
        return f"Đã có dữ liệu tổng hợp tại {province.name}; không tạo thêm."
    rng = seeded_faker(seed).random
    kinds = EstablishmentType.values
    with transaction.atomic():
        province = _units(scale)
        user = _actor(province)
        team = InspectionTeam.objects.create(
            name="Đội kiểm tra tổng hợp",
            level=TeamLevel.PROVINCE,
            unit=province,
            decision_number="1/QĐ-TH",
            decision_date=FIRST_DAY,
            valid_from=FIRST_DAY,
            created_by=user,
        )
        communes = list(
            AdministrativeUnit.objects.subtree(province).communes().order_by("code").values_list("pk", flat=True)
        )
        made = 0
        while made < scale.establishments:
            size = min(BATCH, scale.establishments - made)
            rows = []
            for index in range(made, made + size):
                closed = index % CLOSED_ONE_IN == 0
                name = f"Cơ sở tổng hợp {index}"
                rows.append(
                    Establishment(
                        name=name,
                        name_folded=fold(name),
                        kind=rng.choice(kinds),
                        address=f"Số {index}",
                        commune_id=communes[index % len(communes)],
                        status=EstablishmentStatus.CLOSED if closed else EstablishmentStatus.OPERATING,
                        closed_on=date(2018, 6, 30) if closed else None,
                        created_by=user,
                    )
                )
            Establishment.objects.bulk_create(rows)
            made += size
            progress(f"{made:,} / {scale.establishments:,} cơ sở")
        places = list(Establishment.objects.in_subtree(province).order_by("pk").values_list("pk", flat=True))
        lagging = set(places[::UNINSPECTED_ONE_IN])
        kinds_of_inspection = InspectionKind.values
        made = 0
        while made < scale.inspections:
            size = min(BATCH, scale.inspections - made)
            batch = []
            for _ in range(size):
                place = rng.choice(places)
                day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
                if place in lagging and day.year == 2019:
                    day = day.replace(year=2018)
                batch.append(
                    Inspection(
                        team=team,
                        establishment_id=place,
                        date=day,
                        kind=rng.choice(kinds_of_inspection),
                        created_by=user,
                    )
                )
            Inspection.objects.bulk_create(batch)
            made += size
            progress(f"{made:,} / {scale.inspections:,} cuộc kiểm tra")
    return (
        f"Đã tạo {province.name}: {scale.districts:,} huyện, {len(communes):,} xã, "
        f"{scale.establishments:,} cơ sở, {scale.inspections:,} cuộc kiểm tra."
    )
