import pytest
from django.test import Client

from lanhmanh.accounts.models import Role, User
from lanhmanh.accounts.user_services import user_deactivate
from lanhmanh.core.audit import history
from lanhmanh.core.testing import make_user

NEW_PASSWORD = "Mot-mat-khau-moi-2019"
OTHER_ROLES = [role for role in Role if role != Role.ADMIN]


@pytest.fixture
def admin(personas):
    return personas[Role.ADMIN]


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def district_admin(world):
    return make_user("district_admin", Role.ADMIN, world.district_committees, world.district)


def pages(target: User) -> list[tuple[str, str]]:
    return [
        ("get", "/users/"),
        ("get", "/users/new/"),
        ("post", "/users/new/"),
        ("get", f"/users/{target.pk}/edit/"),
        ("post", f"/users/{target.pk}/edit/"),
        ("get", f"/users/{target.pk}/deactivate/"),
        ("post", f"/users/{target.pk}/deactivate/"),
        ("post", f"/users/{target.pk}/reactivate/"),
        ("get", f"/users/{target.pk}/password/"),
        ("post", f"/users/{target.pk}/password/"),
    ]


def form_data(world, **overrides):
    data = {
        "username": "nguyen.an",
        "full_name": "Nguyễn Văn An",
        "email": "an@example.vn",
        "role": Role.COMMUNE_OFFICER,
        "agency": world.district_committees.pk,
        "scope": world.commune.pk,
        "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


# Who may come in


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_every_page_refuses_every_other_role(client, personas, role):
    client.force_login(personas[role])
    target = personas[Role.VIEWER]
    for method, url in pages(target):
        data = {"reason": "Thử", "full_name": "Thử", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        assert response.status_code == 403, (method, url)
    target.refresh_from_db()
    assert target.is_active
    assert not history(target).exists()


def test_every_page_opens_for_an_administrator(admin_client, personas):
    target = personas[Role.VIEWER]
    for method, url in pages(target):
        if method == "get":
            assert admin_client.get(url).status_code == 200, url
    user_deactivate(actor=personas[Role.ADMIN], user=target, reason="Nghỉ phép")
    assert admin_client.post(f"/users/{target.pk}/reactivate/").status_code == 302


def test_an_anonymous_visitor_is_sent_to_log_in(client, personas):
    target = personas[Role.VIEWER]
    for method, url in pages(target):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith("/login"), (method, url)


def test_reactivation_only_answers_post(admin_client, personas):
    assert admin_client.get(f"/users/{personas[Role.VIEWER].pk}/reactivate/").status_code == 405


# Scope


@pytest.mark.parametrize("outsider", [Role.COORDINATOR, "far"])
def test_a_district_administrator_gets_404_for_an_account_outside_their_district(
    client, district_admin, personas, world, outsider
):
    target = (
        personas[outsider] if outsider != "far" else make_user("far", Role.COMMUNE_OFFICER, None, world.far_commune)
    )
    client.force_login(district_admin)
    for method, url in pages(target)[3:]:
        response = getattr(client, method)(url, {"reason": "Thử"}) if method == "post" else client.get(url)
        assert response.status_code == 404, (method, url)
    target.refresh_from_db()
    assert target.is_active


def test_a_district_administrator_lists_only_their_districts_accounts(client, district_admin, personas):
    client.force_login(district_admin)
    usernames = {u.username for u in client.get("/users/").context["page"]}
    assert usernames == {"district_admin", "district", "commune", "inspector", "caseworker", "peer", "sibling"}


def test_a_district_administrator_cannot_give_a_scope_outside_their_district(client, district_admin, world):
    client.force_login(district_admin)
    response = client.post("/users/new/", form_data(world, scope=world.far_commune.pk))
    assert response.status_code == 200
    assert "scope" in response.context["form"].errors
    assert not User.objects.filter(username="nguyen.an").exists()


# Creating


def test_an_administrator_creates_an_account(admin_client, world):
    response = admin_client.post("/users/new/", form_data(world))
    created = User.objects.get(username="nguyen.an")
    assert response.status_code == 302
    assert response["Location"] == f"/users/{created.pk}/edit/"
    assert created.check_password(NEW_PASSWORD)
    assert created.scope == world.commune


def test_the_create_page_shows_the_services_rules_on_the_fields(admin_client, world):
    response = admin_client.post("/users/new/", form_data(world, role=Role.COORDINATOR, agency=""))
    assert response.status_code == 200
    assert "cần chọn cơ quan" in response.context["form"].errors["agency"][0]
    assert "cần chọn cơ quan" in response.content.decode()


def test_the_create_page_refuses_a_username_differing_only_in_case(admin_client, world, personas):
    response = admin_client.post("/users/new/", form_data(world, username="VIEWER"))
    assert "đã có người dùng" in response.context["form"].errors["username"][0]


def test_the_create_page_refuses_mismatched_passwords(admin_client, world):
    response = admin_client.post("/users/new/", form_data(world, password_confirm="Khac-mat-khau-2019"))
    assert "password_confirm" in response.context["form"].errors
    assert not User.objects.filter(username="nguyen.an").exists()


# Editing


def test_an_administrator_edits_an_account_and_sees_its_history(admin_client, personas, world):
    target = personas[Role.VIEWER]
    response = admin_client.post(
        f"/users/{target.pk}/edit/",
        {"full_name": "Đỗ  Thị Xem", "email": "XEM@Example.vn", "role": Role.VIEWER, "scope": world.district.pk},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.first_name, target.email, target.scope) == ("Đỗ Thị Xem", "XEM@example.vn", world.district)
    page = admin_client.get(f"/users/{target.pk}/edit/").content.decode()
    assert "Sửa thông tin người dùng" in page
    assert "Tỉnh Thử → Huyện Một" in page


# Deactivating and reactivating


def test_the_deactivation_page_asks_for_confirmation(admin_client, personas):
    target = personas[Role.VIEWER]
    response = admin_client.get(f"/users/{target.pk}/deactivate/")
    assert "Vô hiệu hóa tài khoản viewer?" in response.content.decode()
    target.refresh_from_db()
    assert target.is_active


def test_an_administrator_deactivates_an_account_with_a_reason(admin_client, personas):
    target = personas[Role.VIEWER]
    response = admin_client.post(f"/users/{target.pk}/deactivate/", {"reason": "Chuyển công tác"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    assert history(target).get().changes["reason"] == "Chuyển công tác"


def test_deactivation_without_a_reason_is_refused(admin_client, personas):
    target = personas[Role.VIEWER]
    response = admin_client.post(f"/users/{target.pk}/deactivate/", {"reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    target.refresh_from_db()
    assert target.is_active


def test_an_administrator_cannot_deactivate_themself_from_the_page(admin_client, admin):
    response = admin_client.post(f"/users/{admin.pk}/deactivate/", {"reason": "Thử"})
    assert response.status_code == 200
    assert "chính mình" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_deactivation_from_the_page_logs_the_user_out(admin_client, personas):
    target = personas[Role.COORDINATOR]
    their_browser = Client()
    their_browser.force_login(target)
    admin_client.post(f"/users/{target.pk}/deactivate/", {"reason": "Nghỉ hưu"})
    response = their_browser.get("/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login")


def test_an_administrator_reactivates_an_account(admin_client, admin, personas):
    target = personas[Role.VIEWER]
    user_deactivate(actor=admin, user=target, reason="Nghỉ phép")
    response = admin_client.post(f"/users/{target.pk}/reactivate/")
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.is_active


# Passwords


def test_an_administrator_sets_a_password(admin_client, personas):
    target = personas[Role.VIEWER]
    response = admin_client.post(
        f"/users/{target.pk}/password/", {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password(NEW_PASSWORD)


def test_a_weak_password_is_refused_on_the_field(admin_client, personas):
    target = personas[Role.VIEWER]
    response = admin_client.post(f"/users/{target.pk}/password/", {"password": "123", "password_confirm": "123"})
    assert response.status_code == 200
    assert response.context["form"].errors["password"]


def test_an_administrator_setting_their_own_password_stays_logged_in(admin_client, admin):
    admin_client.post(f"/users/{admin.pk}/password/", {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert admin_client.get("/users/").status_code == 200


# The list


def usernames_for(admin_client, query: str) -> set[str]:
    return {u.username for u in admin_client.get("/users/" + query).context["page"]}


def test_the_list_filters_by_role(admin_client, personas):
    assert usernames_for(admin_client, "?role=commune_officer") == {"commune", "sibling"}


def test_the_list_filters_by_agency(admin_client, personas, world):
    assert usernames_for(admin_client, f"?agency={world.police.pk}") == {"police", "inspector"}


def test_the_list_filters_by_state(admin_client, admin, personas):
    user_deactivate(actor=admin, user=personas[Role.VIEWER], reason="Nghỉ việc")
    assert usernames_for(admin_client, "?active=0") == {"viewer"}
    assert "viewer" not in usernames_for(admin_client, "?active=1")


def test_the_list_searches_names_and_usernames(admin_client, personas):
    personas[Role.INSPECTOR].first_name = "Hoàng Văn Kiểm"
    personas[Role.INSPECTOR].save()
    assert usernames_for(admin_client, "?q=Kiểm") == {"inspector"}
    assert usernames_for(admin_client, "?q=SIBL") == {"sibling"}


def test_an_htmx_filter_request_gets_the_table_alone(admin_client, personas):
    response = admin_client.get("/users/?role=viewer", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert "viewer" in body
    assert "HX-Request" in response["Vary"]


def test_going_back_to_a_filtered_list_gets_the_whole_page(admin_client, personas):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    assert "<html" in admin_client.get("/users/?role=viewer", headers=headers).content.decode()


def test_the_list_pages_through_many_accounts(admin_client, world):
    for number in range(60):
        make_user(f"xa{number:02d}", Role.COMMUNE_OFFICER, None, world.commune)
    first = admin_client.get("/users/")
    assert len(first.context["page"]) == 50
    assert 'href="?page=2"' in first.content.decode()
    assert len(admin_client.get("/users/?page=2").context["page"]) == 20


def test_the_list_query_count_does_not_grow_with_rows(admin_client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(10) as few_rows:
        admin_client.get("/users/")
    for number in range(40):
        make_user(f"xa{number:02d}", Role.COMMUNE_OFFICER, world.district_committees, world.commune)
    with django_assert_max_num_queries(len(few_rows)):
        admin_client.get("/users/")
