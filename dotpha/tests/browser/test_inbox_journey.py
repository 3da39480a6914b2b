"""The inbox and the bell in chromium, on a 390 px phone: the standing committee returns a task of `canbo`;
she signs in, her home page says what waits for her (the returned task) and the bell counts the
notification; she opens it, lands on the task, and the bell's count drops; the inbox's line leads to the
draft to finish."""

import re

import pytest
from playwright.sync_api import expect

from dotpha.tasks.models import Task, TaskStatus
from dotpha.tasks.services import task_return_for_revision
from dotpha.tests.browser.conftest import login
from dotpha.tests.browser.test_task_journey import programme  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Số hóa 100% hồ sơ cán bộ của Sở Nội vụ"


@pytest.fixture
def returned(world, programme):  # noqa: F811
    cadre = world.users["cadre"]
    task = Task.objects.create(
        programme=programme,
        period=programme.periods.get(),
        title=TITLE,
        description="Quét, nhập liệu hồ sơ giấy.",
        deliverable="1.200 hồ sơ số hóa.",
        assignee_cadre=cadre.cadre,
        authority_unit=world.standing,
        author=cadre,
        status=TaskStatus.SUBMITTED,
    )
    # through the workflow, which notifies her once it has committed
    task_return_for_revision(
        actor=world.users["approver"], task=task, comment="Bổ sung chỉ tiêu số hồ sơ mỗi quý."
    )
    return task


def test_the_cadre_sees_the_returned_task_and_the_bell_drops_when_she_opens_it(
    world, returned, live_server, browser, shoot
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    login(page, live_server, "canbo")

    # her home page is her inbox: the returned task waits, and the bell (outside the folded menu) says 1
    inbox = page.locator("#inbox")
    expect(inbox.get_by_role("heading", name="Việc cần làm")).to_be_visible()
    line = inbox.get_by_role("link", name=re.compile("Việc nháp, bị trả lại cần hoàn thiện"))
    expect(line).to_contain_text("1")
    bell = page.locator("#bell")
    expect(bell).to_be_visible()
    expect(bell.locator("[data-unread]")).to_have_text("1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "inbox-390-01-home")

    # she opens the notification: it is marked read and leads to the task
    bell.click()
    page.get_by_role("button", name=re.compile("bị trả lại để hoàn thiện")).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.locator("#bell [data-unread]")).to_have_count(0)
    shoot(page, "inbox-390-02-opened")

    # the inbox's line leads to the draft to finish, with the approver's comment
    page.goto(f"{live_server.url}/")
    page.locator("#inbox").get_by_role("link", name=re.compile("Việc nháp, bị trả lại")).click()
    drafts = page.locator("#drafts")
    expect(drafts.get_by_role("link", name=TITLE)).to_be_visible()
    expect(drafts).to_contain_text("Bổ sung chỉ tiêu số hồ sơ mỗi quý.")
    context.close()
