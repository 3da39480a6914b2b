"""Issue 11 #5: five wrong passwords for someone else's name must not lock its owner out.

Each test performs the attack as it was run against the demo: wrong passwords posted to the login page
from one address (REMOTE_ADDR), with the name as typed and in its variants."""

import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from dotpha.accounts.models import AccountUnlock, Role, User
from dotpha.org.tests.factories import make_user

pytestmark = pytest.mark.django_db

ATTACKER = "198.51.100.66"
OWNER = "203.0.113.10"
PASSWORD = "Mat-khau-2025"  # the fixtures' password
VARIANTS = ["giamdoc", " giamdoc", "giamdoc\t", "ｇｉａｍｄｏｃ"]


def sign_in(client, username: str, password: str, address: str, **headers):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def signed_in_as(client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id).username if user_id else None


def lock_giamdoc(client, name: str = "giamdoc", address: str = ATTACKER) -> None:
    """Five wrong passwords: four answered on the login page, the fifth with the lockout page."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, name, "doan-bua-123", address).status_code == 200
    assert sign_in(client, name, "doan-bua-123", address).status_code == 429


@pytest.mark.parametrize("typed", VARIANTS, ids=["plain", "leading-space", "trailing-tab", "full-width"])
def test_five_wrong_passwords_from_one_address_leave_the_owner_free_elsewhere(world, client, typed):
    lock_giamdoc(client, typed)

    # the attacker's address is now refused for giamdoc, even with the right password, in Vietnamese
    refused = sign_in(client, "giamdoc", PASSWORD, ATTACKER)
    assert refused.status_code == 429
    assert "Tài khoản tạm khóa" in refused.text
    assert "máy này tạm thời không đăng nhập được tài khoản này trong 30 phút" in refused.text
    assert "cho nhiều tài khoản" not in refused.text
    assert "Chủ tài khoản vẫn đăng nhập được từ máy khác" in refused.text
    assert signed_in_as(client) is None

    # the owner, from their own address, signs in at once
    owner = client.__class__()
    response = sign_in(owner, "giamdoc", PASSWORD, OWNER)
    assert response.status_code == 302 and response.url == reverse("home")
    assert signed_in_as(owner) == "giamdoc"

    # the failures were counted under the account's name, whatever was typed
    assert set(AccessAttempt.objects.values_list("username", "ip_address")) == {("giamdoc", ATTACKER)}


def test_the_variants_count_against_the_same_name(world, client):
    for typed in [" giamdoc", "giamdoc\t", "ｇｉａｍｄｏｃ", "\u3000giamdoc"]:
        assert sign_in(client, typed, "doan-bua-123", ATTACKER).status_code == 200
    # the fifth failure in a fifth spelling locks the address for giamdoc, in any spelling
    assert sign_in(client, "giamdoc ", "doan-bua-123", ATTACKER).status_code == 429
    for typed in VARIANTS:
        assert sign_in(client, typed, PASSWORD, ATTACKER).status_code == 429
    assert signed_in_as(client) is None


def test_four_failures_in_variants_then_the_right_password_signs_in(world, client):
    for typed in VARIANTS:
        sign_in(client, typed, "doan-bua-123", ATTACKER)
    response = sign_in(client, "ｇｉａｍｄｏｃ", PASSWORD, ATTACKER)
    assert response.status_code == 302
    assert signed_in_as(client) == "giamdoc"
    assert not AccessAttempt.objects.exists()  # success clears the count


def test_the_locked_address_still_signs_in_to_other_accounts(world, client):
    lock_giamdoc(client)
    assert sign_in(client, "tochuc", PASSWORD, ATTACKER).status_code == 302
    assert signed_in_as(client) == "tochuc"


def test_one_address_spraying_many_names_is_stopped_for_every_name(world, client):
    limit = settings.DOTPHA_LOGIN_ADDRESS_FAILURE_LIMIT
    assert limit == 50
    # five guesses at each of ten names: no single name reaches a lock the owner would notice elsewhere,
    # but the address has failed fifty times
    for n in range(limit // settings.AXES_FAILURE_LIMIT):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, f"nguoidung{n}", "Mat-khau-pho-bien", ATTACKER)
    refused = sign_in(client, "tochuc", PASSWORD, ATTACKER)
    assert refused.status_code == 429 and "Tài khoản tạm khóa" in refused.text
    assert "Máy này đã nhập sai mật khẩu 50 lần, cho nhiều tài khoản" in refused.text
    assert "không đăng nhập được tài khoản nào trong 30 phút" in refused.text
    assert signed_in_as(client) is None
    # everyone else is unaffected
    other = client.__class__()
    assert sign_in(other, "tochuc", PASSWORD, OWNER).status_code == 302


def test_a_forged_forwarded_header_is_ignored_without_a_trusted_proxy(world, client):
    assert settings.AXES_IPWARE_PROXY_COUNT == 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "giamdoc", "doan-bua-123", ATTACKER, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert sign_in(client, "giamdoc", PASSWORD, ATTACKER, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


@override_settings(AXES_IPWARE_PROXY_COUNT=1, DOTPHA_TRUSTED_PROXY_ADDRESSES="127.0.0.1,::1")
def test_behind_the_tls_proxy_the_client_is_the_address_the_proxy_appended(world, client):
    proxy = "127.0.0.1"
    # the attacker writes their own X-Forwarded-For; the proxy appends the address it saw
    for n in range(settings.AXES_FAILURE_LIMIT):
        forged = f"10.0.0.{n}, {ATTACKER}"
        sign_in(client, "giamdoc", "doan-bua-123", proxy, HTTP_X_FORWARDED_FOR=forged)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    locked = sign_in(client, "giamdoc", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=f"10.9.9.9, {ATTACKER}")
    assert locked.status_code == 429
    # the owner comes through the same proxy, from their own address
    owner = client.__class__()
    assert sign_in(owner, "giamdoc", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=OWNER).status_code == 302


@override_settings(AXES_IPWARE_PROXY_COUNT=1, DOTPHA_TRUSTED_PROXY_ADDRESSES="127.0.0.1,::1,10.8.0.0/24")
def test_a_forged_forwarded_header_from_a_peer_that_is_not_the_proxy_is_ignored(world, client):
    """Production settings, gunicorn reachable directly: a new X-Forwarded-For per attempt changes nothing."""
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        forged = sign_in(client, "giamdoc", "doan-bua-123", ATTACKER, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
        assert forged.status_code == 200
    assert sign_in(client, "giamdoc", "x", ATTACKER, HTTP_X_FORWARDED_FOR="10.0.0.99").status_code == 429
    refused = sign_in(client, "giamdoc", PASSWORD, ATTACKER, HTTP_X_FORWARDED_FOR=OWNER)
    assert refused.status_code == 429 and signed_in_as(client) is None
    # one address, every attempt (the refused one too) counted under it
    assert list(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start")) == [
        ("giamdoc", ATTACKER, 6)
    ]


@override_settings(AXES_IPWARE_PROXY_COUNT=1, DOTPHA_TRUSTED_PROXY_ADDRESSES="127.0.0.1,::1,10.8.0.0/24")
def test_the_forwarded_header_is_read_from_a_proxy_in_a_trusted_network(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "giamdoc", "doan-bua-123", "10.8.0.7", HTTP_X_FORWARDED_FOR=f"10.0.0.1, {ATTACKER}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    owner = client.__class__()
    assert sign_in(owner, "giamdoc", PASSWORD, "::1", HTTP_X_FORWARDED_FOR=OWNER).status_code == 302
    assert signed_in_as(owner) == "giamdoc"


def test_ipv6_addresses_in_one_64_count_together(world, client):
    """Rotating through the /64 a line is given does not reset the count: the fifth address is refused."""
    for n in range(1, settings.AXES_FAILURE_LIMIT):
        assert sign_in(client, "giamdoc", "doan-bua-123", f"2001:db8:1:2::{n:x}").status_code == 200
    assert sign_in(client, "giamdoc", "doan-bua-123", "2001:db8:1:2:ffff::9").status_code == 429
    assert sign_in(client, "giamdoc", PASSWORD, "2001:db8:1:2:abcd::1").status_code == 429
    assert signed_in_as(client) is None
    assert list(AccessAttempt.objects.values_list("ip_address", "failures_since_start")) == [
        ("2001:db8:1:2::", 6)
    ]
    # the next /64 is someone else's line
    owner = client.__class__()
    assert sign_in(owner, "giamdoc", PASSWORD, "2001:db8:1:3::1").status_code == 302


def test_the_login_page_says_the_lock_is_per_machine(world, client):
    text = client.get(reverse("login")).text
    assert (
        "Tài khoản bị tạm khóa sau 5 lần nhập sai mật khẩu liên tiếp từ cùng một máy, trong 30 phút" in text
    )
    assert "từ máy khác chủ tài khoản vẫn đăng nhập được" in text


# --- organizers unlock accounts in their scope ------------------------------------------------------


def unlock_page(client):
    return client.get(reverse("accounts:locked"))


def test_the_provincial_organizer_unlocks_giamdoc_and_it_is_recorded(world, client):
    lock_giamdoc(client)
    giamdoc = world.users["unit_manager"]
    organizer = client.__class__()
    organizer.force_login(world.users["organizer"])

    page = unlock_page(organizer)
    assert page.status_code == 200
    table = page.text.split('id="locked-accounts"')[1].split("</table>")[0]
    assert "giamdoc" in table and ATTACKER in table and "Nguyễn Văn Hùng" in table and "Mở khóa" in table

    response = organizer.post(reverse("accounts:unlock", args=[giamdoc.pk]), {"address": ATTACKER})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="giamdoc").exists()
    record = AccountUnlock.objects.get()
    assert (record.user, record.unlocked_by, record.addresses, record.failures) == (
        giamdoc,
        world.users["organizer"],
        ATTACKER,
        5,
    )
    after = organizer.get(response.url).text
    assert f"Đã mở khóa tài khoản “giamdoc” cho địa chỉ {ATTACKER}" in after
    assert "Không có tài khoản nào trong phạm vi của bạn đang bị khóa." in after
    recent = after.split('id="unlocks"')[1]
    assert "giamdoc" in recent and "tochuc" in recent

    # and the address that was locked signs in again
    assert sign_in(client, "giamdoc", PASSWORD, ATTACKER).status_code == 302


def test_unlocking_the_owners_address_leaves_the_attackers_lock_in_place(world, client):
    """The attacker locks giamdoc from their address, and the owner's own typing locks it from theirs: the
    organizer unlocks the owner's address only, so the attacker gets no fresh guesses."""
    lock_giamdoc(client)
    owner = client.__class__()
    lock_giamdoc(owner, address=OWNER)
    organizer = client.__class__()
    organizer.force_login(world.users["organizer"])
    table = unlock_page(organizer).text.split('id="locked-accounts"')[1].split("</table>")[0]
    assert table.count("<code>giamdoc</code>") == 2 and ATTACKER in table and OWNER in table
    assert f'name="address" value="{OWNER}"' in table and f'name="address" value="{ATTACKER}"' in table

    giamdoc = world.users["unit_manager"]
    response = organizer.post(reverse("accounts:unlock", args=[giamdoc.pk]), {"address": OWNER}, follow=True)
    assert f"Đã mở khóa tài khoản “giamdoc” cho địa chỉ {OWNER}" in response.text
    assert list(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start")) == [
        ("giamdoc", ATTACKER, 5)
    ]
    record = AccountUnlock.objects.get()
    assert (record.user, record.addresses, record.failures) == (giamdoc, OWNER, 5)
    # the owner signs in from their machine; the attacker is still refused, even with the right password
    assert sign_in(owner, "giamdoc", PASSWORD, OWNER).status_code == 302
    assert sign_in(client, "giamdoc", PASSWORD, ATTACKER).status_code == 429


@pytest.mark.parametrize("address", [None, "not-an-address", "192.0.2.99"])
def test_an_unlock_without_a_locked_address_changes_nothing(world, client, address):
    lock_giamdoc(client)
    organizer = client.__class__()
    organizer.force_login(world.users["organizer"])
    before = list(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start"))
    data = {} if address is None else {"address": address}
    response = organizer.post(
        reverse("accounts:unlock", args=[world.users["unit_manager"].pk]), data, follow=True
    )
    expected = {
        None: "Chọn địa chỉ máy cần mở khóa cho tài khoản này.",
        "not-an-address": "“not-an-address” không phải là địa chỉ máy hợp lệ.",
        "192.0.2.99": "Tài khoản “giamdoc” không bị khóa từ địa chỉ 192.0.2.99.",
    }[address]
    assert expected in response.text
    assert list(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start")) == before
    assert not AccountUnlock.objects.exists()
    assert sign_in(client, "giamdoc", PASSWORD, ATTACKER).status_code == 429


def test_a_commune_organizer_cannot_unlock_a_provincial_department_head(world, client):
    lock_giamdoc(client)
    commune_organizer = make_user("tochucxa", Role.ORGANIZER, world.commune)
    organizer = client.__class__()
    organizer.force_login(commune_organizer)

    page = unlock_page(organizer)
    assert page.status_code == 200
    assert "giamdoc" not in page.text.split('id="locked-accounts"')[1].split("</table>")[0]

    before = list(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start"))
    response = organizer.post(
        reverse("accounts:unlock", args=[world.users["unit_manager"].pk]), {"address": ATTACKER}
    )
    assert response.status_code == 404
    assert list(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start")) == before
    assert not AccountUnlock.objects.exists()
    assert sign_in(client, "giamdoc", PASSWORD, ATTACKER).status_code == 429


def test_a_commune_organizer_unlocks_their_own_communes_account(world, client):
    lock_giamdoc(client, "xa")
    commune_organizer = make_user("tochucxa", Role.ORGANIZER, world.commune)
    organizer = client.__class__()
    organizer.force_login(commune_organizer)
    assert "<code>xa</code>" in unlock_page(organizer).text
    response = organizer.post(
        reverse("accounts:unlock", args=[world.users["commune_committee"].pk]), {"address": ATTACKER}
    )
    assert response.status_code == 302
    assert AccountUnlock.objects.get().unlocked_by == commune_organizer
    assert sign_in(client, "xa", PASSWORD, ATTACKER).status_code == 302


def test_no_organizer_unlocks_a_superuser(world, client):
    admin = User.objects.create_superuser("quantri", password=PASSWORD)
    lock_giamdoc(client, "quantri")
    organizer = client.__class__()
    organizer.force_login(world.users["organizer"])
    assert "quantri" not in unlock_page(organizer).text.split('id="locked-accounts"')[1]
    assert (
        organizer.post(reverse("accounts:unlock", args=[admin.pk]), {"address": ATTACKER}).status_code == 404
    )
    assert AccessAttempt.objects.filter(username="quantri").exists()


def test_unlocking_an_account_that_is_not_locked_says_so(world, client):
    client.force_login(world.users["organizer"])
    response = client.post(
        reverse("accounts:unlock", args=[world.users["cadre"].pk]), {"address": ATTACKER}, follow=True
    )
    assert f"Tài khoản “canbo” không bị khóa từ địa chỉ {ATTACKER}." in response.text
    assert not AccountUnlock.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("organizer", 200),
        ("approver", 403),
        ("unit_manager", 403),
        ("cadre", 403),
        ("commune_committee", 403),
        ("inspector", 403),
        ("nobody", 403),
    ],
)
def test_who_may_open_the_locked_accounts_page_and_unlock(world, client, role, status):
    lock_giamdoc(client, "canbo")
    user = world.users[role]
    actor = client.__class__()
    actor.force_login(user)
    assert unlock_page(actor).status_code == status
    response = actor.post(reverse("accounts:unlock", args=[world.users["cadre"].pk]), {"address": ATTACKER})
    assert response.status_code == (302 if status == 200 else 403)
    assert AccountUnlock.objects.exists() == (status == 200)
    assert AccessAttempt.objects.filter(username="canbo").exists() == (status != 200)
    nav = actor.get(reverse("home")).text
    assert ('href="/locked-accounts/"' in nav) == (status == 200)


def test_anonymous_visitors_are_sent_to_the_login_page(world, client):
    lock_giamdoc(client, "canbo")
    assert unlock_page(client).status_code == 302
    response = client.post(reverse("accounts:unlock", args=[world.users["cadre"].pk]), {"address": ATTACKER})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert AccessAttempt.objects.filter(username="canbo").exists()


def test_production_reads_the_client_from_the_tls_proxys_forwarded_header():
    """Behind the README's TLS proxy every request comes from the proxy: production must take the client
    from X-Forwarded-For (one trusted proxy) or all clients would share one lockout address."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "production-settings-test-only",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
    }
    env.pop("DOTPHA_TRUSTED_PROXIES", None)
    env.pop("DOTPHA_TRUSTED_PROXY_ADDRESSES", None)
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.AXES_IPWARE_PROXY_COUNT, s.AXES_LOCKOUT_PARAMETERS, s.AXES_CLIENT_IP_CALLABLE, "
        "s.DOTPHA_TRUSTED_PROXY_ADDRESSES)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    ).stdout.strip()
    assert out == "1 [['username', 'ip_address']] dotpha.accounts.lockout.client_address 127.0.0.1,::1"


def test_production_refuses_to_start_with_a_malformed_trusted_proxy_address():
    """A typo in the proxy list would otherwise answer 500 at every sign-in; it stops the start instead."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "production-settings-test-only",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "DOTPHA_TRUSTED_PROXY_ADDRESSES": "127.0.0.1, 10.0.0.0/33",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: DOTPHA_TRUSTED_PROXY_ADDRESSES" in result.stderr
