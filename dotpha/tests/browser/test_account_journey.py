"""Issue 14 in the browser: the province's organizer makes an account for a new commune secretary and grants
the commune-committee role; the person signs in with the temporary password, must change it, and sees
only their commune; the organizer ends the grant and the person's next request is refused."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dotpha.accounts.models import Role
from dotpha.demo.province import DEMO_PASSWORD
from dotpha.org.models import Appointment, Cadre, Position, Unit
from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def open_menu(page, narrow: bool) -> None:
    if narrow:
        page.get_by_role("button", name="Mở trình đơn").click()
    page.get_by_role("button", name="Quản lý").click()


@pytest.mark.parametrize("size", SIZES)
def test_an_organizer_gives_a_new_secretary_an_account_then_ends_it(demo, live_server, browser, shoot, size):
    narrow = size == "phone"
    communes = Unit.objects.filter(kind__code="commune", valid_to__isnull=True).order_by("path")
    commune, other = communes.exclude(grants__user__username="xa")[:2]
    secretary = Cadre.objects.create(code="CB-MOI-1", full_name="Đinh Thị Thu Mới", gender="female")
    Appointment.objects.create(
        cadre=secretary,
        unit=commune,
        position=Position.objects.get_or_create(name="Bí thư Đảng ủy")[0],
        start_date=datetime.date(2025, 7, 1),
    )

    context = browser.new_context(viewport=SIZES[size], is_mobile=narrow, has_touch=narrow)
    organizer = context.new_page()
    login(organizer, live_server, "tochuc", DEMO_PASSWORD)
    open_menu(organizer, narrow)
    organizer.get_by_role("link", name="Tài khoản", exact=True).click()
    organizer.get_by_role("link", name="Tạo tài khoản", exact=True).click()
    organizer.get_by_label("Cán bộ").select_option(label="Đinh Thị Thu Mới")
    organizer.get_by_label("Tên đăng nhập").fill("thudtm")
    organizer.get_by_role("button", name="Tạo tài khoản").click()
    expect(organizer.locator("#issued-username")).to_have_text("thudtm")
    password = organizer.locator("#issued-password").inner_text()
    shoot(organizer, f"account-01-created-{size}")

    organizer.get_by_role("link", name="Đến trang tài khoản").click()
    organizer.get_by_label("Vai trò").select_option(Role.COMMUNE_COMMITTEE.value)
    organizer.get_by_label("Trên đơn vị").select_option(str(commune.pk))
    organizer.get_by_role("button", name="Cấp quyền").click()
    expect(organizer.get_by_text("Đã cấp quyền.")).to_be_visible()
    expect(organizer.locator("#grants")).to_contain_text(commune.name)
    shoot(organizer, f"account-02-granted-{size}")

    person_context = browser.new_context(viewport=SIZES[size], is_mobile=narrow, has_touch=narrow)
    person = person_context.new_page()
    login(person, live_server, "thudtm", password)
    expect(person.get_by_role("heading", name="Đổi mật khẩu")).to_be_visible()
    expect(person.get_by_text("Bạn đang dùng mật khẩu tạm")).to_be_visible()
    person.locator("#id_old_password").fill(password)
    person.locator("#id_new_password1").fill("Song-Hong-2026x")
    person.locator("#id_new_password2").fill("Song-Hong-2026x")
    person.get_by_role("button", name="Đổi mật khẩu").click()
    person.goto(live_server.url + reverse("org:unit_tree"))
    expect(person.get_by_role("link", name=commune.name, exact=True)).to_be_visible()
    expect(person.get_by_role("link", name=other.name, exact=True)).to_have_count(0)
    assert person.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    shoot(person, f"account-03-own-commune-{size}")
    unit_url = live_server.url + reverse("org:unit_detail", args=[commune.pk])
    assert person.goto(unit_url).status == 200

    row = organizer.get_by_role("row", name=re.compile("Đảng ủy xã, phường"))
    row.get_by_role("button", name="Thu hồi").click()
    expect(organizer.get_by_text("Đã thu hồi quyền từ hôm nay.")).to_be_visible()
    expect(row).to_contain_text("Đã thu hồi")
    assert organizer.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    shoot(organizer, f"account-04-ended-{size}")

    assert person.goto(unit_url).status in (403, 404)
    shoot(person, f"account-05-refused-{size}")
    person_context.close()
    context.close()
