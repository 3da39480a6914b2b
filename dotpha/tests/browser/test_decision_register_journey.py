"""The decision register in chromium, at 1280 px and at 390 px: `tochuc` opens the register from the menu,
opens a decision and downloads its annex in Word and in Excel; `thuongtruc` approves one task on its page
under a decision number typed there, and the task then shows its decision; then uploads the signed scan of
the first decision, which locks it, starts a decision amending it and approves a late task under that."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from dotpha.org.models import Cadre
from dotpha.programmes.services import decision_create
from dotpha.programmes.tests.factories import PeriodFactory, ProgrammeFactory
from dotpha.tasks.models import Task, TaskStatus
from dotpha.tasks.services import decision_approve_batch
from dotpha.tasks.tests.evidence_samples import pdf_bytes
from dotpha.tasks.tests.factories import TaskFactory
from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
WAITING = "Chuẩn hóa 100% hồ sơ cán bộ diện Ban Thường vụ quản lý"
LATE = "Rút ngắn 30% thời gian giải quyết thủ tục hành chính"


@pytest.fixture
def decision(world):
    """125-QĐ/TU signed on the period's first day, two tasks; and one task still waiting for approval."""
    year = timezone.localdate().year
    programme = ProgrammeFactory.create(number="30-QĐ/TU", issuing_unit=world.standing)
    period = PeriodFactory.create(
        programme=programme,
        name=str(year),
        start_date=datetime.date(year, 1, 1),
        end_date=datetime.date(year, 12, 31),
    )

    def task(name: str, title: str, status: str = TaskStatus.SUBMITTED) -> Task:
        return TaskFactory.create(
            programme=programme,
            period=period,
            assignee_cadre=Cadre.objects.get(full_name=name),
            author=world.users["cadre"],
            authority_unit=world.standing,
            status=status,
            title=title,
            start_date=datetime.date(year, 1, 1),
            deadline=datetime.date(year, 12, 31),
        )

    approver = world.users["approver"]
    decision = decision_create(
        actor=approver,
        programme=programme,
        period=period,
        number="125-QĐ/TU",
        title=f"Quyết định phê duyệt việc đột phá, đổi mới năm {year} (đợt 1)",
        signed_on=datetime.date(year, 1, 1),
        signer_name="Lê Thị Thu",
        signer_post="Phó Bí thư Thường trực Tỉnh ủy",
        recipients="Như Điều 2\nLưu Văn phòng Tỉnh ủy",
    )
    tasks = [
        task("Đặng Thị Hạnh", "Số hóa 100% hồ sơ đảng viên"),
        task("Trần Quang Minh", "Giải ngân 95% vốn đầu tư công"),
    ]
    decision_approve_batch(actor=approver, tasks=tasks, decision=decision)
    task("Đặng Thị Hạnh", WAITING)
    task("Trần Quang Minh", LATE)
    return decision


def open_menu(page, width: int, name: str) -> None:
    if width < 992:  # the bar folds behind its toggler on a phone
        page.locator(".navbar-toggler").click()
    page.locator("#mainnav").get_by_role("button", name="Quản lý").click()
    page.locator("#mainnav").get_by_role("link", name=name).click()


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1


@pytest.mark.parametrize("screen", WIDTHS)
def test_the_register_its_annex_and_an_approval_under_a_typed_decision(
    world, decision, live_server, page, shoot, screen
):
    width, height = WIDTHS[screen]
    page.set_viewport_size({"width": width, "height": height})
    year = decision.signed_on.year

    # 1. the organisation board opens the register and the decision
    login(page, live_server, "tochuc")
    open_menu(page, width, "Quyết định phê duyệt")
    expect(page.get_by_role("heading", name="Quyết định phê duyệt")).to_be_visible()
    item = page.locator(f"[data-decision='{decision.pk}']")
    expect(item).to_contain_text(f"Quyết định số 125-QĐ/TU ngày 01/01/{year}")
    expect(item).to_contain_text("phê duyệt 2 việc cho 2 cán bộ")
    expect(item).to_contain_text("Lê Thị Thu (Phó Bí thư Thường trực Tỉnh ủy)")
    no_sideways_scroll(page)
    shoot(page, f"decisions-01-register-{screen}")
    item.get_by_role("link", name="Quyết định số 125-QĐ/TU").click()
    expect(page.get_by_role("heading", name=f"Quyết định số 125-QĐ/TU ngày 01/01/{year}")).to_be_visible()
    expect(page.get_by_role("link", name="Số hóa 100% hồ sơ đảng viên")).to_be_visible()
    expect(page.get_by_role("link", name="Giải ngân 95% vốn đầu tư công")).to_be_visible()
    no_sideways_scroll(page)
    shoot(page, f"decisions-02-decision-{screen}")

    # 2. the annex, in Word and in Excel
    with page.expect_download() as word:
        page.get_by_role("link", name="Tải phụ lục (Word)").click()
    doc = Document(str(word.value.path()))
    left, right = doc.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == ["TỈNH ỦY THỬ NGHIỆM", "*", "Số 125-QĐ/TU"]
    assert right.paragraphs[-1].text == f"Thử Nghiệm, ngày 01 tháng 01 năm {year}"
    assert [c.text for c in doc.tables[1].rows[1].cells][:2] == ["1", "Đặng Thị Hạnh"]
    with page.expect_download() as excel:
        page.get_by_role("link", name="Tải phụ lục (Excel)").click()
    assert excel.value.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(excel.value.path().read_bytes())).active
    values = [v for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert "Giải ngân 95% vốn đầu tư công" in values and "T/M BAN THƯỜNG VỤ" in values

    # 3. the standing committee's approver approves one task on its page under a typed decision number
    page.context.clear_cookies()
    login(page, live_server, "thuongtruc")
    waiting = Task.objects.get(title=WAITING)
    page.goto(f"{live_server.url}/tasks/{waiting.pk}/")
    review = page.locator("#review")
    review.get_by_label("Số quyết định mới").fill("130-QĐ/TU")
    today = timezone.localdate()
    review.get_by_label("Ngày ký quyết định").fill(f"{today:%d/%m/%Y}")
    no_sideways_scroll(page)
    shoot(page, f"decisions-03-approve-on-task-page-{screen}")
    review.get_by_role("button", name="Phê duyệt", exact=True).click()
    expect(page.get_by_text(f"Đã phê duyệt việc “{WAITING}”.")).to_be_visible()
    expect(page.get_by_role("link", name=f"Quyết định 130-QĐ/TU ngày {today:%d/%m/%Y}")).to_be_visible()
    shoot(page, f"decisions-04-task-shows-its-decision-{screen}")
    waiting.refresh_from_db()
    assert waiting.decision is not None
    assert (waiting.status, waiting.decision.number) == (TaskStatus.APPROVED, "130-QĐ/TU")
    assert waiting.approved_on == today

    # 4. the signed scan locks 125-QĐ/TU; a change is a decision amending it
    page.goto(f"{live_server.url}/programmes/decisions/{decision.pk}/")
    scan = {"name": "qd-125-ky.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    page.locator("#scan").get_by_label("Bản ký (PDF)").set_input_files(scan)
    page.get_by_role("button", name="Lưu bản ký và khóa danh sách việc").click()
    expect(page.get_by_text("Danh sách việc đã khóa từ")).to_be_visible()
    amend = page.locator("#amend")
    amend.get_by_label("Số quyết định sửa đổi").fill("140-QĐ/TU")
    amend.get_by_label("Ngày ký", exact=True).fill(f"{today:%d/%m/%Y}")
    no_sideways_scroll(page)
    shoot(page, f"decisions-05-amend-locked-decision-{screen}")
    amend.get_by_role("button", name="Tạo quyết định sửa đổi").click()
    expect(page.get_by_role("heading", name=f"Quyết định số 140-QĐ/TU ngày {today:%d/%m/%Y}")).to_be_visible()
    expect(
        page.get_by_role("link", name=f"Sửa đổi, bổ sung quyết định số 125-QĐ/TU ngày 01/01/{year}")
    ).to_be_visible()
    no_sideways_scroll(page)
    shoot(page, f"decisions-06-amending-decision-{screen}")

    # 5. the late task is approved under the amending decision, chosen among the open ones
    late = Task.objects.get(title=LATE)
    page.goto(f"{live_server.url}/tasks/{late.pk}/")
    review = page.locator("#review")
    amending = decision.amendments.get()
    review.get_by_label("Quyết định đang mở").select_option(str(amending.pk))
    review.get_by_role("button", name="Phê duyệt", exact=True).click()
    expect(page.get_by_role("link", name=f"Quyết định 140-QĐ/TU ngày {today:%d/%m/%Y}")).to_be_visible()
    late.refresh_from_db()
    assert (late.status, late.decision, late.approved_on) == (TaskStatus.APPROVED, amending, today)
    assert decision.tasks.count() == 2
