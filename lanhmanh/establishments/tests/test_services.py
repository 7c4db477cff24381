"""The registry's rules, written once in services.py and shared by pages, API, import and demo."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from lanhmanh.core.models import AuditEntry
from lanhmanh.core.testing import make_unit, make_user
from lanhmanh.core.versioning import ConflictError
from lanhmanh.establishments import services
from lanhmanh.establishments.models import Establishment, EstablishmentStatus, StatusChange
from lanhmanh.establishments.tests.records import commitment, establishment, flag, registration
from lanhmanh.places.models import Level


def inputs(est: Establishment, **changes) -> services.EstablishmentInput:
    values = {name: getattr(est, name) for name in services.FIELDS}
    return replace(services.EstablishmentInput(**values), **changes)


def test_creating_an_establishment_stores_the_folded_name_and_an_audit_entry(world, personas):
    est = establishment(personas["commune_officer"], world.commune, owner_phone="0903 123.456")
    assert (est.name_folded, est.owner_phone, est.status) == ("khach san hoa binh", "0903123456", "operating")
    entry = AuditEntry.objects.get(verb="establishments.establishment.created", target_id=str(est.pk))
    assert entry.changes["commune"] == "Xã An" and entry.actor == personas["commune_officer"]


def test_a_phone_number_that_lost_its_leading_zero_gets_it_back():
    assert services.normalise_phone("903123456") == "0903123456"
    assert services.normalise_phone("0276 3822 111") == "02763822111"
    assert services.normalise_phone("+84 903 123 456") == "+84903123456"


def test_a_registration_number_is_refused_twice_in_a_province(world, personas):
    establishment(personas["commune_officer"], world.commune, registration_number="45A8001234")
    with pytest.raises(ValidationError) as error:
        establishment(
            personas["coordinator"], world.far_commune, name="Nhà nghỉ Sao Mai", registration_number="45a8001234 "
        )
    [message] = error.value.message_dict["registration_number"]
    assert "đã được dùng cho cơ sở khác trong tỉnh (ở Xã An)" in message


def test_the_same_registration_number_is_allowed_in_another_province(world, personas):
    establishment(personas["commune_officer"], world.commune, registration_number="45A8001234")
    other = make_unit("Tỉnh Khác", "98", Level.PROVINCE)
    commune = make_unit("Xã Khác", "98101", Level.COMMUNE, make_unit("Huyện Khác", "981", Level.DISTRICT, other))
    officer = make_user("other", "commune_officer", None, commune)
    assert establishment(officer, commune, registration_number="45A8001234").pk


def test_an_establishment_outside_the_scope_is_refused(world, personas):
    with pytest.raises(ValidationError) as error:
        establishment(personas["commune_officer"], world.sibling_commune)
    assert error.value.message_dict["commune"] == ["“Xã Bình” nằm ngoài phạm vi của bạn."]


def test_missing_name_negative_rooms_and_a_future_opening_are_refused_naming_the_fields(world, personas):
    with pytest.raises(ValidationError) as error:
        establishment(personas["commune_officer"], world.commune, name=" ", rooms=-1, opened_on=date(2021, 1, 1))
    assert set(error.value.message_dict) == {"name", "rooms", "opened_on"}


def test_an_edit_over_a_newer_version_is_refused_and_nothing_is_saved(world, personas):
    officer = personas["commune_officer"]
    est = establishment(officer, world.commune)
    services.establishment_update(establishment=est, actor=officer, data=inputs(est, rooms=12), expected_version=1)
    stale = Establishment.objects.get(pk=est.pk)
    with pytest.raises(ConflictError):
        services.establishment_update(
            establishment=stale, actor=officer, data=inputs(stale, rooms=3), expected_version=1
        )
    est.refresh_from_db()
    assert (est.rooms, est.version) == (12, 2)
    entry = AuditEntry.objects.get(verb="establishments.establishment.updated")
    assert entry.changes == {"rooms": [None, 12]}


def test_renaming_keeps_the_folded_name(world, personas):
    officer = personas["commune_officer"]
    est = establishment(officer, world.commune)
    services.establishment_update(
        establishment=est, actor=officer, data=inputs(est, name="Karaoke Đêm Vàng"), expected_version=1
    )
    assert Establishment.objects.get(pk=est.pk).name_folded == "karaoke dem vang"


def test_closing_sets_the_closing_date_and_reopening_clears_it(world, personas):
    officer = personas["inspector"]
    est = establishment(officer, world.commune)
    services.establishment_set_status(
        establishment=est, actor=officer, status="closed", since=date(2019, 9, 1), expected_version=1, note="QĐ 5"
    )
    assert (est.status, est.closed_on, est.version) == (EstablishmentStatus.CLOSED, date(2019, 9, 1), 2)
    services.establishment_set_status(
        establishment=est, actor=officer, status="operating", since=date(2019, 11, 1), expected_version=2
    )
    est.refresh_from_db()
    assert (est.status, est.closed_on) == ("operating", None)
    assert list(StatusChange.objects.values_list("status", flat=True)) == ["operating", "closed"]


def test_a_status_before_the_opening_or_the_same_status_is_refused(world, personas):
    est = establishment(personas["commune_officer"], world.commune)
    with pytest.raises(ValidationError) as error:
        services.establishment_set_status(
            establishment=est,
            actor=personas["commune_officer"],
            status="operating",
            since=date(2014, 1, 1),
            expected_version=1,
        )
    assert set(error.value.message_dict) == {"status", "since"}


def test_commitments_registrations_and_flags_are_kept_with_their_history(world, personas):
    officer = personas["commune_officer"]
    est = establishment(officer, world.commune)
    commitment(officer, est, date(2018, 1, 5), date(2019, 1, 4))
    commitment(officer, est, date(2019, 1, 10), None)
    registration(officer, est)
    noted = flag(officer, est)
    services.flag_clear(flag=noted, actor=officer, cleared_on=date(2019, 8, 1), reason="Đã chấn chỉnh")
    assert est.commitments.count() == 2 and est.commitments.first().committee == "UBND Xã An"
    verbs = list(AuditEntry.objects.filter(target_id=str(est.pk)).order_by("pk").values_list("verb", flat=True))
    assert verbs == [
        "establishments.establishment.created",
        "establishments.commitment.recorded",
        "establishments.commitment.recorded",
        "establishments.labour_registration.recorded",
        "establishments.flag.recorded",
        "establishments.flag.cleared",
    ]


def test_a_commitment_ending_before_it_starts_is_refused(world, personas):
    est = establishment(personas["commune_officer"], world.commune)
    with pytest.raises(ValidationError) as error:
        commitment(personas["commune_officer"], est, date(2019, 5, 1), date(2019, 4, 1))
    assert "valid_until" in error.value.message_dict


def test_a_flag_cleared_before_it_was_noted_or_twice_is_refused(world, personas):
    officer = personas["commune_officer"]
    noted = flag(officer, establishment(officer, world.commune))
    with pytest.raises(ValidationError):
        services.flag_clear(flag=noted, actor=officer, cleared_on=date(2019, 1, 1), reason="x")
    services.flag_clear(flag=noted, actor=officer, cleared_on=date(2019, 6, 1), reason="Đã xử lý")
    with pytest.raises(ValidationError):
        services.flag_clear(flag=noted, actor=officer, cleared_on=date(2019, 7, 1), reason="Lần nữa")


@pytest.mark.parametrize("persona", ["viewer", "case_worker", "peer_educator", "admin", "sibling_commune"])
def test_readers_and_other_communes_cannot_record_on_an_establishment(world, personas, persona):
    est = establishment(personas["commune_officer"], world.commune)
    with pytest.raises(ValidationError):
        commitment(personas[persona], est)


def test_the_police_focal_point_writes_but_another_agencys_officer_does_not(world, personas):
    from lanhmanh.establishments.access import may_write

    assert may_write(personas["agency_officer"])  # Công an tỉnh
    assert not may_write(make_user("labour", "agency_officer", world.lead, world.province))
