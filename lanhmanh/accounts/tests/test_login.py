from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from lanhmanh.core.testing import PASSWORD


def log_in(client, username: str, password: str = PASSWORD, **extra):
    return client.post("/login/", {"username": username, "password": password, **extra})


def test_the_login_page_is_in_vietnamese(client, db):
    response = client.get("/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đăng nhập" in html and "Tên đăng nhập" in html and "Mật khẩu" in html


def test_a_right_password_logs_in_and_opens_the_dashboard(client, personas):
    response = log_in(client, "coordinator")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_after_logging_in_the_user_returns_to_the_page_they_asked_for(client, personas):
    assert log_in(client, "viewer", next="/tasks/")["Location"] == "/tasks/"


def test_a_wrong_password_is_refused_with_a_message(client, personas):
    response = log_in(client, "coordinator", "sai-mat-khau")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert client.get("/").status_code == 302


def test_five_failed_logins_lock_the_account_even_for_the_right_password(client, personas):
    for _ in range(4):
        assert log_in(client, "coordinator", "sai-mat-khau").status_code == 200
    locked = log_in(client, "coordinator", "sai-mat-khau")
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    assert "Vui lòng thử lại sau 15 phút." in locked.content.decode()
    still_locked = log_in(client, "coordinator")
    assert still_locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_username(client, personas):
    for _ in range(5):
        log_in(client, "coordinator", "sai-mat-khau")
    assert log_in(client, "viewer")["Location"] == "/"


def test_pages_send_anonymous_visitors_to_log_in(client, world):
    response = client.get("/tasks/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/tasks/"


def test_logout_is_refused_by_get(client, personas):
    client.force_login(personas["viewer"])
    assert client.get("/logout/").status_code == 405
    assert client.get("/").status_code == 200


def test_logout_by_post_ends_the_session(client, personas):
    client.force_login(personas["viewer"])
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert client.get("/").status_code == 302


def test_sessions_end_after_thirty_idle_minutes_and_every_request_extends_them(client, personas):
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    client.force_login(personas["viewer"])
    session = Session.objects.get(session_key=client.session.session_key)
    # Pretend the last request was 25 minutes ago: a new request pushes the end 30 minutes ahead.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=5))
    assert client.get("/").status_code == 200
    renewed = Session.objects.get(pk=session.pk).expire_date
    assert renewed > timezone.now() + timedelta(minutes=29)


def test_an_idle_session_past_thirty_minutes_must_log_in_again(client, personas):
    client.force_login(personas["viewer"])
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_switching_the_language_to_english_shows_english_text(client, personas):
    client.force_login(personas["coordinator"])
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert "Dashboard" in html and "My tasks" in html and "Log out" in html
    assert "Specific targets — Tỉnh Thử, Year 2019" in html
    assert "Tasks by lead agency" in html and "Not started" in html
    assert "Bảng điều khiển" not in html


def test_the_login_page_speaks_english_after_the_switch(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    html = client.get("/login/").content.decode()
    assert "Log in" in html and "Username" in html and "Password" in html
