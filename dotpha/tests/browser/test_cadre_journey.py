"""The cadre's journey in chromium, at 1280 px and on a 390 px phone: `canbo` registers a task; on an
approved task she reports progress lower than before (the page asks for the reason), then 100% while a
target is far from its goal (the page warns and she confirms the figures); she marks a milestone done
through its confirmation page and undoes it the same day; she self-assesses."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dotpha.tasks.models import Evaluation, Milestone, ProgressReport, Target, Task, TaskEventKind, TaskStatus
from dotpha.tests.browser.conftest import login
from dotpha.tests.browser.test_task_journey import programme, register  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Xây 13 nhà Đại đoàn kết cho hộ nghèo"
NEW = "Số hóa 100% hồ sơ cán bộ của Sở Nội vụ"


@pytest.fixture
def approved(world, programme):  # noqa: F811
    """An approved task of hers with a goal of 13 houses, two milestones and a report at 60%."""
    today = timezone.localdate()
    cadre = world.users["cadre"]
    task = Task.objects.create(
        programme=programme,
        period=programme.periods.get(),
        title=TITLE,
        description="Vận động xã hội hóa, giám sát thi công.",
        deliverable="13 nhà bàn giao.",
        assignee_cadre=cadre.cadre,
        authority_unit=world.standing,
        author=cadre,
        status=TaskStatus.APPROVED,
        approved_on=datetime.date(today.year, 1, 1),
        start_date=datetime.date(today.year, 1, 1),
        deadline=datetime.date(today.year, 12, 31),
    )
    Target.objects.create(
        task=task, name="Nhà bàn giao", unit_of_measure="nhà", target_value=13, achieved_value=8
    )
    Milestone.objects.create(task=task, title="Khởi công toàn bộ 13 nhà", due_date=today)
    Milestone.objects.create(task=task, title="Bàn giao nhà", due_date=datetime.date(today.year, 12, 31))
    ProgressReport.objects.create(
        task=task,
        reported_on=today - datetime.timedelta(days=20),
        percent_done=60,
        narrative="Đã bàn giao 8/13 nhà.",
        author=cadre,
    )
    return task


@pytest.fixture(params=[1280, 390], ids=["desktop", "phone"])
def screen(request, browser):
    width = request.param
    if width == 390:
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    else:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page, width
    context.close()


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def open_menu(page, width: int, name: str) -> None:
    if width < 992:  # Bootstrap's lg: the menu is folded behind its button
        page.get_by_role("button", name="Mở trình đơn").click()
    page.locator("#mainnav").get_by_role("link", name=name).click()


def test_cadre_registers_reports_completes_undoes_and_self_assesses(
    world,
    approved,
    live_server,
    screen,
    shoot,
):
    page, width = screen
    year = timezone.localdate().year
    login(page, live_server, "canbo")

    # 1. she registers a task and sends it for approval
    if width < 992:
        page.get_by_role("button", name="Mở trình đơn").click()
    register(page, NEW, target=("Hồ sơ được số hóa", "hồ sơ", "1200"), year=year)
    fits(page, width)
    page.get_by_role("button", name="Lưu và gửi phê duyệt").click()
    expect(page.get_by_text("Đã lưu và gửi việc")).to_be_visible()
    assert Task.objects.get(title=NEW).status == TaskStatus.SUBMITTED
    shoot(page, f"cadre-{width}-01-registered")

    # 2. a report lower than the last one (60%) asks for the reason; what she typed is kept
    open_menu(page, width, "Việc của tôi")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Báo cáo tiến độ").click()
    expect(
        page.get_by_text("Bắt buộc khi tỷ lệ hoàn thành thấp hơn lần báo cáo trước (60%).")
    ).to_be_visible()
    page.get_by_label("Tỷ lệ hoàn thành (%)").fill("45")
    page.get_by_label("Kết quả thực hiện, nhận xét").fill("Bão số 3 làm sập 2 nhà đang xây.")
    page.get_by_label(re.compile("Nhà bàn giao — đã đạt")).fill("6")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("form .alert-danger")).to_contain_text(
        "Tiến độ thấp hơn lần báo cáo trước (60%): nêu lý do."
    )
    expect(page.get_by_label("Tỷ lệ hoàn thành (%)")).to_have_value("45")
    expect(page.get_by_label("Kết quả thực hiện, nhận xét")).to_have_value("Bão số 3 làm sập 2 nhà đang xây.")
    fits(page, width)
    shoot(page, f"cadre-{width}-02-reason-asked")
    page.get_by_label("Lý do tiến độ thấp hơn lần báo cáo trước").fill(
        "Hai nhà bị bão làm sập, phải xây lại."
    )
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo tiến độ.")).to_be_visible()
    reports = page.locator("#reports")
    expect(reports.get_by_text("Hai nhà bị bão làm sập, phải xây lại.")).to_be_visible()
    assert ProgressReport.objects.get(task=approved, percent_done=45).decrease_reason == (
        "Hai nhà bị bão làm sập, phải xây lại."
    )

    # 3. 100% while 6 of 13 houses are handed over: a warning to confirm, nothing sent until she does
    page.get_by_role("link", name="Báo cáo tiến độ").click()
    page.get_by_label("Tỷ lệ hoàn thành (%)").fill("100")
    page.get_by_label("Kết quả thực hiện, nhận xét").fill("Đã hoàn thành phần việc của Sở.")
    page.get_by_role("button", name="Gửi báo cáo").click()
    warning = page.locator("#contradiction")
    expect(warning).to_contain_text("Báo cáo hoàn thành 100% nhưng chỉ tiêu “Nhà bàn giao” mới đạt 6/13 nhà")
    expect(page.get_by_label("Tỷ lệ hoàn thành (%)")).to_have_value("100")
    assert ProgressReport.objects.filter(task=approved).count() == 2
    fits(page, width)
    shoot(page, f"cadre-{width}-03-contradiction-warning")
    page.get_by_label("Tôi xác nhận số liệu này").check()
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo tiến độ.")).to_be_visible()
    expect(reports.get_by_text("Người báo cáo đã xác nhận số liệu dù có cảnh báo:")).to_be_visible()
    assert "6/13 nhà" in ProgressReport.objects.get(task=approved, percent_done=100).confirmed_warning

    # 4. a milestone marked done through its confirmation page, then undone the same day
    plan = page.locator("#plan")
    first = plan.locator("tr", has_text="Khởi công toàn bộ 13 nhà")
    first.get_by_role("link", name="Đánh dấu hoàn thành").click()
    expect(page.get_by_role("heading", name="Xác nhận hoàn thành mốc")).to_be_visible()
    expect(page.locator("#milestone-title")).to_have_text("Khởi công toàn bộ 13 nhà")
    fits(page, width)
    shoot(page, f"cadre-{width}-04-confirm-milestone")
    page.get_by_role("button", name="Xác nhận hoàn thành mốc").click()
    expect(page.get_by_text("Đã ghi nhận hoàn thành mốc “Khởi công toàn bộ 13 nhà”.")).to_be_visible()
    today = f"{timezone.localdate():%d/%m/%Y}"
    expect(first).to_contain_text(f"✓ {today}")
    shoot(page, f"cadre-{width}-05-milestone-done")
    first.get_by_role("button", name="Hủy hoàn thành").click()
    expect(page.get_by_text("Đã hủy ghi nhận hoàn thành mốc “Khởi công toàn bộ 13 nhà”.")).to_be_visible()
    expect(first.get_by_role("link", name="Đánh dấu hoàn thành")).to_be_visible()
    expect(page.locator("#timeline").get_by_text("Mở lại mốc", exact=True)).to_be_visible()
    milestone = Milestone.objects.get(task=approved, title="Khởi công toàn bộ 13 nhà")
    assert milestone.done_on is None
    assert approved.events.filter(kind=TaskEventKind.MILESTONE_REOPENED, actor=world.users["cadre"]).exists()
    assert milestone.history.count() == 3  # created, completed, undone

    # 5. she self-assesses, with no grade chosen for her
    expect(page.get_by_label("Tự đánh giá mức độ hoàn thành")).to_have_value("")
    page.get_by_label("Tự đánh giá mức độ hoàn thành").select_option(label="Hoàn thành")
    page.get_by_label("Tự nhận xét, đánh giá").fill("Hoàn thành 6/13 nhà, phần còn lại chuyển năm sau.")
    page.get_by_role("button", name="Gửi tự đánh giá").click()
    expect(page.get_by_text("Đã gửi tự đánh giá.")).to_be_visible()
    fits(page, width)
    shoot(page, f"cadre-{width}-06-self-assessed")
    assert Evaluation.objects.get(task=approved).self_grade == "completed"
