"""Synthetic outreach data at national scale, for benchmarks (`manage.py generate_outreach`).

A synthetic province ("Tỉnh tổng hợp", unit dataset `synthetic-outreach`) with districts and
communes, and communication events spread over 2018 and 2019 with one audience headcount each.
Written in bulk, bypassing the services on purpose (half a million audited service calls would take
hours); it keeps the one invariant the services keep, `OutreachEventUnit.date == OutreachEvent.date`.
Deterministic for a seed. Never needed outside a benchmark database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from lanhmanh.accounts.models import Agency, AgencyLevel, Role, User
from lanhmanh.core.demo import seeded_faker
from lanhmanh.outreach.models import AudienceCount, AudienceGroup, EventForm, OutreachEvent, OutreachEventUnit
from lanhmanh.places.models import AdministrativeUnit, Level
from lanhmanh.places.services import UnitRecord, upsert_units

SOURCE = "synthetic-outreach"
PROVINCE_CODE = "S0"
GENERATOR_USERNAME = "synthetic-generator"
BATCH = 5000
FIRST_DAY = date(2018, 1, 1)
DAYS = 730  # 2018 and 2019


@dataclass(frozen=True)
class Scale:
    districts: int
    communes: int
    events: int


SCALES = {
    "national": Scale(districts=700, communes=10_000, events=500_000),
    "province": Scale(districts=10, communes=100, events=5_000),
    "tiny": Scale(districts=2, communes=10, events=200),
}
# Communes that hold no event in 2019 (the to-do list at national scale), one in this many.
LAGGING_ONE_IN = 25
# Events held in two communes, one in this many.
SHARED_ONE_IN = 20


def synthetic_province() -> AdministrativeUnit | None:
    return AdministrativeUnit.objects.filter(source=SOURCE, code=PROVINCE_CODE, level=Level.PROVINCE).first()


def _units(scale: Scale) -> AdministrativeUnit:
    records = [UnitRecord(PROVINCE_CODE, "Tỉnh tổng hợp", "Tỉnh", Level.PROVINCE, None, None, None)]
    records += [
        UnitRecord(f"S{d:04d}", f"Huyện tổng hợp {d}", "Huyện", Level.DISTRICT, PROVINCE_CODE, None, None)
        for d in range(scale.districts)
    ]
    records += [
        UnitRecord(f"S{c:06d}", f"Xã tổng hợp {c}", "Xã", Level.COMMUNE, f"S{c % scale.districts:04d}", None, None)
        for c in range(scale.communes)
    ]
    upsert_units(source=SOURCE, records=records, origin="generate_outreach")
    province = synthetic_province()
    assert province is not None
    return province


def _actor(province: AdministrativeUnit) -> tuple[User, Agency]:
    agency, _ = Agency.objects.get_or_create(
        unit=province, code="SYN", defaults={"name": "Cơ quan tổng hợp", "level": AgencyLevel.PROVINCE}
    )
    user = User.objects.filter(username=GENERATOR_USERNAME).first()
    if user is None:
        # Cannot log in: inactive and without a usable password. It only signs the generated rows.
        user = User(username=GENERATOR_USERNAME, role=Role.VIEWER, agency=agency, scope=province, is_active=False)
        user.set_unusable_password()
        user.save()
    return user, agency


def generate(*, scale: Scale, seed: int, progress: Callable[[str], None] = lambda _line: None) -> str:
    """Create the synthetic province and its events unless it already has events; return a summary."""
    province = synthetic_province()
    if province is not None and OutreachEvent.objects.filter(primary_unit__path__prefix=province.path).exists():
        return f"Đã có dữ liệu tổng hợp tại {province.name}; không tạo thêm."
    with transaction.atomic():
        province = _units(scale)
        user, agency = _actor(province)
        communes = list(
            AdministrativeUnit.objects.subtree(province).communes().order_by("code").values_list("pk", flat=True)
        )
        lagging = set(communes[::LAGGING_ONE_IN])
        rng = seeded_faker(seed).random
        forms = EventForm.values
        groups = AudienceGroup.values
        made = 0
        while made < scale.events:
            size = min(BATCH, scale.events - made)
            events: list[OutreachEvent] = []
            places: list[list[int]] = []
            for _ in range(size):
                day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
                reached = [rng.choice(communes)]
                if rng.randrange(SHARED_ONE_IN) == 0:
                    reached.append(rng.choice(communes))
                if day.year == 2019:
                    # A lagging commune's events all fall in 2018.
                    reached = [pk for pk in reached if pk not in lagging] or [rng.choice(communes)]
                    if reached[0] in lagging:
                        day = day.replace(year=2018)
                reached = list(dict.fromkeys(reached))
                places.append(reached)
                events.append(
                    OutreachEvent(
                        date=day,
                        title="Tuyên truyền phòng, chống mại dâm",
                        form=rng.choice(forms),
                        primary_unit_id=reached[0],
                        organiser=agency,
                        created_by=user,
                    )
                )
            OutreachEvent.objects.bulk_create(events)
            OutreachEventUnit.objects.bulk_create(
                OutreachEventUnit(event_id=event.pk, unit_id=pk, date=event.date)
                for event, reached in zip(events, places, strict=True)
                for pk in reached
            )
            AudienceCount.objects.bulk_create(
                AudienceCount(event_id=event.pk, group=rng.choice(groups), count=rng.randint(10, 200))
                for event in events
            )
            made += size
            progress(f"{made:,} / {scale.events:,} hoạt động")
    return (
        f"Đã tạo {province.name}: {scale.districts:,} huyện, {len(communes):,} xã "
        f"({len(lagging):,} xã không có hoạt động năm 2019), {scale.events:,} hoạt động tuyên truyền."
    )
