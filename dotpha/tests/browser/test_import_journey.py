"""The task-list import in chromium on the demo province: the organizer is told at once that only the
standing committee's approvers import lists approved by its decisions; the approver uploads an annex with a
name missing one tone mark, answers "có phải…?", acknowledges a post that differs from the system's, commits,
and importing the same file again (by the worker, the bound of the import in the request lowered) writes
nothing more: every row "đã có"."""

import datetime
import io
import re
import unicodedata

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from dotpha.demo.province import DEMO_PASSWORD
from dotpha.imports.models import TaskImportJob
from dotpha.imports.tasks import run_task_import_job
from dotpha.org.models import Appointment, Cadre
from dotpha.programmes.models import Decision, Period, PeriodKind
from dotpha.tasks.models import Task
from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
NEAR_TITLE = "Số hóa hồ sơ thủ tục hành chính"
POST_TITLE = "Rút ngắn thời gian giải quyết hồ sơ"


def without_one_tone(name: str) -> str:
    """The name with its first tone mark dropped: "Trần Bích Hương" -> "Tran Bích Hương"."""
    letters = unicodedata.normalize("NFD", name)
    for index, char in enumerate(letters):
        if char in TONES:
            return unicodedata.normalize("NFC", letters[:index] + letters[index + 1 :])
    return name


def department_cadres() -> list[Cadre]:
    """Cadres managed by the standing committee with a current post in a department, each name once."""
    posts = Appointment.objects.filter(
        end_date__isnull=True,
        unit__kind__code="department",
        cadre__managing_unit__name="Ban Thường vụ Tỉnh ủy",
    ).select_related("cadre")
    cadres = {a.cadre.pk: a.cadre for a in posts.order_by("cadre_id")}
    names = [c.full_name for c in Cadre.objects.all()]
    return [c for c in cadres.values() if names.count(c.full_name) == 1]


def annex(near: Cadre, other: Cadre) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    sheet.append(["DANH SÁCH GIAO VIỆC ĐỘT PHÁ, ĐỔI MỚI NĂM 2026"])
    sheet.append(
        ["STT", "Tên việc đột phá, đổi mới", "Họ và tên", "Chức vụ", "Thời hạn hoàn thành", "Sản phẩm"]
    )
    sheet.append([1, NEAR_TITLE, without_one_tone(near.full_name), None, "Quý IV/2026", "Kho hồ sơ số"])
    sheet.append([2, POST_TITLE, other.full_name, "Chủ tịch Ủy ban nhân dân xã", "30/09/2026", "Quy trình"])
    sheet.append([None, "Nơi nhận:", None, "T/M BAN THƯỜNG VỤ"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sign_in(page, live_server, username: str) -> None:
    login(page, live_server, username, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()


def upload(page, live_server, data: bytes, period: Period, decision: Decision | None) -> None:
    page.goto(f"{live_server.url}/imports/tasks/")
    page.get_by_label("Chương trình, kỳ").select_option(value=str(period.pk))
    if decision is None:
        page.get_by_label("Số quyết định mới").fill("125-QĐ/TU")
        page.get_by_label("Ngày ký quyết định mới").fill("01/03/2026")
    else:
        page.get_by_label("Quyết định phê duyệt").select_option(value=str(decision.pk))
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(
        files=[{"name": "phu-luc.xlsx", "mimeType": XLSX, "buffer": data}]
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_role("heading", name="Nhập danh sách giao việc: xem trước")).to_be_visible()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_approver_answers_the_questions_commits_and_a_second_import_writes_nothing(
    demo, live_server, browser, shoot, width, settings
):
    near, other = department_cadres()[:2]
    period = Period.objects.get(
        programme__number="45-QĐ/TU", kind=PeriodKind.YEAR, start_date=datetime.date(2026, 1, 1)
    )
    data = annex(near, other)
    phone = {"is_mobile": True, "has_touch": True} if width < 600 else {}
    page = browser.new_context(viewport={"width": width, "height": 900}, **phone).new_page()

    # the organizer runs the programme but signs no decision: told so on arrival, with no file field
    sign_in(page, live_server, "tochuc")
    page.goto(f"{live_server.url}/imports/tasks/")
    expect(
        page.get_by_text(re.compile("Tài khoản của bạn không ban hành quyết định phê duyệt"))
    ).to_be_visible()
    expect(page.get_by_label("Tệp Excel (.xlsx)")).to_have_count(0)

    page.context.clear_cookies()
    sign_in(page, live_server, "thuongtruc")
    before = Task.objects.count()
    upload(page, live_server, data, period, None)

    # the name missing a tone mark is not taken: the page asks, and the post in the file is a warning
    expect(page.get_by_text(re.compile("đúng dấu — có phải người dưới đây"))).to_be_visible()
    page.locator("select[name='choice-3']").select_option(value=str(near.pk))
    warning = page.locator("[data-warnings]")
    expect(warning).to_contain_text(other.full_name)
    shoot(page, f"import-preview-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scrolling"
    page.get_by_label("Tôi đã xem các cảnh báo trên và vẫn nhập đúng người như đã chọn").check()
    page.get_by_role("button", name="Nhập vào hệ thống").click()

    expect(page.get_by_text(re.compile("Đã nhập xong tệp “phu-luc.xlsx”. Đã tạo 2 việc"))).to_be_visible()
    made = Task.objects.filter(title__in=[NEAR_TITLE, POST_TITLE]).order_by("title")
    assert [(t.title, t.assignee_cadre_id, t.deadline_wording) for t in made] == [
        (POST_TITLE, other.pk, "30/09/2026"),
        (NEAR_TITLE, near.pk, "Quý IV/2026"),
    ]
    assert Task.objects.count() == before + 2

    # the same file again under the decision just made, with the bound of the import in the request
    # lowered to one row: the worker imports it; once the name is answered, every row "đã có"
    settings.DOTPHA_IMPORT_INLINE_ROWS = 1
    decision = Decision.objects.get(number="125-QĐ/TU")
    upload(page, live_server, data, period, decision)
    page.locator("select[name='choice-3']").select_option(value=str(near.pk))
    page.get_by_role("button", name="Nhập vào hệ thống").click()
    expect(page.get_by_text(re.compile("Đang chờ…"))).to_be_visible()
    job = TaskImportJob.objects.get()
    job_url = page.url
    page.goto("about:blank")  # the page's polling stays off the database while the job writes
    assert run_task_import_job.call(str(job.pk)) == "done"
    page.goto(job_url)
    expect(page.get_by_text(re.compile("Đã tạo 0 việc.*Bỏ qua 2 việc đã có"))).to_be_visible()
    assert Task.objects.count() == before + 2
