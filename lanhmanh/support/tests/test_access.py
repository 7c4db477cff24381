"""The identity rule (support/access.py), persona by persona."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from lanhmanh.accounts.models import Role
from lanhmanh.core.testing import make_user
from lanhmanh.support import access, services
from lanhmanh.support.models import Case
from lanhmanh.support.tests.helpers import grant, register

SEES_PSEUDONYMOUS = {"coordinator", "district_officer", "commune_officer", "case_worker", "viewer"}


@pytest.mark.parametrize(
    "persona",
    [
        "admin",
        "coordinator",
        "agency_officer",
        "district_officer",
        "commune_officer",
        "sibling_commune",
        "inspector",
        "case_worker",
        "peer_educator",
        "viewer",
    ],
)
def test_who_opens_the_case_and_who_sees_the_person(personas, case, persona):
    user = personas[persona]
    opens = Case.objects.visible_to(user).filter(pk=case.pk).exists()
    assert opens == (persona in SEES_PSEUDONYMOUS)
    # Only the assigned case worker sees the identity; the coordinator needs the permission first.
    assert access.may_see_identity(user, case) == (persona == "case_worker")
    assert Case.objects.filter(access.identity_visible_q(user), pk=case.pk).exists() == (persona == "case_worker")


def test_the_coordinator_with_the_permission_sees_identity_in_scope(personas, case, supervisor):
    assert access.may_see_identity(supervisor, case)
    assert Case.objects.filter(access.identity_visible_q(supervisor), pk=case.pk).exists()


def test_a_coordinator_of_another_scope_does_not_see_identity_even_with_the_permission(world, case):
    other = grant(make_user("coord2", Role.COORDINATOR, world.lead, world.other_district), "view_identity")
    assert not access.may_see_identity(other, case)
    assert not Case.objects.visible_to(other).filter(pk=case.pk).exists()


def test_an_administrator_never_sees_identity_whatever_the_permissions(personas, case):
    admin = grant(personas[Role.ADMIN], "view_identity", "export_identity", "audit_access")
    assert not access.may_see_identity(admin, case)
    assert not Case.objects.visible_to(admin).exists()
    assert not access.may_audit(admin)


def test_another_case_worker_sees_an_assigned_case_pseudonymously(case, other_worker):
    assert Case.objects.visible_to(other_worker).filter(pk=case.pk).exists()
    assert not access.may_see_identity(other_worker, case)
    with pytest.raises(PermissionDenied):
        access.get_case_for_user(other_worker, case.pk, write=True)


def test_every_case_worker_of_the_scope_sees_an_unassigned_case(world, case, other_worker, supervisor):
    services.case_assign(case=case, actor=supervisor, worker=None)
    case.refresh_from_db()
    assert access.may_see_identity(other_worker, case)


def test_a_peer_educator_sees_only_the_cases_they_registered_and_never_the_identity(world, personas, case):
    peer = personas[Role.PEER_EDUCATOR]
    peer.supervisor = personas[Role.CASE_WORKER]
    peer.save()
    own = register(peer, world.commune, who=services.Identity(full_name="Peer Person"))
    assert list(Case.objects.visible_to(peer)) == [own]
    assert own.assigned_worker == personas[Role.CASE_WORKER]
    assert not access.may_see_identity(peer, own)


def test_a_case_outside_the_scope_answers_404(personas, case):
    with pytest.raises(Http404):
        access.get_case_for_user(personas["sibling_commune"], case.pk)
