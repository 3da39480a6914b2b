"""The error pages are the product's, in Vietnamese: 403, 404, 500 (static, no database) and 503."""

import sqlite3

import psycopg
import psycopg.errors
import pytest
from django.db import OperationalError, connection
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
        # What Django raises when psycopg cannot reach the server: its error, the driver's as the cause.
        raise OperationalError("connection refused") from psycopg.OperationalError(
            "connection failed: connection to server at 127.0.0.1, port 5432 failed: Connection refused"
        )

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


def _failing_with(driver_error):
    def fail(execute, sql, params, many, context):
        raise OperationalError(str(driver_error)) from driver_error

    return fail


def _pages_while_failing(world, monkeypatch, driver_error):
    """A cadre's page and an API list read while every query fails with `driver_error`."""
    monkeypatch.setattr("dotpha.core.outage._last_logged", None)
    client = Client(raise_request_exception=False)
    client.force_login(world.users["cadre"])
    with connection.execute_wrapper(_failing_with(driver_error)):
        return client.get(reverse("tasks:mine")), client.get("/api/v1/units")


@pytest.mark.parametrize(
    "driver_error",
    [
        psycopg.errors.DeadlockDetected("deadlock detected"),
        psycopg.errors.SerializationFailure("could not serialize access due to concurrent update"),
        psycopg.errors.QueryCanceled("canceling statement due to statement timeout"),
        psycopg.errors.LockNotAvailable("canceling statement due to lock timeout"),
        sqlite3.OperationalError("database is locked"),
    ],
    ids=lambda e: type(e).__name__ + ":" + str(e)[:20],
)
def test_a_database_error_on_a_working_connection_is_the_500_not_an_outage(
    world, monkeypatch, caplog, driver_error
):
    # A deadlock or a timeout is a bug or contention to be seen in the log, not "the database is down".
    page, api = _pages_while_failing(world, monkeypatch, driver_error)
    assert page.status_code == 500
    assert "Đã xảy ra lỗi" in page.text
    assert "Hệ thống tạm ngừng phục vụ" not in page.text
    assert api.status_code == 500
    assert "unavailable" not in api.text
    assert not [r for r in caplog.records if r.name == "dotpha.outage"]
    assert [r for r in caplog.records if r.name == "django.request" and r.status_code == 500]


@pytest.mark.parametrize(
    "driver_error",
    [
        psycopg.errors.AdminShutdown("terminating connection due to administrator command"),
        psycopg.errors.CannotConnectNow("the database system is starting up"),
        psycopg.errors.TooManyConnections("sorry, too many clients already"),
        psycopg.errors.lookup("08006")("connection failure"),
        psycopg.OperationalError("consuming input failed: server closed the connection unexpectedly"),
        sqlite3.OperationalError("unable to open database file"),
    ],
    ids=lambda e: type(e).__name__ + ":" + str(e)[:20],
)
def test_a_lost_or_refused_connection_is_the_503(world, monkeypatch, driver_error):
    page, api = _pages_while_failing(world, monkeypatch, driver_error)
    assert page.status_code == 503
    assert "Hệ thống tạm ngừng phục vụ" in page.text
    assert api.status_code == 503
    assert api.json()["code"] == "unavailable"


def test_a_missing_table_is_the_500_not_an_outage(world, monkeypatch, caplog):
    # A real driver error from the test database: SQLite says OperationalError "no such table",
    # PostgreSQL a ProgrammingError; neither is an outage.
    def query_a_missing_table(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM bang_khong_co")

    monkeypatch.setattr("dotpha.core.outage._last_logged", None)
    monkeypatch.setattr("dotpha.accounts.views.unit_roots_visible_to", query_a_missing_table)
    client = Client(raise_request_exception=False)
    client.force_login(world.users["cadre"])
    response = client.get(reverse("home"))
    assert response.status_code == 500
    assert "Đã xảy ra lỗi" in response.text
    assert not [r for r in caplog.records if r.name == "dotpha.outage"]
