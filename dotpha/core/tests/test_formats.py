import datetime

from django import forms
from django.template import Context, Template
from django.utils import translation


class DateForm(forms.Form):
    day = forms.DateField()


def test_date_input_is_day_first():
    with translation.override("vi"):
        form = DateForm({"day": "05/03/2026"})
        assert form.is_valid()
        assert form.cleaned_data["day"] == datetime.date(2026, 3, 5)


def test_date_input_is_day_first_in_english_too():
    with translation.override("en"):
        form = DateForm({"day": "05/03/2026"})
        assert form.is_valid()
        assert form.cleaned_data["day"] == datetime.date(2026, 3, 5)


def test_invalid_date_message_is_vietnamese():
    with translation.override("vi"):
        form = DateForm({"day": "31/02/2026"})
        assert not form.is_valid()
        assert "Nhập một ngày hợp lệ" in str(form.errors)


def test_dates_are_shown_day_first():
    with translation.override("vi"):
        shown = Template("{{ d|date }} {{ d|date:'SHORT_DATE_FORMAT' }}").render(
            Context({"d": datetime.date(2026, 3, 5)})
        )
    assert shown == "05/03/2026 05/03/2026"


def test_pages_are_vietnamese_whatever_the_browser_asks(client, db):
    response = client.get("/login/", headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="vi">' in response.text
    assert "Đăng nhập" in response.text


def test_english_is_a_switch_away(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"}, follow=True)
    assert '<html lang="en">' in response.text
    assert "Log in" in response.text
