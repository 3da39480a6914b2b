"""Every form's date field reads dates as people type them, day first, whatever the separator; a phone
shows the number keyboard; a refused form shows what was typed."""

import datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from dotpha.core.forms import BootstrapFormMixin, date_field

FIRST_OF_DECEMBER = datetime.date(2026, 12, 1)


class DayForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField()
    day = date_field("Ngày")


@pytest.mark.parametrize(
    "typed",
    [
        "01/12/2026",
        "1/12/2026",
        "01-12-2026",
        "1-12-2026",
        "01.12.2026",
        "01122026",
        " 01/12/2026 ",
    ],
)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_way_of_typing_a_date_is_understood(typed, language):
    with translation.override(language):
        form = DayForm({"name": "x", "day": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == FIRST_OF_DECEMBER


def test_day_first_never_month_first():
    form = DayForm({"name": "x", "day": "05.03.2026"})
    assert form.is_valid() and form.cleaned_data["day"] == datetime.date(2026, 3, 5)


@pytest.mark.parametrize(
    "typed", ["1122026", "011220261", "32/12/2026", "01/13/2026", "12/2026", "hôm nay", "2026-12-01"]
)
def test_what_is_not_a_date_is_refused_with_the_expected_form(typed):
    with translation.override("vi"):
        form = DayForm({"name": "x", "day": typed})
        assert not form.is_valid()
        assert form.errors["day"] == ["Nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2026."]


def test_the_field_asks_a_phone_for_the_number_keyboard():
    html = str(DayForm()["day"])
    assert 'inputmode="numeric"' in html and 'placeholder="dd/mm/yyyy"' in html and 'type="text"' in html


def test_a_refused_form_keeps_what_was_typed():
    # another field refused: the date stays as typed, not rewritten
    form = DayForm({"name": "", "day": "01122026"})
    assert not form.is_valid()
    assert 'value="01122026"' in str(form["day"])
    # the date itself refused
    form = DayForm({"name": "x", "day": "31/02/2026"})
    assert not form.is_valid()
    assert 'value="31/02/2026"' in str(form["day"])


@pytest.mark.django_db
def test_a_page_reads_a_date_typed_with_dots_and_keeps_a_wrong_one(world, client):
    client.force_login(world.users["cadre"])
    url = reverse("tokens:list")
    response = client.post(url, {"name": "Văn bản", "expires_on": "31.02.2099"})
    assert response.status_code == 200 and 'value="31.02.2099"' in response.text
    assert "Nhập ngày theo dạng dd/mm/yyyy" in response.text
    response = client.post(url, {"name": "Văn bản", "expires_on": "01.12.2099"})
    assert response.status_code == 200
    token = world.users["cadre"].api_tokens.get()
    assert token.expires_on == datetime.date(2099, 12, 1)
