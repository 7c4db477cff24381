"""Establishments demo records for Tây Ninh 2019, run by `manage.py demo` (core.demo.area_populators).

The story the 2019 dashboard then tells (targets T2b, T5a, T5b of plan 905/KH-UBND): about 330
establishments, most of them guest houses, restaurants and karaoke, more in the wards and towns
than in rural communes; roughly five in six hold a commitment valid on 31 December 2019 (some let
theirs lapse at the end of 2018), three in four registered their workers, about fifteen show signs of
prostitution during the year (a third of them cleared by December), and a handful closed or were
suspended.

Everything goes through the services (validated, audited), written by the demo coordinator. Re-running
adds nothing once the province has establishments; one seed always gives the same records.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from lanhmanh.accounts.models import User
from lanhmanh.core.demo import DEMO_DAY, PROVINCE_CODE, UNIT_SOURCE, seeded_faker
from lanhmanh.establishments import services
from lanhmanh.establishments.models import Establishment, EstablishmentType, FlagSource
from lanhmanh.places.models import AdministrativeUnit, Level

YEAR = 2019
COUNT = 330
YEAR_END = date(YEAR, 12, 31)
# Shares of the registry by type, roughly as provincial reports list them.
KIND_WEIGHTS = {
    EstablishmentType.GUEST_HOUSE: 26,
    EstablishmentType.RESTAURANT: 20,
    EstablishmentType.KARAOKE: 18,
    EstablishmentType.HOTEL: 7,
    EstablishmentType.MOTEL: 7,
    EstablishmentType.RENTED_ROOMS: 4,
    EstablishmentType.MASSAGE: 5,
    EstablishmentType.HAIR_WASH: 6,
    EstablishmentType.DIM_CAFE: 4,
    EstablishmentType.BAR: 2,
    EstablishmentType.DANCE_HALL: 0.5,
    EstablishmentType.SAUNA: 0.5,
}
PREFIX = {
    EstablishmentType.GUEST_HOUSE: "Nhà nghỉ",
    EstablishmentType.RESTAURANT: "Nhà hàng",
    EstablishmentType.KARAOKE: "Karaoke",
    EstablishmentType.HOTEL: "Khách sạn",
    EstablishmentType.MOTEL: "Nhà trọ",
    EstablishmentType.RENTED_ROOMS: "Căn hộ cho thuê",
    EstablishmentType.MASSAGE: "Massage",
    EstablishmentType.HAIR_WASH: "Gội đầu thư giãn",
    EstablishmentType.DIM_CAFE: "Cà phê",
    EstablishmentType.BAR: "Bar",
    EstablishmentType.DANCE_HALL: "Vũ trường",
    EstablishmentType.SAUNA: "Xông hơi",
}
# Types where signs of prostitution are found most (the police's reports name them first).
RISKY = {
    EstablishmentType.KARAOKE,
    EstablishmentType.MASSAGE,
    EstablishmentType.GUEST_HOUSE,
    EstablishmentType.HAIR_WASH,
}
BRANDS = (
    "Hòa Bình", "Bình Minh", "Phương Nam", "Hoàng Long", "Thanh Thủy", "Ngọc Lan", "Sao Mai", "Hồng Phát",
    "Kim Ngân", "Thiên Thanh", "Mỹ Tiên", "Tây Ninh", "Bà Đen", "Hoàng Gia", "Như Ý", "Phú Quý", "Đông Á",
    "Hương Sen", "Cát Tường", "Tân Phát", "Minh Châu", "Gió Biển", "Vạn Phúc", "Hải Đăng", "Thảo Nguyên",
)  # fmt: skip
STREETS = (
    "30/4", "Cách Mạng Tháng Tám", "Trần Hưng Đạo", "Nguyễn Chí Thanh", "Hùng Vương", "Lý Thường Kiệt",
    "Điện Biên Phủ", "Nguyễn Văn Linh", "Quốc lộ 22B", "Đường tỉnh 781", "Đường tỉnh 784", "Quốc lộ 22",
    "Bời Lời", "Trưng Nữ Vương", "Lạc Long Quân",
)  # fmt: skip
MIDDLE = ("Văn", "Thị", "Ngọc", "Minh", "Thanh", "Hữu", "Thu")
SIGNS = (
    "Tiếp viên ngồi cùng khách, có biểu hiện môi giới mại dâm",
    "Phòng hát có chốt cửa bên trong, tắt đèn khi có khách",
    "Không ghi sổ lưu trú, khách thuê phòng theo giờ nhiều lần trong ngày",
    "Nhân viên xoa bóp mặc trang phục hở hang, phòng kín không có cửa kính",
    "Đơn phản ánh của người dân về hoạt động mua bán dâm",
)


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _after(establishment: Establishment) -> date:
    """The first day a status change may bear: the day after the opening (opened by 30 June)."""
    assert establishment.opened_on is not None
    return establishment.opened_on + timedelta(days=1)


def _communes(province: AdministrativeUnit) -> list[AdministrativeUnit]:
    return list(AdministrativeUnit.objects.subtree(province).communes().valid_on(YEAR_END).order_by("code", "pk"))


def populate(*, seed: int) -> str:
    """Add the registry for Tây Ninh 2019 once; return a one-line summary in Vietnamese."""
    province = (
        AdministrativeUnit.objects.filter(code=PROVINCE_CODE, level=Level.PROVINCE, source=UNIT_SOURCE)
        .valid_on(DEMO_DAY)
        .first()
    )
    if province is None:
        return "Cơ sở kinh doanh mẫu: bỏ qua (chưa có đơn vị hành chính Tây Ninh 2019, load_units)."
    actor = User.objects.select_related("scope", "agency").filter(username="demo-coordinator").first()
    if actor is None:
        return "Cơ sở kinh doanh mẫu: bỏ qua (chưa có tài khoản demo)."
    if Establishment.objects.in_subtree(province).exists():
        return "Cơ sở kinh doanh mẫu: bỏ qua (tỉnh đã có danh sách cơ sở)."
    communes = _communes(province)
    if not communes:
        return "Cơ sở kinh doanh mẫu: bỏ qua (không có xã, phường)."
    with transaction.atomic():
        tally = _populate(actor, communes, seed)
    return (
        f"Cơ sở kinh doanh mẫu: {tally['establishments']} cơ sở tại {tally['communes']} xã, phường; "
        f"{tally['commitments']} bản cam kết, {tally['registrations']} đăng ký lao động, "
        f"{tally['flags']} dấu hiệu mại dâm, {tally['closed']} cơ sở chấm dứt hoạt động."
    )


def _populate(actor: User, communes: list[AdministrativeUnit], seed: int) -> dict[str, int]:
    fake = seeded_faker(seed)
    rng: random.Random = fake.random
    # Wards and towns hold more businesses than rural communes.
    weights = [4 if unit.kind in ("Phường", "Thị trấn") else 1 for unit in communes]
    kinds = list(KIND_WEIGHTS)
    tally = dict.fromkeys(("establishments", "commitments", "registrations", "flags", "closed"), 0)
    used: set[str] = set()
    places: set[int] = set()
    for number in range(1, COUNT + 1):
        kind = rng.choices(kinds, weights=list(KIND_WEIGHTS.values()))[0]
        commune = rng.choices(communes, weights=weights)[0]
        name = f"{PREFIX[kind]} {rng.choice(BRANDS)}"
        if name in used:
            name = f"{name} {number}"
        used.add(name)
        rooms = rng.randint(6, 40) if kind in (EstablishmentType.HOTEL, EstablishmentType.GUEST_HOUSE) else None
        if kind == EstablishmentType.KARAOKE:
            rooms = rng.randint(3, 15)
        establishment = services.establishment_create(
            actor=actor,
            data=services.EstablishmentInput(
                name=name,
                kind=kind,
                address=f"Số {rng.randint(1, 480)}, đường {rng.choice(STREETS)}",
                commune=commune,
                owner_name=f"{fake.last_name()} {rng.choice(MIDDLE)} {fake.first_name()}",
                owner_phone=f"09{rng.randrange(10**8):08d}",
                registration_number=f"45{rng.choice('ABCDEFGH')}8{number:06d}",
                rooms=rooms,
                workers=rng.randint(2, 25),
                opened_on=_day(rng, date(2008, 1, 1), date(YEAR, 6, 30)),
            ),
        )
        tally["establishments"] += 1
        places.add(commune.pk)
        _compliance(actor, establishment, rng, tally)
        if (kind in RISKY and rng.random() < 0.09) or rng.random() < 0.01:
            _flag(actor, establishment, rng)
            tally["flags"] += 1
        if rng.random() < 0.03:
            services.establishment_set_status(
                establishment=establishment,
                actor=actor,
                status="closed",
                since=_day(rng, max(date(YEAR, 3, 1), _after(establishment)), date(YEAR, 11, 30)),
                note="Chủ cơ sở thông báo ngừng kinh doanh",
                expected_version=establishment.version,
            )
            tally["closed"] += 1
        elif rng.random() < 0.02:
            services.establishment_set_status(
                establishment=establishment,
                actor=actor,
                status="suspended",
                since=_day(rng, max(date(YEAR, 6, 1), _after(establishment)), date(YEAR, 11, 30)),
                note="Tạm ngừng để sửa chữa",
                expected_version=establishment.version,
            )
    tally["communes"] = len(places)
    return tally


def _compliance(actor: User, establishment: Establishment, rng: random.Random, tally: dict[str, int]) -> None:
    draw = rng.random()
    if draw < 0.84:
        signed = _day(rng, date(YEAR, 1, 5), date(YEAR, 6, 30))
        until = None if rng.random() < 0.3 else date(signed.year + 2, signed.month, 1)
        if rng.random() < 0.4:  # renewed: last year's commitment is kept as history
            _commitment(actor, establishment, date(YEAR - 1, signed.month, signed.day), date(YEAR, 1, 4))
            tally["commitments"] += 1
        _commitment(actor, establishment, signed, until)
        tally["commitments"] += 1
    elif draw < 0.92:  # lapsed at the end of 2018 and not renewed
        _commitment(actor, establishment, _day(rng, date(2017, 1, 5), date(2017, 12, 20)), date(2018, 12, 31))
        tally["commitments"] += 1
    if rng.random() < 0.76:
        services.labour_registration_record(
            establishment=establishment,
            actor=actor,
            data=services.LabourRegistrationInput(
                registered_on=_day(rng, date(2016, 1, 1), date(YEAR, 9, 30)),
                workers_registered=establishment.workers or 1,
                number=f"{rng.randint(1, 999)}/ĐKLĐ",
                authority=f"Phòng Lao động - Thương binh và Xã hội {establishment.commune.parent or ''}".strip(),
            ),
        )
        tally["registrations"] += 1


def _commitment(actor: User, establishment: Establishment, signed: date, until: date | None) -> None:
    services.commitment_record(
        establishment=establishment,
        actor=actor,
        data=services.CommitmentInput(
            signed_on=signed,
            signer_name=establishment.owner_name,
            signer_title="Chủ cơ sở",
            valid_from=signed,
            valid_until=until,
        ),
    )


def _flag(actor: User, establishment: Establishment, rng: random.Random) -> None:
    flag = services.flag_record(
        establishment=establishment,
        actor=actor,
        noted_on=_day(rng, date(YEAR, 1, 15), date(YEAR, 11, 15)),
        source=rng.choice([FlagSource.INSPECTION, FlagSource.POLICE, FlagSource.COMPLAINT]),
        description=rng.choice(SIGNS),
    )
    if rng.random() < 0.35:
        services.flag_clear(
            flag=flag,
            actor=actor,
            cleared_on=min(flag.noted_on + timedelta(days=rng.randint(30, 120)), date(YEAR, 12, 20)),
            reason="Cơ sở đã chấn chỉnh, kiểm tra lại không còn dấu hiệu",
        )
