"""The inspector reads who changed what and who read whose data; a commune's organizer reads only its own.
Issue 17: the inspector filters by a unit and a date range and reads each entry's old → new values, at
desktop and phone widths."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dotpha.accounts.models import Role, RoleGrant
from dotpha.org.models import Cadre
from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", SIZES)
def test_the_inspector_filters_by_unit_and_dates_and_reads_old_and_new_values(
    world, live_server, browser, shoot, size
):
    narrow = size == "phone"
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan")  # managed by and appointed in Phường Hòa Bình
    ward_chair.phone = "0912 345 678"
    ward_chair.save()
    director = Cadre.objects.get(full_name="Nguyễn Văn Hùng")  # elsewhere: filtered out by the unit
    director.phone = "0988 000 111"
    director.save()
    today = timezone.localdate().strftime("%d/%m/%Y")

    context = browser.new_context(viewport=SIZES[size], is_mobile=narrow, has_touch=narrow)
    page = context.new_page()
    login(page, live_server, "kiemtra")
    page.goto(f"{live_server.url}/audit/")
    page.get_by_label("Đơn vị (cả đơn vị trực thuộc)").select_option(str(world.other_commune.pk))
    page.get_by_label("Loại dữ liệu").select_option("org.cadre")
    page.get_by_label("Từ ngày").fill(today)
    page.get_by_label("Đến ngày").fill(today)
    page.get_by_role("button", name="Lọc").click()
    entry = page.locator(".audit-entry", has_text="Vũ Thị Lan").first
    expect(entry).to_contain_text("Sửa")
    expect(entry.locator(".audit-changes")).to_contain_text("Điện thoại: — → 0912 345 678")
    expect(page.get_by_text("Nguyễn Văn Hùng")).to_have_count(0)
    expect(page.get_by_text("UTC")).to_have_count(0)
    # the whole page fits the phone's width: nothing to scroll sideways
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shoot(page, f"audit-04-filtered-{size}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất Excel").click()
    assert download.value.suggested_filename.startswith("nhat-ky-thay-doi-")
    context.close()


def test_the_inspector_reads_the_change_log_and_the_read_log(world, live_server, page, shoot):
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan")
    ward_chair.phone = "0912 345 678"
    ward_chair.save()
    # the organizer opens a cadre's page: a read of personal data
    login(page, live_server, "tochuc")
    page.goto(f"{live_server.url}/cadres/{ward_chair.pk}/")
    expect(page.get_by_role("heading", name="Vũ Thị Lan")).to_be_visible()
    page.context.clear_cookies()

    login(page, live_server, "kiemtra")
    page.goto(f"{live_server.url}/audit/")
    expect(page.get_by_role("heading", name="Nhật ký thay đổi")).to_be_visible()
    expect(page.locator(".audit-entry", has_text="Vũ Thị Lan").first).to_be_visible()
    shoot(page, "audit-01-change-log")
    page.get_by_role("link", name="Nhật ký truy cập dữ liệu cá nhân").click()
    expect(page).to_have_url(re.compile(r"/audit/reads/$"))
    row = page.get_by_role("row", name=re.compile("tochuc.*Xem hồ sơ cán bộ.*Vũ Thị Lan"))
    expect(row).to_be_visible()
    page.get_by_label("Loại").select_option("export")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_text("Chưa có lượt truy cập nào.")).to_be_visible()
    shoot(page, "audit-02-read-log")


def test_a_commune_organizer_reads_only_its_commune_history(world, live_server, page, shoot):
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan")
    ward_chair.phone = "0912 345 678"
    ward_chair.save()
    RoleGrant.objects.create(user=world.users["commune_committee"], role=Role.ORGANIZER, unit=world.commune)
    login(page, live_server, "xa")
    page.goto(f"{live_server.url}/audit/")
    expect(page.locator(".audit-entry", has_text="Lê Văn Sơn").first).to_be_visible()
    expect(page.get_by_text("Vũ Thị Lan")).to_have_count(0)
    expect(page.get_by_role("link", name="Nhật ký truy cập dữ liệu cá nhân")).to_have_count(0)
    shoot(page, "audit-03-commune")
    page.goto(f"{live_server.url}/audit/reads/")
    expect(page.get_by_text("Vũ Thị Lan")).to_have_count(0)
