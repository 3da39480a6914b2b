"""The bell in chromium, as the people who do the job: `canbo` has one unread notification; the standing
committee's approver (`thuongtruc`) returns another of her tasks from the approval queue; her bell counts
one more; she opens that notification, lands on the task, and the bell counts one fewer."""

import re

import pytest
from playwright.sync_api import expect

from dotpha.tasks.models import Task, TaskStatus
from dotpha.tasks.services import task_return_for_revision
from dotpha.tests.browser.conftest import login
from dotpha.tests.browser.test_task_journey import programme, relogin  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EARLIER = "Chuẩn hóa danh mục thủ tục hành chính của Sở"
TITLE = "Số hóa 100% hồ sơ cán bộ của Sở Nội vụ"


def _submitted(world, programme, title: str) -> Task:  # noqa: F811
    cadre = world.users["cadre"]
    return Task.objects.create(
        programme=programme,
        period=programme.periods.get(),
        title=title,
        description="Quét, nhập liệu hồ sơ giấy.",
        deliverable="1.200 hồ sơ số hóa.",
        assignee_cadre=cadre.cadre,
        authority_unit=world.standing,
        author=cadre,
        status=TaskStatus.SUBMITTED,
    )


def test_the_bell_counts_the_return_and_drops_when_the_notification_is_opened(
    world,
    programme,  # noqa: F811
    live_server,
    page,
    shoot,
):
    # an earlier return she has not read yet: the bell starts at 1
    task_return_for_revision(
        actor=world.users["approver"], task=_submitted(world, programme, EARLIER), comment="Bổ sung mốc."
    )
    _submitted(world, programme, TITLE)
    login(page, live_server, "canbo")
    expect(page.locator("#bell [data-unread]")).to_have_text("1")

    # the approver returns the new one from the queue
    relogin(page, live_server, "thuongtruc")
    page.locator("#mainnav").get_by_role("link", name="Chờ phê duyệt").click()
    row = page.locator("tr", has_text=TITLE)
    row.get_by_role("link", name="Trả lại hoặc không phê duyệt").click()  # opens the one review form
    row.get_by_label("Ý kiến (bắt buộc khi trả lại hoặc không phê duyệt)").fill("Nêu rõ số hồ sơ mỗi quý.")
    row.get_by_role("button", name="Trả lại để hoàn thiện").click()
    expect(page.get_by_text(f"Đã trả lại việc “{TITLE}” để hoàn thiện.")).to_be_visible()

    # her bell counts one more
    relogin(page, live_server, "canbo")
    bell = page.locator("#bell")
    expect(bell.locator("[data-unread]")).to_have_text("2")
    expect(bell).to_have_attribute("aria-label", "Thông báo: 2 chưa đọc")
    shoot(page, "bell-01-two-unread")

    # she opens it: it is marked read, she lands on the task, the bell counts one fewer
    bell.click()
    page.get_by_role("button", name=re.compile(re.escape(TITLE))).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.locator("#bell [data-unread]")).to_have_text("1")
    shoot(page, "bell-02-opened")
    assert Task.objects.get(title=TITLE).status == TaskStatus.RETURNED
