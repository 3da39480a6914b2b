import pytest
from django.conf import settings
from django.urls import reverse

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


def test_idle_timeout_defaults_to_fifteen_minutes_and_renews_on_activity():
    assert settings.SESSION_COOKIE_AGE == 15 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


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
