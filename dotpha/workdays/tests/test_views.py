"""The page Lịch ngày làm việc: who opens it, what it lists, and its forms."""

import datetime

import pytest
from django.urls import reverse

from dotpha.accounts.models import Role
from dotpha.org.tests.factories import make_user
from dotpha.workdays.calendar import is_working_day
from dotpha.workdays.models import CalendarChange

pytestmark = pytest.mark.django_db

URL = reverse("workdays:calendar")


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
def test_who_opens_the_page(client, world, role, status):
    client.force_login(world.users[role])
    assert client.get(URL).status_code == status
    # the navigation lists it for those who may open it
    home = client.get(reverse("home")).content.decode()
    assert ("Lịch ngày làm việc" in home) == (status == 200)


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL).status_code == 302


def test_a_communes_organizer_is_refused(client, world):
    client.force_login(make_user("tochucxa", Role.ORGANIZER, world.commune))
    assert client.get(URL).status_code == 403
    assert (
        client.post(reverse("workdays:day_off_add"), {"day": "04/03/2026", "name": "Nghỉ"}).status_code == 403
    )
    assert is_working_day(datetime.date(2026, 3, 4))


def test_the_page_lists_tet_and_the_swap(client, world):
    client.force_login(world.users["organizer"])
    page = client.get(URL, {"year": 2026}).content.decode()
    assert "Lịch ngày làm việc năm 2026" in page
    assert "17/02/2026" in page and "Tết Nguyên Đán" in page
    assert "Giỗ Tổ Hùng Vương" in page
    assert "nghỉ bù" in page
    # Saturday 22/08/2026 worked for Monday 31/08
    assert "22/08/2026" in page and "Làm bù cho ngày nghỉ 31/08/2026" in page


def test_the_forms_add_a_day_off_and_mark_a_saturday_worked(client, world):
    client.force_login(world.users["organizer"])
    answer = client.post(
        reverse("workdays:day_off_add"), {"day": "05/03/2027", "name": "Nghỉ theo thông báo"}, follow=True
    )
    assert "Đã thêm ngày nghỉ 05/03/2027." in answer.content.decode()
    assert "Nghỉ theo thông báo" in answer.content.decode()
    assert not is_working_day(datetime.date(2027, 3, 5))
    answer = client.post(
        reverse("workdays:weekend_work"), {"day": "13/03/2027", "name": "Làm bù"}, follow=True
    )
    assert "Đã đánh dấu ngày 13/03/2027 là ngày làm việc." in answer.content.decode()
    assert is_working_day(datetime.date(2027, 3, 13))
    answer = client.post(reverse("workdays:day_off_remove"), {"day": "05/03/2027"}, follow=True)
    assert "Ngày 05/03/2027 là ngày làm việc." in answer.content.decode()
    assert is_working_day(datetime.date(2027, 3, 5))


def test_a_refusal_is_shown_and_changes_nothing(client, world):
    client.force_login(world.users["organizer"])
    answer = client.post(
        reverse("workdays:weekend_work"), {"day": "04/03/2026", "name": "Làm bù"}, follow=True
    )
    assert "thì không" in answer.content.decode()
    assert not CalendarChange.objects.exists()


def test_a_year_not_built_says_so(client, world):
    client.force_login(world.users["organizer"])
    page = client.get(URL, {"year": 2040}).content.decode()
    assert "Năm 2040 chưa có lịch" in page
