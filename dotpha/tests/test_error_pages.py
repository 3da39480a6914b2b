"""The error pages are the product's, in Vietnamese: 403, 404, 500 (static, no database) and 503."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import get_resolver, reverse

pytestmark = pytest.mark.django_db


def test_forbidden_page_is_vietnamese_with_a_way_home(world, client):
    client.force_login(world.users["cadre"])
    response = client.get(reverse("tasks:approvals"))
    assert response.status_code == 403
    assert "Bạn không có quyền xem trang này" in response.text
    assert f'href="{reverse("home")}"' in response.text
    assert "Forbidden" not in response.text


def test_not_found_page_is_vietnamese_with_a_way_home(world, client):
    client.force_login(world.users["cadre"])
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang bạn yêu cầu" in response.text
    assert f'href="{reverse("home")}"' in response.text
    assert "Not Found" not in response.text


def test_server_error_page_is_vietnamese_and_needs_no_database(rf, django_assert_num_queries):
    handler = get_resolver().resolve_error_handler(500)
    with django_assert_num_queries(0):
        response = handler(rf.get("/tasks/"))
    assert response.status_code == 500
    text = response.content.decode()
    assert "Đã xảy ra lỗi" in text
    assert "Server Error" not in text
    assert 'class="navbar' in text  # the product's layout, not a bare page


def test_a_view_that_fails_answers_the_vietnamese_500(world, monkeypatch):
    # A bug in a view (here: the home page's query crashing) reaches the user as the product's page.
    def broken(*args, **kwargs):
        raise RuntimeError("lỗi thử")

    monkeypatch.setattr("dotpha.accounts.views.unit_roots_visible_to", broken)
    client = Client(raise_request_exception=False)
    client.force_login(world.users["cadre"])
    response = client.get(reverse("home"))
    assert response.status_code == 500
    assert "Đã xảy ra lỗi" in response.text


def test_a_database_error_in_a_page_is_a_503_in_the_product_layout(world, monkeypatch, caplog):
    # The database connection refusing every statement, as it does while the server is down.
    monkeypatch.setattr("dotpha.core.outage._last_logged", None)
    client = Client(raise_request_exception=False)
    client.force_login(world.users["cadre"])

    def refuse(execute, sql, params, many, context):
        from django.db import OperationalError

        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        page = client.get(reverse("home"))
        api = client.get("/api/v1/units")
        storm = [client.get(reverse("tasks:mine")).status_code for _ in range(5)]
    assert page.status_code == 503
    assert page["Retry-After"] == "30"
    assert "Hệ thống tạm ngừng phục vụ" in page.text
    assert api.status_code == 503
    assert api["Retry-After"] == "30"
    assert api.json() == {
        "code": "unavailable",
        "message": "Hệ thống tạm thời không truy cập được cơ sở dữ liệu. Hãy thử lại sau ít phút.",
        "details": [],
    }
    assert storm == [503] * 5
    # Seven failed requests, one log record (with its traceback), and none from Django's request logger.
    outage_records = [r for r in caplog.records if r.name == "dotpha.outage"]
    assert len(outage_records) == 1
    assert outage_records[0].exc_info is not None
    assert not [r for r in caplog.records if r.name == "django.request"]
    # The database answers again: the same client gets its page without anything being restarted.
    assert client.get(reverse("home")).status_code == 200


def test_a_form_without_its_csrf_token_is_refused_in_vietnamese_and_logs_no_one_in(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "canbo", "password": "Mat-khau-2025"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.text
    assert "CSRF verification failed" not in response.text
    assert "_auth_user_id" not in client.session
