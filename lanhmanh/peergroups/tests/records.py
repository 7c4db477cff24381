"""Peer groups, members and activities made through the services, for the tests and the matrix."""

from __future__ import annotations

from datetime import date

from lanhmanh.accounts.models import User
from lanhmanh.peergroups import services
from lanhmanh.peergroups.models import Activity, ActivityKind, GroupKind, Member, MemberRole, PeerGroup
from lanhmanh.places.models import AdministrativeUnit


def group(
    commune: AdministrativeUnit,
    actor: User,
    *,
    name: str = "Nhóm Hoa Sen",
    kind: str = GroupKind.PEER_GROUP,
    founded_on: date | None = date(2018, 3, 1),
) -> PeerGroup:
    data = services.GroupInput(kind=kind, name=name, commune=commune, founded_on=founded_on)
    return services.group_create(actor=actor, data=data)


def member(peer_group: PeerGroup, actor: User, *, role: str = MemberRole.MEMBER, full_name: str = "") -> Member:
    data = services.MemberInput(role=role, full_name=full_name, joined_on=date(2018, 3, 1))
    return services.member_add(group=peer_group, actor=actor, data=data)


def activity(
    peer_group: PeerGroup, actor: User, *, day: date = date(2019, 5, 10), reached: int = 12, **extra
) -> Activity:
    data = services.ActivityInput(
        date=day, kind=ActivityKind.SMALL_GROUP, description="Truyền thông nhóm nhỏ", people_reached=reached, **extra
    )
    return services.activity_create(group=peer_group, actor=actor, data=data)
