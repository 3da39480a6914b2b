"""A department's leadership decides and grades through the same pages as the standing committee, in chromium
on the demo province: `giamdoc`, only the unit manager of Sở Nội vụ, opens "Chờ phê duyệt" from the menu at
1280 px, finds his staff's registrations of the department's plan 15/KH-SNV (and nothing of the province's
programme), approves them all under a new /QĐ-SNV decision after the confirmation; then, on a phone
(390 px), once the staff have reported and assessed themselves, grades them on the year-end sheet."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dotpha.accounts.models import User
from dotpha.demo.province import DEMO_PASSWORD
from dotpha.programmes.models import Decision, Grade
from dotpha.tasks.models import Evaluation, Task, TaskStatus
from dotpha.tasks.selectors import approval_queue
from dotpha.tasks.tests.factories import ProgressReportFactory
from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = "31/QĐ-SNV"


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "sideways scroll"


def test_giamdoc_approves_his_staff_in_the_queue_and_grades_them(demo, live_server, browser, shoot):
    director = User.objects.get(username="giamdoc")
    waiting = list(approval_queue(director).order_by("pk"))
    assert waiting and {t.programme.number for t in waiting} == {"15/KH-SNV"}
    period = waiting[0].period
    assert {t.period_id for t in waiting} == {period.pk}
    n = len(waiting)
    cadres = len({t.assignee_cadre_id for t in waiting})

    # 1. the queue from the menu, at 1280 px: his staff's registrations only
    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desktop.new_page()
    login(page, live_server, "giamdoc", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    page.locator("#mainnav").get_by_role("link", name="Chờ phê duyệt").click()
    expect(page.get_by_role("heading", name=re.compile("Chờ phê duyệt"))).to_be_visible()
    expect(page.locator("tbody tr[data-task]")).to_have_count(n)
    shoot(page, "unit-queue-01-queue-1280")

    # 2. all of them under a new decision of the department, confirmed first
    page.get_by_label(f"Chọn tất cả {n} việc theo bộ lọc").check()
    page.get_by_label("Số quyết định", exact=True).fill(NUMBER)
    page.get_by_role("button", name="Phê duyệt các việc đã chọn").click()
    expect(page.get_by_role("heading", name="Xác nhận phê duyệt")).to_be_visible()
    expect(page.locator("[data-figure=batch]")).to_contain_text(f"{n} việc, {cadres} cán bộ")
    expect(page.locator("[data-decision=number]")).to_have_text(NUMBER)
    expect(page.locator("#confirm")).to_contain_text("Sở Nội vụ")
    assert not Decision.objects.filter(number=NUMBER).exists()
    shoot(page, "unit-queue-02-confirm-1280")
    page.get_by_role("button", name=f"Xác nhận phê duyệt {n} việc").click()
    expect(page.get_by_text(re.compile(rf"Đã phê duyệt {n} việc theo Quyết định {NUMBER}"))).to_be_visible()
    expect(page.locator("[data-figure=matching]")).to_have_text("0")
    desktop.close()
    decision = Decision.objects.get(number=NUMBER)
    assert (decision.issuing_unit.name, decision.created_by) == ("Sở Nội vụ", director)
    approved = list(Task.objects.filter(pk__in=[t.pk for t in waiting]))
    assert {(t.status, t.decision_id, t.approved_by_id) for t in approved} == {
        (TaskStatus.APPROVED, decision.pk, director.pk)
    }

    # the staff carry their tasks out: each reported done and self-assessed (their own pages' job)
    today = timezone.localdate()
    for task in approved:
        ProgressReportFactory.create(
            task=task, reported_on=today, percent_done=100, author=User.objects.get(cadre=task.assignee_cadre)
        )
        Evaluation.objects.update_or_create(
            task=task, defaults={"self_grade": Grade.COMPLETED, "self_assessment": "Đã hoàn thành."}
        )

    # 3. on a phone, the year-end sheet of the department's period: the approved tasks graded, confirmed
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    mobile = phone.new_page()
    login(mobile, live_server, "giamdoc", DEMO_PASSWORD)
    expect(mobile.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    mobile.get_by_role("button", name="Mở trình đơn").click()
    mobile.locator("#mainnav").get_by_role("link", name="Đánh giá cuối năm").click()
    sheet = mobile.locator(f'[data-sheet="{period.pk}-{approved[0].authority_unit_id}"]')
    expect(sheet).to_be_visible()
    fits(mobile)
    sheet.click()
    expect(mobile.get_by_role("heading", name=re.compile("Bảng đánh giá cuối năm — kỳ"))).to_be_visible()
    for task in approved:
        # by row: two staff members may carry tasks of the same title
        mobile.locator(f"#id_grade_{task.pk}").select_option(label="Hoàn thành")
    fits(mobile)
    shoot(mobile, "unit-queue-03-sheet-390")
    mobile.get_by_role("button", name="Xác nhận và khóa").click()
    expect(mobile.get_by_text("Đã xác nhận và khóa bảng đánh giá")).to_be_visible()
    fits(mobile)
    shoot(mobile, "unit-queue-04-confirmed-390")
    phone.close()
    graded = Evaluation.objects.filter(task__in=approved)
    assert set(graded.values_list("grade", "evaluated_by")) == {(Grade.COMPLETED, director.pk)}
