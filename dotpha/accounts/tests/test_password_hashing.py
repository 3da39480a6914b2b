"""The server's hasher (config/settings/base.py): Argon2id at the measured cost, PBKDF2 hashes upgraded at
the next login. The test settings hash with MD5 for speed, so these tests put production's list back."""

import pytest
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse

from config.settings import base
from dotpha.accounts.models import User

pytestmark = pytest.mark.django_db

SERVER_HASHERS = override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)


@SERVER_HASHERS
def test_a_new_password_is_stored_with_argon2id_at_the_measured_cost(world):
    user = User.objects.get(username="tochuc")
    user.set_password("Mat-khau-moi-2026")
    user.save()
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=65536,t=3,p=1$")
    assert user.check_password("Mat-khau-moi-2026")
    assert not user.check_password("Mat-khau-moi-2025")


@SERVER_HASHERS
def test_a_pbkdf2_hash_still_logs_in_and_is_rehashed_with_argon2id(world, client):
    User.objects.filter(username="tochuc").update(
        password=make_password("Mat-khau-2025", hasher="pbkdf2_sha256")
    )
    assert User.objects.get(username="tochuc").password.startswith("pbkdf2_sha256$")
    response = client.post(reverse("login"), {"username": "tochuc", "password": "Mat-khau-2025"})
    assert response.status_code == 302 and response.url == reverse("home")
    assert User.objects.get(username="tochuc").password.startswith("argon2$argon2id$")


@SERVER_HASHERS
def test_a_wrong_password_against_a_pbkdf2_hash_changes_nothing(world, client):
    old = make_password("Mat-khau-2025", hasher="pbkdf2_sha256")
    User.objects.filter(username="tochuc").update(password=old)
    response = client.post(reverse("login"), {"username": "tochuc", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert User.objects.get(username="tochuc").password == old
