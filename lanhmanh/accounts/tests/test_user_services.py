from datetime import date

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from knox.models import AuthToken

from lanhmanh.accounts.models import Agency, AgencyLevel, Role, User
from lanhmanh.accounts.user_services import (
    get_user_for_admin,
    user_create,
    user_deactivate,
    user_reactivate,
    user_set_password,
    user_update,
    users_visible_to,
)
from lanhmanh.core.audit import history
from lanhmanh.core.models import AuditEntry
from lanhmanh.core.testing import make_unit, make_user
from lanhmanh.places.models import Level

NEW_PASSWORD = "Mot-mat-khau-moi-2019"


def create(actor, world, **overrides):
    values = {
        "username": "nguyen.an",
        "full_name": "Nguyễn Văn An",
        "email": "an@example.vn",
        "role": Role.DISTRICT_OFFICER,
        "agency": world.district_committees,
        "scope": world.district,
        "password": NEW_PASSWORD,
    }
    values.update(overrides)
    return user_create(actor=actor, **values)


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def login(client, user) -> None:
    client.force_login(user)


@pytest.fixture
def admin(personas):
    return personas[Role.ADMIN]


@pytest.fixture
def district_admin(world):
    return make_user("district_admin", Role.ADMIN, world.district_committees, world.district)


# user_create


def test_it_creates_an_active_user_with_a_usable_password(admin, world):
    user = create(admin, world)
    user.refresh_from_db()
    assert user.is_active
    assert user.check_password(NEW_PASSWORD)
    assert user.get_full_name() == "Nguyễn Văn An"
    assert (user.role, user.agency, user.scope) == (Role.DISTRICT_OFFICER, world.district_committees, world.district)


def test_it_records_the_creation_without_the_password(admin, world):
    user = create(admin, world)
    entry = history(user).get()
    assert entry.verb == "accounts.user.created"
    assert entry.actor == admin
    assert entry.changes["username"] == [None, "nguyen.an"]
    assert entry.changes["scope"] == [None, "Huyện Một"]
    assert "password" not in entry.changes
    assert NEW_PASSWORD not in str(entry.changes)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.AGENCY_OFFICER])
def test_it_requires_an_agency_for_coordinators_and_agency_officers(admin, world, role):
    with pytest.raises(ValidationError) as excinfo:
        create(admin, world, role=role, agency=None, scope=world.province)
    assert "cần chọn cơ quan" in errors_of(excinfo)["agency"][0]


def test_it_allows_a_commune_officer_without_an_agency(admin, world):
    user = create(admin, world, role=Role.COMMUNE_OFFICER, agency=None, scope=world.commune)
    assert user.agency is None


def test_it_requires_a_scope(admin, world):
    with pytest.raises(ValidationError) as excinfo:
        create(admin, world, scope=None)
    assert "phạm vi" in errors_of(excinfo)["scope"][0]


def test_it_refuses_a_username_taken_in_another_case(admin, world, personas):
    with pytest.raises(ValidationError) as excinfo:
        create(admin, world, username="Police")
    assert "đã có người dùng" in errors_of(excinfo)["username"][0]


def test_it_refuses_a_username_with_spaces(admin, world):
    with pytest.raises(ValidationError) as excinfo:
        create(admin, world, username="nguyen an")
    assert "username" in errors_of(excinfo)


@pytest.mark.parametrize("password", ["ngan", "1234567890123", "nguyen.an.2019"])
def test_it_applies_the_password_validators(admin, world, password):
    with pytest.raises(ValidationError) as excinfo:
        create(admin, world, password=password)
    assert list(errors_of(excinfo)) == ["password"]
    assert not User.objects.filter(username="nguyen.an").exists()


def test_it_requires_a_full_name_and_a_valid_email(admin, world):
    with pytest.raises(ValidationError) as excinfo:
        create(admin, world, full_name="  ", email="not-an-email")
    assert set(errors_of(excinfo)) == {"full_name", "email"}


def test_it_refuses_a_scope_outside_the_administrators(district_admin, world):
    with pytest.raises(ValidationError) as excinfo:
        create(district_admin, world, scope=world.far_commune)
    assert "ngoài địa bàn" in errors_of(excinfo)["scope"][0]


def test_it_refuses_another_provinces_agency(admin, world):
    elsewhere = make_unit("Tỉnh Khác", "98", Level.PROVINCE)
    foreign = Agency.objects.create(code="CA", name="Công an tỉnh Khác", level=AgencyLevel.PROVINCE, unit=elsewhere)
    with pytest.raises(ValidationError) as excinfo:
        create(admin, world, role=Role.AGENCY_OFFICER, agency=foreign, scope=world.province)
    assert "agency" in errors_of(excinfo)


def test_it_accepts_an_agency_that_has_since_ended(admin, world):
    # The 2019 plan's standing agency ended in 2025; its officers still carry out that plan.
    world.police.valid_to = date(2020, 1, 1)
    world.police.save()
    user = create(admin, world, role=Role.AGENCY_OFFICER, agency=world.police, scope=world.province)
    assert user.agency == world.police


def test_a_management_command_may_create_users_anywhere(world):
    user = create(None, world, scope=world.far_commune)
    assert history(user).get().actor is None


# user_update


def test_it_updates_the_profile_and_records_only_what_changed(admin, world, personas):
    officer = personas[Role.DISTRICT_OFFICER]
    user_update(
        actor=admin,
        user=officer,
        role=Role.DISTRICT_OFFICER,
        agency=world.district_committees,
        scope=world.other_district,
        full_name="Trần Thị Bình",
        email="",
    )
    officer.refresh_from_db()
    assert officer.scope == world.other_district
    entry = history(officer).get()
    assert entry.verb == "accounts.user.updated"
    assert entry.changes == {"full_name": ["", "Trần Thị Bình"], "scope": ["Huyện Một", "Huyện Hai"]}


def test_an_update_without_changes_writes_no_entry(admin, world, personas):
    officer = personas[Role.DISTRICT_OFFICER]
    officer.first_name = "Phạm Văn Huyện"
    officer.save()
    user_update(
        actor=admin,
        user=officer,
        role=officer.role,
        agency=officer.agency,
        scope=officer.scope,
        full_name="Phạm Văn Huyện",
        email="",
    )
    assert not history(officer).exists()


def test_an_update_applies_the_same_rules_as_a_creation(admin, world, personas):
    with pytest.raises(ValidationError) as excinfo:
        user_update(
            actor=admin,
            user=personas[Role.VIEWER],
            role=Role.COORDINATOR,
            agency=None,
            scope=None,
            full_name="Lê Văn Cường",
            email="",
        )
    assert set(errors_of(excinfo)) == {"agency", "scope"}


def test_an_administrator_cannot_change_their_own_role(admin, world):
    with pytest.raises(ValidationError) as excinfo:
        user_update(
            actor=admin,
            user=admin,
            role=Role.VIEWER,
            agency=world.lead,
            scope=world.province,
            full_name="Quản trị",
            email="",
        )
    assert "role" in errors_of(excinfo)


def test_an_administrator_cannot_switch_themself_off_by_an_update(admin, world):
    with pytest.raises(ValidationError) as excinfo:
        user_update(
            actor=admin,
            user=admin,
            role=Role.ADMIN,
            agency=world.lead,
            scope=world.province,
            full_name="Quản trị",
            email="",
            is_active=False,
        )
    assert "is_active" in errors_of(excinfo)


def test_switching_a_user_off_by_an_update_also_ends_their_access(admin, client, personas):
    viewer = personas[Role.VIEWER]
    login(client, viewer)
    AuthToken.objects.create(viewer)
    user_update(
        actor=admin,
        user=viewer,
        role=viewer.role,
        agency=viewer.agency,
        scope=viewer.scope,
        full_name="Đỗ Thị Xem",
        email="",
        is_active=False,
    )
    assert not AuthToken.objects.filter(user=viewer).exists()
    assert history(viewer).get().changes["sessions_ended"] == 1


# user_deactivate


def test_deactivation_switches_the_account_off_and_records_the_reason(admin, personas):
    viewer = personas[Role.VIEWER]
    user_deactivate(actor=admin, user=viewer, reason="Nghỉ hưu")
    viewer.refresh_from_db()
    assert not viewer.is_active
    entry = history(viewer).get()
    assert entry.verb == "accounts.user.deactivated"
    assert entry.changes["is_active"] == [True, False]
    assert entry.changes["reason"] == "Nghỉ hưu"


def test_deactivation_ends_a_logged_in_session(admin, client, personas):
    coordinator = personas[Role.COORDINATOR]
    login(client, coordinator)
    assert client.get("/audit/").status_code == 200
    user_deactivate(actor=admin, user=coordinator, reason="Chuyển công tác")
    response = client.get("/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login")


def test_deactivation_deletes_only_that_users_sessions(admin, client, personas):
    other_client = client.__class__()
    login(client, personas[Role.VIEWER])
    login(other_client, personas[Role.INSPECTOR])
    user_deactivate(actor=admin, user=personas[Role.VIEWER], reason="Nghỉ việc")
    remaining = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert remaining == [str(personas[Role.INSPECTOR].pk)]


def test_deactivation_deletes_the_users_api_tokens(admin, personas):
    viewer = personas[Role.VIEWER]
    AuthToken.objects.create(viewer)
    AuthToken.objects.create(viewer)
    kept, _ = AuthToken.objects.create(personas[Role.INSPECTOR])
    user_deactivate(actor=admin, user=viewer, reason="Nghỉ việc")
    assert list(AuthToken.objects.all()) == [kept]
    assert history(viewer).get().changes["api_tokens_revoked"] == 2


def test_deactivation_requires_a_reason(admin, personas):
    with pytest.raises(ValidationError) as excinfo:
        user_deactivate(actor=admin, user=personas[Role.VIEWER], reason="  ")
    assert "lý do" in errors_of(excinfo)["reason"][0]


def test_an_administrator_cannot_deactivate_themself(admin):
    with pytest.raises(ValidationError) as excinfo:
        user_deactivate(actor=admin, user=admin, reason="Thử")
    assert "chính mình" in errors_of(excinfo)[NON_FIELD_ERRORS][0]
    admin.refresh_from_db()
    assert admin.is_active


def test_deactivating_an_inactive_account_is_refused(admin, personas):
    viewer = personas[Role.VIEWER]
    user_deactivate(actor=admin, user=viewer, reason="Nghỉ việc")
    with pytest.raises(ValidationError):
        user_deactivate(actor=admin, user=viewer, reason="Lần nữa")
    assert history(viewer).count() == 1


# user_reactivate


def test_reactivation_switches_the_account_back_on(admin, personas):
    viewer = personas[Role.VIEWER]
    user_deactivate(actor=admin, user=viewer, reason="Nghỉ phép dài")
    user_reactivate(actor=admin, user=viewer)
    viewer.refresh_from_db()
    assert viewer.is_active
    assert history(viewer).first().verb == "accounts.user.reactivated"


def test_reactivating_an_active_account_is_refused(admin, personas):
    with pytest.raises(ValidationError):
        user_reactivate(actor=admin, user=personas[Role.VIEWER])


# user_set_password


def test_setting_a_password_changes_it_and_never_records_it(admin, personas):
    viewer = personas[Role.VIEWER]
    user_set_password(actor=admin, user=viewer, password=NEW_PASSWORD)
    viewer.refresh_from_db()
    assert viewer.check_password(NEW_PASSWORD)
    entry = history(viewer).get()
    assert entry.verb == "accounts.user.password_set"
    assert "password" not in entry.changes
    assert NEW_PASSWORD not in str(AuditEntry.objects.values_list("changes", flat=True)[0])


def test_setting_a_password_applies_the_validators(admin, personas):
    viewer = personas[Role.VIEWER]
    with pytest.raises(ValidationError) as excinfo:
        user_set_password(actor=admin, user=viewer, password="12345")
    assert list(errors_of(excinfo)) == ["password"]
    assert not history(viewer).exists()


def test_setting_a_password_ends_sessions_and_api_tokens(admin, client, personas):
    coordinator = personas[Role.COORDINATOR]
    login(client, coordinator)
    AuthToken.objects.create(coordinator)
    user_set_password(actor=admin, user=coordinator, password=NEW_PASSWORD)
    assert client.get("/audit/").status_code == 302
    assert not AuthToken.objects.filter(user=coordinator).exists()


# users_visible_to / get_user_for_admin


def test_a_district_administrator_sees_only_accounts_of_their_district(district_admin, personas):
    visible = set(users_visible_to(district_admin).values_list("username", flat=True))
    assert visible == {"district_admin", "district", "commune", "inspector", "caseworker", "peer", "sibling"}


def test_a_province_administrator_sees_every_account_of_the_province(admin, personas, district_admin):
    assert users_visible_to(admin).count() == User.objects.count()


def test_an_account_outside_the_scope_answers_404(district_admin, personas):
    with pytest.raises(Http404):
        get_user_for_admin(district_admin, personas[Role.COORDINATOR].pk)


def test_a_non_administrator_gets_no_account_at_all(personas):
    with pytest.raises(Http404):
        get_user_for_admin(personas[Role.COORDINATOR], personas[Role.VIEWER].pk)
