"""A recycled task in the approval queue, on a phone (390 px) in chromium: canbo's "Chuyển đổi số 100% hồ sơ
thủ tục hành chính …" of 2026, sent again, shows thuongtruc its 2025 twin (100% alike); the approver marks
it "đã xem, không trùng", and the queue counts the pair instead of showing it. canbo's other waiting task
restates a routine duty the regulation lists for Sở Nội vụ: the duty is shown beside it, with no link."""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dotpha.accounts.models import User
from dotpha.demo.province import DEMO_PASSWORD
from dotpha.programmes.models import RoutineDuty
from dotpha.tasks.models import LookalikeDismissal, Task, TaskStatus
from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TITLE = "Chuyển đổi số 100% hồ sơ thủ tục hành chính thuộc thẩm quyền giải quyết của Sở Nội vụ"


def test_the_approver_sees_the_recycled_task_and_marks_it_reviewed(demo, browser, live_server, shoot):
    canbo = User.objects.get(username="canbo")
    tasks = Task.objects.filter(assignee_cadre_id=canbo.cadre_id, title=TITLE)
    earlier, again = tasks.get(period__name="2025"), tasks.get(period__name="2026")
    Task.objects.filter(pk=again.pk).update(status=TaskStatus.SUBMITTED, decision=None, approved_on=None)

    context = browser.new_context(**PHONE)
    page = context.new_page()
    login(page, live_server, "thuongtruc", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    query = urlencode({"q": "chuyen doi so thu tuc hanh chinh"})
    page.goto(f"{live_server.url}{reverse('tasks:approvals')}?{query}")

    row = page.locator(f'tr[data-task="{again.pk}"]')
    twin = row.locator(f'[data-lookalike="{earlier.pk}"]')
    expect(twin).to_be_visible()
    expect(twin.locator("[data-score]")).to_have_text("Giống 100%")
    expect(twin).to_contain_text("2025")
    expect(twin).to_contain_text("cùng người được giao")
    # the first look-alike shown is the cadre's own earlier task
    expect(row.locator("[data-lookalike]").first).to_have_attribute("data-lookalike", str(earlier.pk))
    shoot(page, "lookalikes-queue-390")

    twin.get_by_role("button", name="Đã xem, không trùng").click()
    expect(page.get_by_text("Đã ghi nhận “đã xem, không trùng”")).to_be_visible()
    row = page.locator(f'tr[data-task="{again.pk}"]')
    expect(row.locator(f'[data-lookalike="{earlier.pk}"]')).to_have_count(0)
    expect(row.locator("[data-dismissed]")).to_contain_text("1 việc giống đã xem, không trùng")
    # back on the same filtered page
    assert "q=chuyen+doi+so" in page.url
    shoot(page, "lookalikes-queue-390-reviewed")
    dismissal = LookalikeDismissal.objects.get()
    assert {dismissal.task_id, dismissal.other_id} == {earlier.pk, again.pk}
    assert dismissal.dismissed_by.username == "thuongtruc"

    waiting = Task.objects.get(
        assignee_cadre_id=canbo.cadre_id, status=TaskStatus.SUBMITTED, title__startswith="Rút ngắn"
    )
    duty = RoutineDuty.objects.get(unit__name="Sở Nội vụ", text__startswith="Tiếp nhận, giải quyết")
    page.goto(f"{live_server.url}{reverse('tasks:approvals')}?{urlencode({'q': 'rut ngan thoi gian'})}")
    routine = page.locator(f'tr[data-task="{waiting.pk}"] [data-routine-duty="{duty.pk}"]')
    expect(routine).to_be_visible()
    expect(routine).to_contain_text("nhiệm vụ thường xuyên của đơn vị")
    expect(routine.locator("mark").first).to_have_text("Tiếp")
    expect(routine.locator("a")).to_have_count(0)
    expect(routine.get_by_role("button", name="Đã xem, không trùng")).to_have_count(0)
    shoot(page, "lookalikes-queue-390-routine-duty")
    context.close()
