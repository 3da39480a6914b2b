import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_login_page_is_vietnamese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="vi">' in response.text
    for text in ["Đăng nhập", "Tên đăng nhập", "Mật khẩu", "Tài khoản bị tạm khóa sau 5 lần"]:
        assert text in response.text


def test_login_then_logout(world, client):
    response = client.post(reverse("login"), {"username": "tochuc", "password": "Mat-khau-2025"})
    assert response.status_code == 302 and response.url == reverse("home")
    assert "Xin chào" in client.get(reverse("home")).text
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_message_is_vietnamese(world, client):
    response = client.post(reverse("login"), {"username": "tochuc", "password": "sai"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.text  # Django's own Vietnamese message


def test_five_failed_logins_lock_the_account_even_with_the_right_password(world, client):
    for _ in range(5):
        client.post(reverse("login"), {"username": "tochuc", "password": "sai-mat-khau"})
    response = client.post(reverse("login"), {"username": "tochuc", "password": "Mat-khau-2025"})
    assert response.status_code == 429
    assert "Tài khoản tạm khóa" in response.text
    assert "_auth_user_id" not in client.session
    # another account is not affected
    other = client.post(reverse("login"), {"username": "giamdoc", "password": "Mat-khau-2025"})
    assert other.status_code == 302


def test_four_failures_then_success_resets_the_count(world, client):
    for _ in range(4):
        client.post(reverse("login"), {"username": "tochuc", "password": "sai"})
    assert (
        client.post(reverse("login"), {"username": "tochuc", "password": "Mat-khau-2025"}).status_code == 302
    )
    client.post(reverse("logout"))
    for _ in range(4):
        client.post(reverse("login"), {"username": "tochuc", "password": "sai"})
    assert (
        client.post(reverse("login"), {"username": "tochuc", "password": "Mat-khau-2025"}).status_code == 302
    )


class Clock:
    """timezone.now, which the session store and the idle timeout read, moved by the test."""

    def __init__(self, monkeypatch):
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta: float) -> None:
        self.now += datetime.timedelta(**delta)


def get_home(client) -> tuple[int, int]:
    """The home page's status and how many times it wrote the session row."""
    with CaptureQueriesContext(connection) as captured:
        status = client.get(reverse("home")).status_code
    writes = [
        q for q in captured if "django_session" in q["sql"] and q["sql"].startswith(("UPDATE", "INSERT"))
    ]
    return status, len(writes)


def test_idle_timeout_defaults_to_fifteen_minutes():
    assert settings.SESSION_COOKIE_AGE == 15 * 60


def test_an_idle_person_is_signed_out_after_fifteen_minutes(world, client, monkeypatch):
    clock = Clock(monkeypatch)
    client.force_login(world.users["organizer"])
    assert get_home(client) == (200, 0)  # the sign-in has just written it
    clock.advance(minutes=14, seconds=59)
    assert get_home(client)[0] == 200
    clock.advance(minutes=15, seconds=1)
    assert get_home(client)[0] == 302


def test_an_active_person_stays_signed_in_past_the_idle_time(world, client, monkeypatch):
    clock = Clock(monkeypatch)
    client.force_login(world.users["organizer"])
    for _ in range(10):  # 40 minutes, a page every 4
        clock.advance(minutes=4)
        assert get_home(client) == (200, 1)


def test_a_burst_of_requests_writes_the_session_once_a_minute_at_most(world, client, monkeypatch):
    clock = Clock(monkeypatch)
    client.force_login(world.users["organizer"])
    clock.advance(minutes=2)
    writes = 0
    for _ in range(20):  # 20 pages in 57 seconds
        writes += get_home(client)[1]
        clock.advance(seconds=3)
    assert writes == 1
    assert get_home(client) == (200, 1)  # a minute after the write, the next page writes again


def test_the_idle_time_counts_from_the_last_write_so_it_may_end_up_to_a_minute_early(
    world, client, monkeypatch
):
    clock = Clock(monkeypatch)
    client.force_login(world.users["organizer"])  # writes the session
    clock.advance(seconds=50)
    assert get_home(client) == (200, 0)  # not written: the session still ends 15 minutes after signing in
    clock.advance(minutes=14, seconds=11)
    assert get_home(client)[0] == 302  # 14 min 11 s after the last page, never more than 15


def test_session_expires_after_idle_time(world, client):
    client.force_login(world.users["organizer"])
    client.get(reverse("home"))
    session = client.session
    session.set_expiry(-1)  # as if the idle time had passed
    session.save()
    assert client.get(reverse("home")).status_code == 302


def test_password_change(world, client):
    client.force_login(world.users["cadre"])
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "Mat-khau-2025",
            "new_password1": "Moi-Mat-Khau-99",
            "new_password2": "Moi-Mat-Khau-99",
        },
    )
    assert response.status_code == 302
    world.users["cadre"].refresh_from_db()
    assert world.users["cadre"].check_password("Moi-Mat-Khau-99")


def test_password_change_keeps_typed_values_and_explains_in_vietnamese(world, client):
    client.force_login(world.users["cadre"])
    response = client.post(
        reverse("password_change"),
        {"old_password": "sai", "new_password1": "Moi-Mat-Khau-99", "new_password2": "Moi-Mat-Khau-99"},
    )
    assert response.status_code == 200
    assert "Mật khẩu cũ không chính xác" in response.text
    world.users["cadre"].refresh_from_db()
    assert world.users["cadre"].check_password("Mat-khau-2025")
