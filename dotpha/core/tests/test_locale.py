"""The language switch holds for the request that carries it, and no longer: the next request without the
cookie, and the code that runs after it in the same thread (a worker, the next test), speak Vietnamese."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_an_english_request_does_not_leave_the_thread_in_english(client):
    translation.activate("vi")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("login"))
    assert english.headers["Content-Language"] == "en"
    assert translation.get_language() == "vi"
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    vietnamese = client.get(reverse("login"))
    assert vietnamese.headers["Content-Language"] == "vi"
    assert "Đăng nhập" in vietnamese.content.decode()


def test_an_unknown_language_falls_back_to_vietnamese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get(reverse("login")).headers["Content-Language"] == "vi"
