"""Who reads and who writes peer groups (docs/peergroups.md): the doors in access.py."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from lanhmanh.peergroups.access import (
    get_activity_for_user,
    get_group_for_activity,
    get_group_for_user,
    get_member_for_user,
)
from lanhmanh.peergroups.models import PeerGroup

from .records import activity, group, member


@pytest.fixture
def records(world, personas):
    officer = personas["commune_officer"]
    peer_group = group(world.commune, officer)
    return {"group": peer_group, "member": member(peer_group, officer), "activity": activity(peer_group, officer)}


READERS = ["admin", "coordinator", "agency_officer", "district_officer", "commune_officer", "inspector", "viewer"]


@pytest.mark.parametrize("persona", [*READERS, "case_worker", "peer_educator"])
def test_everybody_whose_scope_holds_the_commune_reads_its_groups(personas, records, persona):
    user = personas[persona]
    assert PeerGroup.objects.visible_to(user).filter(pk=records["group"].pk).exists()
    assert get_group_for_user(user, records["group"].pk) == records["group"]
    assert get_activity_for_user(user, records["activity"].pk) == records["activity"]


def test_the_sibling_commune_gets_404_for_everything(personas, records):
    sibling = personas["sibling_commune"]
    for door, key in (
        (get_group_for_user, "group"),
        (get_member_for_user, "member"),
        (get_activity_for_user, "activity"),
    ):
        with pytest.raises(Http404):
            door(sibling, records[key].pk)


@pytest.mark.parametrize("persona", ["coordinator", "commune_officer", "case_worker"])
def test_the_coordinator_commune_officers_and_case_workers_manage_groups(personas, records, persona):
    user = personas[persona]
    assert get_group_for_user(user, records["group"].pk, write=True)
    assert get_member_for_user(user, records["member"].pk, write=True)
    assert get_activity_for_user(user, records["activity"].pk, write=True)


def test_a_peer_educator_records_activities_but_does_not_manage_the_group(personas, records):
    peer = personas["peer_educator"]
    assert get_group_for_activity(peer, records["group"].pk)
    assert get_activity_for_user(peer, records["activity"].pk, write=True)
    with pytest.raises(PermissionDenied):
        get_group_for_user(peer, records["group"].pk, write=True)
    with pytest.raises(PermissionDenied):
        get_member_for_user(peer, records["member"].pk, write=True)


@pytest.mark.parametrize("persona", ["admin", "agency_officer", "district_officer", "inspector", "viewer"])
def test_other_roles_read_only(personas, records, persona):
    user = personas[persona]
    with pytest.raises(PermissionDenied):
        get_group_for_user(user, records["group"].pk, write=True)
    with pytest.raises(PermissionDenied):
        get_group_for_activity(user, records["group"].pk)
    with pytest.raises(PermissionDenied):
        get_activity_for_user(user, records["activity"].pk, write=True)
