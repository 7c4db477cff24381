"""The error pages speak Vietnamese and lead back to the dashboard (DEBUG is off under tests)."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import include, path


def broken_view(request):
    raise RuntimeError("a bug")


# The project's URLs plus one page that fails, for the 500 test (`pytest.mark.urls`).
urlpatterns = [path("hong/", broken_view), path("", include("lanhmanh.urls"))]


def text(response):
    return response.content.decode()


def test_an_address_that_does_not_exist_answers_the_vietnamese_404_page(client, personas):
    client.force_login(personas["viewer"])
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in text(response)
    assert 'href="/"' in text(response)


def test_a_record_outside_the_scope_answers_the_same_404_page(client, world, personas):
    client.force_login(personas["sibling_commune"])
    response = client.get(f"/tasks/{world.commune_task.pk}/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in text(response)


def test_an_anonymous_visitor_gets_the_404_page_too(client, db):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in text(response)


def test_a_forbidden_page_answers_the_vietnamese_403_page(client, personas):
    client.force_login(personas["viewer"])
    response = client.get("/users/")
    assert response.status_code == 403
    assert "Bạn không có quyền làm việc này" in text(response)
    assert 'href="/"' in text(response)


def test_a_form_sent_without_its_csrf_token_answers_the_vietnamese_csrf_page(db):
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "viewer", "password": "x"})
    assert response.status_code == 403
    assert "Không gửi được biểu mẫu" in text(response)
    assert 'href="/"' in text(response)


def test_the_500_page_renders_without_a_request():
    # Django renders 500.html with no request and no context processors: nothing may depend on them.
    html = render_to_string("500.html")
    assert "Đã xảy ra lỗi hệ thống" in html
    assert 'href="/static/css/app.css"' in html
    assert 'href="/"' in html


@pytest.mark.urls(__name__)
def test_an_unhandled_error_answers_the_vietnamese_500_page(personas):
    client = Client(raise_request_exception=False)
    client.force_login(personas["viewer"])
    response = client.get("/hong/")
    assert response.status_code == 500
    assert "Đã xảy ra lỗi hệ thống" in text(response)
