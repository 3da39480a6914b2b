"""The breakthrough-task journey in chromium: a cadre registers two tasks; the approver returns one and
approves the other under a numbered batch decision; the cadre revises and resubmits, reports progress with
an attachment and raises an obstacle; the approver answers it and grades the task."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dotpha.programmes.models import Field
from dotpha.programmes.tests.factories import PeriodFactory, ProgrammeFactory
from dotpha.tasks.models import Evaluation, Obstacle, ObstacleStatus, Task, TaskStatus
from dotpha.tasks.tests.evidence_samples import pdf_bytes
from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = pdf_bytes()
FIRST = "Số hóa 100% hồ sơ đảng viên của Sở Nội vụ"
SECOND = "Giải quyết dứt điểm 45 hồ sơ tồn đọng về chế độ chính sách"


@pytest.fixture
def programme(world):
    """Quy định 30-QĐ/TU of the standing committee, this year's period open for registration."""
    today = timezone.localdate()
    programme = ProgrammeFactory.create(
        number="30-QĐ/TU",
        issuing_unit=world.standing,
        registration_opens=today - datetime.timedelta(days=30),
        registration_closes=today + datetime.timedelta(days=30),
    )
    PeriodFactory.create(
        programme=programme,
        name=str(today.year),
        start_date=datetime.date(today.year, 1, 1),
        end_date=datetime.date(today.year, 12, 31),
    )
    # the transactional flush of earlier browser tests empties the seeded fields
    Field.objects.get_or_create(code="chuyen-doi-so", defaults={"name": "Chuyển đổi số", "rank": 1})
    return programme


def relogin(page, live_server, username: str) -> None:
    # leave the page first: a request it still has in flight (the bell's refresh, the offline queue's check)
    # would answer with the previous person's session cookie after it was cleared
    page.goto("about:blank")
    page.context.clear_cookies()
    login(page, live_server, username)
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()


def menu(page, name: str) -> None:
    page.locator("#mainnav").get_by_role("link", name=name).click()


def register(page, title: str, *, target: tuple[str, str, str], year: int) -> None:
    menu(page, "Việc của tôi")
    page.get_by_role("link", name="Đăng ký việc mới").click()
    expect(page.get_by_role("heading", name="Đăng ký việc mới")).to_be_visible()
    page.get_by_label("Chương trình").select_option(index=1)
    page.get_by_label("Kỳ thực hiện").select_option(index=1)
    page.get_by_label("Lĩnh vực").select_option(label="Chuyển đổi số")
    page.get_by_label("Tên việc (rõ việc)").fill(title)
    page.get_by_label("Nội dung, giải pháp thực hiện").fill("Rà soát, phân loại, xử lý theo từng nhóm hồ sơ.")
    page.get_by_label("Ngày bắt đầu").fill(f"01/02/{year}")
    page.get_by_label("Thời hạn hoàn thành (rõ tiến độ)").fill(f"31/12/{year}")
    page.get_by_label("Sản phẩm (rõ hiệu quả)").fill("Báo cáo kết quả kèm danh mục hồ sơ đã xử lý.")
    page.locator('[name="milestones-0-title"]').fill("Hoàn thành rà soát, phân loại")
    page.locator('[name="milestones-0-due_date"]').fill(f"30/06/{year}")
    name, unit, value = target
    page.locator('[name="targets-0-name"]').fill(name)
    page.locator('[name="targets-0-unit_of_measure"]').fill(unit)
    page.locator('[name="targets-0-target_value"]').fill(value)


def test_register_approve_report_and_grade(world, programme, live_server, page, shoot):
    year = timezone.localdate().year

    # 1. the cadre registers two tasks and sends them for approval
    login(page, live_server, "canbo")
    register(page, FIRST, target=("Hồ sơ được số hóa", "hồ sơ", "1200"), year=year)
    shoot(page, "tasks-01-register-form")
    page.get_by_role("button", name="Lưu và gửi phê duyệt").click()
    expect(page.get_by_text("Đã lưu và gửi việc")).to_be_visible()
    expect(page.get_by_role("heading", name=FIRST)).to_be_visible()
    expect(page.locator("[data-status=submitted]").first).to_be_visible()
    shoot(page, "tasks-02-first-task-sent")
    register(page, SECOND, target=("Hồ sơ được giải quyết", "hồ sơ", "45"), year=year)
    page.get_by_role("button", name="Lưu và gửi phê duyệt").click()
    expect(page.get_by_text("Đã lưu và gửi việc")).to_be_visible()
    menu(page, "Việc của tôi")
    expect(page.get_by_role("link", name=FIRST)).to_be_visible()
    expect(page.get_by_role("link", name=SECOND)).to_be_visible()
    shoot(page, "tasks-03-my-tasks-sent")

    # 2. the standing committee's approver returns the first and approves the second under a decision
    relogin(page, live_server, "thuongtruc")
    menu(page, "Chờ phê duyệt")
    expect(page.locator("[data-figure=queue]")).to_have_text("2")
    shoot(page, "tasks-04-approval-queue")
    first = page.locator("tr", has_text=FIRST)
    first.get_by_role("link", name="Trả lại hoặc không phê duyệt").click()  # opens the one review form
    first.get_by_label("Ý kiến (bắt buộc khi trả lại hoặc không phê duyệt)").fill(
        "Đề nghị nêu rõ số hồ sơ của từng chi bộ."
    )
    first.get_by_role("button", name="Trả lại để hoàn thiện").click()
    expect(page.get_by_text(f"Đã trả lại việc “{FIRST}” để hoàn thiện.")).to_be_visible()
    page.locator("tr", has_text=SECOND).get_by_role("checkbox").check()
    page.get_by_label("Số quyết định", exact=True).fill("125-QĐ/TU")
    expect(page.get_by_label("Đợt")).to_have_value("1")
    shoot(page, "tasks-05-batch-decision")
    page.get_by_role("button", name="Phê duyệt các việc đã chọn").click()
    expect(page.locator("[data-figure=batch]")).to_contain_text("1 việc, 1 cán bộ")
    page.get_by_role("button", name="Xác nhận phê duyệt 1 việc").click()
    expect(page.get_by_text(re.compile(r"Đã phê duyệt 1 việc theo Quyết định 125-QĐ/TU"))).to_be_visible()
    expect(page.locator("[data-figure=queue]")).to_have_text("0")
    shoot(page, "tasks-06-batch-approved")
    second = Task.objects.get(title=SECOND)
    assert second.status == TaskStatus.APPROVED
    assert second.decision is not None and second.decision.title == "Quyết định phê duyệt đợt 1"

    # 3. the cadre revises the returned task and sends it again
    relogin(page, live_server, "canbo")
    menu(page, "Việc của tôi")
    drafts = page.locator("#drafts")
    expect(drafts.get_by_text("Đề nghị nêu rõ số hồ sơ của từng chi bộ.")).to_be_visible()
    shoot(page, "tasks-07-returned-task")
    drafts.get_by_role("link", name="Sửa").click()
    page.get_by_label("Nội dung, giải pháp thực hiện").fill(
        "Số hóa 1.200 hồ sơ: chi bộ Văn phòng 400, chi bộ Công chức 500, chi bộ Thanh tra 300."
    )
    shoot(page, "tasks-08-revise")
    page.get_by_role("button", name="Lưu và gửi phê duyệt").click()
    expect(page.get_by_text("Đã lưu và gửi việc")).to_be_visible()
    assert Task.objects.get(title=FIRST).status == TaskStatus.SUBMITTED

    # 4. she reports progress on the approved task with a file, raises an obstacle, self-assesses
    menu(page, "Việc của tôi")
    page.get_by_role("link", name=SECOND).click()
    # the milestone first (a 100% report with a milestone still open would need confirming)
    page.get_by_role("link", name="Đánh dấu hoàn thành").click()
    page.get_by_role("button", name="Xác nhận hoàn thành mốc").click()
    expect(page.get_by_text("Đã ghi nhận hoàn thành mốc")).to_be_visible()
    page.get_by_role("link", name="Báo cáo tiến độ").click()
    page.get_by_label("Tỷ lệ hoàn thành (%)").fill("100")
    page.get_by_label("Kết quả thực hiện, nhận xét").fill("Đã giải quyết xong 45/45 hồ sơ.")
    page.get_by_label(re.compile("Hồ sơ được giải quyết — đã đạt")).fill("45")
    page.get_by_label("Tệp minh chứng").set_input_files(
        {"name": "Biên bản kiểm tra.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    shoot(page, "tasks-09-progress-report")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo tiến độ.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Biên bản kiểm tra.pdf").click()
    assert download.value.suggested_filename == "Biên bản kiểm tra.pdf"
    page.get_by_text("Nêu khó khăn, vướng mắc").click()
    page.get_by_label("Khó khăn, vướng mắc").fill("Một số hồ sơ thiếu quyết định gốc, cần xác minh.")
    page.get_by_label("Kiến nghị, đề xuất").fill("Đề nghị Văn phòng Tỉnh ủy hỗ trợ tra cứu lưu trữ.")
    page.get_by_role("button", name="Gửi cấp có thẩm quyền").click()
    expect(page.get_by_text("Đã gửi khó khăn, vướng mắc tới cấp có thẩm quyền.")).to_be_visible()
    expect(page.get_by_label("Tự đánh giá mức độ hoàn thành")).to_have_value("")  # nothing pre-selected
    page.get_by_label("Tự đánh giá mức độ hoàn thành").select_option(label="Hoàn thành xuất sắc")
    page.get_by_label("Tự nhận xét, đánh giá").fill("Hoàn thành vượt tiến độ, đúng chỉ tiêu.")
    page.get_by_role("button", name="Gửi tự đánh giá").click()
    expect(page.get_by_text("Đã gửi tự đánh giá.")).to_be_visible()
    shoot(page, "tasks-10-reported-and-obstacle")

    # 5. the approver answers the obstacle and grades the task
    relogin(page, live_server, "thuongtruc")
    menu(page, "Chờ phê duyệt")
    expect(page.locator("tr", has_text=FIRST)).to_be_visible()  # the revised task is back
    page.get_by_role("link", name=SECOND).click()
    page.get_by_label("Trả lời, chỉ đạo").fill("Giao Văn phòng Tỉnh ủy phối hợp tra cứu trong tháng.")
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.get_by_text("Đã trả lời khó khăn, vướng mắc.")).to_be_visible()
    expect(page.get_by_label("Kết quả đánh giá")).to_have_value("")  # nothing pre-selected
    page.get_by_label("Kết quả đánh giá").select_option(label="Hoàn thành xuất sắc")
    page.get_by_label("Hoàn thành trước kế hoạch").check()
    page.get_by_label("Nhận xét của cấp đánh giá").fill("Đề nghị biểu dương.")
    page.get_by_role("button", name="Ghi kết quả đánh giá").click()
    expect(page.get_by_text("Đã đánh giá kết quả việc.")).to_be_visible()
    expect(page.locator("[data-grade=excellent]")).to_be_visible()
    timeline = page.locator("#timeline")
    for step in ("Lập việc", "Gửi phê duyệt", "Phê duyệt", "Báo cáo tiến độ", "Trả lời khó khăn, vướng mắc"):
        expect(timeline.get_by_text(step, exact=True).first).to_be_visible()
    expect(timeline.get_by_text("Quyết định số 125-QĐ/TU")).to_be_visible()
    shoot(page, "tasks-11-graded")
    assert Obstacle.objects.get().status == ObstacleStatus.ANSWERED
    evaluation = Evaluation.objects.get(task=second)
    assert (evaluation.grade, evaluation.ahead_of_plan) == ("excellent", True)


def test_my_tasks_and_a_task_page_on_a_phone(world, programme, live_server, browser, shoot):
    today = timezone.localdate()
    cadre = world.users["cadre"]
    task = Task.objects.create(
        programme=programme,
        period=programme.periods.get(),
        title="Xây 13 nhà Đại đoàn kết cho hộ nghèo",
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
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    login(page, live_server, "canbo")
    page.get_by_role("button", name="Mở trình đơn").click()
    page.locator("#mainnav").get_by_role("link", name="Việc của tôi").click()
    expect(page.get_by_role("link", name=re.compile("Xây 13 nhà"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "tasks-12-phone-my-tasks")
    page.get_by_role("link", name=re.compile("Xây 13 nhà")).click()
    expect(page.get_by_role("heading", name=task.title)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "tasks-13-phone-task-page")
    context.close()
