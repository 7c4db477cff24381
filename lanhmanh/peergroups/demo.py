"""Peer-group demo records for Tây Ninh 2019, run by `manage.py demo` (core.demo.area_populators).

The story: the demo commune (Thị trấn Tân Biên) has a peer group and a volunteer social-work team
that meet and reach people every month; a handful of other communes, one per district, have a
peer group each, one of them paused since mid-year. Peers are known by their codes only; the
volunteers have made-up names. Everything goes through the services (validated, audited); writes
are made by the demo coordinator, or by the demo commune officer for the demo commune's groups.
Re-running adds nothing once the province has groups; one seed always gives the same records.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from lanhmanh.accounts.models import Agency, User
from lanhmanh.core.demo import COMMUNE_CODE, DEMO_DAY, PROVINCE_CODE, UNIT_SOURCE, seeded_faker
from lanhmanh.peergroups import services
from lanhmanh.peergroups.models import ActivityKind, GroupKind, GroupStatus, MemberRole, PeerGroup
from lanhmanh.places.models import AdministrativeUnit, Level

YEAR = 2019
VOLUNTEER_NAMES = ("Nguyễn Thị Demo", "Trần Văn Thử", "Lê Thị Mẫu", "Phạm Văn Ví Dụ")
DESCRIPTIONS = {
    ActivityKind.SMALL_GROUP: "Truyền thông nhóm nhỏ về phòng, chống HIV/AIDS và mại dâm",
    ActivityKind.COUNSELLING: "Thăm hỏi, tư vấn tại nhà cho người có nguy cơ",
    ActivityKind.DISTRIBUTION: "Phát bao cao su và tờ rơi tại các điểm nóng",
    ActivityKind.ACCOMPANY: "Đưa người cần hỗ trợ đi xét nghiệm HIV tại trung tâm y tế huyện",
    ActivityKind.ESTABLISHMENT: "Tiếp cận người lao động tại cơ sở karaoke, massage",
    ActivityKind.MEETING: "Sinh hoạt định kỳ của nhóm",
}


def _member_plan(kind: str, rng: random.Random) -> list[tuple[str, str]]:
    if kind == GroupKind.VOLUNTEER_TEAM:
        roles = [MemberRole.LEADER, MemberRole.VOLUNTEER, MemberRole.VOLUNTEER, MemberRole.VOLUNTEER]
        return [(role, name) for role, name in zip(roles, VOLUNTEER_NAMES, strict=True)]
    count = rng.randint(4, 7)
    roles = [MemberRole.LEADER, MemberRole.PEER_EDUCATOR] + [MemberRole.MEMBER] * (count - 2)
    return [(role, "") for role in roles]


def _populate_group(
    *, actor: User, commune: AdministrativeUnit, kind: str, name: str, sponsor: Agency | None, rng: random.Random
) -> int:
    founded = date(YEAR - 1, rng.randint(1, 12), rng.randint(1, 28))
    group = services.group_create(
        actor=actor,
        data=services.GroupInput(kind=kind, name=name, commune=commune, founded_on=founded, sponsor=sponsor),
    )
    for role, full_name in _member_plan(kind, rng):
        services.member_add(
            group=group, actor=actor, data=services.MemberInput(role=role, full_name=full_name, joined_on=founded)
        )
    activities = 0
    last_month = 6 if kind == GroupKind.PEER_GROUP and rng.random() < 0.25 else 12
    for month in range(1, last_month + 1):
        for _ in range(rng.randint(1, 2)):
            day = date(YEAR, month, 1) + timedelta(days=rng.randrange(27))
            activity_kind = rng.choice(list(DESCRIPTIONS))
            distributes = activity_kind in (ActivityKind.DISTRIBUTION, ActivityKind.ESTABLISHMENT)
            services.activity_create(
                group=group,
                actor=actor,
                data=services.ActivityInput(
                    date=day,
                    kind=activity_kind,
                    description=DESCRIPTIONS[activity_kind],
                    people_reached=rng.randint(5, 40),
                    condoms_distributed=rng.randint(50, 300) if distributes else None,
                    leaflets_distributed=rng.randint(20, 150) if distributes else None,
                ),
            )
            activities += 1
    if last_month < 12:
        services.group_update(
            group=group,
            actor=actor,
            data=services.GroupInput(
                kind=kind,
                name=name,
                commune=commune,
                founded_on=founded,
                sponsor=sponsor,
                status=GroupStatus.PAUSED,
                notes="Tạm ngừng từ tháng 7/2019: trưởng nhóm chuyển đi nơi khác.",
            ),
        )
    return activities


@transaction.atomic
def populate(*, seed: int) -> str:
    province = (
        AdministrativeUnit.objects.filter(code=PROVINCE_CODE, level=Level.PROVINCE, source=UNIT_SOURCE)
        .valid_on(DEMO_DAY)
        .first()
    )
    if province is None:
        return "Nhóm đồng đẳng: bỏ qua (chưa có đơn vị hành chính Tây Ninh 2019)."
    users = {user.username: user for user in User.objects.filter(username__in=["demo-coordinator", "demo-commune"])}
    if "demo-coordinator" not in users:
        return "Nhóm đồng đẳng: bỏ qua (chưa có tài khoản demo)."
    if PeerGroup.objects.in_subtree(province).exists():
        return "Nhóm đồng đẳng: đã có, không tạo thêm."
    rng = seeded_faker(seed).random
    coordinator = users["demo-coordinator"]
    sponsor = Agency.objects.filter(code="LDTBXH", unit=province).first()
    communes = AdministrativeUnit.objects.subtree(province).communes().valid_on(date(YEAR, 12, 31))
    home = communes.filter(code=COMMUNE_CODE).first()
    groups = activities = 0
    if home is not None:
        officer = users.get("demo-commune", coordinator)
        for kind, name in (
            (GroupKind.PEER_GROUP, "Nhóm đồng đẳng Hoa Sen"),
            (GroupKind.VOLUNTEER_TEAM, f"Đội công tác xã hội tình nguyện {home.name}"),
        ):
            activities += _populate_group(actor=officer, commune=home, kind=kind, name=name, sponsor=sponsor, rng=rng)
            groups += 1
    # One more peer group in a commune of each district.
    others = communes.exclude(pk__in=[home.pk] if home else []).select_related("parent").order_by("code")
    by_district: dict[int | None, AdministrativeUnit] = {}
    for commune in others:
        by_district.setdefault(commune.parent_id, commune)
    for commune in by_district.values():
        name = f"Nhóm đồng đẳng {commune.name}"
        activities += _populate_group(
            actor=coordinator, commune=commune, kind=GroupKind.PEER_GROUP, name=name, sponsor=sponsor, rng=rng
        )
        groups += 1
    return f"Nhóm đồng đẳng, đội tình nguyện: {groups} nhóm, đội; {activities} hoạt động năm {YEAR}."
