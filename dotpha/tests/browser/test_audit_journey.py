"""The inspector reads who changed what and who read whose data; a commune's organizer reads only its own."""

import re

import pytest
from playwright.sync_api import expect

from dotpha.accounts.models import Role, RoleGrant
from dotpha.org.models import Cadre
from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    expect(page.get_by_role("cell", name="Vũ Thị Lan").first).to_be_visible()
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
    expect(page.get_by_role("cell", name="Lê Văn Sơn").first).to_be_visible()
    expect(page.get_by_text("Vũ Thị Lan")).to_have_count(0)
    expect(page.get_by_role("link", name="Nhật ký truy cập dữ liệu cá nhân")).to_have_count(0)
    shoot(page, "audit-03-commune")
    page.goto(f"{live_server.url}/audit/reads/")
    expect(page.get_by_text("Vũ Thị Lan")).to_have_count(0)
