"""The peer-group services: what they accept, what they refuse (naming the field), what they audit."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lanhmanh.core.audit import history
from lanhmanh.peergroups import services
from lanhmanh.peergroups.models import GroupKind, MemberRole

from .records import activity, group, member


def errors_of(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_a_group_is_registered_and_audited(world, personas):
    officer = personas["commune_officer"]
    peer_group = group(world.commune, officer)
    assert peer_group.commune == world.commune
    entry = history(peer_group).get()
    assert entry.verb == "peergroups.group.created"
    assert entry.changes["name"] == "Nhóm Hoa Sen"


def test_a_group_of_a_commune_outside_the_scope_is_refused(world, personas):
    errors = errors_of(lambda: group(world.sibling_commune, personas["commune_officer"]))
    assert "nằm ngoài phạm vi" in errors["commune"][0]


def test_a_group_belongs_to_a_commune_not_a_district(world, personas):
    errors = errors_of(lambda: group(world.district, personas["coordinator"]))
    assert "Huyện Một" in errors["commune"][0]


def test_two_groups_of_one_commune_cannot_share_a_name(world, personas):
    group(world.commune, personas["commune_officer"], name="Nhóm Hoa Sen")
    errors = errors_of(lambda: group(world.commune, personas["coordinator"], name="nhóm hoa sen"))
    assert "Nhóm Hoa Sen" in errors["name"][0] or "nhóm hoa sen" in errors["name"][0]


def test_a_founding_date_in_the_future_is_refused(world, personas):
    tomorrow = timezone.localdate() + timedelta(days=1)
    errors = errors_of(lambda: group(world.commune, personas["commune_officer"], founded_on=tomorrow))
    assert "Ngày thành lập" in errors["founded_on"][0]


def test_members_get_codes_from_the_system(world, personas):
    officer = personas["commune_officer"]
    peer_group = group(world.commune, officer)
    first, second = member(peer_group, officer), member(peer_group, officer, role=MemberRole.LEADER)
    assert first.code == f"DD{peer_group.pk:04d}-01"
    assert second.code == f"DD{peer_group.pk:04d}-02"
    team = group(world.commune, officer, name="Đội tình nguyện", kind=GroupKind.VOLUNTEER_TEAM)
    assert member(team, officer).code == f"TN{team.pk:04d}-01"


def test_a_peer_never_carries_a_name(world, personas):
    officer = personas["commune_officer"]
    peer_group = group(world.commune, officer)
    errors = errors_of(lambda: member(peer_group, officer, full_name="Nguyễn Thị Lan"))
    assert "chỉ được ghi bằng mã" in errors["full_name"][0]
    assert not peer_group.members.exists()


def test_a_volunteer_may_carry_a_name_but_the_audit_trail_does_not(world, personas):
    officer = personas["commune_officer"]
    team = group(world.commune, officer, name="Đội tình nguyện", kind=GroupKind.VOLUNTEER_TEAM)
    volunteer = member(team, officer, full_name="Trần  Văn   Tâm")
    assert volunteer.full_name == "Trần Văn Tâm"
    services.member_update(
        member=volunteer, actor=officer, data=services.MemberInput(role=MemberRole.VOLUNTEER, full_name="Trần Văn Tú")
    )
    for entry in history(volunteer):
        assert "Trần" not in str(entry.changes)
        assert "Trần" not in entry.target_repr


def test_a_team_with_named_volunteers_cannot_become_a_peer_group(world, personas):
    officer = personas["commune_officer"]
    team = group(world.commune, officer, name="Đội tình nguyện", kind=GroupKind.VOLUNTEER_TEAM)
    member(team, officer, full_name="Trần Văn Tâm")
    data = services.GroupInput(kind=GroupKind.PEER_GROUP, name=team.name, commune=world.commune)
    errors = errors_of(lambda: services.group_update(group=team, actor=officer, data=data))
    assert "kind" in errors


def test_leaving_before_joining_is_refused(world, personas):
    officer = personas["commune_officer"]
    peer_group = group(world.commune, officer)
    data = services.MemberInput(role=MemberRole.MEMBER, joined_on=date(2019, 5, 1), left_on=date(2019, 4, 1))
    errors = errors_of(lambda: services.member_add(group=peer_group, actor=officer, data=data))
    assert "Ngày rời nhóm" in errors["left_on"][0]


def test_an_activity_is_recorded_and_audited(world, personas):
    peer = personas["peer_educator"]
    peer_group = group(world.commune, personas["commune_officer"])
    recorded = activity(peer_group, peer, reached=15, condoms_distributed=100)
    assert recorded.people_reached == 15
    assert history(recorded).get().verb == "peergroups.activity.recorded"


def test_negative_counts_are_refused_naming_the_field(world, personas):
    peer_group = group(world.commune, personas["commune_officer"])
    errors = errors_of(lambda: activity(peer_group, personas["peer_educator"], reached=-1, leaflets_distributed=-3))
    assert "Số người được tiếp cận" in errors["people_reached"][0]
    assert "Số tờ rơi phát" in errors["leaflets_distributed"][0]


def test_an_activity_before_the_group_was_founded_is_refused(world, personas):
    peer_group = group(world.commune, personas["commune_officer"], founded_on=date(2019, 1, 1))
    errors = errors_of(lambda: activity(peer_group, personas["commune_officer"], day=date(2018, 12, 31)))
    assert "01/01/2019" in errors["date"][0]


def test_an_activity_linked_to_a_task_must_fall_in_its_plan(world, personas):
    peer_group = group(world.commune, personas["commune_officer"])
    errors = errors_of(
        lambda: activity(peer_group, personas["commune_officer"], day=date(2018, 6, 1), task=world.commune_task)
    )
    assert "IV.13.3" in errors["task"][0]
    linked = activity(peer_group, personas["commune_officer"], task=world.commune_task)
    assert linked.task == world.commune_task


def test_an_activity_cannot_name_a_task_the_actor_does_not_see(world, personas):
    peer_group = group(world.commune, personas["commune_officer"])
    errors = errors_of(lambda: activity(peer_group, personas["commune_officer"], task=world.sibling_commune_task))
    assert "task" in errors


def test_deleting_an_activity_leaves_an_audit_entry(world, personas):
    officer = personas["commune_officer"]
    recorded = activity(group(world.commune, officer), officer)
    pk = recorded.pk
    services.activity_delete(activity=recorded, actor=officer)
    from lanhmanh.core.models import AuditEntry

    assert AuditEntry.objects.filter(verb="peergroups.activity.deleted", target_id=str(pk)).exists()
