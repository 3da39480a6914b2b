"""A department runs the practice for its own people, in chromium on the demo province: `giamdoc`, only
the unit manager of Sở Nội vụ, opens a programme for the department, assigns a task to a staff member
(the picker names each person with post and unit) and approves a staff registration waiting under the
department's plan 15/KH-SNV; then, on a phone (390 px), approves another and opens the same forms without
sideways scrolling."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dotpha.accounts.models import User
from dotpha.org.models import Appointment, Cadre
from dotpha.programmes.models import Programme
from dotpha.tasks.models import Task, TaskOrigin, TaskStatus
from dotpha.tasks.selectors import approval_queue
from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Dotpha@2025"
ASSIGNED = "Chuẩn hóa quy trình tiếp nhận hồ sơ thi đua, khen thưởng"


def staff_label() -> tuple[int, str]:
    """A staff member of Sở Nội vụ the department manages, and how the picker names them."""
    post = (
        Appointment.objects.filter(
            unit__name="Sở Nội vụ", cadre__managing_unit__name="Sở Nội vụ", end_date__isnull=True
        )
        .select_related("cadre", "position")
        .order_by("cadre__code")
        .first()
    )
    assert post is not None
    return post.cadre_id, f"{post.cadre.full_name} — {post.position.name}, Sở Nội vụ"


def fits_a_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling on a phone"


def approve_on_its_page(page, live_server, task: Task, number: str) -> None:
    """Approved under a new decision of the department, typed on the task's page."""
    # the search matches whole words: the title's first five
    page.goto(f"{live_server.url}/tasks/?status=submitted&q={' '.join(task.title.split()[:5])}")
    page.locator(f'a[href="/tasks/{task.pk}/"]:visible').first.click()
    expect(page.get_by_role("heading", name=task.title)).to_be_visible()
    review = page.locator("#review")
    review.get_by_label(re.compile("Ý kiến")).fill("Đồng ý, đề nghị bám sát các mốc đã đăng ký.")
    review.get_by_label("Số quyết định mới").fill(number)
    review.get_by_label("Ngày ký quyết định").fill(f"{timezone.localdate():%d/%m/%Y}")
    review.get_by_role("button", name="Phê duyệt", exact=True).click()
    expect(page.get_by_text(f"Đã phê duyệt việc “{task.title}”.")).to_be_visible()


def test_the_director_cascades_to_his_staff(demo, live_server, page, browser, shoot):
    year = timezone.localdate().year
    director = User.objects.get(username="giamdoc")
    waiting = list(approval_queue(director).filter(programme__number="15/KH-SNV").order_by("pk"))
    assert len(waiting) >= 2
    cadre_id, label = staff_label()

    # 1. he opens a programme for his department (the only unit offered)
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "giamdoc", PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    nav = page.locator("#mainnav")
    nav.get_by_role("button", name="Quản lý").click()
    nav.get_by_role("link", name="Chương trình").click()
    page.get_by_role("link", name=re.compile("Tạo chương trình")).click()
    page.get_by_label("Số văn bản").fill("16/KH-SNV")
    page.get_by_label("Loại văn bản").select_option(label="Kế hoạch")
    page.get_by_label("Trích yếu").fill("Kế hoạch giao việc khó cho viên chức các đơn vị trực thuộc Sở")
    page.get_by_label("Ngày ban hành").fill(f"05/01/{year}")
    units = page.get_by_label("Đơn vị ban hành")
    expect(units.locator("option", has_text="Sở")).to_have_count(1)
    units.select_option(label="Sở Nội vụ")
    page.get_by_label("Mở đăng ký từ ngày").fill(f"05/01/{year}")
    page.get_by_label("Hạn đăng ký").fill(f"28/02/{year}")
    shoot(page, "cascade-01-new-programme")
    page.get_by_role("button", name="Tạo chương trình").click()
    expect(page.get_by_text("Đã tạo chương trình Kế hoạch 16/KH-SNV.")).to_be_visible()
    assert Programme.objects.get(number="16/KH-SNV").issuing_unit.name == "Sở Nội vụ"

    # 2. he assigns a task to a staff member, picked by name, post and unit
    nav.get_by_role("link", name="Chờ phê duyệt").click()
    page.get_by_role("link", name="Giao việc trực tiếp").click()
    expect(page.get_by_role("heading", name="Giao việc trực tiếp")).to_be_visible()
    page.get_by_label("Chương trình").select_option(label="Kế hoạch 15/KH-SNV")
    page.get_by_label("Kỳ thực hiện").select_option(label=f"15/KH-SNV — Năm {year}")
    page.get_by_label("Giao cho cán bộ").select_option(label=label)
    page.get_by_label("Tên việc (rõ việc)").fill(ASSIGNED)
    page.get_by_label("Nội dung, giải pháp thực hiện").fill(
        "Rà soát, rút gọn thành phần hồ sơ; công khai quy trình."
    )
    page.get_by_label("Ngày bắt đầu").fill(f"01/01/{year}")
    page.get_by_label("Thời hạn hoàn thành (rõ tiến độ)").fill(f"31/12/{year}")
    page.get_by_label("Sản phẩm (rõ hiệu quả)").fill("Quy trình được ban hành và áp dụng.")
    page.get_by_label("Số quyết định mới").fill("20/QĐ-SNV")
    page.get_by_label("Ngày ký quyết định").fill(f"{timezone.localdate():%d/%m/%Y}")
    shoot(page, "cascade-02-assign")
    page.get_by_role("button", name="Giao việc", exact=True).click()
    expect(page.get_by_text(f"Đã giao việc “{ASSIGNED}”.")).to_be_visible()
    task = Task.objects.get(title=ASSIGNED)
    assert (task.status, task.origin, task.assignee_cadre) == (
        TaskStatus.APPROVED,
        TaskOrigin.ASSIGNED,
        Cadre.objects.get(pk=cadre_id),
    )

    # 3. he approves a staff registration of the department's plan on its page
    approve_on_its_page(page, live_server, waiting[0], "21/QĐ-SNV")
    shoot(page, "cascade-03-approved")
    first = Task.objects.get(pk=waiting[0].pk)
    assert (first.status, first.approved_by) == (TaskStatus.APPROVED, director)
    assert first.decision is not None
    assert (first.decision.number, first.decision.issuing_unit.name) == ("21/QĐ-SNV", "Sở Nội vụ")

    # 4. on a phone: another registration approved, the forms fit the screen
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    mobile = phone.new_page()
    login(mobile, live_server, "giamdoc", PASSWORD)
    expect(mobile.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    approve_on_its_page(mobile, live_server, waiting[1], "22/QĐ-SNV")
    fits_a_phone(mobile)
    shoot(mobile, "cascade-04-phone-approved")
    assert Task.objects.get(pk=waiting[1].pk).status == TaskStatus.APPROVED
    for path in ("/tasks/approvals/assign/", "/programmes/new/", "/programmes/"):
        mobile.goto(f"{live_server.url}{path}")
        expect(mobile.locator("h1")).to_be_visible()
        fits_a_phone(mobile)
    shoot(mobile, "cascade-05-phone-programmes")
    phone.close()
