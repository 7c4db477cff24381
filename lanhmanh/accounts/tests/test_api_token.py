from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework.test import APIClient

from lanhmanh.core.testing import PASSWORD


@pytest.fixture(autouse=True)
def fresh_throttle():
    # The "token" throttle counts in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


def obtain(username, password=PASSWORD, **extra):
    return APIClient().post("/api/v1/auth/token/", {"username": username, "password": password}, format="json", **extra)


def with_token(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_user_gets_a_token_that_expires_after_the_configured_time(personas, settings):
    before = timezone.now()
    response = obtain("coordinator")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"token", "expiry"}
    expiry = parse_datetime(body["expiry"])
    ttl = settings.REST_KNOX["TOKEN_TTL"]
    assert before + ttl <= expiry <= timezone.now() + ttl


def test_the_token_opens_the_api_and_identifies_the_user(personas):
    key = obtain("commune").json()["token"]
    response = with_token(key).get("/api/v1/tasks/")
    assert response.status_code == 200
    assert response.json()["count"] == 4  # the commune officer's view, not the province's


def test_the_database_keeps_a_hash_of_the_token_never_the_key(personas):
    key = obtain("coordinator").json()["token"]
    row = AuthToken.objects.get(user=personas["coordinator"])
    assert row.digest == hash_token(key)
    stored = [str(value) for value in AuthToken.objects.filter(pk=row.pk).values_list().get()]
    assert key not in stored
    assert len(row.token_key) < len(key)  # only the lookup prefix


def test_an_expired_token_is_refused_with_401(personas):
    key = obtain("coordinator").json()["token"]
    AuthToken.objects.filter(user=personas["coordinator"]).update(expiry=timezone.now() - timedelta(seconds=1))
    response = with_token(key).get("/api/v1/plans/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert not AuthToken.objects.exists()  # knox deletes it on sight


def test_a_made_up_token_is_refused_with_401(personas):
    assert with_token("0" * 64).get("/api/v1/plans/").status_code == 401


def test_a_request_without_token_or_session_is_refused_with_401(world):
    assert APIClient().get("/api/v1/plans/").status_code == 401


def test_a_wrong_password_answers_400_in_vietnamese_and_gives_no_token(personas):
    response = obtain("coordinator", "sai-mat-khau")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa."]
    }
    assert not AuthToken.objects.exists()


def test_an_unknown_username_answers_the_same_as_a_wrong_password(world):
    response = obtain("khong-ai", "sai-mat-khau")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_an_inactive_user_gets_no_token_even_with_the_right_password(personas):
    personas["viewer"].is_active = False
    personas["viewer"].save(update_fields=["is_active"])
    response = obtain("viewer")
    assert response.status_code == 400
    assert not AuthToken.objects.exists()


def test_missing_credentials_are_named_field_by_field(world):
    response = APIClient().post("/api/v1/auth/token/", {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"username": ["Cần nhập trường này."], "password": ["Cần nhập trường này."]}


def test_failed_attempts_are_counted_by_axes_and_lock_the_username_out(personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        obtain("coordinator", "sai-mat-khau")
    attempt = AccessAttempt.objects.get(username="coordinator")
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT
    response = obtain("coordinator")  # the right password, too late
    assert response.status_code == 429
    assert "tạm khóa" in response.json()["detail"]
    assert not AuthToken.objects.exists()


def test_a_successful_log_in_resets_the_failure_count(personas):
    obtain("coordinator", "sai-mat-khau")
    assert obtain("coordinator").status_code == 201
    assert not AccessAttempt.objects.filter(username="coordinator").exists()


def test_more_than_ten_requests_a_minute_from_one_address_are_throttled(world):
    # Different usernames, so that axes (per username and address) does not step in first.
    answers = [obtain(f"nguoi-{i}", "sai-mat-khau").status_code for i in range(10)]
    assert answers == [400] * 10
    response = obtain("nguoi-10", "sai-mat-khau")
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Quá nhiều yêu cầu lấy token")
    assert int(response["Retry-After"]) > 0


def test_logging_out_deletes_the_token_in_use_only(personas):
    first = obtain("coordinator").json()["token"]
    second = obtain("coordinator").json()["token"]
    response = with_token(first).post("/api/v1/auth/logout/")
    assert response.status_code == 204
    assert with_token(first).get("/api/v1/plans/").status_code == 401
    assert with_token(second).get("/api/v1/plans/").status_code == 200


def test_logging_out_needs_a_token(personas):
    client = APIClient()
    client.force_login(personas["coordinator"])
    assert client.post("/api/v1/auth/logout/").status_code == 401
