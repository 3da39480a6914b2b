"""The statistics journey in Chromium: the board's dashboard with its charts, two drill-downs to a unit,
then a cadre and a task, the Word report and the Excel annex downloaded and opened, and the dashboard on a
phone. No Content-Security-Policy violation on the way (the charts come from static files)."""

import re

import docx
import openpyxl
import pytest
from playwright.sync_api import expect

from dotpha.reports.tests.factories import build_year
from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_csp(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def saved(download, folder):
    """The downloaded file under its own name (openpyxl goes by the extension)."""
    path = folder / download.suggested_filename
    download.save_as(path)
    return path


def test_organizer_reads_the_dashboard_drills_down_and_downloads(world, live_server, page, shoot, tmp_path):
    year = build_year(world)
    problems = watch_csp(page)
    login(page, live_server, "tochuc")
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()

    # the board's dashboard, on the year's period
    page.goto(f"{live_server.url}/reports/?period={year.period.pk}")
    expect(page).to_have_url(re.compile(r"/reports/board/"))
    expect(page.get_by_role("heading", name="Thống kê việc đột phá, đổi mới toàn tỉnh")).to_be_visible()
    expect(page.locator('[data-figure="approved"]')).to_have_text("244")
    expect(page.locator('[data-figure="excellent"]')).to_have_text("81")
    expect(page.locator('[data-figure="ahead"]')).to_have_text("11")
    expect(page.locator('[data-chart="units"] canvas').first).to_be_visible()
    expect(page.locator('[data-chart="trend"] canvas').first).to_be_visible()
    shoot(page, "20-dashboard-board")

    # first drill-down: the province's people's committee
    page.locator('[data-table="units"]').get_by_role("link", name="Ủy ban nhân dân tỉnh").click()
    expect(page.get_by_role("heading", name="Thống kê việc đột phá, đổi mới")).to_be_visible()
    expect(page.get_by_text("Ủy ban nhân dân tỉnh ·")).to_be_visible()
    shoot(page, "21-dashboard-people-committee")

    # second drill-down: the department, with its cadres
    page.locator('[data-table="units"]').get_by_role("link", name="Sở Nội vụ").click()
    expect(page.locator('[data-table="cadres"]')).to_be_visible()
    shoot(page, "22-dashboard-department")

    # a cadre, then one of their tasks
    page.locator('[data-drill="cadre"]').first.click()
    expect(page.get_by_role("heading", name=re.compile("Tổng số việc — "))).to_be_visible()
    count = int(page.locator('[data-figure="count"]').inner_text())
    expect(page.locator('[data-drill="task"]')).to_have_count(count)
    shoot(page, "23-drill-cadre-tasks")
    page.locator('[data-drill="task"]').first.click()
    expect(page).to_have_url(re.compile(r"/tasks/\d+/$"))
    shoot(page, "24-task")

    # the Excel annex of the whole province, downloaded and opened
    page.goto(f"{live_server.url}/reports/board/?period={year.period.pk}")
    with page.expect_download() as info:
        page.get_by_role("link", name="Phụ lục theo cán bộ").click()
    annex = openpyxl.load_workbook(saved(info.value, tmp_path), read_only=True)
    rows = list(annex["Theo cán bộ"].iter_rows(values_only=True))
    assert sum(1 for r in rows if r[0] and "." in str(r[0])) == 244

    # the Word report, with the office's number, downloaded and opened
    page.get_by_role("link", name="Báo cáo Word, PDF").click()
    page.get_by_label("Số, ký hiệu").fill("125-BC/BTCTU")
    shoot(page, "25-report-page")
    with page.expect_download() as info:
        page.get_by_role("button", name="Tải báo cáo Word").click()
    assert info.value.suggested_filename.endswith(".docx")
    document = docx.Document(saved(info.value, tmp_path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Có 81/244 việc hoàn thành xuất sắc" in text
    assert "Số 125-BC/BTCTU" in document.tables[0].rows[0].cells[0].text
    assert problems == []


def test_the_dashboard_on_a_phone(world, live_server, browser, shoot):
    year = build_year(world)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    problems = watch_csp(page)
    login(page, live_server, "tochuc")
    page.goto(f"{live_server.url}/reports/board/?period={year.period.pk}")
    expect(page.locator('[data-figure="approved"]')).to_have_text("244")
    expect(page.locator('[data-chart="units"] canvas').first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page must not scroll sideways on a phone; wide tables scroll inside their frame"
    shoot(page, "26-dashboard-phone")
    # printed, the figures stay and the page furniture goes
    page.emulate_media(media="print")
    expect(page.locator("form[role=search]")).to_be_hidden()
    expect(page.locator('[data-table="units"]')).to_be_visible()
    assert problems == []
    context.close()
