"""Issue 11 #11: weak, named or reused passwords refused on the change-password page, nothing changed."""

import html

import pytest
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.test import override_settings
from django.urls import reverse

from dotpha.accounts.models import PasswordHistory

pytestmark = pytest.mark.django_db

CURRENT = "Mat-khau-2025"  # the fixtures' password


def change(client, new: str, old: str = CURRENT):
    return client.post(
        reverse("password_change"), {"old_password": old, "new_password1": new, "new_password2": new}
    )


def errors_of(response) -> str:
    return html.unescape(response.text)


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("dotpha2025", "Mật khẩu quá ngắn: cần ít nhất 12 ký tự."),
        ("Hoa-Son-25", "Mật khẩu quá ngắn: cần ít nhất 12 ký tự."),
        ("password1234", "Mật khẩu này quá phổ biến, dễ bị đoán ra."),
        ("839201746352", "Mật khẩu không được chỉ gồm chữ số."),
        ("canbo-Hoa-Son-77", "Mật khẩu không được chứa tên đăng nhập."),
        ("Hoa-Son-CANBO-77", "Mật khẩu không được chứa tên đăng nhập."),
        ("dotpha-Hoa-Son-77", "Mật khẩu không được chứa tên hệ thống “Đột phá”."),
        ("Đột-Phá-Hòa-Sơn-77", "Mật khẩu không được chứa tên hệ thống “Đột phá”."),
        ("Hoa-Son-ĐỘTPHÁ-77", "Mật khẩu không được chứa tên hệ thống “Đột phá”."),
        ("Hoa-Son-Dot Pha-77", "Mật khẩu không được chứa tên hệ thống “Đột phá”."),
        (CURRENT, "Mật khẩu mới phải khác mật khẩu hiện tại."),
    ],
)
def test_each_rule_refuses_in_vietnamese_and_changes_nothing(world, client, new, message):
    cadre = world.users["cadre"]
    client.force_login(cadre)
    before = list(PasswordHistory.objects.values_list("pk", "password"))

    response = change(client, new)

    assert response.status_code == 200
    assert message in errors_of(response)
    cadre.refresh_from_db()
    assert cadre.check_password(CURRENT)
    assert list(PasswordHistory.objects.values_list("pk", "password")) == before
    client.logout()
    assert client.post(reverse("login"), {"username": "canbo", "password": CURRENT}).status_code == 302


def test_the_page_lists_the_rules_in_vietnamese(world, client):
    client.force_login(world.users["cadre"])
    text = errors_of(client.get(reverse("password_change")))
    for rule in (
        "Mật khẩu có ít nhất 12 ký tự.",
        "Không dùng mật khẩu phổ biến.",
        "Mật khẩu không chứa tên đăng nhập hay tên hệ thống “Đột phá”.",
        "Mật khẩu khác mật khẩu hiện tại và 5 mật khẩu trước đó.",
    ):
        assert rule in text


def test_none_of_the_last_five_passwords_again_and_the_sixth_back_is_free(world, client):
    cadre = world.users["cadre"]
    client.force_login(cadre)
    used = [CURRENT]
    for n in range(1, 6):
        new = f"Song-Hong-chay-{n}"
        assert change(client, new, old=used[-1]).status_code == 302
        used.append(new)
    current, previous_five = used[-1], used[:-1]
    assert len(previous_five) == 5

    refused = change(client, current, old=current)
    assert "Mật khẩu mới phải khác mật khẩu hiện tại." in errors_of(refused)
    for old in previous_five:
        response = change(client, old, old=current)
        assert response.status_code == 200, old
        assert "Mật khẩu này đã được dùng gần đây; không dùng lại 5 mật khẩu trước." in errors_of(response)
        cadre.refresh_from_db()
        assert cadre.check_password(current)

    # a new one is accepted and becomes the password
    assert change(client, "Song-Hong-chay-moi", old=current).status_code == 302
    cadre.refresh_from_db()
    assert cadre.check_password("Song-Hong-chay-moi") and not cadre.check_password(current)
    # the first one is now six back: it may be used again, and only six hashes are kept
    assert change(client, CURRENT, old="Song-Hong-chay-moi").status_code == 302
    assert PasswordHistory.objects.filter(user=cadre).count() == 6


def test_an_administrator_setting_a_password_meets_the_same_rules(world):
    """The admin's set-password form (and any other path through set_password) uses the same validators
    and writes the same history."""
    cadre = world.users["cadre"]
    weak = AdminPasswordChangeForm(cadre, {"password1": "dotpha2025", "password2": "dotpha2025"})
    assert not weak.is_valid()
    assert "Mật khẩu quá ngắn: cần ít nhất 12 ký tự." in str(weak.errors)
    same = AdminPasswordChangeForm(cadre, {"password1": CURRENT, "password2": CURRENT})
    assert not same.is_valid()
    strong = AdminPasswordChangeForm(
        cadre, {"password1": "Song-Hong-chay-7", "password2": "Song-Hong-chay-7"}
    )
    assert strong.is_valid(), strong.errors
    strong.save()
    cadre.refresh_from_db()
    assert cadre.check_password("Song-Hong-chay-7")
    assert PasswordHistory.objects.filter(user=cadre).count() == 2


@override_settings(
    PASSWORD_HASHERS=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
)
def test_a_hasher_upgrade_at_login_is_no_password_change(world, client):
    """Signing in re-hashes an old-hasher password (same password, new hash): no history row, so logins
    cannot push the real previous passwords out. Setting a new password afterwards does add one."""
    cadre = world.users["cadre"]
    old_hash = cadre.password
    assert old_hash.startswith("md5$")
    before = list(PasswordHistory.objects.filter(user=cadre).values_list("password", flat=True))
    assert before == [old_hash]

    assert client.post(reverse("login"), {"username": "canbo", "password": CURRENT}).status_code == 302
    cadre.refresh_from_db()
    assert cadre.password.startswith("pbkdf2_sha256$") and cadre.check_password(CURRENT)
    assert list(PasswordHistory.objects.filter(user=cadre).values_list("password", flat=True)) == before

    assert change(client, "Song-Hong-chay-9").status_code == 302
    cadre.refresh_from_db()
    history = list(PasswordHistory.objects.filter(user=cadre).values_list("password", flat=True))
    assert history == [cadre.password, old_hash]
    # the upgraded hash of the old password was never recorded, yet the old password is still refused
    assert "Mật khẩu này đã được dùng gần đây" in errors_of(change(client, CURRENT, old="Song-Hong-chay-9"))
