"""Support demo records for Tây Ninh 2019, run by `manage.py demo` (core.demo.area_populators).

Thirty-six obviously fictitious people ("[Demo]" names from Faker's vi_VN locale, ID numbers
"DEMO-…", phones 0900 000 …) registered in Thị trấn Tân Biên by `demo-caseworker` (a few by
`demo-peer`, the peer educator they supervise), with consents (some withdrawn, some refusing to be
counted in statistics), needs, services, follow-ups and referrals in every state. The district health
centre belongs to the district's People's Committee, so `demo-district` is the receiving side of its
referrals. `demo-coordinator` is given `support.view_identity`, `support.override_consent` and
`support.export_identity`.

Everything goes through the support services (validated, audited, access-logged). Re-running adds
nothing once the province has cases; one seed always gives the same people.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import transaction
from faker import Faker

from lanhmanh.accounts.models import Agency, User
from lanhmanh.core.demo import COMMUNE_CODE, DEMO_DAY, MIDDLE_NAMES_FEMALE, PROVINCE_CODE, UNIT_SOURCE, seeded_faker
from lanhmanh.places.models import AdministrativeUnit, Level
from lanhmanh.support import services
from lanhmanh.support.models import (
    AgeGroup,
    Case,
    CaseKind,
    CaseStatus,
    ConsentMethod,
    ConsentPurpose,
    ContactChannel,
    Identity,
    NeedArea,
    NeedStatus,
    ProviderKind,
    ServiceKind,
    ServiceProvider,
    Sex,
)
from lanhmanh.support.subject_requests import load_retention_file

PEOPLE = 36
RETENTION_FILE = Path(settings.BASE_DIR) / "data" / "retention" / "rules.yaml"
BY_PEER = 4
COORDINATOR_PERMISSIONS = ("view_identity", "override_consent", "export_identity")


def _providers(province: AdministrativeUnit, district_committee: Agency | None) -> list[ServiceProvider]:
    specs = [
        ("Trung tâm Y tế huyện Tân Biên", ProviderKind.HEALTH_CENTRE, district_committee),
        ("Trung tâm Trợ giúp pháp lý nhà nước tỉnh Tây Ninh", ProviderKind.LEGAL_AID_CENTRE, None),
        ("Trường Trung cấp nghề khu vực Nam Tây Ninh", ProviderKind.VOCATIONAL_SCHOOL, None),
        ("Trung tâm Công tác xã hội tỉnh Tây Ninh", ProviderKind.SOCIAL_WORK_CENTRE, None),
        ("Hội Liên hiệp Phụ nữ huyện Tân Biên", ProviderKind.WOMENS_UNION, None),
        ("Nhóm đồng đẳng Hoa Sen (Tân Biên)", ProviderKind.PEER_GROUP, None),
    ]
    return [
        ServiceProvider.objects.get_or_create(name=name, defaults={"kind": kind, "unit": province, "agency": agency})[0]
        for name, kind, agency in specs
    ]


def _person(fake: Faker, rng: random.Random, n: int) -> Identity:
    given = fake.first_name_female()
    name = f"[Demo] {fake.last_name()} {rng.choice(MIDDLE_NAMES_FEMALE)} {given}"
    birth = date(rng.randint(1975, 2002), rng.randint(1, 12), rng.randint(1, 28))
    return Identity(
        full_name=name,
        birth_date=birth,
        id_number=f"DEMO-{n:06d}" if rng.random() < 0.7 else "",
        phone=f"0900 000 {n:03d}" if rng.random() < 0.6 else "",
        address=f"[Demo] Tổ {rng.randint(1, 9)}, khu phố {rng.randint(1, 6)}",
        notes="[Demo] Ghi chú hư cấu." if rng.random() < 0.3 else "",
    )


def _age_group(birth: date | None) -> str:
    if birth is None:
        return AgeGroup.UNKNOWN
    age = DEMO_DAY.year - birth.year
    for limit, group in (
        (16, AgeGroup.UNDER_16),
        (18, AgeGroup.FROM_16_TO_17),
        (25, AgeGroup.FROM_18_TO_24),
        (35, AgeGroup.FROM_25_TO_34),
        (50, AgeGroup.FROM_35_TO_49),
    ):
        if age < limit:
            return group
    return AgeGroup.FROM_50


@transaction.atomic
def populate(*, seed: int) -> str:
    province = (
        AdministrativeUnit.objects.filter(code=PROVINCE_CODE, level=Level.PROVINCE, source=UNIT_SOURCE)
        .valid_on(DEMO_DAY)
        .first()
    )
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["demo-caseworker", "demo-peer", "demo-coordinator", "demo-district"])
    }
    if province is None or len(users) < 4:
        return "Hỗ trợ: bỏ qua (chưa có tỉnh hoặc người dùng demo)."
    # The retention rules are configuration data, loaded (idempotently) on every run.
    load_retention_file(RETENTION_FILE)
    if Case.objects.in_subtree(province.path).exists():
        return "Hỗ trợ: đã có hồ sơ, không thêm."
    commune = AdministrativeUnit.objects.subtree(province).filter(code=COMMUNE_CODE, level=Level.COMMUNE).first()
    if commune is None:
        return "Hỗ trợ: bỏ qua (không có thị trấn Tân Biên)."
    worker, peer, coordinator, district = (
        users["demo-caseworker"],
        users["demo-peer"],
        users["demo-coordinator"],
        users["demo-district"],
    )
    coordinator.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="support", codename__in=COORDINATOR_PERMISSIONS)
    )
    peer.supervisor = worker
    peer.save(update_fields=["supervisor"])
    providers = _providers(province, district.agency)
    health = providers[0]
    fake = seeded_faker(seed + 6)
    rng = fake.random  # Faker's seeded generator: the same people for the same seed
    referral_states = ["pending", "accepted", "rejected", "done", "revoked"]
    counts = {"cases": 0, "services": 0, "referrals": 0, "follow_ups": 0}
    for n in range(1, PEOPLE + 1):
        who = _person(fake, rng, n)
        opened = date(2019, 1, 1) + timedelta(days=rng.randint(0, 300))
        case = services.case_register(
            actor=peer if n <= BY_PEER else worker,
            data=services.CaseInput(
                kind=rng.choices(list(CaseKind.values), weights=[6, 2, 3])[0],
                sex=Sex.FEMALE if rng.random() < 0.9 else Sex.MALE,
                age_group=_age_group(who.birth_date),
                commune=commune,
                contact_channel=rng.choice(list(ContactChannel.values)),
                opened_on=opened,
            ),
            identity=who,
            confirmed_duplicate=True,
        )
        counts["cases"] += 1
        day = opened + timedelta(days=1)

        def consent(
            purpose: str, granted: bool = True, agency: Agency | None = None, case: Case = case, day: date = day
        ) -> None:
            services.consent_record(
                case=case,
                actor=worker,
                purpose=purpose,
                granted=granted,
                given_on=day,
                method=rng.choice(list(ConsentMethod.values)[:2]),
                agency=agency,
            )

        consent(ConsentPurpose.SERVICES)
        consent(ConsentPurpose.STATISTICS, granted=n % 7 != 0)  # every seventh person refuses to be counted
        consent(ConsentPurpose.REFERRAL)
        if n % 3 == 0 and district.agency is not None:
            consent(ConsentPurpose.SHARE_AGENCY, agency=district.agency)
        if n % 11 == 0:
            withdrawn = case.consents.get(purpose=ConsentPurpose.STATISTICS)
            if withdrawn.in_force:
                services.consent_withdraw(
                    consent=withdrawn, actor=worker, withdrawn_on=day + timedelta(days=30), note=""
                )
        for area in rng.sample(list(NeedArea.values), 2):
            need = services.need_add(
                case=case,
                actor=worker,
                area=area,
                goal=f"Mục tiêu: {NeedArea(area).label.lower()}",
                target_date=date(2019, 12, 31),
            )
            if rng.random() < 0.4:
                services.need_set_status(need=need, actor=worker, status=rng.choice(list(NeedStatus.values)[1:]))
        for _ in range(rng.randint(1, 3)):
            services.service_record(
                case=case,
                actor=worker,
                kind=rng.choice(list(ServiceKind.values)),
                date=min(day + timedelta(days=rng.randint(0, 40)), date(2019, 12, 14)),
                provider=rng.choice(providers),
                outcome="[Demo] Kết quả hư cấu." if rng.random() < 0.5 else "",
            )
            counts["services"] += 1
        services.follow_up_add(
            case=case,
            actor=worker,
            date=min(day + timedelta(days=20), date(2019, 12, 14)),
            notes="[Demo] Thăm hỏi tại nhà; ổn định.",
        )
        counts["follow_ups"] += 1
        if n % 2 == 0:
            state = referral_states[(n // 2) % len(referral_states)]
            referral = services.referral_create(
                case=case,
                actor=worker,
                provider=health,
                need_area=NeedArea.HIV_STI,
                reason="[Demo] Cần xét nghiệm.",
                referred_on=day,
            )
            counts["referrals"] += 1
            steps = {"accepted": ["accept"], "rejected": ["reject"], "done": ["accept", "done"], "revoked": ["revoke"]}
            for step in steps.get(state, []):
                actor = worker if step == "revoke" else district
                services.referral_transition(
                    referral=referral,
                    actor=actor,
                    action=step,
                    note="[Demo] Hết chỉ tiêu tháng." if step == "reject" else "",
                )
        if n % 5 == 0:
            status = rng.choice([CaseStatus.REINTEGRATED, CaseStatus.MOVED_AWAY, CaseStatus.LOST, CaseStatus.CLOSED])
            services.case_change_status(case=case, actor=worker, status=status, reason="[Demo] Theo kết quả theo dõi.")
        elif n % 2 == 1:
            services.case_change_status(case=case, actor=worker, status=CaseStatus.ACTIVE, reason="Bắt đầu hỗ trợ")
    return (
        f"Hỗ trợ: {counts['cases']} hồ sơ, {counts['services']} dịch vụ, {counts['referrals']} chuyển gửi, "
        f"{counts['follow_ups']} lần theo dõi."
    )
