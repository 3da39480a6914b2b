import re

import pytest
from playwright.sync_api import expect

from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_organizer_logs_in_browses_tree_searches_and_reads_history(world, live_server, page, shoot):
    # given the login page, in Vietnamese
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/login/"))
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    shoot(page, "01-login")

    # when the organizer logs in and opens the tree
    login(page, live_server, "tochuc")
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    page.get_by_role("link", name="Tổ chức, cán bộ").first.click()
    expect(page.get_by_role("link", name="Tỉnh Thử Nghiệm")).to_be_visible()
    # the root opens by itself; a department opens on a click
    page.get_by_role("button", name="Mở đơn vị trực thuộc Ủy ban nhân dân tỉnh").click()
    expect(page.get_by_role("link", name="Sở Nội vụ")).to_be_visible()
    shoot(page, "02-tree")

    # search without diacritics finds Đặng
    page.get_by_role("searchbox").fill("dang thi")
    expect(page.get_by_role("link", name=re.compile("Đặng Thị Hạnh"))).to_be_visible()
    shoot(page, "03-search")
    page.get_by_role("link", name=re.compile("Đặng Thị Hạnh")).click()
    expect(page.get_by_role("heading", name="Đặng Thị Hạnh")).to_be_visible()
    expect(page.get_by_role("cell", name="Phó Giám đốc")).to_be_visible()
    expect(page.get_by_text("01/01/2021 – nay")).to_be_visible()
    shoot(page, "04-cadre")

    # the new commune's page shows what the merged commune held
    page.get_by_role("link", name="Sở Nội vụ").click()
    page.goto(f"{live_server.url}/units/{world.commune.pk}/")
    expect(page.get_by_role("heading", name="Xã Tân Lập")).to_be_visible()
    expect(page.get_by_role("link", name="Xã Đông Cũ")).to_be_visible()
    expect(page.get_by_role("cell", name="Phạm Văn Cũ")).to_be_visible()
    shoot(page, "05-commune-history")

    # English is a switch away
    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("button", name="Đổi").click()
    expect(page.get_by_role("heading", name="Xã Tân Lập")).to_be_visible()
    expect(page.get_by_text("Organisation tree")).to_be_visible()
    shoot(page, "06-english")


def test_commune_committee_on_a_phone(world, live_server, browser, shoot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    login(page, live_server, "xa")
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    # the menu folds behind the toggler on a narrow screen
    page.get_by_role("button", name="Mở trình đơn").click()
    page.get_by_role("link", name="Tổ chức, cán bộ").click()
    expect(page.get_by_role("link", name="Xã Tân Lập")).to_be_visible()
    expect(page.get_by_role("link", name="Phường Hòa Bình")).to_have_count(0)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page must not scroll sideways on a phone"
    shoot(page, "07-phone-tree")
    context.close()


def test_organizer_adds_a_unit_and_merges_it_after_the_preview_on_a_phone(world, live_server, browser, shoot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    login(page, live_server, "tochuc")
    page.goto(f"{live_server.url}/units/{world.province.pk}/")
    page.get_by_role("link", name="Thêm đơn vị trực thuộc").click()
    page.get_by_label("Tên đơn vị").fill("Sở Y tế")
    page.get_by_label("Mã đơn vị").fill("P-SYT")
    page.get_by_label("Loại đơn vị").select_option(label="Sở, ban, ngành")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Sở Y tế")).to_be_visible()

    # the merger: a preview first, which writes nothing, then the confirmation
    page.get_by_role("link", name="Sáp nhập").click()
    page.get_by_label("Sáp nhập vào đơn vị").select_option(label="Sở Nội vụ")
    page.get_by_label("Ngày có hiệu lực").fill("01/01/2026")
    page.get_by_role("button", name="Xem trước").click()
    expect(page.get_by_text("Những gì sáp nhập sẽ thay đổi (chưa ghi)")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling on a phone"
    shoot(page, "08-merger-preview-phone")
    page.get_by_role("button", name="Xác nhận sáp nhập").click()
    expect(page.get_by_role("heading", name="Sở Nội vụ")).to_be_visible()
    expect(page.get_by_text("Đã sáp nhập “Sở Y tế” vào “Sở Nội vụ”.")).to_be_visible()
    context.close()
