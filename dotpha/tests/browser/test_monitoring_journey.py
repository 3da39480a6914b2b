"""Commune monitoring in the browser: a cadre retires and leaves a gap, the organizer reassigns the commune
from the same agency, the new cadre logs a visit, the commune committee sends its year-end form on a
phone, and the summary counts it all."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dotpha.monitoring.tests.stage import build_stage
from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_gap_reassignment_visit_form_and_summary(world, live_server, page, browser, shoot):
    today = timezone.localdate()
    if today.month == 1 and today.day == 1:
        pytest.skip("Phân công mới phải bắt đầu sau ngày 01/01, ngày bắt đầu của phân công cũ.")
    build_stage(world, today.year, datetime.date(today.year, 1, 1))

    # the organizer records that Đặng Thị Hạnh retires today
    login(page, live_server, "tochuc")
    page.goto(f"{live_server.url}/monitoring/coverage/")
    expect(page.get_by_role("heading", name="Bảng phân công theo dõi xã")).to_be_visible()
    expect(page.locator('[data-figure="covered"]')).to_have_text("2/2")
    page.get_by_role("link", name="Xã Tân Lập").click()
    page.get_by_role("link", name="Đặng Thị Hạnh").first.click()
    page.get_by_role("link", name="Cán bộ nghỉ hưu, chuyển công tác").click()
    page.get_by_label("Lý do").select_option("retired")
    page.get_by_role("button", name="Ghi nhận").click()

    # the board shows the gap at once, first in the list
    expect(page.get_by_text("cần phân công cán bộ theo dõi khác")).to_be_visible()
    gap = page.locator('[data-commune="Xã Tân Lập"]')
    expect(gap.locator("[data-status]")).to_have_text("Cán bộ theo dõi đã nghỉ, chuyển công tác")
    expect(page.locator('[data-figure="cadre_left"]')).to_have_text("1")
    shoot(page, "monitoring-01-gap")

    # the alert proposed a colleague of the same agency
    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_text(re.compile("Đề xuất phân công đồng chí Nguyễn Văn Hùng"))).to_be_visible()

    # the organizer reassigns the commune to the proposed director
    page.goto(f"{live_server.url}/monitoring/coverage/?status=gap")
    page.locator('[data-commune="Xã Tân Lập"]').get_by_role("link", name="Phân công lại").click()
    expect(page.locator("[data-proposal]")).to_have_text("Nguyễn Văn Hùng")
    expect(page.get_by_label("Cán bộ theo dõi mới")).to_have_value(re.compile(r"\d+"))
    page.get_by_label("Số quyết định phân công").fill("45-QĐ/TU")
    shoot(page, "monitoring-02-reassign")
    page.get_by_role("button", name="Phân công lại").click()
    expect(page.get_by_role("heading", name="Theo dõi Xã Tân Lập", exact=True)).to_be_visible()
    expect(page.get_by_text("Thay cho:")).to_be_visible()
    shoot(page, "monitoring-03-new-assignment")

    # the history keeps who followed the commune, when
    page.goto(f"{live_server.url}/monitoring/communes/{world.commune.pk}/")
    history = page.locator("table")
    expect(history.get_by_role("link", name="Nguyễn Văn Hùng")).to_be_visible()
    expect(history.get_by_role("link", name="Đặng Thị Hạnh")).to_be_visible()
    expect(history.get_by_text("Cán bộ nghỉ hưu, chuyển công tác")).to_be_visible()

    # the new cadre logs a visit
    page.context.clear_cookies()
    login(page, live_server, "giamdoc")
    page.goto(f"{live_server.url}/monitoring/")
    expect(page.get_by_role("heading", name="Xã tôi theo dõi")).to_be_visible()
    page.get_by_role("link", name="Ghi lượt đi cơ sở").click()
    page.get_by_label("Hình thức").select_option("party_conference")
    page.get_by_label("Nội dung", exact=True).fill("Dự hội nghị Ban Chấp hành Đảng bộ xã.")
    page.get_by_label("Kiến nghị, đề xuất với tỉnh").fill("Đề nghị tỉnh hỗ trợ vốn làm đường liên xã.")
    page.get_by_role("button", name="Ghi lượt đi cơ sở").click()
    expect(page.get_by_text("Dự hội nghị Ban Chấp hành Đảng bộ xã.")).to_be_visible()
    shoot(page, "monitoring-04-visit")
    page.context.clear_cookies()

    # the commune committee, on a phone, confirms the visit and sends its year-end form on the new cadre
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    mobile = phone.new_page()
    login(mobile, live_server, "xa")
    mobile.goto(f"{live_server.url}/monitoring/")
    mobile.get_by_role("button", name="Xác nhận").click()
    expect(mobile.get_by_text("Đã xác nhận lượt đi cơ sở")).to_be_visible()
    forms = mobile.locator(".list-group-item", has_text="Nguyễn Văn Hùng")
    forms.get_by_role("link", name="Điền phiếu nhận xét").click()
    mobile.get_by_label("Hoàn thành tốt nhiệm vụ").check()
    mobile.get_by_label("Nhận xét").fill("Thường xuyên về cơ sở, nắm chắc tình hình.")
    mobile.get_by_label("Đề nghị Ban Thường vụ biểu dương, khen thưởng").check()
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling on a phone"
    shoot(mobile, "monitoring-05-form-phone")
    mobile.get_by_role("button", name="Gửi phiếu nhận xét").click()
    expect(mobile.get_by_text("Phiếu đã gửi chỉ xem, không sửa được.")).to_be_visible()
    expect(mobile.locator('[data-field="level"]')).to_have_text("Hoàn thành tốt nhiệm vụ")
    assert mobile.get_by_role("button", name="Gửi phiếu nhận xét").count() == 0
    shoot(mobile, "monitoring-06-form-sent")
    phone.close()

    # the summary counts it: forms received / owed (Hạnh and Hùng for Tân Lập, Minh), the visit, the proposal
    login(page, live_server, "tochuc")
    page.goto(f"{live_server.url}/monitoring/summary/")
    expect(page.locator('[data-figure="forms"]')).to_have_text("1/3")
    expect(page.locator('[data-figure="visits"]')).to_have_text("1")
    expect(page.locator('[data-figure="commended"]')).to_have_text("1")
    expect(page.get_by_text("100,0% của 1 cán bộ được nhận xét")).to_be_visible()
    shoot(page, "monitoring-07-summary")
    page.locator('[data-figure="forms"]').click()
    expect(page.locator('[data-figure="progress"]')).to_have_text("1/3")
