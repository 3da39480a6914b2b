"""The year-end grading sheet in chromium, at 1280 px and at 390 px: the standing committee's approver opens
the period's sheet from the menu, grades the tasks in one pass, saves a draft, is refused on confirming a
"good" for a task reported at 60% without a reason (the sheet keeps what was typed), gives the reason,
confirms and locks the sheet, and downloads it in Excel for the meeting."""

import datetime
import io
import re

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dotpha.org.models import Cadre
from dotpha.programmes.models import Grade
from dotpha.programmes.tests.factories import PeriodFactory, ProgrammeFactory
from dotpha.tasks.models import Evaluation, GradingSheet, GradingSheetStatus, TaskOrigin, TaskStatus
from dotpha.tasks.selectors import grading as grading_selectors
from dotpha.tasks.tests.factories import ProgressReportFactory, TaskFactory
from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DONE = "Số hóa 100% hồ sơ đảng viên của Sở Nội vụ"
PARTLY = "Giải quyết dứt điểm 45 hồ sơ tồn đọng về chế độ chính sách"
BUDGET = "Tiết kiệm 10% chi thường xuyên của Sở Tài chính"


@pytest.fixture
def tasks(world):
    """Three approved tasks of this year under the standing committee, reported and self-assessed."""
    year = timezone.localdate().year
    programme = ProgrammeFactory.create(number="30-QĐ/TU", issuing_unit=world.standing)
    period = PeriodFactory.create(
        programme=programme,
        name=str(year),
        start_date=datetime.date(year, 1, 1),
        end_date=datetime.date(year, 12, 31),
    )
    made = []
    for title, cadre_name, percent in (
        (DONE, "Đặng Thị Hạnh", 100),
        (PARTLY, "Đặng Thị Hạnh", 60),
        (BUDGET, "Trần Quang Minh", 100),
    ):
        task = TaskFactory.create(
            programme=programme,
            period=period,
            title=title,
            assignee_cadre=Cadre.objects.get(full_name=cadre_name),
            author=world.users["organizer"],
            origin=TaskOrigin.ASSIGNED,
            authority_unit=world.standing,
            status=TaskStatus.APPROVED,
            approved_on=datetime.date(year, 1, 1),
            start_date=datetime.date(year, 1, 1),
            deadline=datetime.date(year, 12, 31),
        )
        ProgressReportFactory.create(
            task=task,
            reported_on=datetime.date(year, 1, 2),
            percent_done=percent,
            author=world.users["cadre"],
        )
        Evaluation.objects.create(
            task=task,
            self_grade=Grade.GOOD,
            self_assessment=f"Tự đánh giá: đạt {percent}% khối lượng.",
            self_assessed_by=world.users["cadre"],
        )
        made.append(task)
    return made


def open_menu(page, name: str, phone: bool) -> None:
    if phone:
        page.get_by_role("button", name="Mở trình đơn").click()
    page.locator("#mainnav").get_by_role("link", name=name).click()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_evaluator_grades_a_period_in_one_pass(world, tasks, live_server, page, shoot, width):
    phone = width < 768
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "thuongtruc")
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()

    # 1. the sheet of the period, from the menu: every task, nothing pre-selected
    open_menu(page, "Đánh giá cuối năm", phone)
    expect(page.get_by_text("0/3 việc đã đánh giá")).to_be_visible()
    page.locator("[data-sheet]").first.click()
    expect(page.get_by_role("heading", name=re.compile("Bảng đánh giá cuối năm — kỳ"))).to_be_visible()
    expect(page.locator("tr[data-task]")).to_have_count(3)
    expect(page.get_by_text("Tự đánh giá: đạt 60% khối lượng.")).to_be_visible()
    for title in (DONE, PARTLY, BUDGET):
        expect(page.get_by_label(f"Mức đánh giá: {title}")).to_have_value("")
    # the page fits the screen: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shoot(page, f"grading-01-sheet-{width}")

    # 2. a draft: two rows graded, kept, but no task is evaluated yet
    page.get_by_label(f"Mức đánh giá: {DONE}").select_option(label="Hoàn thành xuất sắc")
    page.get_by_label(f"Nhận xét: {DONE}").fill("Vượt tiến độ, làm mẫu cho các sở.")
    page.get_by_label(f"Mức đánh giá: {BUDGET}").select_option(label="Hoàn thành")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu nháp bảng đánh giá")).to_be_visible()
    expect(page.locator("[data-sheet-status=draft]")).to_contain_text("đã chấm 2 việc")
    expect(page.get_by_label(f"Mức đánh giá: {DONE}")).to_have_value("excellent")
    assert set(Evaluation.objects.values_list("grade", flat=True)) == {""}
    shoot(page, f"grading-02-draft-{width}")

    # 3. confirming "good" for the task reported at 60% without a reason: refused, nothing recorded, kept
    page.get_by_label(f"Mức đánh giá: {PARTLY}").select_option(label="Hoàn thành tốt")
    page.get_by_role("button", name="Xác nhận và khóa").click()
    expect(page.locator(".alert-danger").first).to_contain_text(f"Việc “{PARTLY}”")
    expect(page.locator(".alert-danger").first).to_contain_text("mới đạt 60%")
    expect(page.get_by_label(f"Mức đánh giá: {PARTLY}")).to_have_value("good")
    expect(page.get_by_label(f"Nhận xét: {DONE}")).to_have_value("Vượt tiến độ, làm mẫu cho các sở.")
    assert set(Evaluation.objects.values_list("grade", flat=True)) == {""}
    shoot(page, f"grading-03-refused-{width}")

    # 4. with the reason, the sheet is confirmed: every graded task evaluated, the sheet locked
    page.get_by_label(f"Nhận xét: {PARTLY}").fill("Khối lượng lớn, đã tháo gỡ được các hồ sơ khó nhất.")
    page.get_by_role("button", name="Xác nhận và khóa").click()
    expect(page.get_by_text("Đã xác nhận và khóa bảng đánh giá")).to_be_visible()
    expect(page.locator("[data-sheet-status=confirmed]")).to_be_visible()
    expect(page.get_by_text(re.compile("^Đã đánh giá:"))).to_have_count(3)
    expect(page.get_by_role("button", name="Xác nhận và khóa")).to_have_count(0)
    assert dict(Evaluation.objects.values_list("task__title", "grade")) == {
        DONE: Grade.EXCELLENT,
        PARTLY: Grade.GOOD,
        BUDGET: Grade.COMPLETED,
    }
    assert GradingSheet.objects.get().status == GradingSheetStatus.CONFIRMED
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shoot(page, f"grading-04-confirmed-{width}")

    # 5. the sheet in Excel for the meeting
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bảng Excel").click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    rows = [[c.value for c in row] for row in book.active.iter_rows()]
    header = next(r for r in rows if r[0] == "STT")
    lines = {r[2]: dict(zip(header, r, strict=True)) for r in rows if r[2] in (DONE, PARTLY, BUDGET)}
    assert lines[PARTLY]["Kết quả đánh giá"] == "Hoàn thành tốt"
    assert lines[PARTLY]["Báo cáo gần nhất (%)"] == 60
    assert lines[DONE]["Nhận xét"] == "Vượt tiến độ, làm mẫu cho các sở."


def test_a_sheet_longer_than_a_page_is_graded_page_by_page_on_a_phone(
    world, tasks, live_server, page, shoot, monkeypatch
):
    """A district's sheet holds hundreds of tasks: here two a page. Going to page 2 saves page 1's draft; the
    confirmation from page 2 evaluates the grades of both pages."""
    monkeypatch.setattr(grading_selectors, "SHEET_PAGE", 2)
    page.set_viewport_size({"width": 390, "height": 900})
    login(page, live_server, "thuongtruc")
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    open_menu(page, "Đánh giá cuối năm", phone=True)
    page.locator("[data-sheet]").first.click()
    rows = page.locator("tr[data-task] td:nth-child(2) a")
    expect(rows).to_have_count(2)
    expect(page.get_by_text("Việc 1–2.")).to_be_visible()
    first_page = rows.all_inner_texts()
    graded_first = next(title for title in (DONE, BUDGET) if title in first_page)  # reported at 100%
    page.get_by_label(f"Mức đánh giá: {graded_first}").select_option(label="Hoàn thành xuất sắc")
    page.get_by_role("button", name="2", exact=True).click()

    # page 2: the third task; page 1's grade was saved on the way
    expect(page.get_by_text("Đã lưu nháp bảng đánh giá")).to_be_visible()
    expect(rows).to_have_count(1)
    [last] = rows.all_inner_texts()
    assert last not in first_page
    expect(page.locator("[data-sheet-status=draft]")).to_contain_text("đã chấm 1 việc")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shoot(page, "grading-05-second-page-390")
    page.get_by_label(f"Mức đánh giá: {last}").select_option(label="Hoàn thành")
    page.get_by_label(f"Nhận xét: {last}").fill("Đạt yêu cầu; phần còn lại chuyển kỳ sau.")
    page.get_by_role("button", name="Xác nhận và khóa").click()
    expect(page.get_by_text("Đã xác nhận và khóa bảng đánh giá")).to_be_visible()
    ungraded = next(t for t in first_page if t != graded_first)
    assert dict(Evaluation.objects.values_list("task__title", "grade")) == {
        graded_first: Grade.EXCELLENT,
        ungraded: "",
        last: Grade.COMPLETED,
    }
    # locked: the pager only shows the pages
    page.get_by_role("link", name="1", exact=True).click()
    expect(page.get_by_text(re.compile("^Đã đánh giá:"))).to_have_count(1)
