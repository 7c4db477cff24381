"""The administrator grants support permissions and a peer educator's supervisor on the account form."""

from django.test import Client

from lanhmanh.core.models import AuditEntry
from lanhmanh.support import access


def _form(user, **extra):
    return {
        "full_name": "Tên",
        "email": "",
        "role": user.role,
        "agency": user.agency_id or "",
        "scope": user.scope_id,
        **extra,
    }


def test_the_administrator_grants_identity_access_to_a_coordinator(personas, case):
    admin, coordinator = personas["admin"], personas["coordinator"]
    client = Client()
    client.force_login(admin)
    response = client.post(
        f"/users/{coordinator.pk}/edit/", _form(coordinator, support_permissions=["view_identity", "audit_access"])
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    fresh = type(coordinator).objects.get(pk=coordinator.pk)
    assert access.may_see_identity(fresh, case) and access.may_audit(fresh)
    entry = AuditEntry.objects.get(verb="accounts.user.support_access_set")
    assert entry.changes["support_permissions"][1] == ["audit_access", "view_identity"]


def test_the_administrator_sets_a_peer_educators_supervisor(personas):
    admin, peer, worker = personas["admin"], personas["peer_educator"], personas["case_worker"]
    client = Client()
    client.force_login(admin)
    assert client.post(f"/users/{peer.pk}/edit/", _form(peer, supervisor=worker.pk)).status_code == 302
    peer.refresh_from_db()
    assert peer.supervisor == worker


def test_only_a_peer_educator_has_a_supervisor(personas):
    admin, viewer, worker = personas["admin"], personas["viewer"], personas["case_worker"]
    client = Client()
    client.force_login(admin)
    response = client.post(f"/users/{viewer.pk}/edit/", _form(viewer, supervisor=worker.pk))
    assert response.status_code == 200
    assert "tuyên truyền viên đồng đẳng" in response.content.decode()
    viewer.refresh_from_db()
    assert viewer.supervisor is None
