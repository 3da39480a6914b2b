"""Tài khoản của tôi: each person turns their daily digest on or off and chooses the language of their mail;
the language switch remembers the choice; nobody changes another person's settings."""

import pytest
from django.urls import reverse

from dotpha.accounts.models import User
from dotpha.accounts.services.preferences import remember_language, update_preferences
from dotpha.core.errors import ApplicationError, PermissionDeniedError

pytestmark = pytest.mark.django_db

ROLES = ("organizer", "approver", "unit_manager", "cadre", "commune_committee", "inspector", "nobody")


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("my_account"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ROLES)
def test_every_person_turns_off_their_own_digest(world, client, name):
    user = world.users[name]
    client.force_login(user)
    page = client.get(reverse("my_account")).text
    assert "Nhận thư tổng hợp việc cần làm mỗi sáng" in page and "checked" in page
    response = client.post(reverse("my_account"), {"language": "en"})  # the box left unticked
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.digest_enabled and user.language == "en"
    row = user.history.first()
    assert row.history_user == user and row.history_change_reason == "Đổi cài đặt tài khoản"
    # the other accounts are untouched
    assert all(u.digest_enabled for u in User.objects.exclude(pk=user.pk))


def test_an_unknown_language_is_refused_by_the_form_and_the_service(world, client):
    user = world.users["cadre"]
    client.force_login(user)
    response = client.post(reverse("my_account"), {"digest_enabled": "on", "language": "fr"})
    assert response.status_code == 200 and "fr" in response.text
    with pytest.raises(ApplicationError) as refused:
        update_preferences(actor=user, account=user, digest_enabled=True, language="fr")
    assert refused.value.code == "bad_language"
    user.refresh_from_db()
    assert user.language == "" and user.digest_enabled


def test_nobody_changes_another_persons_settings(world):
    with pytest.raises(PermissionDeniedError):
        update_preferences(
            actor=world.users["organizer"],
            account=world.users["cadre"],
            digest_enabled=False,
            language="",
        )
    assert User.objects.get(pk=world.users["cadre"].pk).digest_enabled


def test_the_language_switch_remembers_the_persons_language(world, client):
    user = world.users["approver"]
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
    user.refresh_from_db()
    assert user.language == "en"
    # a second switch to the same language writes no history row
    rows = user.history.count()
    remember_language(actor=user, language="en")
    assert user.history.count() == rows


def test_the_switch_still_works_signed_out(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
