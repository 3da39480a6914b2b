"""nhập thay in chromium, on a 390 px phone: the organisation board grants `trolyts` the right to draft for
`canbo`; the assistant finds her task through the home page and drafts a progress report of 40%; nothing
shows on the task until `canbo` confirms it with one button from her home page; then the report is hers, it
counts (the task reads 40%), and the task says who entered it and who confirmed it."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dotpha.accounts.models import Role
from dotpha.org.tests.factories import make_user
from dotpha.tasks.models import EntryStatus, OnBehalfEntry, ProgressReport, Task, TaskStatus
from dotpha.tests.browser.conftest import login
from dotpha.tests.browser.test_task_journey import programme  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Số hóa 100% hồ sơ cán bộ của Sở Nội vụ"
NARRATIVE = "Đã số hóa 480/1.200 hồ sơ; tháng tới hoàn thành nhóm hồ sơ nghỉ hưu."


@pytest.fixture
def approved(world, programme):  # noqa: F811
    cadre = world.users["cadre"]
    today = timezone.localdate()
    return Task.objects.create(
        programme=programme,
        period=programme.periods.get(),
        title=TITLE,
        description="Quét, nhập liệu hồ sơ giấy.",
        deliverable="1.200 hồ sơ số hóa.",
        assignee_cadre=cadre.cadre,
        authority_unit=world.standing,
        author=cadre,
        start_date=datetime.date(today.year, 1, 1),
        deadline=datetime.date(today.year, 12, 31),
        status=TaskStatus.APPROVED,
        approved_on=datetime.date(today.year, 1, 15),
        approved_by=world.users["approver"],
    )


def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    return context.new_page()


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_assistant_drafts_a_report_and_the_leader_confirms_it(
    world, approved, live_server, browser, shoot
):
    make_user("trolyts", Role.CADRE, world.board)
    today = timezone.localdate()

    # 1. the organisation board grants the right, for a month
    page = phone(browser)
    login(page, live_server, "tochuc")
    page.goto(f"{live_server.url}/tasks/assistants/")
    page.get_by_label("Tài khoản của lãnh đạo").fill("canbo")
    page.get_by_label("Tài khoản của trợ lý nhập thay").fill("trolyts")
    page.get_by_label("Hiệu lực từ ngày").fill(f"{today:%d/%m/%Y}")
    page.get_by_label("Hiệu lực đến hết ngày").fill(f"{today + datetime.timedelta(days=30):%d/%m/%Y}")
    page.get_by_role("button", name="Giao quyền").click()
    expect(page.get_by_text("Đã giao quyền nhập thay cho Đặng Thị Hạnh: trolyts.")).to_be_visible()
    fits(page)
    shoot(page, "on-behalf-390-01-grant")
    page.context.close()

    # 2. the assistant: her home page leads to the leader's tasks; she drafts a report
    page = phone(browser)
    login(page, live_server, "trolyts")
    page.locator("#inbox").get_by_role("link", name=re.compile("Lãnh đạo bạn được nhập thay")).click()
    page.get_by_role("link", name="Các việc của lãnh đạo").click()
    expect(page.get_by_role("heading", name="Việc của Đặng Thị Hạnh")).to_be_visible()
    page.get_by_role("link", name="Nhập thay báo cáo tiến độ").click()
    expect(page.get_by_text("Do trolyts nhập thay Đặng Thị Hạnh")).to_be_visible()
    page.get_by_label("Tỷ lệ hoàn thành (%)").fill("40")
    page.get_by_label("Kết quả thực hiện, nhận xét").fill(NARRATIVE)
    fits(page)
    shoot(page, "on-behalf-390-02-draft")
    page.get_by_role("button", name="Lưu, chờ lãnh đạo xác nhận").click()
    expect(page.get_by_text("Nội dung chỉ có hiệu lực khi Đặng Thị Hạnh xác nhận.")).to_be_visible()
    # the draft counts for nothing yet
    assert OnBehalfEntry.objects.get().status == EntryStatus.PENDING
    assert not ProgressReport.objects.exists()
    page.context.close()

    # 3. the leader: her home page lists the draft; she reads it and confirms it with one button
    page = phone(browser)
    login(page, live_server, "canbo")
    page.locator("#inbox").get_by_role("link", name=re.compile("Nội dung nhập thay chờ bạn xác nhận")).click()
    card = page.locator("[data-entry]")
    expect(card).to_contain_text("Do trolyts nhập thay Đặng Thị Hạnh")
    expect(card).to_contain_text(NARRATIVE)
    expect(card).to_contain_text("40%")
    fits(page)
    shoot(page, "on-behalf-390-03-confirm")
    card.get_by_role("button", name="Xác nhận là của tôi").click()

    # 4. the task: the report is hers and counts, and says who entered it and who confirmed it
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_text(re.compile(r"đã thực hiện 40% \(báo cáo ngày"))).to_be_visible()
    reports = page.locator("#reports")
    expect(reports).to_contain_text(NARRATIVE)
    expect(reports.locator("[data-on-behalf]")).to_contain_text(
        re.compile(r"Nhập thay bởi trolyts, xác nhận bởi Đặng Thị Hạnh lúc \d\d/\d\d/\d{4} \d\d:\d\d")
    )
    expect(page.locator("#timeline [data-event=on_behalf_confirmed]")).to_contain_text(
        "Nhập thay bởi trolyts"
    )
    fits(page)
    shoot(page, "on-behalf-390-04-task")
    report = ProgressReport.objects.get()
    assert (report.author, report.percent_done) == (world.users["cadre"], 40)
    page.context.close()
