"""Consent gates, the referral state machine, duplicates without leaking, the immutable access log."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lanhmanh.core.models import AuditEntry
from lanhmanh.support import access, services
from lanhmanh.support.models import AccessLog, ConsentOverride, ImmutableError, ReferralStatus
from lanhmanh.support.tests.helpers import SENTINEL_ID, SENTINEL_NAME, SENTINELS, consent, grant, identity, register


def refer(case, actor, provider, **kw):
    return services.referral_create(
        case=case, actor=actor, provider=provider, need_area="health", reason="", referred_on=date(2019, 7, 1), **kw
    )


# Consent ------------------------------------------------------------------------------------------


def test_a_referral_needs_referral_consent(case, worker, clinic):
    with pytest.raises(ValidationError) as error:
        refer(case, worker, clinic)
    assert "chưa đồng ý được chuyển gửi" in str(error.value)
    consent(case, worker, "referral")
    assert refer(case, worker, clinic).status == ReferralStatus.PENDING


def test_a_withdrawn_or_refused_consent_gates_again(case, worker, clinic):
    given = consent(case, worker, "referral")
    services.consent_withdraw(consent=given, actor=worker, withdrawn_on=date(2019, 6, 3), note="")
    with pytest.raises(ValidationError):
        refer(case, worker, clinic)
    consent(case, worker, "referral")
    consent(case, worker, "referral", granted=False)
    with pytest.raises(ValidationError):
        refer(case, worker, clinic)


def test_services_need_services_consent(case, worker):
    with pytest.raises(ValidationError):
        services.service_record(
            case=case, actor=worker, kind="health", date=date(2019, 7, 1), provider=None, outcome=""
        )
    consent(case, worker, "services")
    services.service_record(case=case, actor=worker, kind="health", date=date(2019, 7, 1), provider=None, outcome="")


def test_an_override_reason_is_refused_without_the_permission(case, worker, clinic):
    with pytest.raises(ValidationError) as error:
        refer(case, worker, clinic, override_reason="Khẩn cấp")
    assert "override_reason" in error.value.message_dict


def test_an_override_with_the_permission_is_recorded_audited_and_logged(case, worker, clinic):
    worker = grant(worker, "override_consent")
    referral = refer(case, worker, clinic, override_reason="Nguy hiểm đến tính mạng")
    override = ConsentOverride.objects.get()
    assert referral.override == override and override.reason == "Nguy hiểm đến tính mạng"
    assert AuditEntry.objects.filter(verb="support.consent.overridden").exists()
    assert AccessLog.objects.filter(action="override", case_id=case.pk).count() == 1


def test_sharing_override_lets_the_receiving_side_see_identity(case, worker, clinic, nurse, health):
    consent(case, worker, "referral")
    referral = refer(case, worker, clinic)
    assert not access.may_see_referral_identity(nurse, referral)
    with pytest.raises(PermissionDenied):
        services.consent_override(case=case, actor=worker, purpose="share_agency", reason="x", agency=health)
    worker = grant(worker, "override_consent")
    services.consent_override(case=case, actor=worker, purpose="share_agency", reason="Cấp cứu", agency=health)
    assert access.may_see_referral_identity(nurse, referral)


def test_share_consent_for_another_agency_does_not_count(world, case, worker, clinic, nurse):
    consent(case, worker, "referral")
    consent(case, worker, "share_agency", agency=world.police)
    assert not access.may_see_referral_identity(nurse, refer(case, worker, clinic))


# The referral state machine -----------------------------------------------------------------------

ALLOWED = [
    ("pending", "accept", "receiving", "accepted"),
    ("pending", "reject", "receiving", "rejected"),
    ("accepted", "done", "receiving", "done"),
    ("pending", "revoke", "referring", "revoked"),
]
STATES = ["pending", "accepted", "rejected", "done", "revoked"]
ACTIONS = ["accept", "reject", "done", "revoke"]


@pytest.fixture
def referral(case, worker, clinic):
    consent(case, worker, "referral")
    return refer(case, worker, clinic)


def _at(referral, state):
    type(referral).objects.filter(pk=referral.pk).update(status=state)
    referral.refresh_from_db()
    return referral


@pytest.mark.parametrize(("state", "action", "side", "to"), ALLOWED)
def test_each_allowed_transition_by_its_side(referral, worker, nurse, state, action, side, to):
    actor = nurse if side == "receiving" else worker
    _at(referral, state)
    services.referral_transition(referral=referral, actor=actor, action=action, note="Lý do")
    referral.refresh_from_db()
    assert referral.status == to
    event = referral.events.last()
    assert (event.from_status, event.to_status, event.by) == (state, to, actor)


@pytest.mark.parametrize(("state", "action", "side", "to"), ALLOWED)
def test_each_allowed_transition_is_refused_to_the_other_side(referral, worker, nurse, state, action, side, to):
    actor = worker if side == "receiving" else nurse
    _at(referral, state)
    with pytest.raises(PermissionDenied):
        services.referral_transition(referral=referral, actor=actor, action=action, note="Lý do")


@pytest.mark.parametrize(
    ("state", "action"),
    [(s, a) for s in STATES for a in ACTIONS if (s, a) not in {(x[0], x[1]) for x in ALLOWED}],
)
def test_every_other_transition_is_refused(referral, worker, nurse, state, action):
    _at(referral, state)
    for actor in (worker, nurse):
        with pytest.raises(ValidationError):
            services.referral_transition(referral=referral, actor=actor, action=action, note="x")
    referral.refresh_from_db()
    assert referral.status == state


def test_a_rejection_needs_a_note(referral, nurse):
    with pytest.raises(ValidationError):
        services.referral_transition(referral=referral, actor=nurse, action="reject", note="")


def test_an_outsider_may_not_move_a_referral(referral, personas):
    with pytest.raises(PermissionDenied):
        services.referral_transition(referral=referral, actor=personas["viewer"], action="accept")


# Duplicates ---------------------------------------------------------------------------------------


def test_a_duplicate_by_id_number_is_counted_but_hidden_from_who_may_not_see_it(world, case, other_worker):
    check = services.duplicates_check(
        actor=other_worker, identity=identity(name="Khác", id_number=SENTINEL_ID.lower()), commune=world.commune
    )
    assert (check.found, check.visible) == (1, [])
    message = services.duplicate_message(check)
    assert case.case_code not in message and "liên hệ điều phối viên" in message
    assert AccessLog.objects.filter(action="duplicate_warning", case_id=case.pk, note="ẩn").exists()


def test_a_duplicate_by_name_and_birth_year_in_the_province(world, case, worker):
    who = identity(name="zyxw  SENTINEL quynh", id_number="", birth_date=date(1995, 12, 31))
    check = services.duplicates_check(actor=worker, identity=who, commune=world.far_commune)
    assert check.visible == [case]
    other_year = identity(name=SENTINEL_NAME, id_number="", birth_date=date(1996, 1, 1))
    assert services.duplicates_check(actor=worker, identity=other_year, commune=world.commune).found == 0


def test_registering_a_likely_duplicate_needs_confirmation(world, case, worker):
    with pytest.raises(ValidationError) as error:
        register(worker, world.commune, confirmed=False)
    assert "duplicate" in error.value.message_dict
    assert register(worker, world.commune, confirmed=True).pk != case.pk


# Access log and audit -----------------------------------------------------------------------------


def test_access_log_rows_are_immutable(case):
    row = AccessLog.objects.filter(case_id=case.pk).first()
    row.note = "changed"
    with pytest.raises(ImmutableError):
        row.save()
    with pytest.raises(ImmutableError):
        row.delete()
    with pytest.raises(ImmutableError):
        AccessLog.objects.filter(pk=row.pk).update(note="x")
    with pytest.raises(ImmutableError):
        AccessLog.objects.all().delete()


def test_each_change_writes_one_access_log_row(case, worker, clinic):
    def rows():
        return AccessLog.objects.filter(case_id=case.pk).count()

    start = rows()
    consent(case, worker, "services")
    assert rows() == start + 1
    services.need_add(case=case, actor=worker, area="job", goal="Việc làm ổn định", target_date=None)
    assert rows() == start + 2
    services.follow_up_add(case=case, actor=worker, date=date(2019, 7, 1), notes="Gặp tại nhà")
    assert rows() == start + 3


def test_a_deleted_case_leaves_its_access_log(case, worker):
    pk, code = case.pk, case.case_code
    services.case_delete(case=case, actor=worker, note="Yêu cầu xóa của chủ thể")
    assert AccessLog.objects.filter(case_id=pk, case_code=code, action="delete").exists()


def test_audit_entries_never_hold_identifying_values(case, worker, clinic):
    consent(case, worker, "referral")
    refer(case, worker, clinic)
    services.follow_up_add(case=case, actor=worker, date=date(2019, 7, 1), notes=SENTINEL_NAME)
    for entry in AuditEntry.objects.all():
        text = f"{entry.changes} {entry.target_repr}"
        assert not any(s in text for s in SENTINELS), entry.verb


def test_only_workers_of_the_case_change_it(case, personas, other_worker):
    for user in (other_worker, personas["viewer"], personas["coordinator"], personas["peer_educator"]):
        with pytest.raises(PermissionDenied):
            services.need_add(case=case, actor=user, area="job", goal="x", target_date=None)
