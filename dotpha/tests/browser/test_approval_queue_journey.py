"""The approval queue on the demo province, in chromium: `thuongtruc` and `bithu` (both approvers of the
standing committee's queue) each filter the queue, choose every task the filter finds, see the
confirmation ("N việc, M cán bộ" and the decision) and approve the batch under a numbered decision, at
1280 px and at 390 px."""

import re
from collections import Counter
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from dotpha.accounts.models import User
from dotpha.demo.province import DEMO_PASSWORD
from dotpha.programmes.models import Decision
from dotpha.tasks.models import Task, TaskStatus
from dotpha.tasks.selectors import approval_queue
from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@dataclass
class Batch:
    """What one approver filters for, and the tasks the filter must find."""

    username: str
    device: dict
    filters: dict[str, str]  # label -> option value
    tasks: list[Task]
    number: str

    @property
    def cadres(self) -> int:
        return len({t.assignee_cadre_id for t in self.tasks})


def plan_batches() -> list[Batch]:
    """Four batches cut from the demo's queue (the same for both approvers): in the busiest programme and
    period, its two biggest fields, then the rest of that period; then the other open period."""
    approver = User.objects.get(username="thuongtruc")
    queue = list(approval_queue(approver).filter(period__closed_at__isnull=True))
    groups = Counter((t.programme_id, t.period_id) for t in queue)
    assert len(groups) >= 2, groups
    (programme, period), _ = groups.most_common(1)[0]
    busiest = [t for t in queue if t.period_id == period]
    fields = [f for f, _ in Counter(t.field_id for t in busiest if t.field_id).most_common(2)]
    assert len(fields) == 2 and len(busiest) > 4, busiest
    first = [t for t in busiest if t.field_id == fields[0]]
    second = [t for t in busiest if t.field_id == fields[1]]
    rest = [t for t in busiest if t.field_id not in fields]
    (other_programme, other_period), _ = groups.most_common(2)[1]
    other = [t for t in queue if t.period_id == other_period]
    in_period = {"Chương trình": str(programme), "Kỳ": str(period)}
    in_other = {"Chương trình": str(other_programme), "Kỳ": str(other_period)}
    return [
        Batch("thuongtruc", DESKTOP, {**in_period, "Lĩnh vực": str(fields[0])}, first, "901-QĐ/TU"),
        Batch("bithu", PHONE, {**in_period, "Lĩnh vực": str(fields[1])}, second, "902-QĐ/TU"),
        Batch("thuongtruc", PHONE, in_period, rest, "903-QĐ/TU"),
        Batch("bithu", DESKTOP, in_other, other, "904-QĐ/TU"),
    ]


def approve(browser, live_server, shoot, batch: Batch, step: int) -> None:
    context = browser.new_context(**batch.device)
    page = context.new_page()
    phone = batch.device is PHONE
    login(page, live_server, batch.username, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    if phone:
        page.get_by_role("button", name="Mở trình đơn").click()
    page.locator("#mainnav").get_by_role("link", name="Chờ phê duyệt").click()
    expect(page.get_by_role("heading", name=re.compile("Chờ phê duyệt"))).to_be_visible()

    # filter
    for label, value in batch.filters.items():
        page.locator("#queue-filter").get_by_label(label, exact=True).select_option(value)
    page.get_by_role("button", name="Lọc", exact=True).click()
    n = len(batch.tasks)
    expect(page.locator("[data-figure=matching]")).to_have_text(str(n))
    expect(page.locator("tbody tr[data-task]")).to_have_count(n)
    if phone:  # the table scrolls inside its box; the page itself does not
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    name = f"queue-{step}-{batch.username}-{'390' if phone else '1280'}"
    shoot(page, f"{name}-filtered")

    # every task of the filter, under a decision
    page.get_by_label(f"Chọn tất cả {n} việc theo bộ lọc").check()
    page.get_by_label("Số quyết định", exact=True).fill(batch.number)
    page.get_by_role("button", name="Phê duyệt các việc đã chọn").click()

    # the confirmation says what will happen and has written nothing yet
    expect(page.get_by_role("heading", name="Xác nhận phê duyệt")).to_be_visible()
    expect(page.locator("[data-figure=batch]")).to_contain_text(f"{n} việc, {batch.cadres} cán bộ")
    expect(page.locator("[data-decision=number]")).to_have_text(batch.number)
    expect(page.locator("#confirm")).to_contain_text("Ban Thường vụ Tỉnh ủy")
    assert not Decision.objects.filter(number=batch.number).exists()
    if phone:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, f"{name}-confirm")
    page.get_by_role("button", name=f"Xác nhận phê duyệt {n} việc").click()

    done = re.compile(rf"Đã phê duyệt {n} việc theo Quyết định {batch.number}")
    expect(page.get_by_text(done)).to_be_visible()
    expect(page.locator("[data-figure=matching]")).to_have_text("0")  # back on the same filter, now empty
    shoot(page, f"{name}-approved")
    context.close()

    decision = Decision.objects.get(number=batch.number)
    assert decision.issuing_unit.name == "Ban Thường vụ Tỉnh ủy"
    assert decision.created_by.username == batch.username
    assert set(decision.tasks.values_list("pk", flat=True)) == {t.pk for t in batch.tasks}
    assert set(decision.tasks.values_list("status", flat=True)) == {TaskStatus.APPROVED}


def test_thuongtruc_and_bithu_approve_filtered_batches_at_1280_and_390(demo, live_server, browser, shoot):
    batches = plan_batches()
    waiting = Task.objects.filter(status=TaskStatus.SUBMITTED).count()
    for step, batch in enumerate(batches, start=1):
        approve(browser, live_server, shoot, batch, step)
    approved = sum(len(b.tasks) for b in batches)
    assert Task.objects.filter(status=TaskStatus.SUBMITTED).count() == waiting - approved
